// GET /agent/v1/me — who an agent API key acts for, and which key it is.
import { withAgentKey } from "@/lib/api/agent-route";
import { keyPrefix } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

export const GET = withAgentKey(async ({ principal }) =>
  Response.json({
    // The internal id, not the Supabase id: that one is what the Claude path takes as
    // x-user-id, and a key (even a read-only one) must not hand it out.
    user_id: principal.user.id,
    key: {
      id: principal.keyId,
      name: principal.appName,
      prefix: await keyPrefix({ userId: principal.user.id, id: principal.keyId }),
      scopes: principal.scopes,
    },
  }),
);

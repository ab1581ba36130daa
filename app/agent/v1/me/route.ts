// GET /agent/v1/me — who an agent API key acts for, and which key it is.
import { withAgentKey } from "@/lib/api/agent-route";
import { keyPrefix } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

export const GET = withAgentKey(async ({ principal }) =>
  Response.json({
    user_id: principal.user.userId,
    key: {
      id: principal.keyId,
      name: principal.appName,
      prefix: await keyPrefix({ userId: principal.user.id, id: principal.keyId }),
      scopes: principal.scopes,
    },
  }),
);

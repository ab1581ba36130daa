// GET /api/v1/keys — the signed-in user's agent API keys (no secrets), newest first.
// POST /api/v1/keys — create one; the response is the only time the key is shown.
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { createKey, createKeyInput, listKeys } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

export const GET = withSupaUser(async ({ principal }) => Response.json({ keys: await listKeys({ userId: principal.user.id }) }));

export const POST = withSupaUser(async ({ request, principal }) => {
  const input = await readJson(request, createKeyInput, 10_000);
  const created = await createKey({ userId: principal.user.id, input });
  return Response.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});

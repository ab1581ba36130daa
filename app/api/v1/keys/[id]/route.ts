// PATCH /api/v1/keys/{id} — rename one of the signed-in user's keys and/or set its trust settings.
// DELETE /api/v1/keys/{id} — revoke it (soft: revoked_at is set; agents are refused at once).
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { renameKey, renameKeyInput, revokeKey } from "@/lib/keys/service";

export const dynamic = "force-dynamic";

const idOf = (params: Record<string, string | string[] | undefined>) => (typeof params.id === "string" ? params.id : "");

export const PATCH = withSupaUser(async ({ request, principal, params }) => {
  const patch = await readJson(request, renameKeyInput, 10_000);
  return Response.json(await renameKey({ userId: principal.user.id, id: idOf(params), patch }));
});

export const DELETE = withSupaUser(async ({ principal, params }) =>
  Response.json(await revokeKey({ userId: principal.user.id, id: idOf(params) })),
);

// DELETE /api/v1/connections/{id} — revoke a connected app: its refresh and access
// tokens stop working at once, on every instance (each /mcp request reads the grant).
import { withSupaUser } from "@/lib/api/session-route";
import { DomainError } from "@/lib/errors";
import { revokeGrant } from "@/lib/oauth/grants";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DELETE = withSupaUser(async ({ principal, params }) => {
  const id = typeof params.id === "string" ? params.id : "";
  if (!UUID.test(id) || !(await revokeGrant(id, "user", principal.user.id))) throw new DomainError("not_found", "No such connected app");
  return Response.json({ id, revoked: true });
});

// PATCH /api/v1/connections/{id} — set a connected app's trust settings.
// DELETE /api/v1/connections/{id} — revoke a connected app: its refresh and access
// tokens stop working at once, on every instance (each /mcp request reads the grant).
import { z } from "zod";
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { DomainError } from "@/lib/errors";
import { listConnections, revokeGrant, setGrantPolicy } from "@/lib/oauth/grants";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const policyPatch = z
  .strictObject({
    hide_sensitive: z.boolean({ message: "expected true or false" }).optional(),
    review_writes: z.boolean({ message: "expected true or false" }).optional(),
  })
  .refine((b) => b.hide_sensitive !== undefined || b.review_writes !== undefined, { message: "expected hide_sensitive or review_writes" });

export const PATCH = withSupaUser(async ({ request, principal, params }) => {
  const id = typeof params.id === "string" ? params.id : "";
  const patch = await readJson(request, policyPatch, 10_000);
  if (!UUID.test(id) || !(await setGrantPolicy(principal.user.id, id, patch))) throw new DomainError("not_found", "No such connected app");
  const view = (await listConnections(principal.user.id)).find((c) => c.id === id);
  if (!view) throw new DomainError("not_found", "No such connected app");
  return Response.json(view);
});

export const DELETE = withSupaUser(async ({ principal, params }) => {
  const id = typeof params.id === "string" ? params.id : "";
  if (!UUID.test(id) || !(await revokeGrant(id, "user", principal.user.id))) throw new DomainError("not_found", "No such connected app");
  return Response.json({ id, revoked: true });
});

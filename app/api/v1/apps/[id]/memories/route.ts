// GET /api/v1/apps/{id}/memories — the user's memories written by one app (same query as /memories).
import { withSupaUser } from "@/lib/api/session-route";
import { idParam, sessionActor, LIST_QUERY_LISTS, listQuery, parseQuery, toListOptions } from "@/lib/api/memory-http";
import { getApp, listMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal, params }) => {
  const actor = sessionActor(principal);
  const app = await getApp(actor, idParam(params));
  const query = parseQuery(request, listQuery, LIST_QUERY_LISTS);
  return Response.json(await listMemories(actor, { ...toListOptions(query), appIds: [app.id] }));
});

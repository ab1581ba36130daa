// GET /api/v1/apps/{id}/memories — the user's memories written by one app (same query as /memories).
import { withSupaUser } from "@/lib/api/handler";
import { dashboardActor, idParam, LIST_QUERY_LISTS, listQuery, parseQuery, toListOptions } from "@/lib/api/memory-http";
import { getApp, listMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal, params }) => {
  const app = await getApp(principal.user.id, idParam(params));
  const query = parseQuery(request, listQuery, LIST_QUERY_LISTS);
  return Response.json(await listMemories(dashboardActor(principal), { ...toListOptions(query), appIds: [app.id] }));
});

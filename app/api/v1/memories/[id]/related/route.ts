// GET /api/v1/memories/{id}/related — the user's active memories nearest to this one.
import { withSupaUser } from "@/lib/api/handler";
import { dashboardActor, idParam, parseQuery, relatedQuery } from "@/lib/api/memory-http";
import { relatedMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal, params }) => {
  const { limit } = parseQuery(request, relatedQuery);
  return Response.json({ items: await relatedMemories(dashboardActor(principal), idParam(params), limit) });
});

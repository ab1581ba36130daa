// GET /api/v1/memories/{id}/related — the user's active memories nearest to this one.
import { withSupaUser } from "@/lib/api/session-route";
import { idParam, parseQuery, relatedQuery, sessionActor } from "@/lib/api/memory-http";
import { relatedMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal, params }) => {
  const { limit } = parseQuery(request, relatedQuery);
  return Response.json({ items: await relatedMemories(sessionActor(principal), idParam(params), limit) });
});

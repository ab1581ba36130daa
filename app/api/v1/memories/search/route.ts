// POST /api/v1/memories/search — hybrid search over the signed-in user's active memories.
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { searchBody, sessionActor } from "@/lib/api/memory-http";
import { searchMemoriesReport } from "@/lib/memory";

export const POST = withSupaUser(async ({ request, principal }) => {
  const body = await readJson(request, searchBody);
  // { results, degraded?: "text_only" }: degraded only when the embedder failed or was too slow.
  const report = await searchMemoriesReport(sessionActor(principal), body.query, {
    limit: body.limit,
    appIds: body.app_ids,
    categoryIds: body.category_ids,
    after: body.after,
    before: body.before,
  });
  return Response.json(report);
});

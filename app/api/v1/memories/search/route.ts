// POST /api/v1/memories/search — hybrid search over the signed-in user's active memories.
import { readJson, withSupaUser } from "@/lib/api/handler";
import { dashboardActor, searchBody } from "@/lib/api/memory-http";
import { searchMemories } from "@/lib/memory";

export const POST = withSupaUser(async ({ request, principal }) => {
  const body = await readJson(request, searchBody);
  const results = await searchMemories(dashboardActor(principal), body.query, { limit: body.limit, appIds: body.app_ids, categoryIds: body.category_ids });
  return Response.json({ results });
});

// GET /api/v1/memories/{id}/access-log — which apps read this memory, newest first (paginated).
import { withSupaUser } from "@/lib/api/session-route";
import { accessLogQuery, sessionActor, idParam, parseQuery } from "@/lib/api/memory-http";
import { memoryAccessLog } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal, params }) => {
  const { page, size } = parseQuery(request, accessLogQuery);
  return Response.json(await memoryAccessLog(sessionActor(principal), idParam(params), page, size));
});

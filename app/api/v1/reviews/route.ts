// GET /api/v1/reviews?status=open|decided — what assistants whose writes are reviewed proposed.
import { parseQuery } from "@/lib/api/memory-http";
import { withSupaUser } from "@/lib/api/session-route";
import { reviewsQuery } from "@/lib/api/trust-http";
import { listReviews } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal }) => {
  const q = parseQuery(request, reviewsQuery);
  return Response.json(await listReviews(principal.user.id, q));
});

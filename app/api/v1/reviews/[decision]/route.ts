// POST /api/v1/reviews/{approve|reject} — decide proposals, one or many, all or
// nothing ({review_ids, text?}; text: edit-then-approve one proposal).
import { ApiError } from "@/lib/api/errors";
import { idParam } from "@/lib/api/memory-http";
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { decisionBody } from "@/lib/api/trust-http";
import { decideReviews, type Decision } from "@/lib/memory";

const DECISIONS: readonly Decision[] = ["approve", "reject"];

export const POST = withSupaUser(async ({ request, principal, params }) => {
  const decision = DECISIONS.find((d) => d === idParam(params, "decision"));
  if (!decision) throw new ApiError("not_found", `Unknown decision; expected one of ${DECISIONS.join(", ")}`);
  const { review_ids, text } = await readJson(request, decisionBody);
  return Response.json({ ok: true, ...(await decideReviews(principal.user.id, review_ids, decision, text)) });
});

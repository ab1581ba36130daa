// POST /api/v1/memories/actions/{archive|pause|restore} — change the state of several memories at once.
import { ApiError } from "@/lib/api/errors";
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { idParam, idsBody, sessionActor } from "@/lib/api/memory-http";
import { changeState } from "@/lib/memory";

const ACTIONS = ["archive", "pause", "restore"] as const;

export const POST = withSupaUser(async ({ request, principal, params }) => {
  const action = ACTIONS.find((a) => a === idParam(params, "action"));
  if (!action) throw new ApiError("not_found", `Unknown action; expected one of ${ACTIONS.join(", ")}`);
  const { memory_ids } = await readJson(request, idsBody);
  const { updated } = await changeState(sessionActor(principal), memory_ids, action);
  return Response.json({ ok: true, updated });
});

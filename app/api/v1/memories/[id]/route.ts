// GET /api/v1/memories/{id} — one of the user's memories; PUT edits its text; DELETE soft-deletes it.
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { idParam, sessionActor, updateBody } from "@/lib/api/memory-http";
import { changeState, getMemory, updateMemoryText } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal, params }) => Response.json(await getMemory(sessionActor(principal), idParam(params))));

export const PUT = withSupaUser(async ({ request, principal, params }) => {
  const id = idParam(params);
  const { text } = await readJson(request, updateBody);
  const actor = sessionActor(principal);
  await updateMemoryText(actor, id, text);
  return Response.json(await getMemory(actor, id));
});

export const DELETE = withSupaUser(async ({ principal, params }) => {
  const { updated } = await changeState(sessionActor(principal), [idParam(params)], "delete");
  return Response.json({ ok: true, updated });
});

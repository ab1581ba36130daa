// GET /api/v1/memories/{id} — one of the user's memories; PUT edits its text; DELETE soft-deletes it.
import { readJson, withSupaUser } from "@/lib/api/handler";
import { dashboardActor, idParam, updateBody } from "@/lib/api/memory-http";
import { changeState, getMemory, updateMemoryText } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal, params }) => Response.json(await getMemory(dashboardActor(principal), idParam(params))));

export const PUT = withSupaUser(async ({ request, principal, params }) => {
  const id = idParam(params);
  const { text } = await readJson(request, updateBody);
  await updateMemoryText(principal.user.id, id, text);
  return Response.json(await getMemory(dashboardActor(principal), id));
});

export const DELETE = withSupaUser(async ({ principal, params }) => {
  const { updated } = await changeState(principal.user.id, [idParam(params)], "delete");
  return Response.json({ ok: true, updated });
});

// GET /api/v1/memories — list the signed-in user's memories; POST adds one; DELETE soft-deletes several.
import { readJson } from "@/lib/api/route";
import { withSupaUser } from "@/lib/api/session-route";
import { addBody, idsBody, LIST_QUERY_LISTS, listQuery, parseQuery, sessionActor, toListOptions } from "@/lib/api/memory-http";
import { addMemory, changeState, listMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal }) => {
  const query = parseQuery(request, listQuery, LIST_QUERY_LISTS);
  return Response.json(await listMemories(sessionActor(principal), toListOptions(query)));
});

export const POST = withSupaUser(async ({ request, principal }) => {
  const body = await readJson(request, addBody);
  const { results } = await addMemory(sessionActor(principal, body.app), body.text, { metadata: body.metadata, infer: body.infer, occurredAt: body.occurred_at });
  return Response.json({ results }, { status: 201 });
});

export const DELETE = withSupaUser(async ({ request, principal }) => {
  const { memory_ids } = await readJson(request, idsBody);
  const { updated } = await changeState(sessionActor(principal), memory_ids, "delete");
  return Response.json({ ok: true, updated });
});

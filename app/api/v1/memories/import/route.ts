// POST /api/v1/memories/import — import an export file (JSON Lines); all or nothing, idempotent by id.
import { withSupaUser } from "@/lib/api/session-route";
import { readImportBody, sessionActor } from "@/lib/api/memory-http";
import { importMemories } from "@/lib/memory";

export const POST = withSupaUser(async ({ request, principal }) => {
  const text = await readImportBody(request);
  return Response.json(await importMemories(sessionActor(principal), text));
});

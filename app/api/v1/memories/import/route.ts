// POST /api/v1/memories/import — import an export file (JSON Lines); all or nothing, idempotent by id.
import { withSupaUser } from "@/lib/api/handler";
import { importErrorToApi, readImportBody } from "@/lib/api/memory-http";
import { importMemories } from "@/lib/memory";

export const POST = withSupaUser(async ({ request, principal }) => {
  const text = await readImportBody(request);
  try {
    return Response.json(await importMemories(principal.user.id, text));
  } catch (e) {
    throw importErrorToApi(e);
  }
});

// GET /api/v1/memories/{id}/history — the memory's state changes and edits, oldest first.
import { withSupaUser } from "@/lib/api/session-route";
import { sessionActor, idParam } from "@/lib/api/memory-http";
import { memoryHistory } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal, params }) =>
  Response.json({ items: await memoryHistory(sessionActor(principal), idParam(params)) }),
);

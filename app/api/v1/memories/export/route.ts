// GET /api/v1/memories/export — download all the user's memories as JSON Lines.
import { withSupaUser } from "@/lib/api/session-route";
import { ndjsonDownload, sessionActor } from "@/lib/api/memory-http";
import { exportMemories } from "@/lib/memory";

export const GET = withSupaUser(async ({ principal }) =>
  ndjsonDownload(exportMemories(sessionActor(principal)), `jean-memory-export-${new Date().toISOString().slice(0, 10)}.jsonl`),
);

// GET /api/v1/trash — deleted memories, newest deletion first, each with the date it
// will be purged. Restore with POST /api/v1/memories/actions/restore.
import { pageQuery, parseQuery, sessionActor } from "@/lib/api/memory-http";
import { withSupaUser } from "@/lib/api/session-route";
import { getConfig } from "@/lib/config";
import { trashPage } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal }) => {
  const { page, size } = parseQuery(request, pageQuery);
  return Response.json({ retention_days: getConfig().trashRetentionDays, ...(await trashPage(sessionActor(principal), { page, size })) });
});

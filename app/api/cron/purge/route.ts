// GET /api/cron/purge — the scheduled purge of the trash (vercel.json runs it daily):
// memories deleted more than TRASH_RETENTION_DAYS ago are removed for good. Only
// with `Authorization: Bearer <CRON_SECRET>` (lib/auth/cron.ts).
import { domainErrorResponse, handleApiError } from "@/lib/api/errors";
import { authenticateCron } from "@/lib/auth/cron";
import { loggedRequest } from "@/lib/http/request-log";
import { log } from "@/lib/log";
import { purgeTrash } from "@/lib/memory";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return loggedRequest("cron", request, async () => {
    try {
      const auth = authenticateCron(request);
      if (!auth.ok) return domainErrorResponse(auth.error, { bearer: true });
      const { purged } = await purgeTrash();
      log.info("trash purged", { purged });
      return Response.json({ ok: true, purged });
    } catch (e) {
      return handleApiError(e);
    }
  });
}

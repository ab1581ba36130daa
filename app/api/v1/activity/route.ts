// GET /api/v1/activity?from&to — per credential (key, connection, app), what it read
// and wrote in the period (default: the last 7 days), by category, with the anomaly flag.
import { parseQuery } from "@/lib/api/memory-http";
import { withSupaUser } from "@/lib/api/session-route";
import { periodQuery } from "@/lib/api/trust-http";
import { activitySummary, ANOMALY_FACTOR, ANOMALY_MIN_READS } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal }) => {
  const period = parseQuery(request, periodQuery);
  return Response.json({
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    anomaly_rule: { factor: ANOMALY_FACTOR, min_reads: ANOMALY_MIN_READS },
    credentials: await activitySummary(principal.user.id, period),
  });
});

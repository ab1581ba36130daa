// GET /api/v1/activity/memories?kind=key|connection|app&id&what=read|written&from&to
// — the memories one credential read (from the read log) or wrote in the period.
import { parseQuery } from "@/lib/api/memory-http";
import { withSupaUser } from "@/lib/api/session-route";
import { activityMemoriesQuery, periodQuery } from "@/lib/api/trust-http";
import { memoriesRead, memoriesWritten } from "@/lib/memory";

export const GET = withSupaUser(async ({ request, principal }) => {
  const q = parseQuery(request, activityMemoriesQuery);
  const period = parseQuery(request, periodQuery);
  const credential = { kind: q.kind, id: q.id };
  if (q.what === "written") return Response.json({ items: (await memoriesWritten(principal.user.id, credential, period)).map((memory) => ({ memory })) });
  return Response.json({ items: await memoriesRead(principal.user.id, credential, period) });
});

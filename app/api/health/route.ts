// GET /api/health — liveness of the app and its database (no auth).
import { pingDb } from "@/lib/db";
import { log } from "@/lib/log";
import { VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

const PING_TIMEOUT_MS = 3_000;

export async function GET() {
  try {
    await Promise.race([
      pingDb(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database ping timed out")), PING_TIMEOUT_MS)),
    ]);
    return Response.json({ status: "ok", db: "ok", version: VERSION });
  } catch (e) {
    log.warn("health check: database unavailable", { error: e });
    // The details (hosts, users, lock holders) go to the log, not to anonymous callers.
    const reason = e instanceof Error && /timed out/.test(e.message) ? "database did not answer in time" : "database unavailable";
    return Response.json({ status: "error", db: "unavailable", version: VERSION, reason }, { status: 503 });
  }
}

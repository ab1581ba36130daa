// Rate limits: fixed one-minute windows. `RateLimiter` counts in this process.
// Every limit goes through `CallLimiter` (per key, per OAuth grant, per address for
// sign-ins, failed key attempts and client registrations): on PostgreSQL one window
// per name in the database, shared by every instance, so three instances allow the
// limit once, not three times; on the embedded database, which is one process, a
// RateLimiter. Another store (Redis, Upstash) would be one more CallLimiter.
import "server-only";
import { getDb } from "../db";
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit: number, private readonly windowMs = 60_000) {}

  /**
   * Counts `cost` calls (a JSON-RPC batch costs one per call); returns the seconds
   * to wait when they would pass the limit — then none of them is counted, so a
   * batch is refused as a whole — else 0.
   */
  hit(key: string, now = Date.now(), cost = 1): number {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    if (w.count + cost <= this.limit) {
      w.count += cost;
      return 0;
    }
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  /** The seconds to wait if `key` has used its window up, else 0; charges nothing. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}

/** Charges calls to a key's window: the seconds to wait when they would pass the limit (nothing charged), else 0. */
export interface CallLimiter {
  charge(key: string, cost: number, limit: number): Promise<number>;
  /** The seconds until one more call of `key` would fit under `limit`, else 0; charges nothing. */
  waitFor(key: string, limit: number): Promise<number>;
}

const WINDOW_SECONDS = 60;

/** In this process's memory (one RateLimiter per limit: keys of different limits never share one). */
export class InProcessCallLimiter implements CallLimiter {
  private limiters = new Map<number, RateLimiter>();
  private limiter(limit: number): RateLimiter {
    let l = this.limiters.get(limit);
    if (!l) this.limiters.set(limit, (l = new RateLimiter(limit, WINDOW_SECONDS * 1000)));
    return l;
  }
  async charge(key: string, cost: number, limit: number): Promise<number> {
    return this.limiter(limit).hit(key, Date.now(), cost);
  }
  async waitFor(key: string, limit: number): Promise<number> {
    return this.limiter(limit).retryAfter(key);
  }
}

/**
 * In PostgreSQL, one round trip: the upsert charges the window only when the calls
 * fit (or opens a new window when the old one is over), atomically under the row
 * lock, so instances racing for the last call cannot both get it. The database's
 * clock decides the window, not each instance's. When nothing was charged, the
 * second SELECT (same snapshot) says how long the window still runs.
 */
export class PostgresCallLimiter implements CallLimiter {
  async charge(key: string, cost: number, limit: number): Promise<number> {
    if (cost > limit) return WINDOW_SECONDS; // can never fit in a window
    const db = await getDb();
    const [row] = await db.sql.query<{ retry_after: number }>(
      `WITH charged AS (
         INSERT INTO "rate_limit_windows" AS w ("key", "window_start", "count") VALUES ($1, now(), $2)
         ON CONFLICT ("key") DO UPDATE SET
           "window_start" = CASE WHEN w."window_start" <= now() - make_interval(secs => $4) THEN now() ELSE w."window_start" END,
           "count" = CASE WHEN w."window_start" <= now() - make_interval(secs => $4) THEN EXCLUDED."count" ELSE w."count" + EXCLUDED."count" END
         WHERE w."window_start" <= now() - make_interval(secs => $4) OR w."count" + EXCLUDED."count" <= $3
         RETURNING 0 AS retry_after
       )
       SELECT retry_after FROM charged
       UNION ALL
       SELECT greatest(1, ceil(extract(epoch FROM w."window_start" + make_interval(secs => $4) - now())))::int
       FROM "rate_limit_windows" w WHERE w."key" = $1 AND NOT EXISTS (SELECT 1 FROM charged)`,
      [key, cost, limit, WINDOW_SECONDS],
    );
    return row?.retry_after ?? 0;
  }

  async waitFor(key: string, limit: number): Promise<number> {
    const db = await getDb();
    const [row] = await db.sql.query<{ retry_after: number }>(
      `SELECT greatest(1, ceil(extract(epoch FROM w."window_start" + make_interval(secs => $3) - now())))::int AS retry_after
       FROM "rate_limit_windows" w
       WHERE w."key" = $1 AND w."window_start" > now() - make_interval(secs => $3) AND w."count" + 1 > $2`,
      [key, limit, WINDOW_SECONDS],
    );
    return row?.retry_after ?? 0;
  }
}

// One per process, on globalThis: Next may load this module once per route bundle.
const holder = globalThis as unknown as { __jeanCallLimiters?: { pglite: CallLimiter; pg: CallLimiter } };

/** The limiter for the database in use: in process on the embedded one, shared by every instance on PostgreSQL. */
export async function callLimiter(): Promise<CallLimiter> {
  holder.__jeanCallLimiters ??= { pglite: new InProcessCallLimiter(), pg: new PostgresCallLimiter() };
  return holder.__jeanCallLimiters[(await getDb()).sql.kind];
}

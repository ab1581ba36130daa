// Per-key rate limit for the agent path: a fixed one-minute window per key, in
// this instance's memory. With many instances each enforces its own window (the
// effective limit is limit × instances); a shared store is the upgrade path.
import "server-only";
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

// One limiter per process (on globalThis: Next may load this module once per route
// bundle), replaced when the configured limit changes.
const holder = globalThis as unknown as { __jeanAgentLimiter?: { limit: number; instance: RateLimiter } };

export function agentRateLimiter(limit: number): RateLimiter {
  if (holder.__jeanAgentLimiter?.limit !== limit) holder.__jeanAgentLimiter = { limit, instance: new RateLimiter(limit) };
  return holder.__jeanAgentLimiter.instance;
}

// Call limits shared through the database (PostgresCallLimiter): two
// limiter objects stand for two instances; they share one window per key. Runs on
// the embedded driver and on the pg driver (vitest projects), and against a real
// PostgreSQL in the PostgreSQL pass, where the concurrent case proves atomicity.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import { useFreshDb } from "../testing/harness";
import { InProcessCallLimiter, PostgresCallLimiter } from "./rate-limit";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});

describe("PostgresCallLimiter", () => {
  it("one window for all instances: the limit holds in total, not per instance", async () => {
    const a = new PostgresCallLimiter();
    const b = new PostgresCallLimiter();
    const granted: number[] = [];
    for (let i = 0; i < 10; i++) granted.push(await (i % 2 ? a : b).charge("shared-key", 1, 5));
    expect(granted.filter((r) => r === 0)).toHaveLength(5);
    const refused = granted.filter((r) => r > 0);
    expect(refused).toHaveLength(5);
    for (const r of refused) {
      expect(r).toBeGreaterThanOrEqual(1);
      expect(r).toBeLessThanOrEqual(60);
    }
    // The in-process limiter, for contrast, would have let each instance have 5.
    const c = new InProcessCallLimiter();
    const d = new InProcessCallLimiter();
    let allowed = 0;
    for (let i = 0; i < 10; i++) if ((await (i % 2 ? c : d).charge("local-key", 1, 5)) === 0) allowed++;
    expect(allowed).toBe(10);
  });

  it("a batch that would pass the limit is refused whole and charges nothing", async () => {
    const limiter = new PostgresCallLimiter();
    expect(await limiter.charge("batch-key", 4, 5)).toBe(0);
    expect(await limiter.charge("batch-key", 2, 5)).toBeGreaterThan(0);
    expect(await limiter.charge("batch-key", 1, 5)).toBe(0);
    expect(await limiter.charge("batch-key", 1, 5)).toBeGreaterThan(0);
    expect(await limiter.charge("too-big", 6, 5)).toBe(60);
    const [row] = await db.sql.query<{ count: number }>(`SELECT "count" FROM "rate_limit_windows" WHERE "key" = 'batch-key'`);
    expect(row!.count).toBe(5);
  });

  it("a new window opens once the old one is a minute old (by the database's clock)", async () => {
    const limiter = new PostgresCallLimiter();
    expect(await limiter.charge("rolling-key", 3, 3)).toBe(0);
    expect(await limiter.charge("rolling-key", 1, 3)).toBeGreaterThan(0);
    await db.sql.query(`UPDATE "rate_limit_windows" SET "window_start" = now() - interval '61 seconds' WHERE "key" = 'rolling-key'`);
    expect(await limiter.charge("rolling-key", 3, 3)).toBe(0);
    expect(await limiter.charge("rolling-key", 1, 3)).toBeGreaterThan(0);
  });

  it("40 concurrent charges against a limit of 10 grant exactly 10", async () => {
    const instances = [new PostgresCallLimiter(), new PostgresCallLimiter(), new PostgresCallLimiter()];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 3]!.charge("race-key", 1, 10)));
    expect(results.filter((r) => r === 0)).toHaveLength(10);
    const [row] = await db.sql.query<{ count: number }>(`SELECT "count" FROM "rate_limit_windows" WHERE "key" = 'race-key'`);
    expect(row!.count).toBe(10);
  });
});

describe("waitFor: is a name's window used up (the per-address checks)", () => {
  it.each([
    ["PostgresCallLimiter (shared)", () => [new PostgresCallLimiter(), new PostgresCallLimiter()]],
    ["InProcessCallLimiter", () => { const one = new InProcessCallLimiter(); return [one, one]; }],
  ] as const)("%s: 0 until the limit is used, then the seconds left; it charges nothing", async (label, make) => {
    const [a, b] = make();
    const key = `address:${label}`;
    expect(await b.waitFor(key, 3)).toBe(0); // no window yet
    expect(await a.charge(key, 2, 3)).toBe(0);
    expect(await b.waitFor(key, 3)).toBe(0); // one call still fits
    expect(await a.charge(key, 1, 3)).toBe(0);
    const wait = await b.waitFor(key, 3);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    for (let i = 0; i < 5; i++) await b.waitFor(key, 3);
    expect(await a.charge(key, 1, 3)).toBeGreaterThan(0); // still full: waitFor charged nothing
    // Different limits never share a window's count.
    expect(await a.charge(`${key}:other`, 1, 10)).toBe(0);
    expect(await b.waitFor(`${key}:other`, 10)).toBe(0);
  });

  it("the shared window ends by the database's clock", async () => {
    const limiter = new PostgresCallLimiter();
    expect(await limiter.charge("address:old", 2, 2)).toBe(0);
    expect(await limiter.waitFor("address:old", 2)).toBeGreaterThan(0);
    await db.sql.query(`UPDATE "rate_limit_windows" SET "window_start" = now() - interval '61 seconds' WHERE "key" = 'address:old'`);
    expect(await limiter.waitFor("address:old", 2)).toBe(0);
  });
});

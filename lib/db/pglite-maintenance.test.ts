// PGlite has no autovacuum; maintainPglite does its job with its thresholds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, type SqlDriver } from "./driver";
import { maintainPglite } from "./pglite-maintenance";

let driver: SqlDriver;

beforeAll(async () => {
  ({ driver } = await openPglite("memory://"));
  await driver.query(`CREATE TABLE notes (id int PRIMARY KEY, owner int, body text)`);
  await driver.query(`CREATE INDEX notes_owner_idx ON notes (owner)`);
});

afterAll(async () => {
  await driver?.close();
});

/** Cumulative statistics reach pg_stat_user_tables shortly after a write: poll until maintenance has work, or give up. */
async function maintainWhenDue(): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const done = await maintainPglite(driver);
    if (done.length) return done;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

const tableStats = async () =>
  (await driver.query<{ analyzed: boolean; n_dead_tup: number }>(`SELECT last_analyze IS NOT NULL AS analyzed, n_dead_tup::int AS n_dead_tup FROM pg_stat_user_tables WHERE relname = 'notes'`))[0]!;

describe("PGlite maintenance (autovacuum's job)", () => {
  it("leaves an empty table alone, analyzes one that was never analyzed, then waits for enough changes", async () => {
    expect(await maintainPglite(driver)).toEqual([]);
    await driver.query(`INSERT INTO notes SELECT g, g % 10, 'note ' || g FROM generate_series(1, 1000) g`);
    expect(await maintainWhenDue()).toEqual(["ANALYZE notes"]);
    expect((await tableStats()).analyzed).toBe(true);
    // The planner now knows owner = 3 is a tenth of the table, not the default guess of 0.5 %.
    const [plan] = await driver.query<{ "QUERY PLAN": { Plan: { "Plan Rows": number } }[] }>(`EXPLAIN (FORMAT JSON) SELECT * FROM notes WHERE owner = 3`);
    expect(plan!["QUERY PLAN"][0]!.Plan["Plan Rows"]).toBeGreaterThan(50);

    // 100 changed rows of 1,000 is under 50 + 10 %: nothing to do.
    await driver.query(`UPDATE notes SET body = body || '!' WHERE id <= 100`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await maintainPglite(driver)).toEqual([]);
  });

  it("vacuums a table whose dead rows pass 50 + 20 % of the live ones, and analyzes it too", async () => {
    await driver.query(`DELETE FROM notes WHERE id > 500`);
    expect(await maintainWhenDue()).toEqual(["VACUUM, ANALYZE notes"]);
    expect((await tableStats()).n_dead_tup).toBe(0);
    expect(await maintainPglite(driver)).toEqual([]);
  });

  it("never vacuums memories (its HNSW index made VACUUM take seconds), only analyzes it", async () => {
    await driver.query(`CREATE TABLE memories (id int PRIMARY KEY, body text)`);
    await driver.query(`INSERT INTO memories SELECT g, 'm ' || g FROM generate_series(1, 1000) g`);
    expect(await maintainWhenDue()).toEqual(["ANALYZE memories"]);
    await driver.query(`DELETE FROM memories WHERE id > 300`);
    expect(await maintainWhenDue()).toEqual(["ANALYZE memories"]);
    const [{ dead }] = await driver.query<{ dead: number }>(`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'memories'`);
    expect(dead).toBeGreaterThan(600);
  });

  it("checkpoints once enough WAL was written since the last checkpoint (PGlite has no checkpointer), then not again", async () => {
    const redo = async () => (await driver.query<{ lsn: string }>(`SELECT redo_lsn::text AS lsn FROM pg_control_checkpoint()`))[0]!.lsn;
    const before = await redo();
    // Below the threshold (64 MB by default): no checkpoint.
    expect(await maintainPglite(driver)).not.toContain("CHECKPOINT");
    await driver.query(`CREATE TABLE wal_filler (id int PRIMARY KEY, body text)`);
    await driver.query(`INSERT INTO wal_filler SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g`);
    expect(await maintainPglite(driver, { checkpointAfterWalBytes: 1 << 20 })).toContain("CHECKPOINT");
    expect(await redo()).not.toBe(before);
    expect(await maintainPglite(driver, { checkpointAfterWalBytes: 1 << 20 })).not.toContain("CHECKPOINT");
  });
});

// PGlite's statements run as named prepared statements (pglite-prepared.ts): the
// same rows as PGlite's own query(), errors that leave the connection usable, the
// transaction lock respected, plans kept across a column change, and a bounded
// number of statements kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PGlite } from "@electric-sql/pglite";
import { openPglite, type SqlDriver } from "./driver";

let driver: SqlDriver;
let pglite: PGlite;

beforeAll(async () => {
  ({ driver, pglite } = await openPglite("memory://"));
  await driver.query(`CREATE EXTENSION IF NOT EXISTS vector`);
  await driver.query(`CREATE TABLE t (id uuid PRIMARY KEY, name text, tags text[], at timestamptz, score float8, ok boolean, meta jsonb, n int, v vector(3))`);
});

afterAll(async () => {
  await driver?.close();
});

const prepared = async () => (await driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements`))[0]!.n;

describe("PGlite statements as prepared statements", () => {
  it("types parameters and rows as PGlite's own query does, every time the statement runs", async () => {
    const insert = `INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9::vector) RETURNING *`;
    const rows = [
      ["5b1e0a52-3c55-4a59-9a63-1f0c9d2a7e01", "Ada's note", ["a", "b,c", 'd"e'], new Date("2024-05-01T10:00:00Z"), 0.25, true, JSON.stringify({ k: [1, { x: "y" }] }), 7, "[1,2,3]"],
      ["5b1e0a52-3c55-4a59-9a63-1f0c9d2a7e02", null, [], new Date("1999-12-31T23:59:59.123Z"), -1e-9, false, "null", null, null],
    ];
    for (const values of rows) {
      const ours = await driver.query(insert, values);
      const theirs = (await pglite.query(`SELECT * FROM t WHERE id = $1`, [values[0]])).rows;
      expect(ours).toEqual(theirs);
    }
    const select = `SELECT id, name, tags, at, score, ok, meta, n, v::text AS v FROM t WHERE id = ANY($1::uuid[]) ORDER BY id`;
    const ids = rows.map((r) => r[0]);
    // Past the fifth run PostgreSQL may switch to a generic plan: the answer must not change.
    for (let i = 0; i < 8; i++) expect(await driver.query(select, [ids])).toEqual((await pglite.query(select, [ids])).rows);
    expect((await driver.query<{ name: string }>(select, [ids]))[0]!.name).toBe("Ada's note");
  });

  it("throws the database's error and leaves the connection ready, outside and inside a transaction", async () => {
    const byId = `SELECT name FROM t WHERE id = $1`;
    await expect(driver.query(byId, ["not-a-uuid"])).rejects.toMatchObject({ code: "22P02" });
    expect(await driver.query(byId, ["5b1e0a52-3c55-4a59-9a63-1f0c9d2a7e01"])).toEqual([{ name: "Ada's note" }]);
    await expect(driver.query(`SELEC nothing`)).rejects.toMatchObject({ code: "42601" });
    await expect(
      driver.withConnection((c) =>
        c.transaction(async (tx) => {
          await tx.query(`UPDATE t SET name = 'changed' WHERE n = $1`, [7]);
          await tx.query(byId, ["still-not-a-uuid"]);
        }),
      ),
    ).rejects.toMatchObject({ code: "22P02" });
    expect(await driver.query(byId, ["5b1e0a52-3c55-4a59-9a63-1f0c9d2a7e01"])).toEqual([{ name: "Ada's note" }]);
  });

  it("waits for a transaction in progress instead of running inside it", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const rolledBack = driver
      .withConnection((c) =>
        c.transaction(async (tx) => {
          await tx.query(`UPDATE t SET score = $1`, [99]);
          entered();
          await held;
          throw new Error("roll back");
        }),
      )
      .catch((e: Error) => e.message);
    await inside;
    // Issued while the transaction holds the connection: it must run after the rollback, not inside it.
    const outside = driver.query(`UPDATE t SET n = $1 WHERE id = $2 RETURNING n`, [42, "5b1e0a52-3c55-4a59-9a63-1f0c9d2a7e02"]);
    release();
    expect(await rolledBack).toBe("roll back");
    expect(await outside).toEqual([{ n: 42 }]);
    const after = await driver.query<{ n: number | null; score: number }>(`SELECT n, score FROM t ORDER BY id`);
    expect(after).toEqual([{ n: 7, score: 0.25 }, { n: 42, score: -1e-9 }]);
  });

  it("answers with the table's new columns after it changes under a kept statement", async () => {
    await driver.query(`CREATE TABLE c (a int)`);
    await driver.query(`INSERT INTO c VALUES ($1)`, [1]);
    const all = `SELECT * FROM c WHERE a = $1`;
    expect(await driver.query(all, [1])).toEqual([{ a: 1 }]);
    await driver.query(`ALTER TABLE c ADD COLUMN b text DEFAULT 'x'`);
    expect(await driver.query(all, [1])).toEqual([{ a: 1, b: "x" }]);
  });

  it("keeps a bounded number of statements, and runs long ones unnamed", async () => {
    for (let i = 0; i < 520; i++) expect(await driver.query<{ i: number }>(`SELECT $1::int + ${i} AS i`, [1])).toEqual([{ i: i + 1 }]);
    expect(await prepared()).toBeLessThanOrEqual(500);
    expect(await prepared()).toBeGreaterThan(400);
    const before = await prepared();
    const long = `SELECT $1::int AS i /* ${"x".repeat(30_000)} */`;
    expect(await driver.query(long, [3])).toEqual([{ i: 3 }]);
    expect(await prepared()).toBe(before);
  });
});

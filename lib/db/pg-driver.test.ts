// The production driver path: node-postgres + @prisma/adapter-pg, against a real
// Postgres wire-protocol server (PGlite served over a loopback socket).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgliteServer, useFreshDb } from "../testing/harness";
import { dashboardActor, importMemories } from "../memory";
import { getOrCreateUser } from "../users";
import type { Db } from ".";
import { openDb } from ".";
import { migrate } from "./migrate";

let server: Awaited<ReturnType<typeof startPgliteServer>>;
let db: Db;

beforeAll(async () => {
  server = await startPgliteServer();
  db = await useFreshDb({ databaseUrl: server.url, poolMax: 1 });
});

afterAll(async () => {
  await db?.close();
  await server?.stop();
});

describe("PostgreSQL driver path (DATABASE_URL set)", () => {
  it("uses the pg driver and applies the migrations", async () => {
    expect(db.sql.kind).toBe("pg");
    const rows = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0].n).toBeGreaterThan(0);
    expect(await migrate(db.sql)).toEqual([]);
  });

  it("reads and writes through Prisma with the pg adapter", async () => {
    const user = await getOrCreateUser("pg-user", "pg@example.com");
    const again = await getOrCreateUser("pg-user", "pg@example.com");
    expect(again.id).toBe(user.id);
    const app = await db.prisma.app.create({ data: { ownerId: user.id, name: "claude" } });
    expect(app.isActive).toBe(true);
    const categories = await db.prisma.category.findMany({ orderBy: { name: "asc" } });
    expect(categories.map((c) => c.name)).toContain("health");
  });

  it("stores and compares pgvector embeddings", async () => {
    const rows = await db.sql.query<{ d: number }>("SELECT ('[1,0,0]'::vector <=> '[0,1,0]'::vector)::float8 AS d");
    expect(rows[0].d).toBeCloseTo(1, 5);
  });

  // Issue 16, finding 2: on PostgreSQL an import above ~4,000 lines always failed (one
  // interactive transaction past its 20 s timeout). Imports are short chunked transactions now.
  it("imports 6,000 lines over the pg driver, all of them, in short transactions", async () => {
    const user = await getOrCreateUser("pg-import", "pg-import@example.com");
    const file = Array.from({ length: 6_000 }, (_, i) => JSON.stringify({ id: crypto.randomUUID(), content: `Imported over pg, line ${i}`, categories: i % 3 ? [] : ["work"] })).join("\n");
    const result = await importMemories(dashboardActor(user.id), file);
    expect(result.imported).toBe(6_000);
    expect(await db.prisma.memory.count({ where: { userId: user.id } })).toBe(6_000);
    expect(await db.prisma.memoryStatusHistory.count({ where: { memory: { userId: user.id } } })).toBe(6_000);
  }, 120_000);

  it("reports a clear error for an unreachable database", async () => {
    await expect(openDb({ databaseUrl: "postgresql://x:y@127.0.0.1:1/none", dataDir: "memory://" })).rejects.toThrow(
      /ECONNREFUSED|connect/,
    );
  });
});

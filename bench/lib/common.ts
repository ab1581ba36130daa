// Shared helpers for the benchmarks: a fresh in-memory database installed as the
// process-wide handle, a deterministic PRNG, percentiles, plain-text tables, and a
// bulk loader that writes memory rows (with local embeddings) far faster than
// addMemory, for building large corpora.
import { resetConfigForTests } from "../../lib/config";
import { openDb, setDbForTests, type Db } from "../../lib/db";
import { getEmbedder, toVectorLiteral } from "../../lib/embeddings";
import { contentHash } from "../../lib/memory/shared";

/** The benchmarks measure the no-LLM path with the local embedder, whatever the shell says. */
export function benchEnvironment(): void {
  for (const k of ["LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY", "EMBEDDER", "DATABASE_URL"]) delete process.env[k];
  process.env.LOG_LEVEL ??= "error";
  resetConfigForTests();
}

export async function freshDb(): Promise<Db> {
  const db = await openDb({ dataDir: "memory://" });
  setDbForTests(db);
  return db;
}

export { prng } from "./seeded";

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

export function shuffle<T>(rand: () => number, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return NaN;
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "| " + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const sep = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join("\n");
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Creates a user and an app directly (bulk path; addMemory creates apps itself). */
export async function bulkUser(db: Db, supabaseId: string, appName = "bench"): Promise<{ userId: string; appId: string }> {
  const [u] = await db.sql.query<{ id: string }>(
    `INSERT INTO "users" ("user_id", "updated_at") VALUES ($1, now())
     ON CONFLICT ("user_id") DO UPDATE SET "user_id" = EXCLUDED."user_id" RETURNING "id"`,
    [supabaseId],
  );
  const [a] = await db.sql.query<{ id: string }>(
    `INSERT INTO "apps" ("owner_id", "name", "updated_at") VALUES ($1::uuid, $2, now())
     ON CONFLICT ("owner_id", "name") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"`,
    [u!.id, appName],
  );
  return { userId: u!.id, appId: a!.id };
}

/**
 * Inserts active memories with their local embeddings in multi-row INSERTs
 * (no categories, no status history, no dedupe: bulk corpus only). Returns ids.
 */
export async function bulkInsertMemories(db: Db, owner: { userId: string; appId: string }, texts: string[], batch = 250): Promise<string[]> {
  const embedder = getEmbedder();
  const ids: string[] = [];
  for (let i = 0; i < texts.length; i += batch) {
    const chunk = texts.slice(i, i + batch);
    const vectors = await embedder.embed(chunk);
    const params: unknown[] = [owner.userId, owner.appId, embedder.id];
    const values = chunk.map((t, j) => {
      params.push(t, contentHash(t), toVectorLiteral(vectors[j]!));
      const p = params.length;
      return `($1::uuid, $2::uuid, $${p - 2}, $${p - 1}, $${p}::vector(${embedder.dim}), $3, 'ready', now())`;
    });
    const rows = await db.sql.query<{ id: string }>(
      `INSERT INTO "memories" ("user_id", "app_id", "content", "content_hash", "embedding", "embedding_model", "embedding_status", "updated_at")
       VALUES ${values.join(", ")} RETURNING "id"`,
      params,
    );
    for (const r of rows) ids.push(r.id);
  }
  return ids;
}

/** A tag for this run's users in a shared database (bench:mcp, bench:import with --database-url). */
export function benchRunId(): string {
  return `${process.pid}-${Date.now()}`;
}

/** Deletes a run's users (their memories, keys and the rest cascade), then closes the handle. */
export async function deleteBenchUsers(db: Db, supabaseIds: string[]): Promise<void> {
  try {
    await db.sql.query(`DELETE FROM "users" WHERE "user_id" = ANY($1::text[])`, [supabaseIds]);
  } finally {
    await db.close();
  }
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

const VECTOR_INDEX = "memories_embedding_local_hnsw_idx";
const VECTOR_INDEX_SQL = `CREATE INDEX "${VECTOR_INDEX}" ON "memories" USING hnsw (("embedding"::vector(100)) vector_cosine_ops) WHERE "embedding_model" LIKE 'local:%'`;

/**
 * Runs a bulk load with the local embedder's HNSW index dropped and rebuilt after
 * (building once is far faster than maintaining it row by row: 100k rows ~26 s
 * load + ~100 s build, against ~2 ms a row maintained), then ANALYZE.
 */
export async function withoutVectorIndex(db: Db, work: () => Promise<void>): Promise<{ loadS: number; indexS: number }> {
  const t0 = performance.now();
  await db.sql.query(`DROP INDEX IF EXISTS "${VECTOR_INDEX}"`);
  await work();
  const t1 = performance.now();
  // The graph is built in memory while it fits (~0.8 kB a row at 100 dimensions),
  // else row by row on disk, many times slower; PGlite's WASM heap stops at 2 GB.
  const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "memories"`);
  // One transaction, so the setting holds for the build on a pooled PostgreSQL too.
  await db.sql.withConnection((c) =>
    c.transaction(async (tx) => {
      await tx.query(`SET LOCAL maintenance_work_mem = '${n > 120_000 ? "1GB" : "128MB"}'`);
      await tx.query(VECTOR_INDEX_SQL);
    }),
  );
  await db.sql.query(`ANALYZE "memories"`);
  return { loadS: (t1 - t0) / 1000, indexS: (performance.now() - t1) / 1000 };
}

/** Milliseconds of each of `n` sequential calls of `fn`. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return ms;
}

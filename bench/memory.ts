/**
 * Latency and throughput of the memory engine on the embedded database (PGlite),
 * for one user holding 1k, 10k and 100k memories while a few other users are present.
 *
 *   npm run bench:memory [-- --sizes 1000,10000 --adds 200 --queries 200 --explain]
 *
 * Bulk rows are synthetic sentences drawn from the local embedder's vocabulary with
 * a deterministic PRNG, embedded by the local embedder and written by multi-row
 * INSERTs with the HNSW index dropped and rebuilt (far faster than maintaining it
 * row by row). At each size it then measures, sequentially:
 *  - add: `addMemory(..., {infer: false})` — the real no-LLM path (exact + near
 *    dedupe lookups, embed, insert, categories, history) — on fresh texts;
 *  - search: `searchMemories` (hybrid, limit 10), and its vector and text legs alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEmbedder, toVectorLiteral } from "../lib/embeddings";
import { dashboardActor } from "../lib/memory/actor";
import { addMemory } from "../lib/memory/add";
import { searchMemories, toOrTsQuery, type SearchOptions } from "../lib/memory/search";
import { arg, benchEnvironment, bulkInsertMemories, bulkUser, freshDb, peakRssMb, percentile, pick, prng, table, withoutVectorIndex } from "./lib/common";

const SIZES = (arg("--sizes") ?? "1000,10000,100000").split(",").map(Number).filter((n) => n > 0);
const ADDS = Number(arg("--adds") ?? 200);
const QUERIES = Number(arg("--queries") ?? 200);
const OTHER_USERS = Number(arg("--other-users") ?? 5);
const OTHER_PER_USER = Number(arg("--other-per-user") ?? 2000);

/** Synthetic personal-memory-like sentences: frames + content words from the embedder's vocabulary. */
function generator(seed: number) {
  const rand = prng(seed);
  const vocab = readFileSync(path.join(process.cwd(), "generated/embeddings/vocab.txt"), "utf8").split("\n");
  // Ranks 300..30000: everyday words, past the stop words, before the very rare ones.
  const words = vocab.slice(300, 30000).filter((w) => /^[a-z]{3,}$/.test(w));
  const frames = ["I", "My", "We", "Last week I", "Every morning I", "My sister", "At work we", "On weekends I", "I usually", "I never"];
  const glue = ["the", "a", "my", "with", "and", "at", "in", "for", "to", "of", "about", "because"];
  const memory = (): string => {
    const n = 6 + Math.floor(rand() * 10);
    const out = [pick(rand, frames)];
    for (let i = 0; i < n; i++) out.push(rand() < 0.35 ? pick(rand, glue) : pick(rand, words));
    return out.join(" ") + ".";
  };
  const query = (): string => Array.from({ length: 2 + Math.floor(rand() * 4) }, () => pick(rand, words)).join(" ");
  return { memory, query, rand };
}

interface Sample { p50: number; p95: number; p99: number; opsPerSec: number }
function stats(ms: number[]): Sample {
  const total = ms.reduce((a, b) => a + b, 0);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), opsPerSec: (ms.length / total) * 1000 };
}

async function timeEach<T>(items: T[], fn: (x: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const x of items) {
    const t = performance.now();
    await fn(x);
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  benchEnvironment();
  const started = performance.now();
  const db = await freshDb();
  const embedder = getEmbedder();
  const gen = generator(42);
  const count = async (userId?: string) =>
    (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "memories"${userId ? ` WHERE "user_id" = $1::uuid` : ""}`, userId ? [userId] : []))[0]!.n;

  async function bulk(owner: { userId: string; appId: string }, n: number): Promise<void> {
    for (let done = 0; done < n; ) {
      const chunk = Math.min(5000, n - done);
      await bulkInsertMemories(db, owner, Array.from({ length: chunk }, gen.memory), 250);
      done += chunk;
    }
  }
  const bulkLoad = (work: () => Promise<void>) => withoutVectorIndex(db, work);

  const others = await bulkLoad(async () => {
    for (let u = 0; u < OTHER_USERS; u++) await bulk(await bulkUser(db, `bench-other-${u}`), OTHER_PER_USER);
  });
  const main = await bulkUser(db, "bench-main");
  console.log(`embedder ${embedder.id}; ${OTHER_USERS} other users x ${OTHER_PER_USER} memories loaded in ${others.loadS.toFixed(1)} s (+ index ${others.indexS.toFixed(1)} s)`);

  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const measured: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const have = await count(main.userId);
    const need = size - ADDS - have;
    if (need < 0) {
      console.log(`skipping size ${size}: the user already has ${have} memories`);
      continue;
    }
    const load = await bulkLoad(() => bulk(main, need));

    // add: the real no-LLM path, on fresh texts (50 unmeasured warm-ups first, deleted after)
    const addTexts = Array.from({ length: ADDS }, gen.memory);
    const warm = Array.from({ length: 50 }, gen.memory);
    await timeEach(warm, (t) => addMemory(dashboardActor(main.userId, "bench"), t, { infer: false }));
    const addMs = await timeEach(addTexts, (t) => addMemory(dashboardActor(main.userId, "bench"), t, { infer: false }));
    await db.sql.query(`DELETE FROM "memories" WHERE "user_id" = $1::uuid AND "content" = ANY($2::text[])`, [main.userId, warm]);
    const total = await count(main.userId);

    // search: half word-bag queries, half taken from existing memories' words
    const sampleRows = await db.sql.query<{ content: string }>(`SELECT "content" FROM "memories" WHERE "user_id" = $1::uuid ORDER BY random() LIMIT $2`, [main.userId, QUERIES]);
    const queries = Array.from({ length: QUERIES }, (_, i) => {
      if (i % 2 === 0 || !sampleRows[i]) return gen.query();
      const ws = sampleRows[i]!.content.replace(/\.$/, "").split(" ").filter((w) => w.length > 3);
      return ws.slice(0, 3 + (i % 3)).join(" ");
    });
    const run = (mode: SearchOptions["mode"]) => (q: string) => searchMemories(dashboardActor(main.userId), q, { limit: 10, mode });
    await timeEach(queries.slice(0, 20), run("hybrid"));
    const hybridMs = await timeEach(queries, run("hybrid"));
    const vectorMs = await timeEach(queries, run("vector"));
    const textMs = await timeEach(queries, run("text"));

    const a = stats(addMs);
    const h = stats(hybridMs);
    const v = stats(vectorMs);
    const t = stats(textMs);
    const all = await count();
    const fmt = (x: number) => x.toFixed(1);
    measured.push({ memories: total, tableRows: all, add: a, search: h, vectorP95: v.p95, textP95: t.p95, peakRssMb: peakRssMb() });
    rows.push([total.toLocaleString("en"), all.toLocaleString("en"), `${load.loadS.toFixed(0)} + ${load.indexS.toFixed(0)}`, fmt(a.p50), fmt(a.p95), fmt(a.p99), a.opsPerSec.toFixed(0), fmt(h.p50), fmt(h.p95), fmt(h.p99), h.opsPerSec.toFixed(0), fmt(v.p95), fmt(t.p95), peakRssMb().toFixed(0)]);
    console.log(`size ${total}: add p95 ${fmt(a.p95)} ms, search p95 ${fmt(h.p95)} ms (vector ${fmt(v.p95)}, text ${fmt(t.p95)})`);
    if (size === 10_000) {
      notes.push(`search p95 at 10k: ${fmt(h.p95)} ms (target <= 5): ${h.p95 <= 5 ? "OK" : "MISSED"}`);
    }
    if (size === 100_000) notes.push(`search p95 at 100k: ${fmt(h.p95)} ms (target <= 15): ${h.p95 <= 15 ? "OK" : "MISSED"}`);
    notes.push(`add p95 at ${total}: ${fmt(a.p95)} ms (target <= 15): ${a.p95 <= 15 ? "OK" : "MISSED"}`);

    if (process.argv.includes("--explain")) {
      // The same statements as lib/memory/search.ts (vector leg both ways; the hybrid FTS leg's AND query).
      const q = queries[1]!;
      const [vec] = await embedder.embed([q]);
      const where = `m."user_id" = $1::uuid AND m."state"::text = ANY($2::text[]) AND m."embedding_model" LIKE 'local:%' AND m."embedding_model" = '${embedder.id}'`;
      const params = [main.userId, ["active"], toVectorLiteral(vec!)];
      const plans = await db.sql.withConnection((c) =>
        c.transaction(async (tx) => {
          const explain = async (sql: string, p: unknown[]) => (await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, p)).map((r) => r["QUERY PLAN"].replace(/'\[[^\]]+\]'/g, "'[…]'")).join("\n");
          const exactPlan = await explain(`SELECT m."id" FROM "memories" m WHERE ${where} ORDER BY ((m."embedding"::vector(100)) <=> $3::vector(100)) + 0 LIMIT 40`, params);
          await tx.query(`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true), set_config('enable_sort', 'off', true)`);
          const hnswPlan = await explain(`SELECT m."id" FROM "memories" m WHERE ${where} ORDER BY (m."embedding"::vector(100)) <=> $3::vector(100) LIMIT 40`, params);
          await tx.query(`SELECT set_config('enable_sort', 'on', true)`);
          const textPlan = await explain(
            `SELECT m."id", ts_rank_cd(m."content_tsv", q)::float8 AS "score" FROM "memories" m, to_tsquery('english', $2) q
             WHERE m."user_id" = $1::uuid AND m."state"::text = ANY($3::text[]) AND m."content_tsv" @@ q ORDER BY 2 DESC, m."created_at" DESC LIMIT 40`,
            [main.userId, toOrTsQuery(q), ["active"]],
          );
          return { exactPlan, hnswPlan, textPlan };
        }),
      );
      console.log(`\nEXPLAIN ANALYZE at ${total} (query "${q}")\n-- vector leg, exact scan\n${plans.exactPlan}\n-- vector leg, HNSW\n${plans.hnswPlan}\n-- text leg: the OR candidates (BM25 scores them)\n${plans.textPlan}\n`);
    }
  }

  console.log(`\nSequential, one process, ${ADDS} adds and ${QUERIES} searches per size (hybrid unless noted; ms):`);
  console.log(table(["user's memories", "table rows", "bulk load + index s", "add p50", "add p95", "add p99", "adds/s", "search p50", "search p95", "search p99", "searches/s", "vector p95", "text p95", "peak RSS MB"], rows));
  console.log(notes.join("\n"));
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const out = path.join(import.meta.dirname, "results", "memory.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), results: measured, targets: notes }, null, 1));
  await db.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

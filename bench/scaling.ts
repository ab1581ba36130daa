/**
 * npm run bench:scaling — search and add latency as the table grows, with 1,000
 * users sharing it, on the embedded driver and through the `pg` driver; then
 * searches per second with 1, 8 and 32 concurrent callers. In process (the engine,
 * as a route handler calls it), so it measures the database path, not HTTP.
 *
 *   npm run bench:scaling [-- --sizes 10000,100000 --users 1000]
 *   npm run bench:scaling -- --socket                # PGlite over the wire protocol (node-postgres, one connection)
 *   npm run bench:scaling -- --database-url postgres://…/throwaway   # a real PostgreSQL with pgvector (pool of 10)
 *   npm run bench:scaling -- --sizes 1000000 --data-dir /tmp/scaling-1m   # embedded, data on disk (1M rows do not fit in memory)
 *   npm run bench:scaling -- --sizes 1000000 --data-dir /tmp/scaling-1m --keep-data --socket   # the same database, over the socket
 *
 * Each size loads a fresh corpus (a throwaway database: with --database-url the
 * tables are emptied first). The measured user is a typical one (size / users
 * memories) plus a heavy one (10k memories at most, its share of the table).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resetConfigForTests } from "../lib/config";
import { openDb, setDbForTests, type Db } from "../lib/db";
import { pgliteDirectory } from "../lib/db/driver";
import { dashboardActor } from "../lib/memory/actor";
import { addMemory } from "../lib/memory/add";
import { searchMemories } from "../lib/memory/search";
import { startPgliteServer } from "../lib/testing/pglite-server";
import { clearUserCache } from "../lib/users";
import { arg, benchEnvironment, timeEach, bulkInsertMemories, bulkUser, peakRssMb, percentile, pick, prng, table, withoutVectorIndex } from "./lib/common";

const SIZES = (arg("--sizes") ?? "10000,100000").split(",").map(Number);
const USERS = Number(arg("--users") ?? 1000);
const DATABASE_URL = arg("--database-url");
const SOCKET = process.argv.includes("--socket");
/**
 * PGlite on a directory (emptied first) instead of in memory. With --keep-data, a
 * directory an earlier run loaded (one size) is measured as it is: the 1M load takes
 * ~25 min, so the socket measures the database the embedded run built.
 */
const DATA_DIR = arg("--data-dir");
const KEEP_DATA = process.argv.includes("--keep-data");
const mode = DATABASE_URL ? "postgresql" : SOCKET ? "pglite-socket" : "embedded";

const WORDS = ["garden", "invoice", "Lisbon", "dentist", "guitar", "sister", "project", "recipe", "marathon", "flight", "budget", "novel", "meeting", "birthday", "tomato", "kayak", "violin", "mortgage", "allergy", "Kyoto"];

async function open(): Promise<{ db: Db; close: () => Promise<void> }> {
  resetConfigForTests();
  clearUserCache();
  if (DATABASE_URL) {
    const db = await openDb({ databaseUrl: DATABASE_URL, dataDir: "memory://", poolMax: 10 });
    await db.sql.query(`TRUNCATE "users" CASCADE`);
    setDbForTests(db);
    return { db, close: () => db.close() };
  }
  if (DATA_DIR && !KEEP_DATA) rmSync(DATA_DIR, { recursive: true, force: true });
  if (SOCKET) {
    const server = await startPgliteServer(DATA_DIR && pgliteDirectory(DATA_DIR));
    const db = await openDb({ databaseUrl: server.url, dataDir: "memory://", poolMax: 1 });
    setDbForTests(db);
    return { db, close: async () => (await db.close(), await server.stop()) };
  }
  const db = await openDb({ dataDir: DATA_DIR ?? "memory://" });
  setDbForTests(db);
  return { db, close: () => db.close() };
}

async function throughput(clients: number, seconds: number, fn: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until) {
      await fn();
      done++;
    }
  }));
  return done / seconds;
}

async function main() {
  benchEnvironment();
  const rows: (string | number)[][] = [];
  const results: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const rand = prng(size);
    const sentence = (u: number, i: number) => `User ${u} note ${i}: ${Array.from({ length: 8 + Math.floor(rand() * 12) }, () => pick(rand, WORDS)).join(" ")} this week.`;
    const { db, close } = await open();
    const heavyCount = Math.min(10_000, Math.floor(size / 10));
    const perUser = Math.max(1, Math.floor((size - heavyCount) / (USERS - 1)));
    const t0 = performance.now();
    const typical = await bulkUser(db, "scaling-typical");
    const heavy = await bulkUser(db, "scaling-heavy");
    const countOf = async (userId?: string) =>
      (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "memories"${userId ? ` WHERE "user_id" = $1::uuid` : ""}`, userId ? [userId] : []))[0]!.n;
    const kept = KEEP_DATA && (await countOf()) > 0;
    const { indexS } = kept ? { indexS: 0 } : await withoutVectorIndex(db, async () => {
      await bulkInsertMemories(db, typical, Array.from({ length: perUser }, (_, i) => sentence(0, i)));
      await bulkInsertMemories(db, heavy, Array.from({ length: heavyCount }, (_, i) => sentence(1, i)));
      for (let u = 2; u < USERS; u++) {
        await bulkInsertMemories(db, await bulkUser(db, `scaling-${u}`), Array.from({ length: perUser }, (_, i) => sentence(u, i)));
        if (u % 100 === 0) console.log(`  ${u} of ${USERS} users loaded, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
    });
    const loadS = (performance.now() - t0) / 1000;
    const total = await countOf();
    for (const [who, owner] of [["typical", typical], ["heavy", heavy]] as const) {
      const count = await countOf(owner.userId);
      const actor = dashboardActor(owner.userId, "bench");
      await timeEach(20, () => searchMemories(actor, `${pick(rand, WORDS)} ${pick(rand, WORDS)}`, { limit: 10 })); // warm
      const search = await timeEach(200, () => searchMemories(actor, `${pick(rand, WORDS)} ${pick(rand, WORDS)}`, { limit: 10 }));
      const add = await timeEach(100, (i) => addMemory(actor, `Scaling add ${size} ${who} ${i}: ${pick(rand, WORDS)} ${pick(rand, WORDS)} ${i * 7919}`, { infer: false }));
      const line = { mode, tableMemories: total, users: USERS, who, userMemories: count, searchP50: percentile(search, 50), searchP95: percentile(search, 95), addP50: percentile(add, 50), addP95: percentile(add, 95) };
      results.push(line);
      rows.push([mode, total, who, count, line.searchP50.toFixed(1), line.searchP95.toFixed(1), line.addP50.toFixed(1), line.addP95.toFixed(1)]);
    }
    const actor = dashboardActor(heavy.userId, "bench");
    const perSecond: Record<number, number> = {};
    for (const clients of [1, 8, 32]) perSecond[clients] = await throughput(clients, 5, () => searchMemories(actor, `${pick(rand, WORDS)} ${pick(rand, WORDS)}`, { limit: 10 }));
    results.push({ mode, tableMemories: total, who: "heavy", searchPerSecond: perSecond, loadS, indexS, peakRssMb: peakRssMb() });
    console.log(`${mode}, ${total} memories (${USERS} users; ${kept ? "loaded by an earlier run" : `load ${loadS.toFixed(0)} s of which HNSW build ${indexS.toFixed(0)} s`}): searches/s for the heavy user with 1/8/32 callers: ${[1, 8, 32].map((c) => perSecond[c]!.toFixed(0)).join(" / ")}`);
    await close();
  }
  console.log("\n" + table(["driver", "table", "user", "user's memories", "search p50 ms", "search p95 ms", "add p50 ms", "add p95 ms"], rows));
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  // Sizes other than the default's get a file of their own (the 1M row is measured apart).
  writeFileSync(path.join(dir, `scaling-${mode}${arg("--sizes") ? "-" + SIZES.join("-") : ""}.json`), JSON.stringify(results, null, 1));
  console.log(`peak RSS ${peakRssMb().toFixed(0)} MB`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

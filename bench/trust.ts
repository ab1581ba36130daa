/**
 * npm run bench:trust — what trust controls cost on the hot paths, in process on the
 * embedded database: search latency for one user with `--size` memories (default
 * 10,000; a fifth of them in the sensitive category health) as the dashboard, as an
 * assistant that sees sensitive categories and as one that does not (the extra
 * NOT EXISTS clause of lib/memory/scope.ts in both legs); then add latency, direct
 * and under review (the proposal row).
 *
 *   npm run bench:trust [-- --size 10000]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { resetConfigForTests } from "../lib/config";
import { openDb, setDbForTests } from "../lib/db";
import { agentActor, dashboardActor, type MemoryActor } from "../lib/memory/actor";
import { addMemory } from "../lib/memory/add";
import { searchMemories } from "../lib/memory/search";
import { clearUserCache } from "../lib/users";
import { arg, benchEnvironment, timeEach, bulkInsertMemories, bulkUser, percentile, pick, prng, table, withoutVectorIndex } from "./lib/common";

const SIZE = Number(arg("--size") ?? 10_000);
const WORDS = ["garden", "invoice", "Lisbon", "dentist", "guitar", "sister", "project", "recipe", "marathon", "flight", "budget", "novel", "meeting", "birthday", "tomato", "kayak", "violin", "mortgage", "allergy", "Kyoto"];

async function main() {
  benchEnvironment();
  resetConfigForTests();
  clearUserCache();
  const db = await openDb({ dataDir: "memory://" });
  setDbForTests(db);
  const rand = prng(SIZE);
  const owner = await bulkUser(db, "trust-bench");
  const texts = Array.from({ length: SIZE }, (_, i) => `Note ${i}: ${Array.from({ length: 8 + Math.floor(rand() * 12) }, () => pick(rand, WORDS)).join(" ")} this week.`);
  let ids: string[] = [];
  await withoutVectorIndex(db, async () => {
    ids = await bulkInsertMemories(db, owner, texts);
  });
  // A fifth in health (sensitive by default), the rest in personal.
  await db.sql.query(
    `INSERT INTO "memory_categories" ("memory_id", "category_id")
     SELECT m.id, c.id FROM unnest($1::uuid[]) WITH ORDINALITY AS m(id, n) JOIN "categories" c ON c."name" = CASE WHEN m.n % 5 = 0 THEN 'health' ELSE 'personal' END`,
    [ids],
  );
  const [{ key_id: keyId }] = await db.sql.query<{ key_id: string }>(
    `INSERT INTO "api_keys" ("user_id", "name", "key_hash", "prefix", "last_four", "scopes") VALUES ($1::uuid, 'bench key', 'bench-hash', 'jean_sk_bench', 'xxxx', '{memories:read,memories:write}') RETURNING "id" AS key_id`,
    [owner.userId],
  );
  const assistant = (hideSensitive: boolean, reviewWrites = false): MemoryActor =>
    agentActor(owner.userId, { keyId, appName: "bench key", scopes: ["memories:read", "memories:write"], policy: { hideSensitive, reviewWrites } });

  const rows: (string | number)[][] = [];
  const results: Record<string, unknown>[] = [];
  const query = () => `${pick(rand, WORDS)} ${pick(rand, WORDS)}`;
  for (const [label, actor] of [
    ["dashboard", dashboardActor(owner.userId, "bench")],
    ["assistant, sees sensitive", assistant(false)],
    ["assistant, sensitive hidden", assistant(true)],
  ] as const) {
    await timeEach(20, () => searchMemories(actor, query(), { limit: 10 }));
    const ms = await timeEach(200, () => searchMemories(actor, query(), { limit: 10 }));
    results.push({ what: `search as ${label}`, userMemories: SIZE, p50: percentile(ms, 50), p95: percentile(ms, 95) });
    rows.push([`search as ${label}`, SIZE, percentile(ms, 50).toFixed(1), percentile(ms, 95).toFixed(1)]);
  }
  for (const [label, actor] of [
    ["add, direct", assistant(false, false)],
    ["add, under review", assistant(false, true)],
  ] as const) {
    const ms = await timeEach(100, (i) => addMemory(actor, `Trust bench ${label} ${i}: ${query()} ${i * 7919}`, { infer: false }));
    results.push({ what: label, userMemories: SIZE, p50: percentile(ms, 50), p95: percentile(ms, 95) });
    rows.push([label, SIZE, percentile(ms, 50).toFixed(1), percentile(ms, 95).toFixed(1)]);
  }
  console.log("\n" + table(["what", "user's memories", "p50 ms", "p95 ms"], rows));
  const dir = path.join(import.meta.dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "trust-embedded.json"), JSON.stringify(results, null, 1));
  await db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

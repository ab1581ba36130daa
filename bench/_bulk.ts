import { benchEnvironment, freshDb, bulkUser, bulkInsertMemories, prng, pick } from "./lib/common";
async function main() {
  benchEnvironment();
  const db = await freshDb();
  const o = await bulkUser(db, "u1");
  const r = prng(1);
  const words = "coffee morning run park dog work meeting project sister dinner pasta movie guitar budget savings flight tokyo laptop python garden book class doctor sleep yoga rent apartment friend party concert".split(" ");
  const mk = () => Array.from({ length: 12 }, () => pick(r, words)).join(" ");
  for (let round = 0; round < 4; round++) {
    const t = performance.now();
    await bulkInsertMemories(db, o, Array.from({ length: 2500 }, mk));
    console.log("2500 rows with index", ((performance.now() - t) / 1000).toFixed(1), "s");
  }
  await db.sql.query(`DROP INDEX "memories_embedding_local_hnsw_idx"`);
  let t = performance.now();
  await bulkInsertMemories(db, o, Array.from({ length: 10000 }, mk));
  console.log("10000 rows without index", ((performance.now() - t) / 1000).toFixed(1), "s");
  t = performance.now();
  await db.sql.query(`SET maintenance_work_mem = '256MB'`);
  await db.sql.query(`CREATE INDEX "memories_embedding_local_hnsw_idx" ON "memories" USING hnsw (("embedding"::vector(100)) vector_cosine_ops) WHERE "embedding_model" LIKE 'local:%'`);
  console.log("index build 20000", ((performance.now() - t) / 1000).toFixed(1), "s", process.resourceUsage().maxRSS / 1024);
}
main();

// npm run reindex — re-embeds every memory that has no vector from the current
// embedder (pending after an embedder outage, or made by another embedder before
// a switch), creating that embedder's HNSW index first. Shows a progress bar.
import { getConfig } from "../lib/config";
import { getPrisma, openDb, setDbForTests } from "../lib/db";
import { getEmbedder } from "../lib/embeddings";
import { retryPendingEmbeddings } from "../lib/memory";
import { ensureVectorIndex } from "../lib/memory/vector";

const config = getConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
setDbForTests(db);
try {
  const embedder = getEmbedder();
  await ensureVectorIndex(embedder);
  const prisma = await getPrisma();
  const total = await prisma.memory.count({
    where: { OR: [{ embeddingStatus: { in: ["pending", "failed"] } }, { embeddingModel: { not: embedder.id } }, { embeddingModel: null }] },
  });
  console.log(`Embedder ${embedder.id} (${embedder.dim} dims): ${total} memories to embed.`);
  let done = 0;
  const started = Date.now();
  while (done < total) {
    const n = await retryPendingEmbeddings({ limit: 200, includeOtherModels: true });
    if (n === 0) {
      console.error("\nThe embedder failed; the remaining memories stay pending. Check EMBEDDINGS_* and run again.");
      process.exitCode = 1;
      break;
    }
    done += n;
    const width = 30;
    const filled = Math.round((Math.min(done, total) / total) * width);
    process.stdout.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.min(done, total)}/${total}  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (total > 0) process.stdout.write("\n");
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}

// Filling in embeddings that are pending (the embedder failed at write time) or
// made by another embedder (after a switch): on the next write, and `npm run reindex`.
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { log } from "../log";
import { queryVector } from "./vector";

/** Re-embeds up to `limit` memories that lack a vector from the current embedder. Returns how many it did. */
export async function retryPendingEmbeddings(opts: { userId?: string; limit?: number; includeOtherModels?: boolean } = {}): Promise<number> {
  // The embedder is chosen before any await, so a config change mid-run cannot mix models.
  const embedder = getEmbedder();
  const prisma = await getPrisma();
  const rows = await prisma.memory.findMany({
    where: {
      ...(opts.userId ? { userId: opts.userId } : {}),
      OR: [
        { embeddingStatus: { in: ["pending", "failed"] } },
        ...(opts.includeOtherModels ? [{ embeddingModel: { not: embedder.id } }, { embeddingModel: null }] : []),
      ],
    },
    select: { id: true, content: true, contentHash: true },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 100,
  });
  if (rows.length === 0) return 0;
  let vectors: number[][];
  try {
    vectors = await embedder.embed(rows.map((r) => r.content));
  } catch (e) {
    log.warn("embedder still failing; memories stay pending", { error: e, count: rows.length });
    return 0;
  }
  for (let i = 0; i < rows.length; i++) {
    await prisma.$executeRaw`
      UPDATE "memories" SET "embedding" = ${queryVector(embedder, vectors[i])}, "embedding_model" = ${embedder.id},
        "embedding_status" = 'ready' WHERE "id" = ${rows[i].id}::uuid AND "content_hash" = ${rows[i].contentHash}`;
  }
  return rows.length;
}

// Filling in embeddings that are pending (the embedder failed at write time) or
// made by another embedder (after a switch): on the next write, and `npm run reindex`.
import "server-only";
import { getPrisma, sqlRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getEmbedder } from "../embeddings";
import { log } from "../log";
import { setEmbedding } from "./write";

/** Re-embeds up to `limit` memories that lack a vector from the current embedder. Returns how many it did. */
export async function retryPendingEmbeddings(opts: { userId?: string; limit?: number; includeOtherModels?: boolean } = {}): Promise<number> {
  // The embedder is chosen before any await, so a config change mid-run cannot mix models.
  const embedder = getEmbedder();
  // On the driver (sqlRows): this runs after every add, and on PGlite it holds the one
  // connection the next request needs. With nothing pending at 10k memories: Prisma's
  // findMany 0.90 ms p50, this 0.78 ms (0.10 once the table has statistics).
  const rows = await sqlRows<{ id: string; content: string; contentHash: string }>(Prisma.sql`
    SELECT m."id", m."content", m."content_hash" AS "contentHash" FROM "memories" m
    WHERE ${opts.userId ? Prisma.sql`m."user_id" = ${opts.userId}::uuid AND ` : Prisma.empty}(m."embedding_status" IN ('pending', 'failed')${
      opts.includeOtherModels ? Prisma.sql` OR m."embedding_model" IS DISTINCT FROM ${embedder.id}` : Prisma.empty
    })
    ORDER BY m."created_at" LIMIT ${opts.limit ?? 100}`);
  if (rows.length === 0) return 0;
  let vectors: number[][];
  try {
    vectors = await embedder.embed(rows.map((r) => r.content));
  } catch (e) {
    log.warn("embedder still failing; memories stay pending", { error: e, count: rows.length });
    return 0;
  }
  // Only where the text is still the one embedded: an edit since then re-embeds itself.
  const prisma = await getPrisma();
  for (let i = 0; i < rows.length; i++) await setEmbedding(prisma, rows[i].id, vectors[i], { embedder, ifContentHash: rows[i].contentHash });
  return rows.length;
}

/**
 * Fills in a user's pending embeddings in small batches, yielding between them, so
 * a large backlog (an import) never holds the database for long: each batch is a
 * few short statements (~60 ms for 20 rows on PGlite, where maintaining the HNSW
 * index costs ~2.6 ms a row). Stops when none are left, the embedder fails, or
 * `budgetMs` has passed. Returns how many it filled.
 */
export async function fillPendingEmbeddings(userId: string, opts: { budgetMs?: number; batch?: number } = {}): Promise<number> {
  const until = performance.now() + (opts.budgetMs ?? Infinity);
  let filled = 0;
  while (performance.now() < until) {
    const n = await retryPendingEmbeddings({ userId, limit: opts.batch ?? 20 });
    filled += n;
    if (n === 0) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return filled;
}

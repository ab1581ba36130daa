// The rules every write keeps, each written once:
//   - a memory's embedding status, model and vector agree (setEmbedding);
//   - rewriting a memory's text re-embeds it, re-categorises it (a note edited into
//     a health matter must become hidden where health is) and records the old text (rewriteText);
//   - memories record who created them, history rows who changed them (attribution).
import "server-only";
import { getEmbedder, type Embedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import type { MemoryActor } from "./actor";
import type { CategoryName } from "./categories";
import { contentHash, linkCategories, type Tx } from "./shared";
import { queryVector } from "./vector";
import type { MemoryState } from "./types";

type Db = Tx | Pick<Prisma.TransactionClient, "$executeRaw">;

/**
 * The values of ("embedding", "embedding_model", "embedding_status") for `vector`
 * by `embedder`: the vector, its model and 'ready', or none and 'pending' (retried
 * by embedding-jobs). Every write of those columns uses it: setEmbedding below, and
 * the new memory's INSERT (add.ts), which writes them with the row.
 */
export function embeddingValues(vector: number[] | null, embedder: Embedder = getEmbedder()): { embedding: Prisma.Sql; model: string | null; status: Prisma.Sql } {
  return vector
    ? { embedding: queryVector(embedder, vector), model: embedder.id, status: Prisma.sql`'ready'::embedding_status` }
    : { embedding: Prisma.sql`NULL`, model: null, status: Prisma.sql`'pending'::embedding_status` };
}

/**
 * Stores `vector` (by `embedder`) as the memory's embedding, or clears it and marks
 * it pending when there is none. With `ifContentHash`, only if the text is still the
 * one that was embedded (a background job racing an edit).
 */
export async function setEmbedding(
  db: Db,
  memoryId: string,
  vector: number[] | null,
  opts: { embedder?: Embedder; ifContentHash?: string } = {},
): Promise<number> {
  const guard = opts.ifContentHash ? Prisma.sql`AND "content_hash" = ${opts.ifContentHash}` : Prisma.empty;
  const v = embeddingValues(vector, opts.embedder);
  return db.$executeRaw`
    UPDATE "memories" SET "embedding" = ${v.embedding}, "embedding_model" = ${v.model}, "embedding_status" = ${v.status}
    WHERE "id" = ${memoryId}::uuid ${guard}`;
}

/** Who created a memory (columns of `memories`). */
export function createdBy(actor: MemoryActor): { createdVia: string; createdByKeyId: string | null; createdByGrantId: string | null } {
  return { createdVia: actor.via, createdByKeyId: actor.apiKeyId ?? null, createdByGrantId: actor.oauthGrantId ?? null };
}

/** Who changed a memory (columns of `memory_status_history`); `appId` is the app an assistant wrote as. */
export function changedBy(actor: MemoryActor, appId: string | null = null) {
  return { changedBy: actor.userId, changedVia: actor.via, appId, apiKeyId: actor.apiKeyId ?? null, oauthGrantId: actor.oauthGrantId ?? null };
}

/**
 * Replaces a memory's text, its embedding and its categories with it (classified by
 * the caller before the transaction: classifying may call the embedder), and records
 * the old text in its history.
 */
export async function rewriteText(
  tx: Tx,
  actor: MemoryActor,
  memory: { id: string; content: string; state: MemoryState },
  newText: string,
  vector: number[] | null,
  categories: CategoryName[],
  appId: string | null = null,
): Promise<void> {
  await tx.memory.update({ where: { id: memory.id }, data: { content: newText, contentHash: contentHash(newText) } });
  await setEmbedding(tx, memory.id, vector);
  await tx.memoryCategory.deleteMany({ where: { memoryId: memory.id } });
  await linkCategories(tx, memory.id, categories);
  await tx.memoryStatusHistory.create({
    data: { memoryId: memory.id, ...changedBy(actor, appId), oldState: memory.state, newState: memory.state, reason: JSON.stringify({ updated_from: memory.content }) },
  });
}

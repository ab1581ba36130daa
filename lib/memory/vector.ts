// Vector SQL for the current embedder. The `embedding` column is an untyped
// `vector` so embedders of different sizes can coexist; each embedder has a
// partial HNSW index on `embedding::vector(dim)`, and queries must repeat the
// index's cast and WHERE clause verbatim for the planner to use it.
import "server-only";
import { getPrisma } from "../db";
import { getEmbedder, toVectorLiteral, type Embedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";

function sqlString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** The WHERE clause of the embedder's partial index (literal SQL, no parameters). */
export function indexPredicate(embedder: Embedder): Prisma.Sql {
  // The first migration's index covers every local embedder version.
  if (embedder.id.startsWith("local:")) return Prisma.raw(`m."embedding_model" LIKE 'local:%' AND m."embedding_model" = ${sqlString(embedder.id)}`);
  return Prisma.raw(`m."embedding_model" = ${sqlString(embedder.id)}`);
}

export function castEmbedding(embedder: Embedder): Prisma.Sql {
  return Prisma.raw(`(m."embedding"::vector(${Math.floor(embedder.dim)}))`);
}

export function queryVector(embedder: Embedder, v: number[]): Prisma.Sql {
  return Prisma.sql`${toVectorLiteral(v)}::vector(${Prisma.raw(String(Math.floor(embedder.dim)))})`;
}

/** Creates the partial HNSW index for an embedder if it has none (used after switching embedders). */
export async function ensureVectorIndex(embedder: Embedder = getEmbedder()): Promise<void> {
  if (embedder.id.startsWith("local:")) return; // created by the first migration
  const prisma = await getPrisma();
  const name = "memories_embedding_" + embedder.id.replace(/[^a-z0-9]+/gi, "_").toLowerCase().slice(0, 40) + "_hnsw_idx";
  await prisma.$executeRawUnsafe(
    `CREATE INDEX IF NOT EXISTS "${name}" ON "memories" USING hnsw (("embedding"::vector(${Math.floor(embedder.dim)})) vector_cosine_ops) WHERE "embedding_model" = ${sqlString(embedder.id)}`,
  );
}

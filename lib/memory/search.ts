// Hybrid retrieval: pgvector kNN (HNSW, cosine) and Postgres full-text search
// (tsvector + GIN), fused by reciprocal rank fusion (RRF, k = 60). Always scoped to
// one user and, by default, to active memories.
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { log } from "../log";
import { logAccess } from "./shared";
import { castEmbedding, indexPredicate, queryVector } from "./vector";
import type { MemoryActor, MemoryState, SearchHit } from "./types";

export interface SearchOptions {
  limit?: number;
  appIds?: string[];
  categoryIds?: string[];
  includeStates?: MemoryState[];
  /** Which retrievers to use (benchmarks compare them). */
  mode?: "hybrid" | "vector" | "text";
}

const RRF_K = 60;

function filters(actor: MemoryActor, opts: SearchOptions): Prisma.Sql {
  const states = opts.includeStates?.length ? opts.includeStates : ["active"];
  const parts = [Prisma.sql`m."user_id" = ${actor.userId}::uuid`, Prisma.sql`m."state"::text = ANY(${states}::text[])`];
  if (opts.appIds?.length) parts.push(Prisma.sql`m."app_id" = ANY(${opts.appIds}::uuid[])`);
  if (opts.categoryIds?.length) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "memory_categories" mc WHERE mc."memory_id" = m."id" AND mc."category_id" = ANY(${opts.categoryIds}::uuid[]))`);
  }
  return Prisma.join(parts, " AND ");
}

/** OR of the query's words: natural-language queries rarely contain every word of a memory. */
export function toOrTsQuery(query: string): string | undefined {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
  return words.length ? words.join(" | ") : undefined;
}

async function vectorCandidates(actor: MemoryActor, query: string, opts: SearchOptions, k: number): Promise<string[]> {
  const embedder = getEmbedder();
  let vector: number[];
  try {
    [vector] = await embedder.embed([query]);
  } catch (e) {
    // A remote embedder that is down degrades search to full text, not to an error.
    log.warn("query embedding failed; searching by text only", { error: e });
    return [];
  }
  const prisma = await getPrisma();
  // Iterative index scans (pgvector 0.8) keep going until enough rows pass the
  // user filter, so one user among many still gets k results from the HNSW index.
  const [, rows] = await prisma.$transaction([
    prisma.$executeRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true)`,
    prisma.$queryRaw<{ id: string }[]>`
      SELECT m."id" FROM "memories" m
      WHERE ${filters(actor, opts)} AND ${indexPredicate(embedder)}
      ORDER BY ${castEmbedding(embedder)} <=> ${queryVector(embedder, vector)}
      LIMIT ${k}`,
  ]);
  return rows.map((r) => r.id);
}

async function textCandidates(actor: MemoryActor, query: string, opts: SearchOptions, k: number): Promise<string[]> {
  const tsQuery = toOrTsQuery(query);
  if (!tsQuery) return [];
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m."id" FROM "memories" m, to_tsquery('english', ${tsQuery}) q
    WHERE ${filters(actor, opts)} AND m."content_tsv" @@ q
    ORDER BY ts_rank_cd(m."content_tsv", q) DESC, m."created_at" DESC
    LIMIT ${k}`;
  return rows.map((r) => r.id);
}

/** Fuses ranked id lists; returns ids with their RRF scores, best first. */
export function reciprocalRankFusion(lists: string[][], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

export async function searchMemories(actor: MemoryActor, query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  const k = Math.max(limit * 4, 40);
  const mode = opts.mode ?? "hybrid";
  const [vectorIds, textIds] = await Promise.all([
    mode === "text" ? Promise.resolve([]) : vectorCandidates(actor, query, opts, k),
    mode === "vector" ? Promise.resolve([]) : textCandidates(actor, query, opts, k),
  ]);
  const fused = reciprocalRankFusion([vectorIds, textIds]).slice(0, limit);
  if (fused.length === 0) return [];

  const prisma = await getPrisma();
  const rows = await prisma.memory.findMany({
    where: { id: { in: fused.map((f) => f.id) }, userId: actor.userId },
    include: { app: { select: { name: true } }, categories: { select: { category: { select: { name: true } } } } },
  });
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Scores are RRF scores scaled to 0..1 (1 = ranked first by every retriever used).
  const maxScore = (mode === "hybrid" ? 2 : 1) / (RRF_K + 1);
  const hits: SearchHit[] = fused
    .filter((f) => byId.has(f.id))
    .map((f) => {
      const m = byId.get(f.id)!;
      return {
        id: m.id,
        memory: m.content,
        score: Math.round((f.score / maxScore) * 10_000) / 10_000,
        created_at: m.createdAt.toISOString(),
        app: m.app.name,
        categories: m.categories.map((c) => c.category.name).sort(),
      };
    });
  await logAccess(actor, hits.map((h) => h.id), "search", { query: query.slice(0, 200) });
  return hits;
}

// Hybrid retrieval: pgvector kNN (HNSW, cosine) and Postgres full-text search
// (tsvector + GIN), fused by reciprocal rank fusion (RRF, k = 60). Both legs and
// the final hydration read through the actor's scope (scope.ts): active memories
// by default, and for assistants only those of apps that are not paused.
//
// How the full-text leg counts in hybrid mode (measured by `npm run bench:recall`):
// plain RRF of the OR-query ranking made hybrid *worse* than vector alone (R@1 0.611
// vs 0.716, MRR 0.752 vs 0.814), for two reasons, fixed here on principle rather
// than by tuning weights to the data set:
//  1. Documents that tie on ts_rank_cd were ordered by recency, so an arbitrary
//     one-word match got the FTS leg's rank 1. FTS has no information to order
//     ties, so tied documents now share a rank (and the vector leg decides).
//  2. A document matching one word of a multi-word question is weak evidence, and
//     that partial lexical overlap is already in the vector leg (the local embedder
//     is a weighted bag of words; remote embedders see the words too). So in hybrid
//     mode the FTS leg only votes for documents that contain *every* lexeme of the
//     query — exact keyword lookups (names, codes, "knee injury physio"), where
//     embeddings are weakest. The OR ranking is still used on its own in "text"
//     mode and when the vector leg returns nothing (embedder down).
import "server-only";
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { log } from "../log";
import { logAccess } from "./access-log";
import { scopeSql, scopeWhere } from "./scope";
import { castEmbedding, indexPredicate, queryVector } from "./vector";
import type { MemoryActor } from "./actor";
import type { MemoryState, SearchHit } from "./types";
import { storableText } from "../text";

export interface SearchOptions {
  limit?: number;
  appIds?: string[];
  categoryIds?: string[];
  includeStates?: MemoryState[];
  /** Created at or after / at or before. */
  fromDate?: Date;
  toDate?: Date;
  /** Which retrievers to use (benchmarks compare them). */
  mode?: "hybrid" | "vector" | "text";
}

const RRF_K = 60;

/** The actor's scope (scope.ts) and the caller's filters, for both legs. */
function filters(actor: MemoryActor, opts: SearchOptions): Prisma.Sql {
  const parts = [scopeSql(actor, { states: opts.includeStates })];
  if (opts.appIds?.length) parts.push(Prisma.sql`m."app_id" = ANY(${opts.appIds}::uuid[])`);
  if (opts.fromDate) parts.push(Prisma.sql`m."created_at" >= ${opts.fromDate}`);
  if (opts.toDate) parts.push(Prisma.sql`m."created_at" <= ${opts.toDate}`);
  if (opts.categoryIds?.length) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "memory_categories" mc WHERE mc."memory_id" = m."id" AND mc."category_id" = ANY(${opts.categoryIds}::uuid[]))`);
  }
  return Prisma.join(parts, " AND ");
}

function queryWords(query: string): string[] {
  return (query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 32);
}

/** OR of the query's words: natural-language queries rarely contain every word of a memory. */
export function toOrTsQuery(query: string): string | undefined {
  const words = queryWords(query);
  return words.length ? words.join(" | ") : undefined;
}

/** AND of the same words (stop words are dropped by to_tsquery, as in the OR query). */
export function toAndTsQuery(query: string): string | undefined {
  const words = queryWords(query);
  return words.length ? words.join(" & ") : undefined;
}

/** A ranked candidate; rank is 0-based and tied candidates share one. */
export interface Ranked {
  id: string;
  rank: number;
}

interface TextCandidate {
  id: string;
  /** ts_rank_cd */
  score: number;
}

// Exact scan or HNSW (measured by `npm run bench:memory`, EXPLAIN ANALYZE there).
// Left to itself the planner always chose the user_id btree + a sort of all the
// user's rows (it sees few rows: PGlite never runs autovacuum/ANALYZE, and
// `state::text` has no statistics anyway) — exact, but linear: ~1.8 µs a row on
// 2 cores, 18 ms at 10k memories, 180 ms at 100k. HNSW, on the other hand, is poor
// for a user who is a small share of the index (iterative scans must walk ~k/share
// tuples, up to hnsw.max_scan_tuples). So the choice is explicit: a bounded count
// of the user's rows; below EXACT_SCAN_MAX an exact scan, written so the planner
// cannot use the vector index; from there on the HNSW index, forced by disabling
// sorts for the transaction, with an exact fallback if it returns too few rows.
const EXACT_SCAN_MAX = 2000;
const HNSW_EF_SEARCH = 100;

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
  const where = Prisma.sql`${filters(actor, opts)} AND ${indexPredicate(embedder)}`;
  const distance = Prisma.sql`${castEmbedding(embedder)} <=> ${queryVector(embedder, vector)}`;
  const exact = async () => {
    // "+ 0" hides the indexed expression from the planner: a plain scan of the user's rows.
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      SELECT m."id" FROM "memories" m WHERE ${where} ORDER BY (${distance}) + 0 LIMIT ${k}`;
    return rows.map((r) => r.id);
  };
  const [{ n }] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "memories" m WHERE ${where} LIMIT ${EXACT_SCAN_MAX}) s`;
  if (n < EXACT_SCAN_MAX) return exact();
  // Iterative index scans (pgvector 0.8) keep going until enough rows pass the
  // user filter, so one user among many still gets k results from the HNSW index.
  // The query repeats the partial index's cast and predicate (see vector.ts).
  const [, rows] = await prisma.$transaction([
    prisma.$executeRaw`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(HNSW_EF_SEARCH)}, true), set_config('enable_sort', 'off', true)`,
    prisma.$queryRaw<{ id: string }[]>`
      SELECT m."id" FROM "memories" m
      WHERE ${where}
      ORDER BY ${distance}
      LIMIT ${k}`,
  ]);
  // relaxed_order may return rows slightly out of order: re-rank is not needed for
  // RRF beyond noise, but a short result (scan cap reached) falls back to exact.
  return rows.length >= k ? rows.map((r) => r.id) : exact();
}

async function textCandidates(actor: MemoryActor, tsQuery: string | undefined, opts: SearchOptions, k: number): Promise<TextCandidate[]> {
  if (!tsQuery) return [];
  const prisma = await getPrisma();
  return prisma.$queryRaw<TextCandidate[]>`
    SELECT m."id", ts_rank_cd(m."content_tsv", q)::float8 AS "score"
    FROM "memories" m, to_tsquery('english', ${tsQuery}) q
    WHERE ${filters(actor, opts)} AND m."content_tsv" @@ q
    ORDER BY 2 DESC, m."created_at" DESC
    LIMIT ${k}`;
}

/** Ranks of rows sorted by score, best first; equal scores share the better rank ("1, 1, 3"). */
function sharedRanks(rows: { id: string; score: number }[]): Ranked[] {
  let prev = Number.NaN;
  let shared = 0;
  return rows.map((r, i) => {
    if (r.score !== prev) shared = i;
    prev = r.score;
    return { id: r.id, rank: shared };
  });
}

/**
 * Fuses ranked lists (plain id lists, or candidates with shared ranks); returns ids
 * with their RRF scores, best first (ties keep the earlier list's order).
 */
export function reciprocalRankFusion(lists: (string[] | Ranked[])[], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((item, i) => {
      const { id, rank } = typeof item === "string" ? { id: item, rank: i } : item;
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/**
 * The ranking alone: fused ids, best first, with their RRF scores (within the
 * actor's scope; nothing read in full, nothing logged). searchMemories hydrates
 * them; the dashboard's view (browse.ts) hydrates only the page it shows.
 */
export async function rankMemories(actor: MemoryActor, query: string, opts: SearchOptions = {}): Promise<{ id: string; score: number }[]> {
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  const k = Math.max(limit * 4, 40);
  const mode = opts.mode ?? "hybrid";
  // Hybrid: FTS votes only for full matches, an AND query (see the top of this
  // file; also far more selective, so cheap), unless it is all we have.
  const [vectorIds, textHits] = await Promise.all([
    mode === "text" ? Promise.resolve([]) : vectorCandidates(actor, query, opts, k),
    mode === "vector" ? Promise.resolve([]) : textCandidates(actor, mode === "hybrid" ? toAndTsQuery(query) : toOrTsQuery(query), opts, k),
  ]);
  const textIds = sharedRanks(mode === "hybrid" && vectorIds.length === 0 ? await textCandidates(actor, toOrTsQuery(query), opts, k) : textHits);
  return reciprocalRankFusion([vectorIds, textIds]).slice(0, limit);
}

export async function searchMemories(actor: MemoryActor, rawQuery: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  // Queries from MCP arguments are not validated like REST bodies; the access log stores them.
  const query = storableText(rawQuery);
  const mode = opts.mode ?? "hybrid";
  const fused = await rankMemories(actor, query, opts);
  if (fused.length === 0) return [];

  const prisma = await getPrisma();
  const rows = await prisma.memory.findMany({
    where: { id: { in: fused.map((f) => f.id) }, ...scopeWhere(actor, { states: opts.includeStates }) },
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

// Hybrid retrieval: pgvector kNN (HNSW or exact, cosine) and BM25 over the
// Postgres full-text index, fused by a weighted sum of normalised scores, with a
// boost for memories inside a time window the query names. Both legs and the
// final hydration read through the actor's scope (scope.ts).
//
// The lexical leg is BM25 (k1 1.2, b 0.75) with ranked OR semantics: every memory
// sharing a query lexeme is a candidate, scored by how rare each shared lexeme is
// among the user's memories (idf from per-user statistics kept by triggers, see
// migration 20261202000000) and normalised by length. Lexemes from names and
// numbers in the query ("Priyanka", "2291") count NAME_BOOST times: they are the
// strongest evidence a question carries. Term frequency is taken as 1 (a memory is a
// sentence or two; a word rarely comes twice), so a memory's score is its length factor
// times the idf of the query lexemes it holds, each tested with @@ rather than
// unnesting every lexeme of every candidate: a one-word query whose word most of a
// 10k-memory user's notes hold went from 47 to 14 ms, and bench:recall's R@5 did not
// move on any set (MRRs within ±0.004, the run-to-run noise). Before this, the lexical leg was
// ts_rank_cd (no idf) restricted in hybrid mode to memories containing *every*
// query lexeme; on conversational data that left five questions in six to the
// embedder alone, and plain BM25 beat the hybrid by 12 points of R@5.
//
// Fusion (measured by `npm run bench:recall` on three sets, bench/data/README.md:
// facts/paraphrases, long conversations, lookups; 50 other users in the table).
// Each leg's scores are normalised per query and summed, VECTOR_WEIGHT 0.4 on the
// vector side:
//  - BM25 by the query's *ideal* score (a memory of average length holding every
//    query lexeme once), squared. A memory matching one word of a four-word
//    question is weak evidence, and squaring makes it weaker still (0.3 -> 0.09),
//    while a full match keeps ~1. Normalising by the best candidate instead says
//    "1" for the best of bad matches: on paraphrase questions (no shared word) that
//    pulled hybrid below the vector leg.
//  - cosine by min-max over the leg's candidates.
// Reciprocal rank fusion was measured and lost (first sweep: conversations R@5
// 0.432, facts 0.926, below the weighted sums): it discards how far ahead a leg's best candidate is, and gives a
// leg's 40th candidate nearly what it gives its first.
// How the settings were chosen: on the conversational set (the sweep, `--sweep`),
// the best was weight 0.3 (R@5 0.494); 0.4 (0.485) was kept because at 0.3 hybrid
// fell below the vector leg on the fact set (0.937 vs 0.947). The lookup set was
// held out and checked after: hybrid 0.986 R@5 there, BM25 alone 0.998 — the rule
// "never below the better leg" holds on facts and conversations and misses by
// 0.012 on lookups (bench/README.md has every number).
// Names and numbers: memories sharing a rare one (≤ 5 % of the user's memories), or a
// rare word (below), with the query keep their score; the others get × unnamedFactor 0.3
// (a speaker's name on every turn is not rare). Why so low: min-max hands the vector
// leg's best candidate the full vector weight however poor it is, and with a weak
// embedder that is a short generic turn ("Random question, but how are you really?")
// beating the one turn that holds the question's rare word ("beagle"). bench:recall's
// weak-embedder run (the regime of issue 15's held-out conversations, where BM25 beat
// us; bench/README.md): 0.6 -> 0.3 took its questions sharing a word with their answer
// 0.789 -> 0.868 R@5 (BM25 alone 0.901); on the three sets within 0.003 (conversations
// 0.581 -> 0.578). Cosine normalised against a perfect match did a little better there
// and was not kept: it assumes our embedder's range of cosines, a remote one has another.
// Nor is a match on a rare shared word squared (namedLexicalPower 1; other matches, lexicalPower 2):
// squaring is for partial matches on common words, and "What health problem did
// Malik's beagle have?" matched by "Malik: Total beagle, ten weeks old…" is a partial
// match (no "health", no "problem") that is nonetheless the answer. Weak run: sharing a
// word 0.868 -> 0.898 (BM25 0.901), conversations 0.502 -> 0.512; our embedder: facts and
// lookups unchanged, conversations 0.578 -> 0.572 (multi-hop questions whose answer is
// the turn after the one naming the book or trip, which now wins by more).
// bench/README.md has the sweep, and what else was tried.
// Words most of the user's memories contain (COMMON_WORD_SHARE, 10 %) are left out
// of the text the vector leg embeds: on chat turns "Chloe:" begins half the user's
// memories, and with the name in the query the bag-of-words embedder ranked her
// shortest turns first ("Talk soon!"). BM25 already gives such a word almost no
// weight (idf); this is the same rule for the vector leg, from the same per-user
// statistics, in the statement that reads the user's memory count. Measured
// (bench:recall, 2026-12-03): conversations vector R@5 0.439 -> 0.544, hybrid
// 0.495 -> 0.568; facts and lookups unchanged; 5 %, 10 % and 30 % within 0.006.
// A request's first word is capitalised by grammar, not as a name, so it used to
// be skipped, and keyword queries ("Thistlewood address") lost their name; it now
// counts unless it is a request word ("Tell", "Show"); question words are English
// stop words, which to_tsvector drops (lookups hybrid R@5 0.986 -> 0.993, name
// questions 0.957 -> 1.000). After the first change the weights were swept again around the
// defaults (vector weight 0.3 / 0.5 / 0.6: conversations 0.569 / 0.574 / 0.568,
// facts 0.937 / 0.947 / 0.947): flat, so the defaults stay.
// Rare words, not only names: a memory sharing a word that at most RARE_WORD_SHARE
// (1 %) of the user's memories contain counts as "named" ("address of my osteopath":
// the osteopath's memory no longer loses to the embedder's short generic notes).
// Conversations 0.568 -> 0.581, lookups reverse questions 0.971 -> 1.000, facts
// unchanged; at 5 % (the names' share) facts fell to 0.937: paraphrase answers share
// no word, and common-ish words of the question then pushed them down.
// Quoted phrases: memories holding every phrase the query quotes come first
// (QUOTED_BOOST), and the quoted words are never read as a time — "today than
// yesterday" was a window of today. Lookups phrase questions 0.986 -> 1.000.
// Time: a window named in the query adds WINDOW_BOOST 0.3 to the memories inside
// it (conversations R@5 0.449 without it, 0.459 with it, measured under an earlier
// fusion setting; 0.5 was no better).
// Speed: the BM25 leg's candidates come from a GIN index keyed by (user, lexeme)
// (migration 20261207000000), so its cost follows the postings of the query's words
// for that user, not the user's memory count (bench:memory at 10k: BM25 leg p50
// 9.5 -> ~3 ms, search p50 21 -> 13 ms; the shared full-text index it replaces made a
// common word read every user's postings). Every statement here runs on the database
// driver itself (sqlRows in lib/db), not through Prisma's $queryRaw, which added
// ~0.7 ms a statement and ~1 ms a transaction (search p50 at 10k 16 -> 12 ms).
// Tried and measured worse, so not kept: lending score to the turns written next
// to a strong candidate (+0.005 on conversations, -0.03 on facts), and embedding
// chat turns without their date stamp (conversations 0.495 -> 0.466).
import "server-only";
import { sqlRows, sqlTransaction } from "../db";
import { getConfig } from "../config";
import { Deadline } from "../remote/deadline";
import { embedOrNull, getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { logAccess } from "./access-log";
import { scopeSql } from "./scope";
import { parseQueryWindow, withoutWindowText, type TimeWindow } from "./time";
import { castEmbedding, indexPredicate, queryVector } from "./vector";
import type { MemoryActor } from "./actor";
import type { MemoryState, SearchHit } from "./types";
import { storableText } from "../text";
import { stage } from "../stage-timing";

export interface SearchOptions {
  limit?: number;
  appIds?: string[];
  categoryIds?: string[];
  includeStates?: MemoryState[];
  /** Stored at or after / at or before (the dashboard's date filter). */
  fromDate?: Date;
  toDate?: Date;
  /** What the memory is about happened at or after / before (occurred_at, else created_at): a hard filter. */
  after?: Date;
  before?: Date;
  /** Which retrievers to use (benchmarks compare them); "text" is the BM25 leg alone. */
  mode?: "hybrid" | "vector" | "text";
  /** Benchmarks only: override the fusion (see the top of this file). */
  tuning?: Partial<SearchTuning>;
  /** Anchors relative dates in the query ("last week"); default now. */
  now?: Date;
}

export interface SearchTuning {
  fusion: "weighted" | "rrf";
  vectorWeight: number;
  nameBoost: number;
  windowBoost: number;
  /** Score factor for a memory sharing no rare name, number or word with a query whose rare ones some memories share. */
  unnamedFactor: number;
  lexicalNorm: "best" | "ideal";
  lexicalPower: number;
  /** The power for candidates sharing a rare name or word with the query (named). */
  namedLexicalPower: number;
  vectorNorm: "minmax" | "cosine";
}

export const DEFAULT_TUNING: SearchTuning = {
  fusion: "weighted",
  vectorWeight: 0.4,
  lexicalNorm: "ideal",
  lexicalPower: 2,
  namedLexicalPower: 1,
  vectorNorm: "minmax",
  nameBoost: 2,
  unnamedFactor: 0.3,
  windowBoost: 0.3,
};

const RRF_K = 60;
/** Added to memories holding every quoted phrase: more than any fused score without it (≤ 1 + WINDOW_BOOST). */
const QUOTED_BOOST = 2;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** A name or number in at most this share of the user's memories picks them out (a speaker's name in every turn does not). */
const RARE_NAME_SHARE = 0.05;
/** Any other word picks them out when it is in at most this share ("osteopath", "ceviche"). */
const RARE_WORD_SHARE = 0.01;
// Bounds on the lexical leg's work for large users (bench:memory at 100k: an OR
// over common words matched most of the user's memories, 134 ms p95). A lexeme in
// more than max(SELECTIVE_DF_MIN, SELECTIVE_DF_SHARE × N) memories adds to scores
// but does not bring candidates; a user with under 250 memories is not affected.
const SELECTIVE_DF_MIN = 250;
const SELECTIVE_DF_SHARE = 0.0025;
const BM25_MAX_CANDIDATES = 2000;
// A query word that more than this share of the user's memories contain (a speaker's
// name on every chat turn, the user's own name) is left out of what the vector leg
// embeds; from COMMON_WORD_MIN_DOCS memories on, so a new user's few memories decide nothing.
const COMMON_WORD_SHARE = 0.1;
const COMMON_WORD_MIN_DOCS = 50;

/** A memory's time: when what it says happened, if known, else when it was stored. */
const MEMORY_TIME = Prisma.raw(`coalesce(m."occurred_at", m."created_at")`);

function hasFilters(opts: SearchOptions): boolean {
  return Boolean(opts.appIds?.length || opts.categoryIds?.length || opts.fromDate || opts.toDate || opts.after || opts.before);
}

/** The actor's scope (scope.ts) and the caller's filters, for both legs. */
function filters(actor: MemoryActor, opts: SearchOptions, window?: TimeWindow): Prisma.Sql {
  const parts = [scopeSql(actor, { states: opts.includeStates })];
  if (opts.appIds?.length) parts.push(Prisma.sql`m."app_id" = ANY(${opts.appIds}::uuid[])`);
  if (opts.fromDate) parts.push(Prisma.sql`m."created_at" >= ${opts.fromDate}`);
  if (opts.toDate) parts.push(Prisma.sql`m."created_at" <= ${opts.toDate}`);
  if (opts.after) parts.push(Prisma.sql`${MEMORY_TIME} >= ${opts.after}`);
  if (opts.before) parts.push(Prisma.sql`${MEMORY_TIME} < ${opts.before}`);
  if (window) parts.push(Prisma.sql`${MEMORY_TIME} >= ${window.from} AND ${MEMORY_TIME} < ${window.to}`);
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

/**
 * Names and numbers in a query: capitalised words that do not start a sentence
 * (nor "I"), and tokens with a digit. Returned as text for to_tsvector, so they
 * become lexemes exactly as the memories' words do.
 */
export function nameAndNumberWords(query: string): string {
  const out: string[] = [];
  const re = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) {
    const word = m[0];
    const before = query.slice(0, m.index).trimEnd();
    const startsSentence = before === "" || /[.!?:;"“(\[]$/.test(before);
    const capitalised = /^\p{Lu}/u.test(word) && word !== "I";
    // A sentence's first word is capitalised anyway: it counts unless it is a request
    // word ("Tell me…"); question and function words ("What", "Did") are English stop
    // words, which to_tsvector drops. So "Thistlewood address" names Thistlewood.
    if (/\p{N}/u.test(word) || (capitalised && (!startsSentence || !REQUEST_WORDS.has(word.toLowerCase())))) out.push(word);
  }
  return out.join(" ");
}

/** Words a request starts with that are not English stop words (see nameAndNumberWords). */
const REQUEST_WORDS = new Set(["tell", "show", "find", "list", "give", "remind", "recall", "name", "describe", "summarize", "summarise", "explain", "search", "look", "get", "please", "remember", "any", "anything", "everything", "something", "whats", "what's", "where's", "who's", "when's", "how's"]);

const QUOTED = /["“”]([^"“”]{2,200})["“”]/gu;

/** The phrases a query quotes ("more today than yesterday"), at most four. */
export function quotedPhrases(query: string): string[] {
  return [...query.matchAll(QUOTED)].map((m) => m[1]!.trim()).filter((p) => /[\p{L}\p{N}]/u.test(p)).slice(0, 4);
}

/** The query with its quoted phrases blanked: words quoted are text to find, not a time ("today" in "more today than yesterday"). */
function outsideQuotes(query: string): string {
  return query.replace(QUOTED, (m) => " ".repeat(m.length));
}

interface Candidate {
  id: string;
  score: number;
  /** The memory's time (occurred_at, else created_at). */
  at: Date;
}

interface LexicalCandidate extends Candidate {
  /** The query's ideal BM25 score (the same on every candidate). */
  ideal: number;
  /** Shares with the query a name or number, or another word, that few of the user's memories contain. */
  named: boolean;
  /** Holds every phrase the query quotes, word for word. */
  quoted: boolean;
}

// Exact scan or HNSW (measured by `npm run bench:memory`, EXPLAIN ANALYZE there).
// Left to itself the planner always chose the user_id btree + a sort of all the
// user's rows (it sees few rows: PGlite never runs autovacuum/ANALYZE, and
// `state::text` has no statistics anyway) — exact, but linear: ~1.8 µs a row on
// 2 cores, 18 ms at 10k memories, 180 ms at 100k. HNSW, on the other hand, is poor
// for a user who is a small share of the index (iterative scans must walk ~k/share
// tuples, up to hnsw.max_scan_tuples). So the choice is explicit: a bounded count
// of the user's rows; below EXACT_SCAN_MAX an exact scan, written so the planner
// cannot use the vector index; from there on the HNSW index (unless the user is a
// small share of it, below), forced by disabling sorts for the transaction, with an
// exact fallback if it returns too few rows.
const EXACT_SCAN_MAX = 2000;
const HNSW_EF_SEARCH = 100;
// Above EXACT_SCAN_MAX, a user who is a small share of the table still gets the exact
// scan: to find k of the user's rows, HNSW walks ~k × table rows / user's rows tuples,
// each costing what ~HNSW_TUPLE_COST exact-scan rows cost. Measured on PGlite with a
// directory data dir, as the server runs (bench:scaling, 1,000 users; 50 rows asked):
//  - 1M memories, a user with 10k: HNSW walked 3,771 tuples and read 21,631 pages,
//    175 ms p50 (~46 µs a tuple); the exact scan of their rows 17 ms (~1.7 µs a row);
//  - 100k memories, a user with 10k: HNSW 10-15 ms (~500 tuples, ~25 µs each), exact
//    12-15 ms: about even at a tenth of the table.
// Those ratios (17-27) would put the line a little higher; 15 leans towards the index
// (at 100k rows the line falls at ~8.7k memories, at 1M at ~27k).
const HNSW_TUPLE_COST = 15;

/** Whether HNSW would walk more than an exact scan of the user's rows costs (tableRows 0: not known yet, so no). */
export function exactScanBeatsHnsw(userRows: number, tableRows: number, k: number): boolean {
  return userRows * userRows < k * tableRows * HNSW_TUPLE_COST;
}

/**
 * The user's memory count, and the query's words that more than COMMON_WORD_SHARE
 * of the user's memories contain (one statement over the BM25 statistics). Those
 * words are left out of the text the vector leg embeds (see the top of this file).
 */
async function userSearchStats(actor: MemoryActor, text: string): Promise<{ docCount: number; tableRows: number; commonWords: Set<string> }> {
  const words = [...new Set(text.match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, 32);
  // Each word's lexemes are looked up by primary key (user, lexeme); a filter on
  // doc_freq over the user's rows instead read all of them (11k rows, 2.4 ms at 10k memories).
  // The table's size is the planner's estimate (kept by ANALYZE: autovacuum on PostgreSQL,
  // lib/db/pglite-maintenance.ts on PGlite); -1 before the first one.
  const [row] = await sqlRows<{ n: number; table_rows: number; common: string[] }>(Prisma.sql`
    SELECT st."doc_count"::int AS "n",
           (SELECT c."reltuples"::float8 FROM pg_class c WHERE c."oid" = '"memories"'::regclass) AS "table_rows",
           coalesce((SELECT array_agg(DISTINCT q.w)
                     FROM unnest(${words}::text[]) q(w), unnest(tsvector_to_array(to_tsvector('english', q.w))) l(lexeme)
                     WHERE st."doc_count" >= ${COMMON_WORD_MIN_DOCS}
                       AND (SELECT t."doc_freq" FROM "memory_term_stats" t WHERE t."user_id" = ${actor.userId}::uuid AND t."lexeme" = l.lexeme) > ${COMMON_WORD_SHARE}::float8 * st."doc_count"), '{}') AS "common"
    FROM "memory_search_stats" st WHERE st."user_id" = ${actor.userId}::uuid`);
  return { docCount: row?.n ?? 0, tableRows: Math.max(0, Number(row?.table_rows ?? 0)), commonWords: new Set(row?.common ?? []) };
}

/** The text without the given words; the text itself if nothing would be left. */
export function withoutWords(text: string, words: Set<string>): string {
  if (words.size === 0) return text;
  const kept = text.replace(/[\p{L}\p{N}]+/gu, (w) => (words.has(w) ? "" : w)).replace(/\s+/g, " ").trim();
  return /[\p{L}\p{N}]/u.test(kept) ? kept : text;
}

/**
 * How many rows the vector leg would scan, up to EXACT_SCAN_MAX: without filters the
 * user's memory count, else a bounded count.
 */
async function candidateRowsAtMost(docCount: number, scoped: Prisma.Sql, filtered: boolean): Promise<number> {
  if (!filtered) return docCount;
  const [{ n }] = await sqlRows<{ n: number }>(Prisma.sql`
    SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "memories" m WHERE ${scoped} LIMIT ${EXACT_SCAN_MAX}) s`);
  return n;
}

async function vectorCandidates(docCount: number, tableRows: number, vector: number[] | null, where: Prisma.Sql, k: number, filtered: boolean): Promise<Candidate[]> {
  if (!vector) return [];
  const embedder = getEmbedder();
  const scoped = Prisma.sql`${where} AND ${indexPredicate(embedder)}`;
  const distance = Prisma.sql`${castEmbedding(embedder)} <=> ${queryVector(embedder, vector)}`;
  type Row = { id: string; d: number; at: Date };
  const toCandidates = (rows: Row[]) => rows.map((r) => ({ id: r.id, score: 1 - Number(r.d), at: r.at }));
  const exact = async () =>
    // "+ 0" hides the indexed expression from the planner: a plain scan of the user's rows.
    toCandidates(await sqlRows<Row>(Prisma.sql`
      SELECT m."id", (${distance})::float8 AS "d", ${MEMORY_TIME} AS "at" FROM "memories" m WHERE ${scoped} ORDER BY (${distance}) + 0 LIMIT ${k}`));
  // With filters the walk is longer still (k × table / matching rows); docCount keeps the rule conservative.
  if (exactScanBeatsHnsw(docCount, tableRows, k) || (await candidateRowsAtMost(docCount, scoped, filtered)) < EXACT_SCAN_MAX) return exact();
  // Iterative index scans (pgvector 0.8) keep going until enough rows pass the
  // user filter, so one user among many still gets k results from the HNSW index.
  // The query repeats the partial index's cast and predicate (see vector.ts).
  const rows = await sqlTransaction(async (run) => {
    await run(Prisma.sql`SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ${String(HNSW_EF_SEARCH)}, true), set_config('enable_sort', 'off', true)`);
    return run<Row>(Prisma.sql`
      SELECT m."id", (${distance})::float8 AS "d", ${MEMORY_TIME} AS "at" FROM "memories" m
      WHERE ${scoped}
      ORDER BY ${distance}
      LIMIT ${k}`);
  });
  // relaxed_order may return rows slightly out of order (re-sorted below); a short
  // result (scan cap reached) falls back to exact.
  return rows.length >= k ? toCandidates(rows).sort((a, b) => b.score - a.score) : exact();
}

/**
 * BM25 with ranked OR semantics over the user's statistics (see the top of this
 * file). Each candidate also carries the query's ideal score — what a memory of
 * average length holding every query lexeme once would get, a lexeme the user has
 * never written counting as the rarest — so fusion can tell "matched the question"
 * from "matched one of its words".
 */
async function bm25Candidates(actor: MemoryActor, query: string, where: Prisma.Sql, k: number, nameBoost: number): Promise<LexicalCandidate[]> {
  if (!toOrTsQuery(query)) return []; // no word at all
  const phrases = quotedPhrases(query);
  // A memory holding every phrase the query quotes, word for word (see rank()).
  const quotedAll = phrases.length
    ? Prisma.sql`coalesce((SELECT bool_and(m."content_tsv" @@ phraseto_tsquery('english', p)) FROM unnest(${phrases}::text[]) p), false)`
    : Prisma.sql`false`;
  const rows = await sqlRows<{ id: string; score: number; at: Date; ideal: number; named: boolean; quoted: boolean }>(Prisma.sql`
    WITH st AS (
      SELECT "doc_count"::float8 AS n, greatest("total_length"::float8 / greatest("doc_count", 1), 1) AS avgdl
      FROM "memory_search_stats" WHERE "user_id" = ${actor.userId}::uuid
    ), q AS (
      SELECT DISTINCT l AS lexeme, l = ANY(tsvector_to_array(to_tsvector('english', ${nameAndNumberWords(query)}))) AS strong
      FROM unnest(tsvector_to_array(to_tsvector('english', ${query}))) l
    ), w AS (
      SELECT q.lexeme, quote_literal(q.lexeme)::tsquery AS tsq, coalesce(t."doc_freq", 0) AS df,
             coalesce(t."doc_freq", 0) <= CASE WHEN q.strong THEN ${RARE_NAME_SHARE}::float8 ELSE ${RARE_WORD_SHARE}::float8 END * st.n AS "rare",
             ln(1 + (st.n - coalesce(t."doc_freq", 0) + 0.5) / (coalesce(t."doc_freq", 0) + 0.5))
               * CASE WHEN q.strong THEN ${nameBoost}::float8 ELSE 1 END AS idf
      FROM q CROSS JOIN st
      LEFT JOIN "memory_term_stats" t ON t."user_id" = ${actor.userId}::uuid AND t."lexeme" = q.lexeme
    ), norm AS MATERIALIZED (SELECT st.avgdl, (SELECT sum(idf) FROM w) AS ideal FROM st),
    -- Candidates come from the selective lexemes (and always the two rarest), at most
    -- BM25_MAX_CANDIDATES of them; every query lexeme still counts in the score.
    -- They are read from the per-user term index (migration 20261207000000): its keys
    -- are hashes of "<user>:<lexeme>", so only this user's postings are read.
    sel AS (
      SELECT array_agg(hashtextextended(${actor.userId}::uuid::text || ':' || x.lexeme, 0)) AS keys
      FROM (SELECT w.lexeme, w.df, row_number() OVER (ORDER BY w.df, w.lexeme) AS rk FROM w) x, st
      WHERE x.df <= greatest(${SELECTIVE_DF_MIN}::float8, ${SELECTIVE_DF_SHARE}::float8 * st.n) OR x.rk <= 2
    ), cand AS MATERIALIZED (
      SELECT m."id", m."content_tsv" AS tsv, ${MEMORY_TIME} AS "at", ${quotedAll} AS "quoted" FROM "memories" m
      WHERE "memory_user_terms"(m."user_id", m."content_tsv") && (SELECT keys FROM sel) AND ${where}
      LIMIT ${BM25_MAX_CANDIDATES}
    )
    -- A lexeme counts once per memory (tf 1: a memory is a sentence or two), so a
    -- memory's score is its length factor times the idf of the query lexemes it holds,
    -- each tested with @@ instead of unnesting its lexemes (on 2,000 candidates: 47 -> 14 ms).
    SELECT c."id", (s.idf * ${BM25_K1 + 1}::float8
             / (1 + ${BM25_K1}::float8 * (1 - ${BM25_B}::float8 + ${BM25_B}::float8 * length(c.tsv) / norm.avgdl)))::float8 AS "score",
           c."at", norm.ideal::float8 AS "ideal", s.rare AS "named", c."quoted"
    FROM cand c CROSS JOIN norm, LATERAL (SELECT sum(w.idf) AS idf, bool_or(w."rare") AS rare FROM w WHERE c.tsv @@ w.tsq) s
    WHERE s.idf IS NOT NULL
    ORDER BY ${phrases.length ? Prisma.sql`c."quoted" DESC, ` : Prisma.empty}2 DESC, c."id"
    LIMIT ${k}`);
  return rows.map((r) => ({ id: r.id, score: Number(r.score), at: r.at, ideal: Number(r.ideal), named: r.named, quoted: r.quoted }));
}


/** Weighted sum of per-query normalised scores (BM25 / its best or its ideal, cosine min-max). */
function weightedFusion(vector: Candidate[], lexical: LexicalCandidate[], tuning: SearchTuning): Map<string, number> {
  const { vectorWeight } = tuning;
  const scores = new Map<string, number>();
  const add = <C extends Candidate>(list: C[], weight: number, norm: (c: C) => number) => {
    for (const c of list) scores.set(c.id, (scores.get(c.id) ?? 0) + weight * norm(c));
  };
  if (lexical.length) {
    const best = tuning.lexicalNorm === "ideal" ? lexical[0]!.ideal : Math.max(...lexical.map((c) => c.score));
    // BM25 alone keeps its own order: the powers differ only against the vector leg.
    const power = (c: LexicalCandidate) => (c.named && vector.length ? tuning.namedLexicalPower : tuning.lexicalPower);
    add(lexical, vector.length ? 1 - vectorWeight : 1, (c) => (best > 0 ? Math.min(1, c.score / best) ** power(c) : 0));
  }
  if (vector.length) {
    const hi = Math.max(...vector.map((c) => c.score));
    const lo = Math.min(...vector.map((c) => c.score));
    const norm = tuning.vectorNorm === "cosine" ? (s: number) => Math.max(0, s) : (s: number) => (hi > lo ? (s - lo) / (hi - lo) : 1);
    add(vector, lexical.length ? vectorWeight : 1, (c) => norm(c.score));
  }
  return scores;
}

/** Reciprocal rank fusion of ranked id lists; returns ids with their RRF scores, best first. */
export function reciprocalRankFusion(lists: string[][], k = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const list of lists) list.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1)));
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/** How a search fell short of what it was asked: "text_only" when the embedder failed or ran out of time. */
export type SearchDegraded = "text_only";

/**
 * The ranking alone: ids, best first, with scores in 0..1 (within the actor's
 * scope; nothing read in full, nothing logged). searchMemories hydrates them; the
 * dashboard's view (browse.ts) hydrates only the page it shows.
 */
export async function rankMemories(actor: MemoryActor, query: string, opts: SearchOptions = {}): Promise<{ id: string; score: number }[]> {
  return (await rank(actor, query, opts)).ranked;
}

async function rank(actor: MemoryActor, query: string, opts: SearchOptions): Promise<{ ranked: { id: string; score: number }[]; degraded?: SearchDegraded }> {
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  const k = Math.max(limit * 4, 50);
  const mode = opts.mode ?? "hybrid";
  const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  // A window named in the query ("in May 2023") boosts the memories inside it; its
  // words are taken out of the text the legs match ("2023" would match every memory of that year).
  const window = parseQueryWindow(outsideQuotes(query), opts.now);
  const text = withoutWindowText(query, window);
  const where = filters(actor, opts);
  // A remote embedder gets a short budget: a search that waited REMOTE_TIMEOUT_MS
  // on a hanging service was no search at all (issue 16, finding 6).
  const { docCount, tableRows, commonWords } = await stage("search: user statistics", () => userSearchStats(actor, text));
  const vector = mode === "text" ? null : await stage("search: embed the query", () => embedOrNull(withoutWords(text, commonWords), "searching by text only", Deadline.in(getConfig().searchEmbedBudgetMs)));
  const degraded: SearchDegraded | undefined = mode !== "text" && !vector ? "text_only" : undefined;
  const legs = (w: Prisma.Sql) =>
    Promise.all([
      vectorCandidates(docCount, tableRows, vector, w, k, w !== where || hasFilters(opts)),
      mode === "vector" ? Promise.resolve([]) : bm25Candidates(actor, text, w, k, tuning.nameBoost),
    ]);
  let [vectorHits, lexicalHits] = await stage("search: vector and BM25 legs", () => legs(where));
  if (window) {
    // The window's own best candidates join the pool, so a boosted memory need not
    // have made the unwindowed top k.
    const [v, l] = await stage("search: vector and BM25 legs", () => legs(filters(actor, opts, window)));
    vectorHits = mergeCandidates(vectorHits, v);
    lexicalHits = mergeCandidates(lexicalHits, l);
  }
  let fused: Map<string, number>;
  if (tuning.fusion === "rrf") {
    fused = new Map(reciprocalRankFusion([vectorHits.map((c) => c.id), lexicalHits.map((c) => c.id)]).map((f) => [f.id, f.score * (RRF_K + 1) / 2]));
  } else {
    fused = weightedFusion(vectorHits, lexicalHits, tuning);
  }
  if (mode === "hybrid" && tuning.unnamedFactor !== 1 && lexicalHits.some((c) => c.named)) {
    // Names and numbers are the strongest evidence a question carries (see the top of this file).
    const named = new Set(lexicalHits.filter((c) => c.named).map((c) => c.id));
    for (const [id, score] of fused) if (!named.has(id)) fused.set(id, score * tuning.unnamedFactor);
  }
  if (mode === "hybrid" && lexicalHits.some((c) => c.quoted)) {
    // Quotes ask for those words in that order: memories holding the phrase come first
    // (ranked among themselves as usual), as a search engine's quotes do.
    for (const c of lexicalHits) if (c.quoted && fused.has(c.id)) fused.set(c.id, fused.get(c.id)! + QUOTED_BOOST);
  }
  if (window) {
    const at = new Map([...vectorHits, ...lexicalHits].map((c) => [c.id, c.at]));
    for (const [id, score] of fused) {
      const t = at.get(id);
      if (t && t >= window.from && t < window.to) fused.set(id, score + tuning.windowBoost);
    }
  }
  const top = Math.max(1, ...fused.values());
  const ranked = [...fused]
    .map(([id, score]) => ({ id, score: Math.round((score / top) * 10_000) / 10_000 }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
  return { ranked, ...(degraded ? { degraded } : {}) };
}

/** One list of candidates, best score first, each id once (its best score kept). */
function mergeCandidates<C extends Candidate>(a: C[], b: C[]): C[] {
  const byId = new Map<string, C>();
  for (const c of [...a, ...b]) if (!byId.has(c.id) || byId.get(c.id)!.score < c.score) byId.set(c.id, c);
  return [...byId.values()].sort((x, y) => y.score - x.score);
}

export async function searchMemories(actor: MemoryActor, rawQuery: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
  return (await searchMemoriesReport(actor, rawQuery, opts)).results;
}

/** The hits, and `degraded` when the search could not use every leg it was asked for (the answers say so). */
export async function searchMemoriesReport(actor: MemoryActor, rawQuery: string, opts: SearchOptions = {}): Promise<{ results: SearchHit[]; degraded?: SearchDegraded }> {
  // Queries from MCP arguments are not validated like REST bodies; the access log stores them.
  const query = storableText(rawQuery);
  const { ranked: fused, degraded } = await rank(actor, query, opts);
  const report = (results: SearchHit[]) => ({ results, ...(degraded ? { degraded } : {}) });
  if (fused.length === 0) return report([]);

  // One statement (Prisma's findMany with both includes took three: ~4 ms of a
  // 16 ms search at 10k memories, bench:memory).
  const rows = await stage("search: read the hits", () => sqlRows<{ id: string; content: string; created_at: Date; occurred_at: Date | null; app: string; categories: string[] }>(Prisma.sql`
    SELECT m."id", m."content", m."created_at", m."occurred_at", a."name" AS "app",
           array(SELECT c."name" FROM "memory_categories" mc JOIN "categories" c ON c."id" = mc."category_id" WHERE mc."memory_id" = m."id") AS "categories"
    FROM "memories" m JOIN "apps" a ON a."id" = m."app_id"
    WHERE m."id" = ANY(${fused.map((f) => f.id)}::uuid[]) AND ${scopeSql(actor, { states: opts.includeStates })}`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const hits: SearchHit[] = fused
    .filter((f) => byId.has(f.id))
    .map((f) => {
      const m = byId.get(f.id)!;
      return {
        id: m.id,
        memory: m.content,
        score: f.score,
        created_at: m.created_at.toISOString(),
        app: m.app,
        categories: [...m.categories].sort(),
        ...(m.occurred_at ? { occurred_at: m.occurred_at.toISOString() } : {}),
      };
    });
  await stage("search: read log", () => logAccess(actor, hits.map((h) => h.id), "search", { query: query.slice(0, 200) }));
  return report(hits);
}

// Adding memories. Without an LLM the text is stored as one memory, unless it is
// an exact or near duplicate of one of the user's active memories. With an LLM
// (and infer !== false) the text is split into atomic facts and the LLM decides,
// per fact, ADD / UPDATE / DELETE / NONE against the user's similar memories.
// A failing embedder or LLM never loses the text: it is stored with its
// embedding pending and filled in later (retryPendingEmbeddings / npm run reindex).
import "server-only";
import { leadingDate } from "./time";
import { z } from "zod";
import { getConfig } from "../config";
import { getPrisma, sqlRows } from "../db";
import { embedAllOrNull, getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { chatJson, llmConfigured } from "../llm/client";
import { log } from "../log";
import type { MemoryActor } from "./actor";
import { writableApp } from "./apps";
import { CATEGORY_NAMES, classifyMemory, isCategoryName, type CategoryName } from "./categories";
import { retryPendingEmbeddings } from "./embedding-jobs";
import { inBackground } from "../background";
import { Deadline } from "../remote/deadline";
import { openProposalOf, stageReview, writesReviewed } from "./review";
import { scopeSql, scopeWhere } from "./scope";
import { categoryIdsOf, contentHash, type Tx } from "./shared";
import { castEmbedding, indexPredicate, queryVector } from "./vector";
import { changedBy, createdBy, embeddingValues, rewriteText } from "./write";
import { MemoryError, type AddResult } from "./types";
import { storableDeep, storableText } from "../text";
import { stage } from "../stage-timing";

export const MAX_MEMORY_CHARS = 10_000;

export interface AddOptions {
  metadata?: Record<string, unknown>;
  /** false: store the text as given, even when an LLM is configured. */
  infer?: boolean;
  /** When what the text says happened (default: a date at the start of the text, if any; see time.ts). */
  occurredAt?: Date;
}

/** Vectors for texts to be stored, in one embedder call; null where the memory will be stored pending. */
const embedForWrite = (texts: string[], deadline: Deadline) => embedAllOrNull(texts, "memory stored with embedding pending", deadline);

interface Neighbour {
  id: string;
  content: string;
  similarity: number;
}

/** The active memories the actor may see nearest to `vector` (duplicates, the LLM's context). */
async function nearestVisible(actor: MemoryActor, vector: number[], limit: number): Promise<Neighbour[]> {
  const embedder = getEmbedder();
  const rows = await sqlRows<{ id: string; content: string; distance: number }>(Prisma.sql`
    SELECT m."id", m."content", (${castEmbedding(embedder)} <=> ${queryVector(embedder, vector)})::float8 AS distance
    FROM "memories" m
    WHERE ${scopeSql(actor)} AND ${indexPredicate(embedder)}
    ORDER BY ${castEmbedding(embedder)} <=> ${queryVector(embedder, vector)}
    LIMIT ${limit}`);
  return rows.map((r) => ({ id: r.id, content: r.content, similarity: 1 - Number(r.distance) }));
}

/** Who writes: the actor, the (writable) app it writes as, and the request's time for remote calls. */
interface Writer {
  actor: MemoryActor;
  appId: string;
  deadline: Deadline;
}

/**
 * The new memory, its categories and its first history row in one statement (one
 * round trip, and the row written once with its embedding: an INSERT then an UPDATE
 * of the vector wrote every index twice — 9.7 ms of a 20 ms add over MCP at 10k
 * memories, bench:stages). Under review it is stored as pending_review and proposed.
 */
async function insertMemory(
  writer: Writer,
  args: { text: string; vector: number[] | null; metadata: Record<string, unknown>; categories: CategoryName[]; occurredAt?: Date },
  tx?: Tx,
): Promise<string> {
  // Under review the memory is stored, embedded and categorised, but no reader sees it until approved.
  const reviewed = writesReviewed(writer.actor);
  if (reviewed && !tx) throw new Error("a reviewed write is stored in a transaction with its proposal");
  const state = reviewed ? "pending_review" : "active";
  const author = createdBy(writer.actor);
  const by = changedBy(writer.actor, writer.appId);
  const embedding = embeddingValues(args.vector);
  const categoryIds = await categoryIdsOf(args.categories, tx);
  const sql = Prisma.sql`
    WITH m AS (
      INSERT INTO "memories" ("user_id", "app_id", "state", "content", "content_hash", "metadata", "occurred_at",
        "created_via", "created_by_key_id", "created_by_grant_id", "embedding", "embedding_model", "embedding_status")
      VALUES (${writer.actor.userId}::uuid, ${writer.appId}::uuid, ${state}::memory_state, ${args.text}, ${contentHash(args.text)},
        ${JSON.stringify(args.metadata)}::jsonb, ${args.occurredAt ?? null}::timestamptz,
        ${author.createdVia}, ${author.createdByKeyId}::uuid, ${author.createdByGrantId}::uuid,
        ${embedding.embedding}, ${embedding.model}, ${embedding.status})
      RETURNING "id"
    ), categories AS (
      INSERT INTO "memory_categories" ("memory_id", "category_id")
      SELECT m."id", c FROM m, unnest(${categoryIds}::uuid[]) AS c
    ), history AS (
      INSERT INTO "memory_status_history" ("memory_id", "changed_by", "changed_via", "app_id", "api_key_id", "oauth_grant_id", "old_state", "new_state", "reason")
      SELECT m."id", ${by.changedBy}::uuid, ${by.changedVia}, ${by.appId}::uuid, ${by.apiKeyId}::uuid, ${by.oauthGrantId}::uuid,
        NULL, ${state}::memory_state, ${reviewed ? "proposed" : "created"} FROM m
    )
    SELECT "id" FROM m`;
  // Alone, one statement on the driver (sqlRows: no transaction needed, and ~0.7 ms less than $queryRaw);
  // in a transaction (the LLM's decisions, a reviewed write), in it.
  if (!tx) return (await sqlRows<{ id: string }>(sql))[0]!.id;
  const [row] = await tx.$queryRaw<{ id: string }[]>(sql);
  if (reviewed) await stageReview(tx, writer.actor, writer.appId, { memoryId: row!.id, action: "add" });
  return row!.id;
}

const DEDUPE_STOP_WORDS = new Set(["a", "an", "the", "i", "im", "i'm", "am", "is", "are", "was", "to", "of", "and", "my", "me", "in", "on", "at", "it", "its", "it's", "that", "this", "really", "very", "so", "just", "do", "does"]);

function dedupeTokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).map((t) => t.replace(/'s$/, "")).filter((t) => !DEDUPE_STOP_WORDS.has(t));
}

/**
 * A near duplicate is close in meaning (cosine ≥ MEMORY_DEDUPE_SIMILARITY, default
 * 0.95) AND nearly the same words (Jaccard ≥ 0.75 on content words) AND the very
 * same numbers — "I have 2 cats" and "I have 3 cats" embed almost identically but
 * are different facts.
 */
export function isNearDuplicate(a: string, b: string, similarity: number, threshold: number): boolean {
  if (similarity < threshold) return false;
  const ta = new Set(dedupeTokens(a));
  const tb = new Set(dedupeTokens(b));
  const numbers = (s: Set<string>) => [...s].filter((t) => /\d/.test(t)).sort().join(" ");
  if (numbers(ta) !== numbers(tb)) return false;
  const inter = [...ta].filter((t) => tb.has(t)).length;
  const union = new Set([...ta, ...tb]).size;
  return union === 0 || inter / union >= 0.75;
}

async function findExactDuplicate(actor: MemoryActor, text: string): Promise<{ id: string; content: string } | null> {
  // SQL with the scope's fragment (Prisma's findFirst with the same scope took ~1.3 ms, bench:stages).
  const [row] = await sqlRows<{ id: string; content: string }>(Prisma.sql`
    SELECT m."id", m."content" FROM "memories" m WHERE m."content_hash" = ${contentHash(text)} AND ${scopeSql(actor)} LIMIT 1`);
  return row ?? null;
}

/** Stores the text as one memory (or finds its duplicate among the memories the actor may see). */
async function addVerbatim(writer: Writer, text: string, opts: AddOptions): Promise<AddResult[]> {
  const exact = await stage("add: exact duplicate", () => findExactDuplicate(writer.actor, text));
  if (exact) return [{ id: exact.id, memory: exact.content, event: "NONE" }];
  if (writesReviewed(writer.actor)) {
    const proposed = await openProposalOf(writer.actor, writer.appId, contentHash(text));
    if (proposed) return [{ id: proposed.id, memory: proposed.content, event: "NONE", pending_review: true }];
  }
  const [vector] = await stage("add: embed", () => embedForWrite([text], writer.deadline));
  if (vector) {
    const [nearest] = await stage("add: near duplicate", () => nearestVisible(writer.actor, vector, 1));
    if (nearest && isNearDuplicate(text, nearest.content, nearest.similarity, getConfig().dedupeSimilarity)) {
      return [{ id: nearest.id, memory: nearest.content, event: "NONE" }];
    }
  }
  // Classified before the transaction: nothing slow may run while it holds the connection.
  const categories = await stage("add: categories", () => classifyMemory(text, vector, writer.deadline));
  const prisma = await getPrisma();
  const args = { text, vector, metadata: opts.metadata ?? {}, categories, occurredAt: opts.occurredAt };
  // One statement needs no transaction of its own; a reviewed write also records its proposal, so it takes one.
  const id = await stage("add: insert", () => (writesReviewed(writer.actor) ? prisma.$transaction((tx) => insertMemory(writer, args, tx)) : insertMemory(writer, args)));
  return [{ id, memory: text, event: "ADD", ...(vector ? {} : { embedding_pending: true }), ...reviewFlag(writer) }];
}

/** Results of a reviewed writer say so (an additive field: the answer is otherwise unchanged). */
const reviewFlag = (writer: Writer): { pending_review?: true } => (writesReviewed(writer.actor) ? { pending_review: true } : {});

const factsSchema = z.object({
  facts: z.array(z.object({ text: z.string().min(1).max(MAX_MEMORY_CHARS), categories: z.array(z.string()).default([]) })).max(50),
});

const decisionsSchema = z.object({
  memory: z.array(
    z.object({
      id: z.string(),
      text: z.string().max(MAX_MEMORY_CHARS).default(""),
      event: z.enum(["ADD", "UPDATE", "DELETE", "NONE"]),
    }),
  ),
});

const EXTRACT_PROMPT = `You extract durable personal facts from a user's message for a memory store.
Return JSON {"facts":[{"text":"...","categories":["..."]}]}. Each fact is one short, self-contained
statement in the third person or first person as written ("Prefers window seats"). Skip greetings,
questions and anything not worth remembering; return {"facts":[]} if there is nothing.
Categories are chosen from: ${CATEGORY_NAMES.join(", ")}.`;

const DECIDE_PROMPT = `You maintain a user's memory store. You get the existing memories (with integer ids) and
new facts. For each new fact decide:
- ADD: new information (give it a new id "new").
- UPDATE: it refines or changes an existing memory (keep that id, give the merged text).
- DELETE: it contradicts an existing memory that should be removed (that id).
- NONE: already known (that id).
Return JSON {"memory":[{"id":"<existing id or new>","text":"<memory text>","event":"ADD|UPDATE|DELETE|NONE"}]}.
Only use ids from the existing list. Never invent facts that are not in the input.`;

async function addWithLlm(writer: Writer, text: string, opts: AddOptions): Promise<AddResult[]> {
  const { actor, deadline } = writer;
  const { facts } = await chatJson(
    [
      { role: "system", content: EXTRACT_PROMPT },
      { role: "user", content: text },
    ],
    factsSchema,
    { deadline },
  );
  // The caller asked to remember this text: if the LLM finds no fact in it, store it as written.
  if (facts.length === 0) return addVerbatim(writer, text, opts);

  const vectors = await embedForWrite(facts.map((f) => f.text), deadline);
  const existing = new Map<string, string>();
  for (const v of vectors) {
    if (!v) continue;
    for (const n of await nearestVisible(actor, v, 5)) existing.set(n.id, n.content);
  }
  // The LLM sees small integers, never our uuids, so it cannot invent a valid id.
  const idByIndex = [...existing.keys()];
  const { memory: decisions } = await chatJson(
    [
      { role: "system", content: DECIDE_PROMPT },
      {
        role: "user",
        content: JSON.stringify({
          existing: idByIndex.map((id, i) => ({ id: String(i), text: existing.get(id) })),
          new_facts: facts.map((f) => f.text),
        }),
      },
    ],
    decisionsSchema,
    { deadline },
  );

  const localCategories = await Promise.all(facts.map((f, i) => classifyMemory(f.text, vectors[i], deadline)));
  const categoriesFor = (t: string): CategoryName[] => {
    const i = facts.findIndex((f) => f.text === t);
    const fromLlm = (facts[i]?.categories ?? []).map((c) => c.toLowerCase()).filter(isCategoryName);
    if (fromLlm.length) return fromLlm;
    return i >= 0 ? localCategories[i] : ["personal"];
  };

  // Every vector the decisions need is computed before the transaction: a remote
  // embedder must not be called while the transaction holds a connection.
  const vectorByText = new Map<string, number[] | null>(facts.map((f, i) => [f.text, vectors[i]]));
  const rewritten = [...new Set(decisions.filter((d) => d.event === "ADD" || d.event === "UPDATE").map((d) => d.text.trim()))].filter((t) => t && !vectorByText.has(t));
  const rewrittenVectors = await embedForWrite(rewritten, deadline);
  rewritten.forEach((t, i) => vectorByText.set(t, rewrittenVectors[i]));
  // A merged text the LLM wrote is classified as itself (before the transaction, like its vector).
  const rewrittenCategories = new Map<string, CategoryName[]>();
  for (const t of rewritten) rewrittenCategories.set(t, await classifyMemory(t, vectorByText.get(t) ?? null, deadline));

  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const results: AddResult[] = [];
    for (const d of decisions) {
      const existingId = /^\d+$/.test(d.id) ? idByIndex[Number(d.id)] : undefined;
      if (d.event === "ADD") {
        const factText = d.text.trim();
        if (!factText) continue;
        const vector = vectorByText.get(factText) ?? null;
        const id = await insertMemory(writer, { text: factText, vector, metadata: opts.metadata ?? {}, categories: categoriesFor(factText), occurredAt: opts.occurredAt }, tx);
        results.push({ id, memory: factText, event: "ADD", ...(vector ? {} : { embedding_pending: true }), ...reviewFlag(writer) });
      } else if (existingId && d.event === "UPDATE" && d.text.trim()) {
        const newText = d.text.trim();
        const old = await tx.memory.findFirst({ where: { id: existingId, ...scopeWhere(actor) }, select: { id: true, content: true, state: true } });
        if (!old) continue;
        if (writesReviewed(actor)) {
          // Staged: the existing memory keeps its text until the person approves.
          await stageReview(tx, actor, writer.appId, { memoryId: existingId, action: "update", proposedText: newText, reason: "the assistant's memory pipeline merged a new fact" });
        } else {
          await rewriteText(tx, actor, old, newText, vectorByText.get(newText) ?? null, rewrittenCategories.get(newText) ?? categoriesFor(newText), writer.appId);
        }
        results.push({ id: existingId, memory: newText, event: "UPDATE", ...reviewFlag(writer) });
      } else if (existingId && d.event === "DELETE" && writesReviewed(actor)) {
        const target = await tx.memory.findFirst({ where: { id: existingId, ...scopeWhere(actor) }, select: { id: true } });
        if (!target) continue;
        await stageReview(tx, actor, writer.appId, { memoryId: existingId, action: "delete", reason: "contradicted by a new fact" });
        results.push({ id: existingId, memory: existing.get(existingId) ?? "", event: "DELETE", pending_review: true });
      } else if (existingId && d.event === "DELETE") {
        const { count } = await tx.memory.updateMany({ where: { id: existingId, ...scopeWhere(actor) }, data: { state: "deleted", deletedAt: new Date() } });
        if (count === 0) continue;
        await tx.memoryStatusHistory.create({
          data: { memoryId: existingId, ...changedBy(actor, writer.appId), oldState: "active", newState: "deleted", reason: "contradicted by a new fact" },
        });
        results.push({ id: existingId, memory: existing.get(existingId) ?? "", event: "DELETE" });
      } else if (existingId && d.event === "NONE") {
        results.push({ id: existingId, memory: existing.get(existingId) ?? "", event: "NONE" });
      }
    }
    return results;
  });
}

/**
 * Adds a memory as `actor`, attributed to the app it writes as (created on first
 * use; a paused app cannot add). Returns what was added, updated, deleted or found.
 */
export async function addMemory(actor: MemoryActor, text: string, opts: AddOptions = {}): Promise<{ results: AddResult[] }> {
  const app = await stage("add: app", () => writableApp(actor));
  // One budget for every remote call of this add (LLM, embedder): past it, the text is stored pending.
  const writer: Writer = { actor, appId: app.id, deadline: Deadline.in(getConfig().remoteTimeoutMs) };
  // Text from MCP arguments is not validated like REST bodies: make it storable here.
  const clean = storableText(text).trim();
  if (!clean) throw new MemoryError("bad_request", "Memory text is empty");
  // The time is the whole text's: facts an LLM extracts from a dated message keep its date.
  opts = { ...opts, metadata: opts.metadata ? storableDeep(opts.metadata) : undefined, occurredAt: opts.occurredAt ?? leadingDate(clean) ?? undefined };
  let results: AddResult[];
  if (llmConfigured() && opts.infer !== false) {
    try {
      results = await addWithLlm(writer, clean, opts);
    } catch (e) {
      // The LLM is an optional extra: its failure must not lose what the user said.
      log.warn("LLM memory pipeline failed; storing the text as given", { error: e });
      results = await addVerbatim(writer, clean, { ...opts, metadata: { ...opts.metadata, inference: "failed" } });
    }
  } else {
    results = await addVerbatim(writer, clean, opts);
  }
  // Opportunistic retry of earlier embedding failures, off the caller's path.
  inBackground("pending embedding retry", () => retryPendingEmbeddings({ userId: actor.userId, limit: 20 }));
  return { results };
}

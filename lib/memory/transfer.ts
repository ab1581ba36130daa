// Export and import of a user's memories as JSON Lines. Import is all or nothing:
// every line is validated first (errors name the line), then the lines are written
// in short chunked transactions (see importMemories); it is idempotent by id (an id
// already present is skipped).
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { getPrisma } from "../db";
import { getEmbedder, toVectorLiteral } from "../embeddings";
import { isShallowJson, isStorableDate, isStorableDeep, isStorableText, JSON_TOO_DEEP_MESSAGE, STORABLE_DATE_MESSAGE, UNSTORABLE_TEXT_MESSAGE } from "../text";

import { ImportError } from "../errors";
import { inBackground } from "../background";
import { log } from "../log";
import type { MemoryActor } from "./actor";
import { getOrCreateApp } from "./apps";
import { fillPendingEmbeddings } from "./embedding-jobs";
import { isCategoryName } from "./categories";
import { ALL_STATES, scopeWhere } from "./scope";
import { contentHash, getCategoryIds, memoryInclude, toMemoryOut, type Tx } from "./shared";
import { changedBy, createdBy } from "./write";
import { MEMORY_STATES, type MemoryOut } from "./types";

export { ImportError };

// Postgres text and jsonb cannot hold U+0000: such a line is invalid, not a database error.
const noNul = { message: UNSTORABLE_TEXT_MESSAGE };
const storableDate = z.iso.datetime({ offset: true }).refine((s) => isStorableDate(new Date(s)), STORABLE_DATE_MESSAGE);

export const exportLine = z.object({
  id: z.uuid(),
  content: z.string().trim().min(1).max(10_000).refine(isStorableText, noNul),
  state: z.enum(MEMORY_STATES).default("active"),
  app: z.string().trim().min(1).max(100).refine(isStorableText, noNul).default("import"),
  categories: z.array(z.string()).default([]),
  metadata: z.record(z.string(), z.unknown()).refine(isShallowJson, { message: JSON_TOO_DEEP_MESSAGE, abort: true }).refine(isStorableDeep, noNul).default({}),
  created_at: storableDate.optional(),
  updated_at: storableDate.optional(),
  archived_at: storableDate.nullable().optional(),
  deleted_at: storableDate.nullable().optional(),
});
export type ExportLine = z.infer<typeof exportLine>;

/** A memory as a line of the export file: the API's shape under the file's field names. */
function toExportLine(m: MemoryOut): ExportLine {
  // The author is not exported: on import the importer becomes the author.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, memory, state, app, created_by, ...rest } = m;
  // Exported states are the person's (ALL_STATES): proposals awaiting review are not exported.
  return { id, content: memory, state: state as ExportLine["state"], app: app.name, ...rest };
}

/** Streams the memories the actor may see (the dashboard: all, the trash included), oldest first, one JSON object per line. */
export async function* exportMemories(actor: MemoryActor): AsyncGenerator<string> {
  const prisma = await getPrisma();
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.memory.findMany({
      where: scopeWhere(actor, { states: ALL_STATES }),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 500,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      include: memoryInclude,
    });
    for (const m of rows) yield JSON.stringify(toExportLine(toMemoryOut(m))) + "\n";
    if (rows.length < 500) return;
    cursor = rows[rows.length - 1].id;
  }
}

export const MAX_IMPORT_LINES = 10_000;

/** Lines validated between two yields of the event loop (~8 ms of work: 10k lines take ~80 ms in all). */
const PARSE_SLICE = 1_000;

export async function parseImport(text: string): Promise<ExportLine[]> {
  const errors: { line: number; message: string }[] = [];
  const lines: ExportLine[] = [];
  const raw = text.split(/\r?\n/);
  if (raw.filter((l) => l.trim()).length > MAX_IMPORT_LINES) throw new ImportError([{ line: 0, message: `at most ${MAX_IMPORT_LINES} lines per import` }]);
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % PARSE_SLICE === 0) await yieldToEventLoop();
    const l = raw[i]!;
    if (!l.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch {
      errors.push({ line: i + 1, message: "not valid JSON" });
      continue;
    }
    const parsed = exportLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({ line: i + 1, message: `${issue.path.join(".") || "line"}: ${issue.message}` });
    } else lines.push(parsed.data);
  }
  if (errors.length) throw new ImportError(errors.slice(0, 50));
  return lines;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A stable uuid (version 5 layout) for `id` imported into `userId`'s account when `id` belongs to another user. */
function importedIdFor(userId: string, id: string): string {
  const h = crypto.createHash("sha256").update(`import:${userId}:${id.toLowerCase()}`).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// How long one chunk may hold the database. PGlite is one connection in this
// process: while a chunk runs, every other user's query waits for it, so the
// chunk size follows the measured cost per row (bench:import: ~0.4 ms a row
// without a vector, ~3 ms with one, which maintains the HNSW index) to stay near
// this budget; on PostgreSQL it bounds each transaction the same way.
const CHUNK_BUDGET_MS = 25;
const MIN_CHUNK = 10;
const MAX_CHUNK = 500;
/**
 * How long an import may embed inline. A file whose lines would all fit (at the
 * measured ~3 ms a row) is embedded as it is written; a larger one is stored with
 * every embedding pending and embedded in the background: embedding its first
 * second's worth inline (as before) made a 10k-line import ~1 s longer for 3 % of
 * its vectors (bench:import).
 */
const INLINE_EMBEDDING_BUDGET_MS = 1000;

/**
 * Imports an export file, all or nothing. Lines are written in chunks, each one
 * short transaction of multi-row statements, with the event loop yielded between
 * chunks: one transaction for the whole file held PGlite's only connection (and
 * the event loop) for a minute at 10k lines, and on PostgreSQL ran past the
 * interactive-transaction timeout above ~4,000 lines. A file small enough is
 * embedded as it is written (INLINE_EMBEDDING_BUDGET_MS); otherwise lines are stored with
 * their embedding pending (counted in `embedding_pending`, searchable by text at
 * once) and embedded after the response in small batches (fillPendingEmbeddings).
 * All or nothing is kept by compensation: if a chunk fails, the rows the earlier
 * chunks inserted are deleted before the error is thrown. (A process killed
 * mid-import can leave a prefix of the file imported; importing the same file
 * again completes it, since lines are idempotent by id.)
 */
export async function importMemories(actor: MemoryActor, text: string): Promise<{ imported: number; skipped: number; embedding_pending: number }> {
  const { userId } = actor;
  const lines = await parseImport(text);
  if (lines.length === 0) return { imported: 0, skipped: 0, embedding_pending: 0 };
  const prisma = await getPrisma();
  const apps = new Map<string, string>();
  for (const name of new Set(lines.map((l) => l.app))) apps.set(name, (await getOrCreateApp(userId, name)).id);
  const embedder = getEmbedder();
  const categoryIds = await getCategoryIds();
  const embedUntil = performance.now() + INLINE_EMBEDDING_BUDGET_MS;
  const msPerRow = { withVectors: 3, withoutVectors: 0.4 }; // first guesses, then measured
  let embedding = lines.length * msPerRow.withVectors <= INLINE_EMBEDDING_BUDGET_MS;
  const inserted: string[] = [];
  let pending = 0;
  try {
    for (let from = 0; from < lines.length; ) {
      embedding &&= performance.now() < embedUntil;
      const kind = embedding ? "withVectors" : "withoutVectors";
      const size = Math.round(Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, CHUNK_BUDGET_MS / msPerRow[kind])));
      const part = lines.slice(from, from + size);
      from += part.length;
      let vectors: (number[] | null)[] = part.map(() => null);
      if (embedding) {
        try {
          vectors = await embedder.embed(part.map((l) => l.content));
        } catch (e) {
          log.warn("import: embedder failed; the rest is stored with embedding pending", { error: e });
          embedding = false;
        }
      }
      const chunk = part.map((line, i) => ({ line, vector: vectors[i] ?? null }));
      let started = 0;
      const done = await prisma.$transaction((tx) => {
        // Timed from inside: waiting for other users' queries to release the connection is not this chunk's cost.
        started = performance.now();
        return insertChunk(tx, actor, chunk, { apps, categoryIds, embedderId: embedder.id });
      });
      // A moving average, so one slow chunk (a checkpoint, a page split) does not halve the next ones.
      msPerRow[kind] = 0.7 * msPerRow[kind] + 0.3 * ((performance.now() - started) / part.length);
      inserted.push(...done.ids);
      pending += done.pending;
      await yieldToEventLoop();
    }
  } catch (e) {
    if (inserted.length) {
      await prisma.memory.deleteMany({ where: { id: { in: inserted }, userId } }).catch((undo) => log.error("import: could not undo a failed import", { error: undo, count: inserted.length }));
    }
    throw e;
  }
  if (pending > 0) inBackground("import embeddings", () => fillPendingEmbeddings(userId));
  return { imported: inserted.length, skipped: lines.length - inserted.length, embedding_pending: pending };
}

interface ChunkLine {
  line: ExportLine;
  vector: number[] | null;
}

/** One chunk of an import in one transaction: the memories, their categories and history, each one multi-row statement. */
async function insertChunk(
  tx: Tx,
  actor: MemoryActor,
  chunk: ChunkLine[],
  ctx: { apps: Map<string, string>; categoryIds: Map<string, string>; embedderId: string },
): Promise<{ ids: string[]; pending: number }> {
  const { userId } = actor;
  const author = createdBy(actor);
  const now = new Date().toISOString();
  const date = (s: string | null | undefined, fallback: string | null) => (s ? new Date(s).toISOString() : fallback);
  // Embedding status, model and vector are set together, as setEmbedding (write.ts) does row by row.
  const insert = async (rows: { id: string; c: ChunkLine }[]) => {
    if (rows.length === 0) return new Set<string>();
    const col = <T,>(f: (r: { id: string; c: ChunkLine }) => T) => rows.map(f);
    const out = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "memories" ("id", "user_id", "app_id", "content", "content_hash", "state", "metadata",
        "created_at", "updated_at", "archived_at", "deleted_at", "created_via", "created_by_key_id",
        "embedding", "embedding_model", "embedding_status")
      SELECT x.id, ${userId}::uuid, x.app_id, x.content, x.hash, x.state::memory_state, x.metadata::jsonb,
        x.created_at::timestamptz, x.updated_at::timestamptz, x.archived_at::timestamptz, x.deleted_at::timestamptz,
        ${author.createdVia}, ${author.createdByKeyId}::uuid,
        x.vec::vector, CASE WHEN x.vec IS NULL THEN NULL ELSE ${ctx.embedderId} END,
        (CASE WHEN x.vec IS NULL THEN 'pending' ELSE 'ready' END)::embedding_status
      FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => ctx.apps.get(r.c.line.app)!)}::uuid[], ${col((r) => r.c.line.content)}::text[],
        ${col((r) => contentHash(r.c.line.content))}::text[], ${col((r) => r.c.line.state)}::text[], ${col((r) => JSON.stringify(r.c.line.metadata))}::text[],
        ${col((r) => date(r.c.line.created_at, now))}::text[], ${col((r) => date(r.c.line.updated_at, now))}::text[],
        ${col((r) => date(r.c.line.archived_at, null))}::text[], ${col((r) => date(r.c.line.deleted_at, null))}::text[],
        ${col((r) => (r.c.vector ? toVectorLiteral(r.c.vector) : null))}::text[])
        AS x(id, app_id, content, hash, state, metadata, created_at, updated_at, archived_at, deleted_at, vec)
      ON CONFLICT ("id") DO NOTHING
      RETURNING "id"`;
    return new Set(out.map((r) => r.id));
  };
  const written = new Map<string, ChunkLine>();
  const first = chunk.map((c) => ({ id: c.line.id, c }));
  const firstDone = await insert(first);
  for (const r of first) if (firstDone.has(r.id) && !written.has(r.id)) written.set(r.id, r.c);
  // Ids already taken. By this user: already imported, skipped. By another user (a file
  // exported from someone else's account): stored under an id derived from both, so
  // re-importing stays idempotent and the answer never reveals whose the id is.
  const taken = first.filter((r) => !written.has(r.id)).map((r) => r.id);
  if (taken.length) {
    const foreign = new Set(
      (await tx.memory.findMany({ where: { id: { in: taken }, NOT: { userId } }, select: { id: true } })).map((m) => m.id),
    );
    const again = first.filter((r) => foreign.has(r.id)).map((r) => ({ id: importedIdFor(userId, r.id), c: r.c }));
    const againDone = await insert(again);
    for (const r of again) if (againDone.has(r.id) && !written.has(r.id)) written.set(r.id, r.c);
  }
  const ids = [...written.keys()];
  if (ids.length === 0) return { ids, pending: 0 };
  const links = [...written].flatMap(([id, c]) =>
    [...new Set(c.line.categories.filter(isCategoryName))].flatMap((name) => (ctx.categoryIds.has(name) ? [{ memoryId: id, categoryId: ctx.categoryIds.get(name)! }] : [])),
  );
  if (links.length) {
    await tx.$executeRaw`
      INSERT INTO "memory_categories" ("memory_id", "category_id")
      SELECT * FROM unnest(${links.map((l) => l.memoryId)}::uuid[], ${links.map((l) => l.categoryId)}::uuid[])
      ON CONFLICT DO NOTHING`;
  }
  // Raw multi-row statements: Prisma's createMany took ~150 ms per 250 history rows on PGlite, this ~20.
  const by = changedBy(actor);
  await tx.$executeRaw`
    INSERT INTO "memory_status_history" ("memory_id", "changed_by", "changed_via", "app_id", "api_key_id", "old_state", "new_state", "reason")
    SELECT x.memory_id, ${by.changedBy}::uuid, ${by.changedVia}, ${by.appId}::uuid, ${by.apiKeyId}::uuid, NULL, x.state::memory_state, 'imported'
    FROM unnest(${ids}::uuid[], ${ids.map((id) => written.get(id)!.line.state)}::text[]) AS x(memory_id, state)`;
  return { ids, pending: [...written.values()].filter((c) => !c.vector).length };
}

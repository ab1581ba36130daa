// Export and import of a user's memories as JSON Lines. Import is all or nothing:
// every line is validated first (errors name the line), then one transaction
// inserts; it is idempotent by id (an id already present is skipped).
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { isShallowJson, isStorableDate, isStorableDeep, isStorableText, JSON_TOO_DEEP_MESSAGE, STORABLE_DATE_MESSAGE, UNSTORABLE_TEXT_MESSAGE } from "../text";

import { ImportError } from "../errors";
import { log } from "../log";
import type { MemoryActor } from "./actor";
import { getOrCreateApp } from "./apps";
import { isCategoryName, type CategoryName } from "./categories";
import { ALL_STATES, scopeWhere } from "./scope";
import { contentHash, linkCategories, memoryInclude, toMemoryOut } from "./shared";
import { changedBy, createdBy, setEmbedding } from "./write";
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
  return { id, content: memory, state, app: app.name, ...rest };
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

export function parseImport(text: string): ExportLine[] {
  const errors: { line: number; message: string }[] = [];
  const lines: ExportLine[] = [];
  const raw = text.split(/\r?\n/);
  if (raw.filter((l) => l.trim()).length > MAX_IMPORT_LINES) throw new ImportError([{ line: 0, message: `at most ${MAX_IMPORT_LINES} lines per import` }]);
  raw.forEach((l, i) => {
    if (!l.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(l);
    } catch {
      errors.push({ line: i + 1, message: "not valid JSON" });
      return;
    }
    const parsed = exportLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push({ line: i + 1, message: `${issue.path.join(".") || "line"}: ${issue.message}` });
    } else lines.push(parsed.data);
  });
  if (errors.length) throw new ImportError(errors.slice(0, 50));
  return lines;
}

/** A stable uuid (version 5 layout) for `id` imported into `userId`'s account when `id` belongs to another user. */
function importedIdFor(userId: string, id: string): string {
  const h = crypto.createHash("sha256").update(`import:${userId}:${id.toLowerCase()}`).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function importMemories(actor: MemoryActor, text: string): Promise<{ imported: number; skipped: number; embedding_pending: number }> {
  const { userId } = actor;
  const lines = parseImport(text);
  if (lines.length === 0) return { imported: 0, skipped: 0, embedding_pending: 0 };
  const prisma = await getPrisma();
  // Apps and vectors are prepared before the transaction (no queries outside it while it is open).
  const apps = new Map<string, string>();
  for (const name of new Set(lines.map((l) => l.app))) apps.set(name, (await getOrCreateApp(userId, name)).id);
  const embedder = getEmbedder();
  let vectors: (number[] | null)[] = lines.map(() => null);
  try {
    vectors = await embedder.embed(lines.map((l) => l.content));
  } catch (e) {
    log.warn("import: embedder failed; memories stored with embedding pending", { error: e });
  }
  return prisma.$transaction(async (tx) => {
    let imported = 0;
    let pending = 0;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const v = vectors[i];
      const author = createdBy(actor);
      const insert = (id: string) => tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "memories" ("id", "user_id", "app_id", "content", "content_hash", "state", "metadata",
          "created_at", "updated_at", "archived_at", "deleted_at", "created_via", "created_by_key_id")
        VALUES (${id}::uuid, ${userId}::uuid, ${apps.get(l.app)}::uuid, ${l.content}, ${contentHash(l.content)}, ${l.state}::memory_state,
          ${JSON.stringify(l.metadata)}::jsonb,
          ${l.created_at ? new Date(l.created_at) : new Date()}, ${l.updated_at ? new Date(l.updated_at) : new Date()},
          ${l.archived_at ? new Date(l.archived_at) : null}, ${l.deleted_at ? new Date(l.deleted_at) : null},
          ${author.createdVia}, ${author.createdByKeyId}::uuid)
        ON CONFLICT ("id") DO NOTHING
        RETURNING "id"`;
      let id = l.id;
      let inserted = await insert(id);
      if (inserted.length === 0) {
        // The id is taken. By this user: already imported, skip. By another user (a file
        // exported from someone else's account): store under an id derived from both, so
        // re-importing stays idempotent and the answer never reveals whose the id is.
        const owner = await tx.memory.findUnique({ where: { id }, select: { userId: true } });
        if (owner && owner.userId !== userId) {
          id = importedIdFor(userId, l.id);
          inserted = await insert(id);
        }
      }
      if (inserted.length === 0) continue; // already imported: skipped
      await setEmbedding(tx, id, v, { embedder });
      if (!v) pending++;
      await linkCategories(tx, id, l.categories.filter(isCategoryName) as CategoryName[]);
      await tx.memoryStatusHistory.create({ data: { memoryId: id, ...changedBy(actor), oldState: null, newState: l.state, reason: "imported" } });
      imported++;
    }
    return { imported, skipped: lines.length - imported, embedding_pending: pending };
  });
}

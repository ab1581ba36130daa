// Small pieces shared by the engine's modules.
import "server-only";
import crypto from "node:crypto";
import { getDb, getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { CategoryName } from "./categories";
import { trimEnd } from "../text";
import type { ActorVia } from "./actor";
import type { MemoryOut } from "./types";

export type Tx = Prisma.TransactionClient;

/** Text normalised for exact-duplicate detection: case, whitespace, trailing punctuation. */
const TRAILING_PUNCTUATION = new Set([".", "!", "?", ";", ",", " "]);

export function normaliseForDedupe(text: string): string {
  // Whitespace is already single spaces here; the trailing trim is linear (see trimEnd).
  return trimEnd(text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim(), (c) => TRAILING_PUNCTUATION.has(c));
}

export function contentHash(text: string): string {
  return crypto.createHash("sha256").update(normaliseForDedupe(text)).digest("hex");
}

// Keyed by the database handle: a process that opens another database (a benchmark
// per corpus size, a test file per driver) must not link rows to the old ids.
let categoryIds: { db: object; ids: Map<string, string> } | undefined;

/**
 * name → id of the fixed taxonomy (seeded by migration; read once per process).
 * Inside a transaction pass `tx`: on PGlite (one connection) a query outside the
 * open transaction would wait for it forever.
 */
export async function getCategoryIds(db?: Tx): Promise<Map<string, string>> {
  const handle = await getDb();
  if (!categoryIds || categoryIds.db !== handle || categoryIds.ids.size === 0) {
    const rows = await (db ?? (await getPrisma())).category.findMany({ select: { id: true, name: true } });
    categoryIds = { db: handle, ids: new Map(rows.map((r) => [r.name, r.id])) };
  }
  return categoryIds.ids;
}

/** The taxonomy as id + name, sorted by name (from the per-process map: no query after the first). */
export async function categoryOptions(): Promise<{ id: string; name: string }[]> {
  return [...(await getCategoryIds())].map(([name, id]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The ids of the named categories, each once (names not in the taxonomy are left out). */
export async function categoryIdsOf(names: readonly CategoryName[], db?: Tx): Promise<string[]> {
  const ids = await getCategoryIds(db);
  return [...new Set(names)].map((n) => ids.get(n)).filter((id): id is string => !!id);
}

export async function linkCategories(tx: Tx, memoryId: string, names: CategoryName[]): Promise<void> {
  const data = (await categoryIdsOf(names, tx)).map((categoryId) => ({ memoryId, categoryId }));
  if (data.length) await tx.memoryCategory.createMany({ data, skipDuplicates: true });
}

export const memoryInclude = {
  app: { select: { id: true, name: true } },
  categories: { select: { category: { select: { name: true } } } },
} as const;

type MemoryRow = Prisma.MemoryGetPayload<{ include: typeof memoryInclude }>;

export function toMemoryOut(m: MemoryRow): MemoryOut {
  return {
    id: m.id,
    memory: m.content,
    state: m.state,
    app: { id: m.app.id, name: m.app.name },
    categories: m.categories.map((c) => c.category.name).sort(),
    metadata: (m.metadata ?? {}) as Record<string, unknown>,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
    archived_at: m.archivedAt?.toISOString() ?? null,
    deleted_at: m.deletedAt?.toISOString() ?? null,
    // NULL for memories written before authors were recorded.
    created_by: m.createdVia ? { via: m.createdVia as ActorVia, app: m.app.name, api_key_id: m.createdByKeyId } : null,
  };
}

export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

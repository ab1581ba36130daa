// Reading memories: paginated lists, one memory, its history, access log, neighbours,
// categories. Which memories are visible is decided by scope.ts alone.
import "server-only";
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { logAccess } from "./access-log";
import { isAssistant, type MemoryActor } from "./actor";
import { ALL_STATES, NOT_DELETED, scopeSql, scopeWhere } from "./scope";
import { isUuid, memoryInclude, toMemoryOut } from "./shared";
import { castEmbedding, indexPredicate } from "./vector";
import { MemoryError, type Author, type MemoryOut, type MemoryState } from "./types";

export interface ListOptions {
  page?: number;
  size?: number;
  searchQuery?: string;
  appIds?: string[];
  categoryIds?: string[];
  /** Default: everything but the trash (for assistants: active only, see scope.ts). */
  states?: MemoryState[];
  fromDate?: Date;
  toDate?: Date;
  sortColumn?: "created_at" | "content" | "app_name";
  sortDirection?: "asc" | "desc";
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export function pageOf<T>(items: T[], total: number, page: number, size: number): Page<T> {
  return { items, total, page, size, pages: Math.ceil(total / size) };
}

export async function listMemories(actor: MemoryActor, opts: ListOptions = {}): Promise<Page<MemoryOut>> {
  const prisma = await getPrisma();
  const page = Math.max(opts.page ?? 1, 1);
  const size = Math.min(Math.max(opts.size ?? 10, 1), 100);
  const states = opts.states?.length ? opts.states : NOT_DELETED;
  const where: Prisma.MemoryWhereInput = {
    AND: [
      scopeWhere(actor, { states }),
      {
        ...(opts.appIds?.length ? { appId: { in: opts.appIds } } : {}),
        ...(opts.categoryIds?.length ? { categories: { some: { categoryId: { in: opts.categoryIds } } } } : {}),
        ...(opts.searchQuery ? { content: { contains: opts.searchQuery, mode: "insensitive" } } : {}),
        ...(opts.fromDate || opts.toDate ? { createdAt: { ...(opts.fromDate ? { gte: opts.fromDate } : {}), ...(opts.toDate ? { lte: opts.toDate } : {}) } } : {}),
      },
    ],
  };
  const dir = opts.sortDirection ?? "desc";
  const orderBy: Prisma.MemoryOrderByWithRelationInput[] =
    opts.sortColumn === "content" ? [{ content: dir }] : opts.sortColumn === "app_name" ? [{ app: { name: dir } }] : [{ createdAt: dir }];
  orderBy.push({ id: "asc" }); // stable pages when sort keys tie
  const [total, rows] = await Promise.all([
    listTotal(actor, states, opts) ?? prisma.memory.count({ where }),
    prisma.memory.findMany({ where, orderBy, skip: (page - 1) * size, take: size, include: memoryInclude }),
  ]);
  const items = rows.map(toMemoryOut);
  await logAccess(actor, items.map((m) => m.id), "list");
  return pageOf(items, total, page, size);
}

/**
 * The total of the dashboard's unfiltered list (everything but the trash), read from
 * the per-user statistics the search keeps (memory_search_stats.doc_count: memories
 * not deleted, kept by triggers) minus the writes awaiting review, which the list does
 * not show. count(*) over the user's rows took 17 ms at 10k memories, more than the
 * page itself. Undefined for any other list: those are counted.
 */
function listTotal(actor: MemoryActor, states: readonly MemoryState[], opts: ListOptions): Promise<number> | undefined {
  const notDeleted = new Set(states).size === NOT_DELETED.length && NOT_DELETED.every((s) => states.includes(s));
  const unfiltered = !opts.appIds?.length && !opts.categoryIds?.length && !opts.searchQuery && !opts.fromDate && !opts.toDate;
  if (isAssistant(actor) || !notDeleted || !unfiltered) return undefined;
  return (async () => {
    const prisma = await getPrisma();
    const [row] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT (coalesce((SELECT "doc_count" FROM "memory_search_stats" WHERE "user_id" = ${actor.userId}::uuid), 0)
        - (SELECT count(*) FROM "memories" m WHERE m."user_id" = ${actor.userId}::uuid AND m."state" = 'pending_review'))::int AS "n"`;
    return row?.n ?? 0;
  })();
}

const notFound = () => new MemoryError("not_found", "Memory not found");

/** One memory the actor may see (the dashboard: in any state), or not_found — also for other users' ids. */
export async function getMemory(actor: MemoryActor, id: string): Promise<MemoryOut> {
  if (!isUuid(id)) throw notFound();
  const prisma = await getPrisma();
  const row = await prisma.memory.findFirst({ where: { id, ...scopeWhere(actor, { states: ALL_STATES }) }, include: memoryInclude });
  if (!row) throw notFound();
  await logAccess(actor, [row.id], "get");
  return toMemoryOut(row);
}

/** The memories `ids` the actor may see (in the states asked for), in the order given; others are left out. */
export async function memoriesByIds(actor: MemoryActor, ids: string[], opts: { states?: readonly MemoryState[] } = {}): Promise<MemoryOut[]> {
  const wanted = ids.filter(isUuid);
  if (wanted.length === 0) return [];
  const rows = await (await getPrisma()).memory.findMany({ where: { id: { in: wanted }, ...scopeWhere(actor, { states: opts.states ?? ALL_STATES }) }, include: memoryInclude });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = wanted.filter((id) => byId.has(id)).map((id) => toMemoryOut(byId.get(id)!));
  await logAccess(actor, items.map((m) => m.id), "get");
  return items;
}

/** Throws not_found unless the actor may see memory `id` (in any state it may see). */
export async function assertVisible(actor: MemoryActor, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const found = await (await getPrisma()).memory.findFirst({ where: { id, ...scopeWhere(actor, { states: ALL_STATES }) }, select: { id: true } });
  if (!found) throw notFound();
}

export interface HistoryEntry {
  id: string;
  old_state: MemoryState | null;
  new_state: MemoryState;
  reason: string | null;
  changed_at: string;
  /** Who made the change (null: before authors were recorded). */
  changed_by: Author | null;
}

export async function memoryHistory(actor: MemoryActor, id: string): Promise<HistoryEntry[]> {
  await assertVisible(actor, id);
  const rows = await (await getPrisma()).memoryStatusHistory.findMany({
    where: { memoryId: id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { app: { select: { name: true } } },
  });
  return rows.map((h) => ({
    id: h.id,
    old_state: h.oldState,
    new_state: h.newState,
    reason: h.reason,
    changed_at: h.createdAt.toISOString(),
    changed_by: h.changedVia ? { via: h.changedVia as Author["via"], app: h.app?.name ?? null, api_key_id: h.apiKeyId } : null,
  }));
}

export async function memoryAccessLog(actor: MemoryActor, id: string, page = 1, size = 20) {
  await assertVisible(actor, id);
  const prisma = await getPrisma();
  const where = { memoryId: id };
  const [total, rows] = await Promise.all([
    prisma.memoryAccessLog.count({ where }),
    prisma.memoryAccessLog.findMany({ where, orderBy: { accessedAt: "desc" }, skip: (page - 1) * size, take: size, include: { app: { select: { name: true } } } }),
  ]);
  const items = rows.map((r) => ({ id: r.id, app_id: r.appId, app_name: r.app.name, api_key_id: r.apiKeyId, access_type: r.accessType,
    // The search query that returned it, when it was a search.
    query: typeof (r.metadata as { query?: unknown } | null)?.query === "string" ? ((r.metadata as { query: string }).query) : null,
    accessed_at: r.accessedAt.toISOString(),
  }));
  return pageOf(items, total, page, size);
}

/** The nearest active memories the actor may see (by the current embedder's vectors). */
export async function relatedMemories(actor: MemoryActor, id: string, limit = 5): Promise<(MemoryOut & { similarity: number })[]> {
  await assertVisible(actor, id);
  const prisma = await getPrisma();
  const embedder = getEmbedder();
  const rows = await prisma.$queryRaw<{ id: string; distance: number }[]>`
    SELECT m."id", (${castEmbedding(embedder)} <=> (SELECT s."embedding"::vector(${Prisma.raw(String(embedder.dim))}) FROM "memories" s WHERE s."id" = ${id}::uuid))::float8 AS distance
    FROM "memories" m
    WHERE ${scopeSql(actor)} AND m."id" <> ${id}::uuid AND ${indexPredicate(embedder)}
      AND EXISTS (SELECT 1 FROM "memories" s WHERE s."id" = ${id}::uuid AND s."embedding_model" = ${embedder.id})
    ORDER BY distance
    LIMIT ${Math.min(Math.max(limit, 1), 50)}`;
  if (rows.length === 0) return [];
  const full = await prisma.memory.findMany({ where: { id: { in: rows.map((r) => r.id) }, ...scopeWhere(actor) }, include: memoryInclude });
  const byId = new Map(full.map((m) => [m.id, m]));
  const related = rows.filter((r) => byId.has(r.id)).map((r) => ({ ...toMemoryOut(byId.get(r.id)!), similarity: Math.round((1 - Number(r.distance)) * 10_000) / 10_000 }));
  await logAccess(actor, related.map((m) => m.id), "related");
  return related;
}

/** The taxonomy, with how many of the memories the actor may see (not in the trash) are in each category. */
export async function listCategories(actor: MemoryActor) {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ id: string; name: string; description: string | null; count: bigint | number }[]>`
    SELECT c."id", c."name", c."description", count(m."id") AS count
    FROM "categories" c
    LEFT JOIN "memory_categories" mc ON mc."category_id" = c."id"
    LEFT JOIN "memories" m ON m."id" = mc."memory_id" AND ${scopeSql(actor, { states: NOT_DELETED })}
    GROUP BY c."id" ORDER BY c."name"`;
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, memory_count: Number(r.count) }));
}

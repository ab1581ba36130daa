// Reading memories: paginated lists, one memory, its history, access log, neighbours.
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { Prisma } from "../generated/prisma/client";
import { isUuid, logAccess, memoryInclude, toMemoryOut } from "./shared";
import { castEmbedding, indexPredicate } from "./vector";
import { MemoryError, type MemoryActor, type MemoryOut, type MemoryState } from "./types";

export interface ListOptions {
  page?: number;
  size?: number;
  searchQuery?: string;
  appIds?: string[];
  categoryIds?: string[];
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

export async function listMemories(actor: MemoryActor, opts: ListOptions = {}): Promise<Page<MemoryOut>> {
  const prisma = await getPrisma();
  const page = Math.max(opts.page ?? 1, 1);
  const size = Math.min(Math.max(opts.size ?? 10, 1), 100);
  const where: Prisma.MemoryWhereInput = {
    userId: actor.userId,
    state: { in: opts.states?.length ? opts.states : ["active", "paused", "archived"] },
    ...(opts.appIds?.length ? { appId: { in: opts.appIds } } : {}),
    ...(opts.categoryIds?.length ? { categories: { some: { categoryId: { in: opts.categoryIds } } } } : {}),
    ...(opts.searchQuery ? { content: { contains: opts.searchQuery, mode: "insensitive" } } : {}),
    ...(opts.fromDate || opts.toDate ? { createdAt: { ...(opts.fromDate ? { gte: opts.fromDate } : {}), ...(opts.toDate ? { lte: opts.toDate } : {}) } } : {}),
  };
  const dir = opts.sortDirection ?? "desc";
  const orderBy: Prisma.MemoryOrderByWithRelationInput[] =
    opts.sortColumn === "content" ? [{ content: dir }] : opts.sortColumn === "app_name" ? [{ app: { name: dir } }] : [{ createdAt: dir }];
  orderBy.push({ id: "asc" }); // stable pages when sort keys tie
  const [total, rows] = await Promise.all([
    prisma.memory.count({ where }),
    prisma.memory.findMany({ where, orderBy, skip: (page - 1) * size, take: size, include: memoryInclude }),
  ]);
  const items = rows.map(toMemoryOut);
  await logAccess(actor, items.map((m) => m.id), "list");
  return { items, total, page, size, pages: Math.ceil(total / size) };
}

/** One of the actor's memories, or a not_found error (also for other users' ids). */
export async function getMemory(actor: MemoryActor, id: string): Promise<MemoryOut> {
  if (!isUuid(id)) throw new MemoryError("not_found", "Memory not found");
  const prisma = await getPrisma();
  const row = await prisma.memory.findFirst({ where: { id, userId: actor.userId }, include: memoryInclude });
  if (!row) throw new MemoryError("not_found", "Memory not found");
  await logAccess(actor, [row.id], "get");
  return toMemoryOut(row);
}

export async function assertOwnMemory(userId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new MemoryError("not_found", "Memory not found");
  const found = await (await getPrisma()).memory.findFirst({ where: { id, userId }, select: { id: true } });
  if (!found) throw new MemoryError("not_found", "Memory not found");
}

export async function memoryHistory(actor: MemoryActor, id: string) {
  await assertOwnMemory(actor.userId, id);
  const rows = await (await getPrisma()).memoryStatusHistory.findMany({ where: { memoryId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((h) => ({ id: h.id, old_state: h.oldState, new_state: h.newState, reason: h.reason, changed_at: h.createdAt.toISOString() }));
}

export async function memoryAccessLog(actor: MemoryActor, id: string, page = 1, size = 20) {
  await assertOwnMemory(actor.userId, id);
  const prisma = await getPrisma();
  const where = { memoryId: id };
  const [total, rows] = await Promise.all([
    prisma.memoryAccessLog.count({ where }),
    prisma.memoryAccessLog.findMany({ where, orderBy: { accessedAt: "desc" }, skip: (page - 1) * size, take: size, include: { app: { select: { name: true } } } }),
  ]);
  return {
    items: rows.map((r) => ({ id: r.id, app_id: r.appId, app_name: r.app.name, api_key_id: r.apiKeyId, access_type: r.accessType, accessed_at: r.accessedAt.toISOString() })),
    total,
    page,
    size,
    pages: Math.ceil(total / size),
  };
}

/** The nearest active memories of the same user (by the current embedder's vectors). */
export async function relatedMemories(actor: MemoryActor, id: string, limit = 5): Promise<(MemoryOut & { similarity: number })[]> {
  await assertOwnMemory(actor.userId, id);
  const prisma = await getPrisma();
  const embedder = getEmbedder();
  const rows = await prisma.$queryRaw<{ id: string; distance: number }[]>`
    SELECT m."id", (${castEmbedding(embedder)} <=> (SELECT s."embedding"::vector(${Prisma.raw(String(embedder.dim))}) FROM "memories" s WHERE s."id" = ${id}::uuid))::float8 AS distance
    FROM "memories" m
    WHERE m."user_id" = ${actor.userId}::uuid AND m."state" = 'active' AND m."id" <> ${id}::uuid AND ${indexPredicate(embedder)}
      AND EXISTS (SELECT 1 FROM "memories" s WHERE s."id" = ${id}::uuid AND s."embedding_model" = ${embedder.id})
    ORDER BY distance
    LIMIT ${Math.min(Math.max(limit, 1), 50)}`;
  if (rows.length === 0) return [];
  const full = await prisma.memory.findMany({ where: { id: { in: rows.map((r) => r.id) } }, include: memoryInclude });
  const byId = new Map(full.map((m) => [m.id, m]));
  return rows.filter((r) => byId.has(r.id)).map((r) => ({ ...toMemoryOut(byId.get(r.id)!), similarity: Math.round((1 - Number(r.distance)) * 10_000) / 10_000 }));
}

export async function listCategories(actor: MemoryActor) {
  const prisma = await getPrisma();
  const rows = await prisma.$queryRaw<{ id: string; name: string; description: string | null; count: bigint | number }[]>`
    SELECT c."id", c."name", c."description", count(m."id") AS count
    FROM "categories" c
    LEFT JOIN "memory_categories" mc ON mc."category_id" = c."id"
    LEFT JOIN "memories" m ON m."id" = mc."memory_id" AND m."user_id" = ${actor.userId}::uuid AND m."state" <> 'deleted'
    GROUP BY c."id" ORDER BY c."name"`;
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, memory_count: Number(r.count) }));
}

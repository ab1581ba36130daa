// The trash: every deletion (dashboard, REST, MCP, delete_all_memories, an approved
// proposal) is soft — state 'deleted', restorable — and only purgeTrash removes a
// memory for good, with its vector, categories, history and read log (cascades),
// once it has been in the trash longer than TRASH_RETENTION_DAYS.
import "server-only";
import { getConfig } from "../config";
import { getPrisma } from "../db";
import type { MemoryActor } from "./actor";
import { pageOf, type Page } from "./read";
import { scopeWhere } from "./scope";
import { memoryInclude, toMemoryOut } from "./shared";
import type { MemoryOut } from "./types";

/** When a memory deleted at `deletedAt` will be purged. */
export function purgeDateOf(deletedAt: Date, retentionDays = getConfig().trashRetentionDays): Date {
  return new Date(deletedAt.getTime() + retentionDays * 86_400_000);
}

/**
 * Hard-deletes what has been in the trash longer than the retention period (every
 * user's), in batches so no statement holds locks for long; also drops spent or
 * expired delete-all confirmation tokens. Returns how many memories were purged.
 */
export async function purgeTrash(opts: { now?: Date; retentionDays?: number; batch?: number } = {}): Promise<{ purged: number }> {
  const prisma = await getPrisma();
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - (opts.retentionDays ?? getConfig().trashRetentionDays) * 86_400_000);
  const batch = opts.batch ?? 1000;
  let purged = 0;
  for (;;) {
    const n = await prisma.$executeRaw`
      DELETE FROM "memories" WHERE "id" IN (
        SELECT "id" FROM "memories" WHERE "state" = 'deleted'
          AND ("deleted_at" < ${cutoff} OR ("deleted_at" IS NULL AND "updated_at" < ${cutoff})) -- imported without a date: its last change
        LIMIT ${batch})`;
    purged += n;
    if (n < batch) break;
  }
  await prisma.deleteConfirmation.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } });
  return { purged };
}

/** The trash as the dashboard shows it: most recently deleted first, each with its purge date. */
export async function trashPage(actor: MemoryActor, opts: { page?: number; size?: number } = {}): Promise<Page<MemoryOut & { purge_at: string }>> {
  const prisma = await getPrisma();
  const page = Math.max(opts.page ?? 1, 1);
  const size = Math.min(Math.max(opts.size ?? 20, 1), 100);
  const where = scopeWhere(actor, { states: ["deleted"] });
  const [total, rows] = await Promise.all([
    prisma.memory.count({ where }),
    prisma.memory.findMany({ where, orderBy: [{ deletedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }], skip: (page - 1) * size, take: size, include: memoryInclude }),
  ]);
  const items = rows.map((r) => ({ ...toMemoryOut(r), purge_at: purgeDateOf(r.deletedAt ?? r.updatedAt).toISOString() }));
  return pageOf(items, total, page, size);
}

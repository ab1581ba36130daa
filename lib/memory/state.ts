// State changes (archive, pause, restore, delete — soft) and text edits. Each writes
// MemoryStatusHistory with who made the change.
import "server-only";
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { isAssistant, type MemoryActor } from "./actor";
import { writableApp } from "./apps";
import { ALL_STATES, NOT_DELETED, scopeWhere } from "./scope";
import { isUuid } from "./shared";
import { changedBy, rewriteText } from "./write";
import { MemoryError, type MemoryState } from "./types";
import { storableText } from "../text";

export type StateAction = "archive" | "pause" | "restore" | "delete";

const TARGET: Record<StateAction, MemoryState> = { archive: "archived", pause: "paused", restore: "active", delete: "deleted" };

/** The app an assistant writes as (it must not be paused); the dashboard writes as itself. */
async function writerAppId(actor: MemoryActor): Promise<string | null> {
  return isAssistant(actor) ? (await writableApp(actor)).id : null;
}

/**
 * Moves the memories `ids` the actor may see to the state the action implies. Ids
 * it may not see are reported as not found (nothing is changed then: all or nothing).
 */
export async function changeState(actor: MemoryActor, ids: string[], action: StateAction, reason?: string): Promise<{ updated: number }> {
  const unique = [...new Set(ids)];
  if (unique.some((id) => !isUuid(id))) throw new MemoryError("not_found", "Memory not found");
  const appId = await writerAppId(actor);
  const prisma = await getPrisma();
  const target = TARGET[action];
  return prisma.$transaction(async (tx) => {
    const rows = await tx.memory.findMany({ where: { id: { in: unique }, ...scopeWhere(actor, { states: ALL_STATES }) }, select: { id: true, state: true } });
    if (rows.length !== unique.length) throw new MemoryError("not_found", "Memory not found");
    const changing = rows.filter((r) => r.state !== target);
    if (changing.length === 0) return { updated: 0 };
    const now = new Date();
    await tx.memory.updateMany({
      where: { id: { in: changing.map((r) => r.id) } },
      data: {
        state: target,
        ...(target === "archived" ? { archivedAt: now } : {}),
        ...(target === "deleted" ? { deletedAt: now } : {}),
        ...(target === "active" ? { archivedAt: null } : {}),
        ...(target !== "deleted" ? { deletedAt: null } : {}),
      },
    });
    await tx.memoryStatusHistory.createMany({
      data: changing.map((r) => ({ memoryId: r.id, ...changedBy(actor, appId), oldState: r.state, newState: target, reason: reason ?? action })),
    });
    return { updated: changing.length };
  });
}

/** Soft-deletes every memory the actor may see that is not already deleted; history records each. */
export async function deleteAllMemories(actor: MemoryActor, reason = "delete all"): Promise<{ deleted: number; ids: string[] }> {
  await writerAppId(actor); // a paused app may not write, whether or not there is anything to delete
  const prisma = await getPrisma();
  const ids = (await prisma.memory.findMany({ where: scopeWhere(actor, { states: NOT_DELETED }), select: { id: true } })).map((r) => r.id);
  if (ids.length === 0) return { deleted: 0, ids };
  const { updated } = await changeState(actor, ids, "delete", reason);
  return { deleted: updated, ids };
}

export async function updateMemoryText(actor: MemoryActor, id: string, rawText: string): Promise<void> {
  const text = storableText(rawText).trim();
  if (!text) throw new MemoryError("bad_request", "Memory text is empty");
  if (!isUuid(id)) throw new MemoryError("not_found", "Memory not found");
  const appId = await writerAppId(actor);
  const prisma = await getPrisma();
  const existing = await prisma.memory.findFirst({ where: { id, ...scopeWhere(actor, { states: ALL_STATES }) }, select: { id: true, content: true, state: true } });
  if (!existing) throw new MemoryError("not_found", "Memory not found");
  if (existing.state === "deleted") throw new MemoryError("conflict", "A deleted memory cannot be edited; restore it first");
  let vector: number[] | null = null;
  try {
    [vector] = await getEmbedder().embed([text]);
  } catch {
    vector = null; // stays pending; retried later
  }
  await prisma.$transaction((tx) => rewriteText(tx, actor, existing, text, vector, appId));
}

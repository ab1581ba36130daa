// State changes: archive, pause, restore, delete (soft). Each writes MemoryStatusHistory.
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { contentHash, isUuid } from "./shared";
import { queryVector } from "./vector";
import { MemoryError, type MemoryState } from "./types";
import { storableText } from "../text";

export type StateAction = "archive" | "pause" | "restore" | "delete";

const TARGET: Record<StateAction, MemoryState> = { archive: "archived", pause: "paused", restore: "active", delete: "deleted" };

/**
 * Moves the user's memories `ids` to the state the action implies. Ids that are not
 * the user's are reported as not found (nothing is changed then: all or nothing).
 */
export async function changeState(userId: string, ids: string[], action: StateAction, reason?: string): Promise<{ updated: number }> {
  const unique = [...new Set(ids)];
  if (unique.some((id) => !isUuid(id))) throw new MemoryError("not_found", "Memory not found");
  const prisma = await getPrisma();
  const target = TARGET[action];
  return prisma.$transaction(async (tx) => {
    const rows = await tx.memory.findMany({ where: { id: { in: unique }, userId }, select: { id: true, state: true } });
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
      data: changing.map((r) => ({ memoryId: r.id, changedBy: userId, oldState: r.state, newState: target, reason: reason ?? action })),
    });
    return { updated: changing.length };
  });
}

/** Soft-deletes every non-deleted memory of the user; history records each. */
export async function deleteAllMemories(userId: string, reason = "delete all"): Promise<{ deleted: number; ids: string[] }> {
  const prisma = await getPrisma();
  const ids = (await prisma.memory.findMany({ where: { userId, state: { not: "deleted" } }, select: { id: true } })).map((r) => r.id);
  if (ids.length === 0) return { deleted: 0, ids };
  const { updated } = await changeState(userId, ids, "delete", reason);
  return { deleted: updated, ids };
}

export async function updateMemoryText(userId: string, id: string, rawText: string): Promise<void> {
  const text = storableText(rawText).trim();
  if (!text) throw new MemoryError("bad_request", "Memory text is empty");
  if (!isUuid(id)) throw new MemoryError("not_found", "Memory not found");
  const prisma = await getPrisma();
  const existing = await prisma.memory.findFirst({ where: { id, userId }, select: { content: true, state: true } });
  if (!existing) throw new MemoryError("not_found", "Memory not found");
  if (existing.state === "deleted") throw new MemoryError("conflict", "A deleted memory cannot be edited; restore it first");
  const embedder = getEmbedder();
  let vector: number[] | null = null;
  try {
    [vector] = await embedder.embed([text]);
  } catch {
    vector = null; // stays pending; retried later
  }
  await prisma.$transaction(async (tx) => {
    await tx.memory.update({
      where: { id },
      data: { content: text, contentHash: contentHash(text), embeddingStatus: vector ? "ready" : "pending", embeddingModel: vector ? embedder.id : null },
    });
    if (vector) await tx.$executeRaw`UPDATE "memories" SET "embedding" = ${queryVector(embedder, vector)} WHERE "id" = ${id}::uuid`;
    else await tx.$executeRaw`UPDATE "memories" SET "embedding" = NULL WHERE "id" = ${id}::uuid`;
    await tx.memoryStatusHistory.create({
      data: { memoryId: id, changedBy: userId, oldState: existing.state, newState: existing.state, reason: JSON.stringify({ updated_from: existing.content }) },
    });
  });
}

// State changes (archive, pause, restore, delete — soft) and text edits. Each writes
// MemoryStatusHistory with who made the change.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "../db";
import { getEmbedder } from "../embeddings";
import { isAssistant, type MemoryActor } from "./actor";
import { writableApp } from "./apps";
import { ALL_STATES, NOT_DELETED, scopeWhere } from "./scope";
import { isUuid } from "./shared";
import { classifyMemory } from "./categories";
import { stageReview, writesReviewed } from "./review";
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
 * An assistant whose writes are reviewed only proposes (deletions: the one state
 * change assistants can ask for); `proposed` counts the proposals.
 */
export async function changeState(actor: MemoryActor, ids: string[], action: StateAction, reason?: string): Promise<{ updated: number; proposed?: number }> {
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
    if (writesReviewed(actor)) {
      if (action !== "delete") throw new MemoryError("bad_request", "This assistant's writes are reviewed: it can propose deletions only");
      for (const r of changing) await stageReview(tx, actor, appId, { memoryId: r.id, action: "delete", reason: reason ?? action });
      return { updated: 0, proposed: changing.length };
    }
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

/** Replaces a memory's text (re-embedded); an assistant whose writes are reviewed proposes it instead (`proposed`). */
// ---------------------------------------------------------------- delete all, in two steps

/** How long an assistant's delete-all confirmation token is valid. */
export const DELETE_ALL_CONFIRMATION_MS = 5 * 60_000;

export interface DeleteAllPreview {
  would_delete: number;
  by_app: Record<string, number>;
  by_category: Record<string, number>;
  confirmation_token: string;
  expires_at: string;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
/** Binds a token to the very credential that asked for it (a key, a grant, a Claude client name). */
const credentialOf = (actor: MemoryActor) => `${actor.via}:${actor.apiKeyId ?? actor.oauthGrantId ?? actor.appName}`;

/**
 * The first step of an assistant's delete-all: what it would delete (counts by app
 * and category) and a one-time token valid 5 minutes; null when there is nothing.
 * Deletes nothing.
 */
export async function previewDeleteAll(actor: MemoryActor): Promise<DeleteAllPreview | null> {
  await writerAppId(actor); // a paused app may not write
  const prisma = await getPrisma();
  const rows = await prisma.memory.findMany({
    where: scopeWhere(actor, { states: NOT_DELETED }),
    select: { id: true, app: { select: { name: true } }, categories: { select: { category: { select: { name: true } } } } },
  });
  if (rows.length === 0) return null;
  const byApp: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  for (const r of rows) {
    byApp[r.app.name] = (byApp[r.app.name] ?? 0) + 1;
    for (const c of r.categories) byCategory[c.category.name] = (byCategory[c.category.name] ?? 0) + 1;
  }
  const token = "jean_dc_" + randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + DELETE_ALL_CONFIRMATION_MS);
  await prisma.deleteConfirmation.create({
    data: { tokenHash: hashToken(token), userId: actor.userId, credential: credentialOf(actor), memoryIds: rows.map((r) => r.id), expiresAt },
  });
  return { would_delete: rows.length, by_app: byApp, by_category: byCategory, confirmation_token: token, expires_at: expiresAt.toISOString() };
}

/**
 * The second step: spends the token (once, by the credential it was given to,
 * before it expires) and deletes the memories it was shown — those still visible;
 * nothing added since. Under review, the deletions are proposed instead.
 */
export async function confirmDeleteAll(actor: MemoryActor, token: string, reason: string): Promise<{ deleted: number; proposed?: number; ids: string[] }> {
  await writerAppId(actor);
  const prisma = await getPrisma();
  const spent = await prisma.deleteConfirmation.updateManyAndReturn({
    where: { tokenHash: hashToken(token), userId: actor.userId, credential: credentialOf(actor), usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
    select: { memoryIds: true },
  });
  if (spent.length === 0) {
    throw new MemoryError("bad_request", "This confirmation token is invalid, expired or already used. Call delete_all_memories without one to see what would be deleted and get a new token.");
  }
  const still = await prisma.memory.findMany({ where: { id: { in: spent[0].memoryIds }, ...scopeWhere(actor, { states: NOT_DELETED }) }, select: { id: true } });
  const ids = still.map((r) => r.id);
  if (ids.length === 0) return { deleted: 0, ids };
  const { updated, proposed } = await changeState(actor, ids, "delete", reason);
  return { deleted: updated, ...(proposed !== undefined ? { proposed } : {}), ids };
}

export async function updateMemoryText(actor: MemoryActor, id: string, rawText: string): Promise<{ proposed: boolean }> {
  const text = storableText(rawText).trim();
  if (!text) throw new MemoryError("bad_request", "Memory text is empty");
  if (!isUuid(id)) throw new MemoryError("not_found", "Memory not found");
  const appId = await writerAppId(actor);
  const prisma = await getPrisma();
  const existing = await prisma.memory.findFirst({ where: { id, ...scopeWhere(actor, { states: ALL_STATES }) }, select: { id: true, content: true, state: true } });
  if (!existing) throw new MemoryError("not_found", "Memory not found");
  if (existing.state === "deleted") throw new MemoryError("conflict", "A deleted memory cannot be edited; restore it first");
  if (writesReviewed(actor)) {
    await prisma.$transaction((tx) => stageReview(tx, actor, appId, { memoryId: id, action: "update", proposedText: text }));
    return { proposed: true };
  }
  let vector: number[] | null = null;
  try {
    [vector] = await getEmbedder().embed([text]);
  } catch {
    vector = null; // stays pending; retried later
  }
  const categories = await classifyMemory(text, vector);
  await prisma.$transaction((tx) => rewriteText(tx, actor, existing, text, vector, categories, appId));
  return { proposed: false };
}

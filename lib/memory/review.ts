// Reviewed writes. A credential whose policy reviews writes (trust.ts) proposes
// instead of writing: a new memory is stored as `pending_review` (no assistant sees
// it, not even the one that wrote it: scope.ts shows assistants `active` only) and
// an update or a deletion of an existing memory is recorded here and applied only
// when the person approves it on the Review page. Every proposal is a row of
// memory_reviews naming who proposed it.
import "server-only";
import { getPrisma } from "../db";
import { embedAllOrNull } from "../embeddings";
import { Deadline } from "../remote/deadline";
import { getConfig } from "../config";
import { dashboardActor, isAssistant, type ActorVia, type MemoryActor } from "./actor";
import { classifyMemory, type CategoryName } from "./categories";
import { pageOf, type Page } from "./read";
import { isUuid, type Tx } from "./shared";
import { changedBy, rewriteText } from "./write";
import { storableText } from "../text";
import { MemoryError } from "./types";

export type ReviewAction = "add" | "update" | "delete";

/** Whether this actor's writes wait for the person (never the dashboard's own). */
export const writesReviewed = (actor: MemoryActor): boolean => isAssistant(actor) && actor.policy.reviewWrites;

/** The answer's words for a write that waits (tools say it after their JSON). */
export const AWAITS_REVIEW_NOTE =
  "Note: the user reviews this assistant's writes. Nothing above is applied yet: it awaits the user's approval on the Jean Memory dashboard (Review page), and until then no assistant can see it.";

/** Records a proposal by `actor` (writing as app `appId`). */
export async function stageReview(
  tx: Tx,
  actor: MemoryActor,
  appId: string | null,
  proposal: { memoryId: string; action: ReviewAction; proposedText?: string; reason?: string },
): Promise<void> {
  await tx.memoryReview.create({
    data: {
      userId: actor.userId,
      memoryId: proposal.memoryId,
      action: proposal.action,
      proposedText: proposal.proposedText ?? null,
      reason: proposal.reason ?? null,
      via: actor.via,
      appId,
      apiKeyId: actor.apiKeyId ?? null,
      oauthGrantId: actor.oauthGrantId ?? null,
    },
  });
}

/** The memory this credential already proposed with exactly this text and still waiting, if any (so a retry is not a second proposal). */
export async function openProposalOf(actor: MemoryActor, appId: string, hash: string): Promise<{ id: string; content: string } | null> {
  return (await getPrisma()).memory.findFirst({
    where: {
      userId: actor.userId,
      contentHash: hash,
      state: "pending_review",
      reviews: { some: { decidedAt: null, action: "add", via: actor.via, appId, apiKeyId: actor.apiKeyId ?? null, oauthGrantId: actor.oauthGrantId ?? null } },
    },
    select: { id: true, content: true },
  });
}

export interface ReviewOut {
  id: string;
  action: ReviewAction;
  created_at: string;
  /** add: the proposed memory's text; update: the text proposed to replace it; delete: null. */
  proposed_text: string | null;
  reason: string | null;
  memory: { id: string; text: string; state: string; categories: string[] };
  proposed_by: {
    via: ActorVia;
    app: { id: string; name: string } | null;
    api_key: { id: string; name: string } | null;
    connection: { id: string; app_name: string } | null;
  };
  decided_at: string | null;
  decision: string | null;
}

const reviewInclude = {
  memory: { select: { id: true, content: true, state: true, categories: { select: { category: { select: { name: true } } } } } },
  app: { select: { id: true, name: true } },
  apiKey: { select: { id: true, name: true } },
  oauthGrant: { select: { id: true, appName: true } },
} as const;

export async function listReviews(userId: string, opts: { status?: "open" | "decided"; page?: number; size?: number } = {}): Promise<Page<ReviewOut>> {
  const prisma = await getPrisma();
  const page = Math.max(opts.page ?? 1, 1);
  const size = Math.min(Math.max(opts.size ?? 50, 1), 100);
  const where = { userId, decidedAt: opts.status === "decided" ? { not: null } : null };
  const [total, rows] = await Promise.all([
    prisma.memoryReview.count({ where }),
    prisma.memoryReview.findMany({
      where,
      include: reviewInclude,
      orderBy: opts.status === "decided" ? [{ decidedAt: "desc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * size,
      take: size,
    }),
  ]);
  const items = rows.map(
    (r): ReviewOut => ({
      id: r.id,
      action: r.action as ReviewAction,
      created_at: r.createdAt.toISOString(),
      proposed_text: r.action === "add" ? r.memory.content : r.proposedText,
      reason: r.reason,
      memory: { id: r.memory.id, text: r.memory.content, state: r.memory.state, categories: r.memory.categories.map((c) => c.category.name).sort() },
      proposed_by: {
        via: r.via as ActorVia,
        app: r.app,
        api_key: r.apiKey,
        connection: r.oauthGrant ? { id: r.oauthGrant.id, app_name: r.oauthGrant.appName } : null,
      },
      decided_at: r.decidedAt?.toISOString() ?? null,
      decision: r.decision,
    }),
  );
  return pageOf(items, total, page, size);
}

export async function countOpenReviews(userId: string): Promise<number> {
  return (await getPrisma()).memoryReview.count({ where: { userId, decidedAt: null } });
}

export type Decision = "approve" | "reject";

/**
 * Approves or rejects the person's open proposals `ids`, all or nothing. `text`
 * (one add or update only) is the person's edit, approved in place of the proposal.
 * Approving: an add becomes active (attributed to the assistant that wrote it), an
 * update replaces the text (re-embedded), a deletion moves the memory to the trash.
 * Rejecting: a proposed memory goes to the trash (restorable, purged later like any
 * deletion); a proposed change is dropped.
 */
export async function decideReviews(userId: string, ids: string[], decision: Decision, editedText?: string): Promise<{ decided: number }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new MemoryError("bad_request", "No reviews given");
  if (unique.some((id) => !isUuid(id))) throw new MemoryError("not_found", "Review not found");
  const prisma = await getPrisma();
  const reviews = await prisma.memoryReview.findMany({
    where: { id: { in: unique }, userId, decidedAt: null },
    include: { memory: { select: { id: true, content: true, state: true } } },
  });
  if (reviews.length !== unique.length) throw new MemoryError("not_found", "Review not found or already decided");
  let edit: string | undefined;
  if (editedText !== undefined) {
    edit = storableText(editedText).trim();
    if (decision !== "approve" || reviews.length !== 1 || reviews[0].action === "delete") {
      throw new MemoryError("bad_request", "An edited text can be given when approving one proposed memory or change");
    }
    if (!edit) throw new MemoryError("bad_request", "Memory text is empty");
  }
  const newTextOf = (r: (typeof reviews)[number]): string | null => {
    if (decision !== "approve") return null;
    if (r.action === "update") return edit ?? r.proposedText;
    if (r.action === "add" && edit !== undefined && edit !== r.memory.content) return edit;
    return null;
  };
  // Vectors before the transaction: an embedder call must not hold a connection.
  const texts = [...new Set(reviews.map(newTextOf).filter((t): t is string => !!t))];
  const vectors = await embedAllOrNull(texts, "approved text stored with embedding pending", Deadline.in(getConfig().remoteTimeoutMs));
  const vectorOf = new Map(texts.map((t, i) => [t, vectors[i]]));
  const categoriesOf = new Map<string, CategoryName[]>();
  for (const t of texts) categoriesOf.set(t, await classifyMemory(t, vectorOf.get(t) ?? null));
  const person = dashboardActor(userId);
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    for (const r of reviews) {
      const memory = await tx.memory.findUniqueOrThrow({ where: { id: r.memoryId }, select: { id: true, content: true, state: true } });
      const text = newTextOf(r);
      if (r.action === "add") {
        if (memory.state !== "pending_review") throw new MemoryError("conflict", "This proposed memory was already decided");
        if (text) await rewriteText(tx, person, memory, text, vectorOf.get(text) ?? null, categoriesOf.get(text)!);
        const target = decision === "approve" ? "active" : "deleted";
        await tx.memory.update({ where: { id: memory.id }, data: { state: target, ...(target === "deleted" ? { deletedAt: now } : {}) } });
        await tx.memoryStatusHistory.create({
          data: { memoryId: memory.id, ...changedBy(person), oldState: "pending_review", newState: target, reason: decision === "approve" ? "approved" : "rejected" },
        });
      } else if (decision === "approve" && r.action === "update" && text) {
        if (memory.state === "deleted" || memory.state === "pending_review") {
          throw new MemoryError("conflict", "The memory this change is for was deleted since; restore it first, or reject the change");
        }
        await rewriteText(tx, person, memory, text, vectorOf.get(text) ?? null, categoriesOf.get(text)!);
      } else if (decision === "approve" && r.action === "delete" && memory.state !== "deleted") {
        await tx.memory.update({ where: { id: memory.id }, data: { state: "deleted", deletedAt: now } });
        await tx.memoryStatusHistory.create({
          data: { memoryId: memory.id, ...changedBy(person), oldState: memory.state, newState: "deleted", reason: "approved deletion" },
        });
      }
      await tx.memoryReview.update({ where: { id: r.id }, data: { decidedAt: now, decision: decision === "approve" ? "approved" : "rejected" } });
    }
  });
  return { decided: reviews.length };
}

// The person's trust settings: which categories are sensitive, and per credential
// (an API key, an OAuth grant, a Claude client name) whether it sees them and
// whether its writes wait for review. The rules that use them live in scope.ts
// (hidden categories, in the query) and review.ts (reviewed writes).
import "server-only";
import type { CredentialPolicy } from "../auth/types";
import { getPrisma } from "../db";
import { CLOSED_POLICY, gatewayActor, type MemoryActor } from "./actor";
import { CATEGORY_NAMES, isCategoryName, type CategoryName } from "./categories";
import { getOrCreateApp, rememberApp, type App } from "./apps";
import { getCategoryIds } from "./shared";
import { MemoryError } from "./types";

/** The categories the person marked sensitive, sorted (new people start with health and finance: a trigger of the migration). */
export async function sensitiveCategories(userId: string): Promise<CategoryName[]> {
  const prisma = await getPrisma();
  const rows = await prisma.userSensitiveCategory.findMany({ where: { userId }, select: { category: { select: { name: true } } } });
  return rows.map((r) => r.category.name).filter(isCategoryName).sort();
}

/** Replaces the person's sensitive categories (names from the taxonomy; an empty list hides nothing). */
export async function setSensitiveCategories(userId: string, names: readonly string[]): Promise<CategoryName[]> {
  const unknown = names.filter((n) => !isCategoryName(n));
  if (unknown.length) throw new MemoryError("bad_request", `Unknown categories: ${unknown.join(", ")} (expected some of ${CATEGORY_NAMES.join(", ")})`);
  const ids = await getCategoryIds();
  const prisma = await getPrisma();
  await prisma.$transaction(async (tx) => {
    await tx.userSensitiveCategory.deleteMany({ where: { userId } });
    const data = [...new Set(names)].map((n) => ({ userId, categoryId: ids.get(n)! })).filter((r) => r.categoryId);
    if (data.length) await tx.userSensitiveCategory.createMany({ data, skipDuplicates: true });
  });
  return sensitiveCategories(userId);
}

/** A Claude gateway client's settings: those of its app (x-client-name), open until the person changes them. */
export function gatewayClientPolicy(app: Pick<App, "gatewayHideSensitive" | "gatewayReviewWrites">): CredentialPolicy {
  return { hideSensitive: app.gatewayHideSensitive, reviewWrites: app.gatewayReviewWrites };
}

/** The snake_case form REST bodies and answers use. */
export interface PolicyOut {
  hide_sensitive: boolean;
  review_writes: boolean;
}

export const policyOut = (p: CredentialPolicy): PolicyOut => ({ hide_sensitive: p.hideSensitive, review_writes: p.reviewWrites });

/**
 * A Claude client's actor whose settings are read when a tool first needs them
 * (closed until then). The read is of its app, created on first use as every tool
 * call always did, so the app's id comes with it (one statement instead of two).
 */
export function gatewayActorWithStoredPolicy(userId: string, clientName: string): MemoryActor {
  const loadPolicy = async () => {
    const app = await getOrCreateApp(userId, clientName);
    return { policy: gatewayClientPolicy(app), app };
  };
  return { ...gatewayActor(userId, clientName, CLOSED_POLICY), loadPolicy };
}

const resolved = new WeakMap<MemoryActor, Promise<MemoryActor>>();

/** The actor with its policy read (once per actor: a request's tool calls share it). */
export function resolvedActor(actor: MemoryActor): Promise<MemoryActor> {
  if (!actor.loadPolicy) return Promise.resolve(actor);
  let p = resolved.get(actor);
  if (!p) {
    const { loadPolicy, ...rest } = actor;
    p = loadPolicy().then(({ policy, app }) => {
      const withPolicy = { ...rest, policy };
      if (app) rememberApp(withPolicy, app);
      return withPolicy;
    });
    p.catch(() => resolved.delete(actor)); // a failed read is retried
    resolved.set(actor, p);
  }
  return p;
}

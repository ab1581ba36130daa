// Which memories an actor may see: the one definition, as a Prisma `where` and as
// an SQL fragment built from the same rules. Every read goes through it — list,
// get, search (both legs), duplicate lookups, related, stats, categories, ask,
// export, the MCP tools — and so do writes that pick memories (delete all, the LLM's
// UPDATE/DELETE). scope.test.ts runs every read against every invisible state.
//
// The rules:
//   - always the actor's own memories;
//   - assistants (gateway, agent; later OAuth) see only `active` memories of apps
//     that are not paused, whatever states they ask for;
//   - the dashboard sees the states it asks for (default: active) of every app.
//   - a credential whose policy hides sensitive categories sees no memory in any
//     category the person marked sensitive (user_sensitive_categories, read in the
//     query itself, so a change applies to the very next request on every instance);
//   - writes waiting for review (state pending_review) are seen by no assistant,
//     including the one that wrote them: they are never `active`.
import "server-only";
import { Prisma } from "../generated/prisma/client";
import { isAssistant, type MemoryActor } from "./actor";
import { MEMORY_STATES, type MemoryState } from "./types";

export interface ScopeOptions {
  /** States the dashboard asks for (default ["active"]); ignored for assistants. */
  states?: readonly MemoryState[];
}

/** Every state: the dashboard's view of one memory (open, edit, restore from the trash). */
export const ALL_STATES: readonly MemoryState[] = MEMORY_STATES;
/** Everything but the trash: the dashboard's list, counts and stats. */
export const NOT_DELETED: readonly MemoryState[] = ["active", "paused", "archived"];

interface Visibility {
  userId: string;
  states: MemoryState[];
  activeAppsOnly: boolean;
  hideSensitive: boolean;
}

function visibility(actor: MemoryActor, opts: ScopeOptions): Visibility {
  if (isAssistant(actor)) return { userId: actor.userId, states: ["active"], activeAppsOnly: true, hideSensitive: actor.policy.hideSensitive };
  return { userId: actor.userId, states: opts.states?.length ? [...new Set(opts.states)] : ["active"], activeAppsOnly: false, hideSensitive: false };
}

export function scopeWhere(actor: MemoryActor, opts: ScopeOptions = {}): Prisma.MemoryWhereInput {
  const v = visibility(actor, opts);
  return {
    userId: v.userId,
    state: { in: v.states },
    ...(v.activeAppsOnly ? { app: { isActive: true } } : {}),
    ...(v.hideSensitive ? { categories: { none: { category: { sensitiveFor: { some: { userId: v.userId } } } } } } : {}),
  };
}

/** The same rules for raw SQL over `"memories" m` (the alias is always m). */
export function scopeSql(actor: MemoryActor, opts: ScopeOptions = {}): Prisma.Sql {
  const v = visibility(actor, opts);
  const parts = [Prisma.sql`m."user_id" = ${v.userId}::uuid`, Prisma.sql`m."state"::text = ANY(${v.states}::text[])`];
  if (v.activeAppsOnly) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "apps" scope_app WHERE scope_app."id" = m."app_id" AND scope_app."is_active")`);
  if (v.hideSensitive) {
    // Uncorrelated, so Postgres computes the person's hidden ids once per query and
    // probes a hash per row (a correlated NOT EXISTS cost a lookup per candidate row).
    parts.push(Prisma.sql`m."id" NOT IN (SELECT scope_mc."memory_id" FROM "memory_categories" scope_mc
      JOIN "user_sensitive_categories" scope_s ON scope_s."category_id" = scope_mc."category_id"
      WHERE scope_s."user_id" = ${v.userId}::uuid)`);
  }
  return Prisma.join(parts, " AND ");
}

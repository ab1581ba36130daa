// Apps: the clients that write memories for a user (claude, cursor, an agent key…).
import "server-only";
import { getPrisma, sqlRows } from "../db";
import { Prisma, type App } from "../generated/prisma/client";
import { DASHBOARD_APP, type MemoryActor } from "./actor";
import { isUuid } from "./shared";
import { MemoryError } from "./types";

export type { App };


// An app row as Prisma's App type, read on the driver (sqlRows): it is read on every
// MCP request (the Claude client's settings, the app an agent writes as), and
// Prisma's findUnique cost ~0.7 ms more than the statement. apps.test.ts checks
// that it reads what prisma.app reads, so a new column cannot be forgotten here.
const APP_COLUMNS = Prisma.raw(`"id", "owner_id" AS "ownerId", "name", "description", "is_active" AS "isActive",
  "gateway_hide_sensitive" AS "gatewayHideSensitive", "gateway_review_writes" AS "gatewayReviewWrites",
  "created_at" AS "createdAt", "updated_at" AS "updatedAt"`);

/** The user's app of that name, created on first use (race-safe upsert). */
export async function getOrCreateApp(userId: string, name: string): Promise<App> {
  const clean = name.trim().slice(0, 100) || DASHBOARD_APP;
  const [existing] = await sqlRows<App>(Prisma.sql`SELECT ${APP_COLUMNS} FROM "apps" WHERE "owner_id" = ${userId}::uuid AND "name" = ${clean}`);
  if (existing) return existing;
  const [created] = await sqlRows<App>(Prisma.sql`
    INSERT INTO "apps" ("owner_id", "name", "updated_at") VALUES (${userId}::uuid, ${clean}, now())
    ON CONFLICT ("owner_id", "name") DO UPDATE SET "name" = EXCLUDED."name"
    RETURNING ${APP_COLUMNS}`);
  return created!;
}

// An app row read for this actor earlier in the same request (the Claude path reads
// it with the client's settings), so writableApp does not read it a second time.
const appOf = new WeakMap<MemoryActor, App>();

/** The app the actor acts as (created on first use), read fresh in this request (writableApp needs its current state). */
export function actorApp(actor: MemoryActor): Promise<App> {
  const known = appOf.get(actor);
  return known ? Promise.resolve(known) : getOrCreateApp(actor.userId, actor.appName);
}

// An actor lives for one request and its app's id never changes, so the id is
// looked up once per actor: an MCP tool call and the read log it writes share it.
const appIdOf = new WeakMap<MemoryActor, Promise<string>>();

/** The id of the app the actor acts as (created on first use), once per actor. */
export function actorAppId(actor: MemoryActor): Promise<string> {
  let id = appIdOf.get(actor);
  if (!id) {
    id = actorApp(actor).then((app) => app.id);
    appIdOf.set(actor, id);
    id.catch(() => appIdOf.delete(actor)); // a failed lookup is retried
  }
  return id;
}

/** Records the actor's app as read in this request (trust.ts reads it for the Claude client's settings). */
export function rememberApp(actor: MemoryActor, app: App): void {
  appOf.set(actor, app);
  appIdOf.set(actor, Promise.resolve(app.id));
}

/** The app the actor writes as: exists or is created, and is not paused. */
export async function writableApp(actor: MemoryActor): Promise<App> {
  const app = await actorApp(actor);
  if (!app.isActive) throw new MemoryError("app_paused", `The app "${app.name}" is paused and cannot add or change memories`);
  return app;
}

export interface AppOut {
  id: string;
  name: string;
  description: string | null;
  is_active: boolean;
  created_at: string;
  total_memories_created: number;
  total_memories_accessed: number;
  /** When it last added a memory / last read one (null: never). */
  last_write_at: string | null;
  last_read_at: string | null;
  /** Trust settings when a Claude gateway client uses this name (x-client-name); other paths have their own. */
  gateway_hide_sensitive: boolean;
  gateway_review_writes: boolean;
}

async function appsOut(actor: MemoryActor, where: { id?: string }): Promise<AppOut[]> {
  const prisma = await getPrisma();
  const apps = await prisma.app.findMany({
    where: { ownerId: actor.userId, ...where },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { memories: true, accessLogs: true } } },
  });
  const ids = apps.map((a) => a.id);
  const activity = ids.length
    ? await prisma.$queryRaw<{ id: string; last_write: Date | null; last_read: Date | null }[]>`
        SELECT a."id",
          (SELECT max(m."created_at") FROM "memories" m WHERE m."app_id" = a."id") AS last_write,
          (SELECT max(l."accessed_at") FROM "memory_access_logs" l WHERE l."app_id" = a."id") AS last_read
        FROM "apps" a WHERE a."id" = ANY(${ids}::uuid[])`
    : [];
  const activityOf = new Map(activity.map((r) => [r.id, r]));
  return apps.map((a) => ({
    id: a.id,
    name: a.name,
    description: a.description,
    is_active: a.isActive,
    created_at: a.createdAt.toISOString(),
    total_memories_created: a._count.memories,
    total_memories_accessed: a._count.accessLogs,
    last_write_at: activityOf.get(a.id)?.last_write?.toISOString() ?? null,
    last_read_at: activityOf.get(a.id)?.last_read?.toISOString() ?? null,
    gateway_hide_sensitive: a.gatewayHideSensitive,
    gateway_review_writes: a.gatewayReviewWrites,
  }));
}

/** Just the actor's apps' ids and names (filters, menus): one light query. */
export async function listAppNames(actor: MemoryActor): Promise<{ id: string; name: string }[]> {
  const prisma = await getPrisma();
  return prisma.app.findMany({ where: { ownerId: actor.userId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export function listApps(actor: MemoryActor): Promise<AppOut[]> {
  return appsOut(actor, {});
}

export async function getApp(actor: MemoryActor, appId: string): Promise<AppOut> {
  if (!isUuid(appId)) throw new MemoryError("not_found", "App not found");
  const [app] = await appsOut(actor, { id: appId });
  if (!app) throw new MemoryError("not_found", "App not found");
  return app;
}

export interface AppPatch {
  isActive?: boolean;
  description?: string | null;
  gatewayHideSensitive?: boolean;
  gatewayReviewWrites?: boolean;
}

export async function updateApp(actor: MemoryActor, appId: string, patch: AppPatch): Promise<AppOut> {
  if (!isUuid(appId)) throw new MemoryError("not_found", "App not found");
  const prisma = await getPrisma();
  const { count } = await prisma.app.updateMany({
    where: { id: appId, ownerId: actor.userId },
    data: Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  });
  if (count === 0) throw new MemoryError("not_found", "App not found");
  return getApp(actor, appId);
}

// What each assistant read and wrote: per credential (an API key, an OAuth
// connection, or an app used without either — a Claude gateway client name) over a
// period, from the read log (memory_access_logs) and the memories' authors, with
// counts by category, and the anomaly rule below. For the person's dashboard only.
import "server-only";
import { getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { dashboardActor } from "./actor";
import { memoriesByIds } from "./read";
import { ALL_STATES } from "./scope";
import { isUuid } from "./shared";
import { MemoryError, type MemoryOut } from "./types";

export type CredentialKind = "key" | "connection" | "app";

export interface CredentialRef {
  kind: CredentialKind;
  /** The key's, the grant's or the app's id. */
  id: string;
}

export interface CredentialActivity {
  credential: CredentialRef & { name: string; status: "active" | "revoked" | "expired" };
  app: { id: string; name: string; is_active: boolean };
  reads: number;
  memories_read: number;
  last_read_at: string | null;
  writes: number;
  read_categories: Record<string, number>;
  written_categories: Record<string, number>;
  anomaly: ReadAnomaly;
}

// ---------------------------------------------------------------- the anomaly rule

/** Reads in a day at least this high can be flagged... */
export const ANOMALY_MIN_READS = 50;
/** ...when they are more than this many times the credential's 7-day median. */
export const ANOMALY_FACTOR = 5;

export interface ReadAnomaly {
  flagged: boolean;
  /** Reads in the current UTC day. */
  today: number;
  /** Median of the daily reads of the 7 UTC days before it (days without reads count as 0). */
  median_7d: number;
}

/**
 * The rule: a credential is flagged when it reads, in one UTC day, more than
 * ANOMALY_FACTOR × the median of its daily reads over the 7 days before AND at
 * least ANOMALY_MIN_READS memories. The median (not the mean) so one earlier busy
 * day does not hide today's; the floor so a credential that reads 3 a day is not
 * flagged for reading 16.
 */
export function readAnomaly(today: number, previous7Days: readonly number[]): ReadAnomaly {
  const days = [...previous7Days, ...Array(Math.max(0, 7 - previous7Days.length)).fill(0)].slice(0, 7).sort((a, b) => a - b);
  const median = days[3];
  return { flagged: today >= ANOMALY_MIN_READS && today > ANOMALY_FACTOR * median, today, median_7d: median };
}

const DAY_MS = 86_400_000;
const startOfUtcDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);

// ---------------------------------------------------------------- the summary

interface KeyCols {
  app_id: string;
  api_key_id: string | null;
  oauth_grant_id: string | null;
}
const keyOf = (r: KeyCols) => `${r.app_id}|${r.api_key_id ?? ""}|${r.oauth_grant_id ?? ""}`;

/** Every credential that read or wrote in [from, to), most reads first; anomalies as of `now`. */
export async function activitySummary(userId: string, period: { from: Date; to: Date }, now = new Date()): Promise<CredentialActivity[]> {
  const prisma = await getPrisma();
  const { from, to } = period;
  const today = startOfUtcDay(now);
  const weekBefore = new Date(today.getTime() - 7 * DAY_MS);
  const [reads, readCats, writes, writeCats, daily] = await Promise.all([
    prisma.$queryRaw<(KeyCols & { reads: bigint; memories: bigint; last: Date })[]>`
      SELECT l."app_id", l."api_key_id", l."oauth_grant_id", count(*) AS reads, count(DISTINCT l."memory_id") AS memories, max(l."accessed_at") AS last
      FROM "memory_access_logs" l JOIN "apps" a ON a."id" = l."app_id"
      WHERE a."owner_id" = ${userId}::uuid AND l."accessed_at" >= ${from} AND l."accessed_at" < ${to}
      GROUP BY 1, 2, 3`,
    prisma.$queryRaw<(KeyCols & { name: string; n: bigint })[]>`
      SELECT l."app_id", l."api_key_id", l."oauth_grant_id", c."name", count(*) AS n
      FROM "memory_access_logs" l JOIN "apps" a ON a."id" = l."app_id"
        JOIN "memory_categories" mc ON mc."memory_id" = l."memory_id" JOIN "categories" c ON c."id" = mc."category_id"
      WHERE a."owner_id" = ${userId}::uuid AND l."accessed_at" >= ${from} AND l."accessed_at" < ${to}
      GROUP BY 1, 2, 3, 4`,
    prisma.$queryRaw<(KeyCols & { n: bigint })[]>`
      SELECT m."app_id", m."created_by_key_id" AS api_key_id, m."created_by_grant_id" AS oauth_grant_id, count(*) AS n
      FROM "memories" m
      WHERE m."user_id" = ${userId}::uuid AND m."created_via" IN ('gateway', 'agent', 'oauth') AND m."created_at" >= ${from} AND m."created_at" < ${to}
      GROUP BY 1, 2, 3`,
    prisma.$queryRaw<(KeyCols & { name: string; n: bigint })[]>`
      SELECT m."app_id", m."created_by_key_id" AS api_key_id, m."created_by_grant_id" AS oauth_grant_id, c."name", count(*) AS n
      FROM "memories" m JOIN "memory_categories" mc ON mc."memory_id" = m."id" JOIN "categories" c ON c."id" = mc."category_id"
      WHERE m."user_id" = ${userId}::uuid AND m."created_via" IN ('gateway', 'agent', 'oauth') AND m."created_at" >= ${from} AND m."created_at" < ${to}
      GROUP BY 1, 2, 3, 4`,
    prisma.$queryRaw<(KeyCols & { day: Date; n: bigint })[]>`
      SELECT l."app_id", l."api_key_id", l."oauth_grant_id", (date_trunc('day', l."accessed_at" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS day, count(*) AS n
      FROM "memory_access_logs" l JOIN "apps" a ON a."id" = l."app_id"
      WHERE a."owner_id" = ${userId}::uuid AND l."accessed_at" >= ${weekBefore} AND l."accessed_at" < ${new Date(today.getTime() + DAY_MS)}
      GROUP BY 1, 2, 3, 4`,
  ]);

  const keys = new Set([...reads, ...writes].map(keyOf));
  // Daily counts matter only for credentials in the period; the anomaly looks at today whatever the period.
  for (const d of daily) if (d.day.getTime() === today.getTime() && Number(d.n) >= ANOMALY_MIN_READS) keys.add(keyOf(d));
  if (keys.size === 0) return [];
  const parsed = [...keys].map((k) => {
    const [app_id, key, grant] = k.split("|");
    return { app_id, api_key_id: key || null, oauth_grant_id: grant || null };
  });
  const [apps, apiKeys, grants] = await Promise.all([
    prisma.app.findMany({ where: { id: { in: [...new Set(parsed.map((p) => p.app_id))] }, ownerId: userId }, select: { id: true, name: true, isActive: true } }),
    prisma.apiKey.findMany({ where: { id: { in: parsed.flatMap((p) => (p.api_key_id ? [p.api_key_id] : [])) }, userId }, select: { id: true, name: true, revokedAt: true, expiresAt: true } }),
    prisma.oAuthGrant.findMany({ where: { id: { in: parsed.flatMap((p) => (p.oauth_grant_id ? [p.oauth_grant_id] : [])) }, userId }, select: { id: true, appName: true, revokedAt: true } }),
  ]);
  const appOf = new Map(apps.map((a) => [a.id, a]));
  const keyRow = new Map(apiKeys.map((k) => [k.id, k]));
  const grantRow = new Map(grants.map((g) => [g.id, g]));
  const counts = <T extends KeyCols & { n: bigint }>(rows: T[], k: string) => rows.filter((r) => keyOf(r) === k);

  const out: CredentialActivity[] = [];
  for (const p of parsed) {
    const app = appOf.get(p.app_id);
    if (!app) continue;
    const k = keyOf(p);
    const r = reads.find((x) => keyOf(x) === k);
    let credential: CredentialActivity["credential"];
    if (p.api_key_id) {
      const key = keyRow.get(p.api_key_id);
      const status = key?.revokedAt ? "revoked" : key?.expiresAt && key.expiresAt <= now ? "expired" : "active";
      credential = { kind: "key", id: p.api_key_id, name: key?.name ?? app.name, status: key ? status : "revoked" };
    } else if (p.oauth_grant_id) {
      const grant = grantRow.get(p.oauth_grant_id);
      credential = { kind: "connection", id: p.oauth_grant_id, name: grant?.appName ?? app.name, status: grant && !grant.revokedAt ? "active" : "revoked" };
    } else {
      credential = { kind: "app", id: app.id, name: app.name, status: "active" };
    }
    const perDay = new Map(daily.filter((d) => keyOf(d) === k).map((d) => [d.day.getTime(), Number(d.n)]));
    const previous = Array.from({ length: 7 }, (_, i) => perDay.get(today.getTime() - (i + 1) * DAY_MS) ?? 0);
    out.push({
      credential,
      app: { id: app.id, name: app.name, is_active: app.isActive },
      reads: Number(r?.reads ?? 0),
      memories_read: Number(r?.memories ?? 0),
      last_read_at: r?.last.toISOString() ?? null,
      writes: Number(writes.find((x) => keyOf(x) === k)?.n ?? 0),
      read_categories: Object.fromEntries(counts(readCats, k).map((c) => [c.name, Number(c.n)])),
      written_categories: Object.fromEntries(counts(writeCats, k).map((c) => [c.name, Number(c.n)])),
      anomaly: readAnomaly(perDay.get(today.getTime()) ?? 0, previous),
    });
  }
  return out.sort((a, b) => Number(b.anomaly.flagged) - Number(a.anomaly.flagged) || b.reads - a.reads || b.writes - a.writes || a.credential.name.localeCompare(b.credential.name));
}

// ---------------------------------------------------------------- the memories themselves

function credentialFilter(c: CredentialRef, cols: { app: Prisma.Sql; key: Prisma.Sql; grant: Prisma.Sql }): Prisma.Sql {
  if (!isUuid(c.id)) throw new MemoryError("not_found", "No such credential");
  if (c.kind === "key") return Prisma.sql`${cols.key} = ${c.id}::uuid`;
  if (c.kind === "connection") return Prisma.sql`${cols.grant} = ${c.id}::uuid`;
  return Prisma.sql`${cols.app} = ${c.id}::uuid AND ${cols.key} IS NULL AND ${cols.grant} IS NULL`;
}

export interface ReadMemory {
  memory: MemoryOut;
  reads: number;
  last_read_at: string;
  access_types: string[];
}

/** What one credential read in [from, to): each memory once, most recently read first (at most `limit`). */
export async function memoriesRead(userId: string, credential: CredentialRef, period: { from: Date; to: Date }, limit = 100): Promise<ReadMemory[]> {
  const prisma = await getPrisma();
  const filter = credentialFilter(credential, { app: Prisma.sql`l."app_id"`, key: Prisma.sql`l."api_key_id"`, grant: Prisma.sql`l."oauth_grant_id"` });
  const rows = await prisma.$queryRaw<{ memory_id: string; reads: bigint; last: Date; types: string[] }[]>`
    SELECT l."memory_id", count(*) AS reads, max(l."accessed_at") AS last, array_agg(DISTINCT l."access_type") AS types
    FROM "memory_access_logs" l JOIN "apps" a ON a."id" = l."app_id"
    WHERE a."owner_id" = ${userId}::uuid AND ${filter} AND l."accessed_at" >= ${period.from} AND l."accessed_at" < ${period.to}
    GROUP BY l."memory_id" ORDER BY last DESC LIMIT ${limit}`;
  const memories = new Map((await memoriesByIds(dashboardActor(userId), rows.map((r) => r.memory_id))).map((m) => [m.id, m]));
  return rows.flatMap((r) => {
    const memory = memories.get(r.memory_id);
    return memory ? [{ memory, reads: Number(r.reads), last_read_at: r.last.toISOString(), access_types: [...r.types].sort() }] : [];
  });
}

/** What one credential wrote in [from, to), newest first (at most `limit`), proposals awaiting review included (state pending_review). */
export async function memoriesWritten(userId: string, credential: CredentialRef, period: { from: Date; to: Date }, limit = 100): Promise<MemoryOut[]> {
  const prisma = await getPrisma();
  const filter = credentialFilter(credential, { app: Prisma.sql`m."app_id"`, key: Prisma.sql`m."created_by_key_id"`, grant: Prisma.sql`m."created_by_grant_id"` });
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m."id" FROM "memories" m
    WHERE m."user_id" = ${userId}::uuid AND m."created_via" IN ('gateway', 'agent', 'oauth') AND ${filter}
      AND m."created_at" >= ${period.from} AND m."created_at" < ${period.to}
    ORDER BY m."created_at" DESC LIMIT ${limit}`;
  return memoriesByIds(dashboardActor(userId), rows.map((r) => r.id), { states: [...ALL_STATES, "pending_review"] });
}

// The database: one handle per process, opened on first use. Decides between the
// embedded PGlite (DATABASE_URL unset) and PostgreSQL (DATABASE_URL set); nothing
// outside lib/db knows which. Applies pending migrations on open unless
// JEAN_AUTO_MIGRATE=false.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getConfig } from "../config";
import { PrismaClient, type Prisma as PrismaNamespace } from "../generated/prisma/client";
import { openPg, openPglite, type SqlDriver } from "./driver";
import { migrate } from "./migrate";
import { startPgliteMaintenance } from "./pglite-maintenance";

export type { PrismaClient } from "../generated/prisma/client";
export type Prisma = PrismaClient;
type Sql = PrismaNamespace.Sql;

export interface Db {
  prisma: PrismaClient;
  sql: SqlDriver;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** A postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite directory, or "memory://" for a throwaway in-memory database. */
  dataDir: string;
  migrate?: boolean;
  /** Max connections in the pg pool (PostgreSQL only). */
  poolMax?: number;
  /** How long a query may wait for a pooled connection (PostgreSQL only; default 5 s). */
  poolWaitMs?: number;
  /** Where to migrate when it is not databaseUrl (DIRECT_URL: the lock needs a session, which a transaction pooler does not keep). */
  migrationUrl?: string;
}

// PGlite runs transactions one at a time, so under load a transaction may wait its
// turn longer than Prisma's 2 s default before it starts.
const transactionOptions = { maxWait: 20_000, timeout: 20_000 };

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  let sql: SqlDriver;
  let prisma: PrismaClient;
  if (opts.databaseUrl) {
    const { driver, pool } = openPg(opts.databaseUrl, opts.poolMax, opts.poolWaitMs);
    sql = driver;
    prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions });
  } else {
    const { driver, pglite } = await openPglite(opts.dataDir);
    sql = driver;
    prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
  }
  try {
    if (opts.migrate ?? true) {
      if (opts.databaseUrl && opts.migrationUrl && opts.migrationUrl !== opts.databaseUrl) await migrateAt(opts.migrationUrl);
      else await migrate(sql);
    }
  } catch (e) {
    await prisma.$disconnect().catch(() => {});
    await sql.close().catch(() => {});
    throw e;
  }
  return {
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

/** Applies pending migrations over a connection of their own (one session, closed after). */
export async function migrateAt(url: string): Promise<string[]> {
  const { driver } = openPg(url, 1);
  try {
    return await migrate(driver);
  } finally {
    await driver.close();
  }
}

// Kept on globalThis so Next's dev reloads reuse the open database instead of
// opening the PGlite directory a second time.
const holder = globalThis as unknown as { __jeanDb?: Promise<Db> };

/** The process-wide database handle. */
export function getDb(): Promise<Db> {
  if (!holder.__jeanDb) {
    const config = getConfig();
    holder.__jeanDb = openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      migrate: config.autoMigrate,
      migrationUrl: config.migrationUrl,
      poolMax: config.databasePoolMax,
    });
    // A failed open is not cached: the next request tries again (and reports why).
    holder.__jeanDb.catch(() => {
      holder.__jeanDb = undefined;
    });
  }
  return holder.__jeanDb;
}

/**
 * The server's own database upkeep: on PGlite, what autovacuum does on PostgreSQL
 * (statistics for the planner, dead rows vacuumed; pglite-maintenance.ts), on a
 * timer. Nothing on PostgreSQL. Returns a stop function.
 */
export function startDatabaseMaintenance(db: Db): () => void {
  return db.sql.kind === "pglite" ? startPgliteMaintenance(db.sql) : () => {};
}

export async function getPrisma(): Promise<PrismaClient> {
  return (await getDb()).prisma;
}

/**
 * Runs a `Prisma.sql` template on the database driver itself (PGlite, or node-postgres
 * on the same pool Prisma uses), not through `$queryRaw`: Prisma's query layer cost
 * ~0.6–0.75 ms a statement, and ~1 ms more for a transaction, on top of the
 * statement's own time (a search's statistics, hits and BM25 statements replayed at
 * 10k memories, p50 through Prisma vs the driver: 1.31 vs 0.63 ms, 1.70 vs 0.95,
 * 3.64 vs 3.02). For the read paths that run on
 * every search and add; rows come back as the driver types them (timestamptz as
 * Date, int4/float8 as number, arrays as arrays; int8 and numeric as strings).
 */
export async function sqlRows<T>(sql: Sql): Promise<T[]> {
  return (await getDb()).sql.query<T>(sql.text, sql.values);
}

/** `sqlRows` for statements that must share a transaction (SET LOCAL, then the query). */
export async function sqlTransaction<T>(fn: (run: <R>(sql: Sql) => Promise<R[]>) => Promise<T>): Promise<T> {
  return (await getDb()).sql.withConnection((conn) => conn.transaction((tx) => fn(<R,>(sql: Sql) => tx.query<R>(sql.text, sql.values))));
}

/** Replaces the process-wide handle (tests, scripts). */
export function setDbForTests(db: Db | undefined): void {
  holder.__jeanDb = db ? Promise.resolve(db) : undefined;
}

/** Cheap liveness check used by /api/health. */
export async function pingDb(): Promise<void> {
  const db = await getDb();
  await db.sql.query("SELECT 1");
}

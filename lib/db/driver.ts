// The two database drivers behind one small interface. Only lib/db knows which
// one is in use: PGlite (embedded, in-process, one connection) when DATABASE_URL
// is unset, node-postgres when it is set.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import pg from "pg";
import { pglitePreparedQuery, worthPreparing, type PreparedQuery } from "./pglite-prepared";

export type DriverKind = "pglite" | "pg";

/** One connection with exclusive use for the duration of a callback. */
export interface SqlConnection {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script (no parameters). */
  exec(sql: string): Promise<void>;
  /** Runs fn inside BEGIN/COMMIT; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlConnection) => Promise<T>): Promise<T>;
}

export interface SqlDriver {
  kind: DriverKind;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  withConnection<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. PGlite allows one process at a time: ` +
        `stop that process, or point JEAN_DATA_DIR at another directory.`,
    );
    this.name = "DataDirInUseError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A pid lock file: two processes opening one PGlite directory would corrupt it. */
function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "jean.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(fs.readFileSync(lockFile, "utf8").trim());
      if (holder === process.pid) return () => fs.rmSync(lockFile, { force: true });
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DataDirInUseError(dir, holder);
      fs.rmSync(lockFile, { force: true }); // stale lock from a process that died
    }
  }
  throw new DataDirInUseError(dir, -1);
}

function pgliteConnection(db: Pick<PGlite, "query" | "exec">, pglite: PGlite, prepared: PreparedQuery, inTransaction: boolean): SqlConnection {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      // Prepared and reused (see pglite-prepared.ts), but for bulk statements.
      return worthPreparing(sql) ? prepared<T>(sql, params, inTransaction) : (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: SqlConnection) => Promise<T>) {
      return pglite.transaction((tx) => fn(pgliteConnection(tx, pglite, prepared, true)));
    },
  };
}

/** Where PGlite's own files live in a data directory (beside the lock file). */
export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, "pgdata");
}

/** Opens PGlite in `dataDir` ("memory://" for an in-memory database). */
export async function openPglite(dataDir: string): Promise<{ driver: SqlDriver; pglite: PGlite }> {
  const inMemory = dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(inMemory ? dataDir : pgliteDirectory(dataDir), { extensions: { vector } });
  } catch (e) {
    unlock();
    throw e;
  }
  // PGlite is a single connection and already runs every query and transaction
  // under its own mutex, so callers are serialised here, in one place.
  const conn = pgliteConnection(pglite, pglite, pglitePreparedQuery(pglite), false);
  const driver: SqlDriver = {
    kind: "pglite",
    query: conn.query,
    withConnection: (fn) => fn(conn),
    async close() {
      await pglite.close();
      unlock();
    },
  };
  return { driver, pglite };
}

function pgConnection(client: pg.PoolClient): SqlConnection {
  const conn: SqlConnection = {
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    async transaction<T>(fn: (tx: SqlConnection) => Promise<T>) {
      await client.query("BEGIN");
      try {
        const result = await fn(conn);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
    },
  };
  return conn;
}

/** connectTimeoutMs: how long a query waits for a pooled connection (or a new one) before failing as "unavailable". */
export function openPg(connectionString: string, max = 10, connectTimeoutMs = 5_000): { driver: SqlDriver; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: connectTimeoutMs });
  // An idle client that loses its server emits 'error' on the pool; without a
  // listener Node would crash the process.
  pool.on("error", () => {});
  const driver: SqlDriver = {
    kind: "pg",
    async query<T>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async withConnection(fn) {
      const client = await pool.connect();
      try {
        return await fn(pgConnection(client));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return { driver, pool };
}

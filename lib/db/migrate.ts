// Applies prisma/migrations/<name>/migration.sql in name order, each in its own
// transaction, recording them in Prisma's own `_prisma_migrations` table (same
// columns, sha256 checksums) so `prisma migrate deploy` agrees wherever its
// engine exists. Hand-written because that engine cannot be installed here.
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlConnection, SqlDriver } from "./driver";

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(readonly migration: string) {
    super(
      `Migration ${migration} was changed after it was applied (checksum differs). ` +
        `Applied migrations are immutable: restore the file and add a new migration instead.`,
    );
    this.name = "MigrationChecksumError";
  }
}

export class MigrationFailedError extends Error {
  constructor(readonly migration: string, cause: unknown) {
    super(`Migration ${migration} failed and was rolled back: ${(cause as Error)?.message ?? cause}`);
    this.name = "MigrationFailedError";
  }
}

export const defaultMigrationsDir = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");

export function readMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  if (!fs.existsSync(dir)) throw new Error(`Migrations directory not found: ${dir}`);
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(/*turbopackIgnore: true*/ dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

const bookkeeping = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// The key Prisma's own migrate uses, so the two never run at once either.
const ADVISORY_LOCK_KEY = 72707369;

async function applyPending(conn: SqlConnection, migrations: MigrationFile[]): Promise<string[]> {
  await conn.exec(bookkeeping);
  const rows = await conn.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  for (const m of migrations) {
    const checksum = applied.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) throw new MigrationChecksumError(m.name);
  }
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    try {
      await conn.transaction(async (tx) => {
        await tx.exec(m.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
      });
    } catch (e) {
      throw new MigrationFailedError(m.name, e);
    }
    done.push(m.name);
  }
  return done;
}

/** Applies pending migrations; returns the names applied. Safe to call from many instances at once. */
export async function migrate(driver: SqlDriver, migrations = readMigrations()): Promise<string[]> {
  return driver.withConnection(async (conn) => {
    if (driver.kind === "pglite") return applyPending(conn, migrations); // one process, one connection
    await conn.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(conn, migrations);
    } finally {
      await conn.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    }
  });
}

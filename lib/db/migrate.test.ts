import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPglite, type SqlDriver } from "./driver";
import { migrate, MigrationChecksumError, MigrationFailedError, readMigrations } from "./migrate";

const realDir = path.join(process.cwd(), "prisma", "migrations");
const open: SqlDriver[] = [];

async function freshDriver(): Promise<SqlDriver> {
  const { driver } = await openPglite("memory://");
  open.push(driver);
  return driver;
}

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-migrations-"));
  fs.cpSync(realDir, dir, { recursive: true });
  return dir;
}

afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

describe("migration runner", () => {
  it("applies every migration to an empty database and records its checksum", async () => {
    const db = await freshDriver();
    const migrations = readMigrations(realDir);
    expect(migrations.length).toBeGreaterThan(0);
    const applied = await migrate(db, migrations);
    expect(applied).toEqual(migrations.map((m) => m.name));

    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const names = tables.map((t) => t.tablename);
    for (const t of ["users", "apps", "memories", "categories", "memory_categories", "memory_status_history", "memory_access_logs", "api_keys"]) {
      expect(names).toContain(t);
    }
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("creates the HNSW and full-text indexes", async () => {
    const db = await freshDriver();
    await migrate(db, readMigrations(realDir));
    const idx = await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'memories'");
    expect(idx.some((i) => /USING hnsw/.test(i.indexdef) && /vector_cosine_ops/.test(i.indexdef))).toBe(true);
    expect(idx.some((i) => /USING gin/.test(i.indexdef) && /content_tsv/.test(i.indexdef))).toBe(true);
  });

  it("is idempotent: a second run applies nothing and changes nothing", async () => {
    const db = await freshDriver();
    await migrate(db, readMigrations(realDir));
    const before = await db.query('SELECT count(*)::int AS n FROM "categories"');
    expect(await migrate(db, readMigrations(realDir))).toEqual([]);
    expect(await db.query('SELECT count(*)::int AS n FROM "categories"')).toEqual(before);
    const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(count[0].n).toBe(readMigrations(realDir).length);
  });

  it("refuses to run when an applied migration's file changed", async () => {
    const db = await freshDriver();
    const dir = copyMigrations();
    await migrate(db, readMigrations(dir));
    const first = readMigrations(dir)[0];
    fs.appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- edited after the fact\n");
    await expect(migrate(db, readMigrations(dir))).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(first.name);
  });

  it("applies a new migration added later, and rolls back a failing one completely", async () => {
    const db = await freshDriver();
    const dir = copyMigrations();
    await migrate(db, readMigrations(dir));

    fs.mkdirSync(path.join(dir, "29990101000000_add_note"));
    fs.writeFileSync(path.join(dir, "29990101000000_add_note", "migration.sql"), 'ALTER TABLE "users" ADD COLUMN "note" TEXT;');
    expect(await migrate(db, readMigrations(dir))).toEqual(["29990101000000_add_note"]);

    fs.mkdirSync(path.join(dir, "29990102000000_broken"));
    fs.writeFileSync(
      path.join(dir, "29990102000000_broken", "migration.sql"),
      'CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;',
    );
    const failure = migrate(db, readMigrations(dir));
    await expect(failure).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/29990102000000_broken/);
    const half = await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(half).toHaveLength(0);
    const recorded = await db.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((r) => r.migration_name)).not.toContain("29990102000000_broken");
  });

  it("skips hosted-role grants where the roles do not exist, and applies them where they do", async () => {
    const plain = await freshDriver();
    await migrate(plain, readMigrations(realDir));
    const rls = await plain.query<{ relrowsecurity: boolean }>("SELECT relrowsecurity FROM pg_class WHERE relname = 'memories'");
    expect(rls[0].relrowsecurity).toBe(false);

    // A database that has Supabase's API roles (as a hosted project does).
    const hosted = await freshDriver();
    await hosted.query("CREATE ROLE anon NOLOGIN");
    await hosted.query("CREATE ROLE authenticated NOLOGIN");
    await hosted.query("GRANT ALL ON SCHEMA public TO anon, authenticated");
    await hosted.query("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated");
    await migrate(hosted, readMigrations(realDir));
    const secured = await hosted.query<{ relrowsecurity: boolean }>("SELECT relrowsecurity FROM pg_class WHERE relname = 'memories'");
    expect(secured[0].relrowsecurity).toBe(true);
    const privileges = await hosted.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee IN ('anon','authenticated') AND table_name = 'api_keys'",
    );
    expect(privileges[0].n).toBe(0);
  });
});

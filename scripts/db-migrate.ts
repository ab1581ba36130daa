// npm run db:migrate — the deploy step: applies pending migrations to the
// configured database and exits. On PostgreSQL it connects to DIRECT_URL when set
// (the migration lock, pg_advisory_lock, needs a session; a transaction-mode
// pooler such as Supabase's port 6543 does not keep one), else DATABASE_URL; with
// neither, the embedded PGlite in JEAN_DATA_DIR. Instances started at once on an
// empty database are safe too: one migrates, the others wait for the lock.
// Needs no generated Prisma client, so it can run before `next build`.
import { getConfig } from "../lib/config";
import { openPg, openPglite, type SqlDriver } from "../lib/db/driver";
import { migrate, readMigrations } from "../lib/db/migrate";

const config = getConfig();
let driver: SqlDriver | undefined;
try {
  driver = config.migrationUrl ? openPg(config.migrationUrl, 1).driver : (await openPglite(config.dataDir)).driver;
  const applied = await migrate(driver, readMigrations());
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await driver?.close();
}

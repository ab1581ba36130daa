// npm run db:migrate — applies pending migrations to the configured database
// (DATABASE_URL, or the embedded PGlite in JEAN_DATA_DIR) and exits.
import { getConfig } from "../lib/config";
import { openDb } from "../lib/db";
import { migrate, readMigrations } from "../lib/db/migrate";

const config = getConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: false, poolMax: 1 });
try {
  const applied = await migrate(db.sql, readMigrations());
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}

// npm run purge — removes for good the memories that have been in the trash longer
// than TRASH_RETENTION_DAYS (default 30), every user's: rows, vectors, categories,
// history and read logs. The only hard delete there is (lib/memory/trash.ts).
import { getConfig } from "../lib/config";
import { openDb, setDbForTests } from "../lib/db";
import { purgeTrash } from "../lib/memory/trash";

const config = getConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: 2 });
setDbForTests(db);
try {
  const { purged } = await purgeTrash();
  console.log(`Purged ${purged} memories deleted more than ${config.trashRetentionDays} days ago.`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await db.close();
}

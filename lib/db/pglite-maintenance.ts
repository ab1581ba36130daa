// PGlite runs no autovacuum. Without it the planner never has statistics, so every
// plan is made from default selectivities (the pending-embeddings lookup after each
// add read all of a 10k-memory user's rows: 0.78 ms, 0.10 with statistics), and the
// dead rows of tables rewritten on every write (memory_search_stats, memory_term_stats)
// are only pruned as pages happen to be read. The server does autovacuum's job
// itself, with autovacuum's default thresholds, one table at a time, and bounded
// because PGlite is one connection and everything waits while it works (measured
// at 100k memories, 2026-12-07):
//  - ANALYZE samples fewer rows than PostgreSQL's default (statistics target 10,
//    not 100): ANALYZE memories 467 -> 43 ms. Ten most common values and ten
//    histogram buckets per column are enough for the plans made here.
//  - memories is analyzed but never vacuumed here: its HNSW index made VACUUM take
//    10 s after 11k rows were updated. Its dead rows are pruned as pages are read,
//    as before. The other tables vacuum in milliseconds (memory_term_stats: 14 ms).
// It also does the checkpointer's: PGlite runs single-user, where a checkpoint only
// happens when the WAL reaches max_wal_size (1 GB) or at a clean close. After a
// kill -9, reopening replays the WAL written since the last one: 20k memories added
// (177 MB of WAL) took 1.24 s to reopen, 0.56 s with a checkpoint before the kill,
// and the checkpoint itself took 43 ms; at 100k memories a maintenance pass with a
// checkpoint held the connection 88-170 ms (measured 2026-12-08, data directory on disk).
// So the timer checkpoints once CHECKPOINT_AFTER_WAL_BYTES of WAL have been written
// since the last checkpoint, which also lets PostgreSQL recycle the old WAL files. An
// add writes 12-33 kB of WAL (more just after a checkpoint: full-page images), so
// light use reaches 64 MB rarely; imports do.
// On PostgreSQL autovacuum and the checkpointer do all of it.
import "server-only";
import type { SqlDriver } from "./driver";
import { log } from "../log";

/** The first pass, after the server has started; then every CHECK_EVERY_MS. */
const FIRST_CHECK_MS = 5_000;
const CHECK_EVERY_MS = 60_000;

/** Statistics target for PGlite's ANALYZE (PostgreSQL's default is 100). */
const STATISTICS_TARGET = 10;
/** Tables never vacuumed by the timer (see the top of this file). */
const NO_VACUUM = new Set(["memories"]);
/** WAL written since the last checkpoint that makes the timer run one (see the top of this file). */
const CHECKPOINT_AFTER_WAL_BYTES = 64 * 2 ** 20;

/**
 * Vacuums and analyzes the tables autovacuum would (dead rows over 50 + 20 % of
 * the live ones; rows changed since the last ANALYZE over 50 + 10 %; never
 * analyzed and not empty), then checkpoints if enough WAL was written since the
 * last checkpoint. Returns what it did, e.g. ["ANALYZE memories", "CHECKPOINT"].
 */
export async function maintainPglite(driver: SqlDriver, opts: { checkpointAfterWalBytes?: number } = {}): Promise<string[]> {
  const due = await driver.query<{ name: string; vacuum: boolean }>(`
    SELECT relname AS name, n_dead_tup > 50 + 0.2 * n_live_tup AS vacuum
    FROM pg_stat_user_tables
    WHERE n_mod_since_analyze > 50 + 0.1 * n_live_tup
       OR (last_analyze IS NULL AND n_live_tup > 0)
       OR (n_dead_tup > 50 + 0.2 * n_live_tup AND relname <> ALL($1::text[]))
    ORDER BY relname`, [[...NO_VACUUM]]);
  const done: string[] = [];
  for (const table of due) {
    const name = `"${table.name.replaceAll('"', '""')}"`;
    const vacuum = table.vacuum && !NO_VACUUM.has(table.name);
    // Each table on its own, with the event loop yielded between them so waiting
    // requests go first. VACUUM cannot run in a transaction: a statement of its own.
    await driver.withConnection(async (c) => {
      if (vacuum) await c.exec(`VACUUM ${name}`);
      await c.exec(`SET default_statistics_target = ${STATISTICS_TARGET}; ANALYZE ${name}; RESET default_statistics_target`);
    });
    done.push(`${vacuum ? "VACUUM, " : ""}ANALYZE ${table.name}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const [{ wal }] = await driver.query<{ wal: number }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::float8 AS wal FROM pg_control_checkpoint()`);
  if (wal >= (opts.checkpointAfterWalBytes ?? CHECKPOINT_AFTER_WAL_BYTES)) {
    await driver.query("CHECKPOINT");
    done.push("CHECKPOINT");
  }
  return done;
}

/** Runs maintainPglite on a timer that never keeps the process alive; returns a stop function. */
export function startPgliteMaintenance(driver: SqlDriver): () => void {
  let running = false;
  const pass = () => {
    if (running) return;
    running = true;
    maintainPglite(driver)
      .then((done) => done.length && log.debug("database maintenance", { done }))
      .catch((e) => log.warn("database maintenance failed", { error: e }))
      .finally(() => (running = false));
  };
  const first = setTimeout(pass, FIRST_CHECK_MS);
  const every = setInterval(pass, CHECK_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}

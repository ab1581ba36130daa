/**
 * npm run bench:import — a 10,000-line import (NDJSON, ~1.2 MB) on the embedded
 * database while another user keeps reading: how long the import takes and what
 * the other user's requests wait meanwhile (one import used to freeze everyone
 * for a minute), next to the same requests for 3 s with no import running. Another user's list or search reaches the engine every 100 ms,
 * in the same process, as the server would; each is timed from its arrival.
 *
 *   npm run bench:import [-- --lines 10000 --existing 10000]
 *   npm run bench:import -- --database-url "$TEST_DATABASE_URL" [--pool 10]   # on PostgreSQL (pgvector)
 * Targets: import <= 5 s; other users' p95 <= 100 ms while it runs.
 * On PostgreSQL the run's two users are its own (deleted after), and the HNSW index
 * is kept (dropping it would touch everyone else's rows), so the load is slower.
 */
import crypto from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dashboardActor } from "../lib/memory/actor";
import { importMemories } from "../lib/memory/transfer";
import { listMemories } from "../lib/memory/read";
import { warmUpTimeParsing } from "../lib/memory/time";
import { searchMemories } from "../lib/memory/search";
import { openDb, setDbForTests, type Db } from "../lib/db";
import { getOrCreateUser } from "../lib/users";
import { arg, benchEnvironment, benchRunId, deleteBenchUsers, bulkInsertMemories, bulkUser, freshDb, peakRssMb, percentile, pick, prng, withoutVectorIndex } from "./lib/common";

const LINES = Number(arg("--lines") ?? 10_000);
const EXISTING = Number(arg("--existing") ?? 10_000);
const DATABASE_URL = arg("--database-url");
const RUN = benchRunId();
const USERS = [`bench-import-other-${RUN}`, `bench-import-importer-${RUN}`];

async function openBenchDb(): Promise<Db> {
  if (!DATABASE_URL) return freshDb();
  const db = await openDb({ databaseUrl: DATABASE_URL, dataDir: "memory://", poolMax: Number(arg("--pool") ?? 10) });
  setDbForTests(db);
  return db;
}

async function main() {
  benchEnvironment();
  warmUpTimeParsing(); // as the server does at start (lib/startup.ts)
  const db = await openBenchDb();
  try {
    const rand = prng(7);
    const words = ["garden", "invoice", "Lisbon", "dentist", "guitar", "sister", "project", "recipe", "marathon", "flight", "budget", "novel", "meeting", "birthday", "tomato"];
    const sentence = (i: number) => `Note ${i}: ${Array.from({ length: 12 + Math.floor(rand() * 12) }, () => pick(rand, words)).join(" ")} and some more words about my week.`;
    const other = await bulkUser(db, USERS[0]!);
    const existing = async () => void (await bulkInsertMemories(db, other, Array.from({ length: EXISTING }, (_, i) => sentence(i))));
    if (DATABASE_URL) await existing();
    else await withoutVectorIndex(db, existing);
    const importer = await getOrCreateUser(USERS[1]!);
    const file = Array.from({ length: LINES }, (_, i) =>
      JSON.stringify({ id: crypto.randomUUID(), content: sentence(i), app: "import", categories: i % 3 ? [] : ["work"], metadata: { n: i }, created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }),
    ).join("\n");

    // Open loop: another user's request arrives every INTERVAL ms whether or not the
    // last one was answered (as independent users' requests do), each timed from its
    // arrival, so time spent queued behind the import or a blocked event loop counts.
    const INTERVAL = Number(arg("--interval") ?? 100);
    const actor = dashboardActor(other.userId);
    function otherUser() {
      const waits: number[] = [];
      const inFlight: Promise<void>[] = [];
      const arrivals = setInterval(() => {
        const t = performance.now();
        const i = inFlight.length;
        inFlight.push((i % 2 ? listMemories(actor, { size: 20 }) : searchMemories(actor, pick(rand, words), { limit: 10 })).then(() => void waits.push(performance.now() - t)));
      }, INTERVAL);
      return { waits, stop: async () => (clearInterval(arrivals), await Promise.all(inFlight)) };
    }
    // The same requests with no import running: what the import adds is the difference.
    const alone = otherUser();
    await new Promise((resolve) => setTimeout(resolve, Number(arg("--baseline-ms") ?? 3000)));
    await alone.stop();
    const during = otherUser();
    const waits = during.waits;
    const t0 = performance.now();
    const result = await importMemories(dashboardActor(importer.id), file);
    const importMs = performance.now() - t0;
    await during.stop();

    const line = {
      database: DATABASE_URL ? "postgresql" : "embedded",
      lines: LINES,
      bytes: Buffer.byteLength(file),
      importS: importMs / 1000,
      imported: result.imported,
      otherRequests: waits.length,
      otherP50Ms: percentile(waits, 50),
      otherP95Ms: percentile(waits, 95),
      otherMaxMs: Math.max(...waits),
      otherAloneP50Ms: percentile(alone.waits, 50),
      otherAloneP95Ms: percentile(alone.waits, 95),
      peakRssMb: peakRssMb(),
    };
    console.log(JSON.stringify(line, null, 1));
    console.log(`import ${LINES} lines: ${line.importS.toFixed(2)} s (target <= 5): ${line.importS <= 5 ? "OK" : "MISSED"}`);
    console.log(`other user's p95 during it: ${line.otherP95Ms.toFixed(1)} ms over ${waits.length} requests (target <= 100): ${line.otherP95Ms <= 100 ? "OK" : "MISSED"}; with no import running ${line.otherAloneP95Ms.toFixed(1)} ms`);
    const out = path.join(import.meta.dirname, "results", DATABASE_URL ? "import-postgresql.json" : "import.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), ...line }, null, 1));
  } finally {
    // On PostgreSQL the run's users go, whatever happened; the in-memory database just closes.
    if (DATABASE_URL) await deleteBenchUsers(db, USERS);
    else await db.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

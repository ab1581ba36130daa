// npm run bench:mcp — end-to-end MCP latency and throughput through the production
// server (`next start`) on loopback: tools/list and search_memory (one user with
// 10k memories) on the Claude path and the agent path. Closed-loop load: C
// concurrent clients, each sending its next request when the last one answered.
// Usage: npm run bench:mcp [-- --memories 10000 --seconds 8 --concurrency 1,8]
//
// Several instances on one PostgreSQL (as on Vercel + Supabase; issue 17): each
// client sends its requests to one of N `next start`s, in turn, on one database.
//   npm run bench:mcp -- --database-url "$TEST_DATABASE_URL" --instances 3 --concurrency 1,8,32
// The database needs pgvector; it is migrated if need be, and the run's user (a new
// one each run) is deleted at the end. PGlite is one process's: --instances > 1
// needs --database-url.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db";
import { displayParts, generateKey, hashKey } from "../lib/keys/format";
import { arg, benchRunId, bulkInsertMemories, bulkUser, deleteBenchUsers, percentile, prng, pick, table } from "./lib/common";
import { startNextServer } from "./lib/next-server";

const MEMORIES = Number(arg("--memories") ?? 10_000);
const SECONDS = Number(arg("--seconds") ?? 8);
// 1 client shows the latency of one request; 8 show throughput under load (queueing adds latency).
const CONCURRENCIES = (arg("--concurrency") ?? "1,8").split(",").map(Number);
const PORT = 3290;
const DATABASE_URL = arg("--database-url");
const INSTANCES = Number(arg("--instances") ?? 1);
if (INSTANCES > 1 && !DATABASE_URL) throw new Error("--instances > 1 needs --database-url: an embedded database belongs to one process");
/** A user of this run's own, so a shared database's other rows are left alone. */
const USER = `bench-mcp-user-${benchRunId()}`;
const SECRET = "bench-gateway-secret-0123456789";

const recall = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "data", "recall-set.json"), "utf8")) as {
  memories: { text: string }[];
  queries: { query: string }[];
};

const openBenchDb = (dataDir: string) => openDb({ dataDir, databaseUrl: DATABASE_URL });

async function seed(dataDir: string): Promise<string> {
  const db = await openBenchDb(dataDir);
  try {
    const owner = await bulkUser(db, USER, "claude");
    const rand = prng(42);
    const texts = Array.from({ length: MEMORIES }, (_, i) => `${pick(rand, recall.memories).text} (note ${i})`);
    await bulkInsertMemories(db, owner, texts);
    const key = generateKey();
    const { prefix, lastFour } = displayParts(key);
    await db.prisma.apiKey.create({ data: { userId: owner.userId, name: "bench-agent", keyHash: hashKey(key), prefix, lastFour, scopes: ["memories:read", "memories:write"], hideSensitive: false, reviewWrites: false } });
    return key;
  } finally {
    await db.close();
  }
}

/** Client i sends to instance i mod N (urls: one per instance). */
async function load(urls: string[], headers: Record<string, string>, body: () => string, concurrency: number): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      const url = urls[client % urls.length]!;
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body() });
        const json = (await res.json()) as { error?: unknown; result?: { isError?: boolean } };
        if (!res.ok || json.error || json.result?.isError) {
          // The first failure of a row, so a count of errors comes with its cause.
          if (errors++ === 0) console.error(`first error (${res.status}): ${JSON.stringify(json).slice(0, 300)}`);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

const root = path.join(import.meta.dirname, "..");
if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });

const ports = Array.from({ length: INSTANCES }, (_, i) => PORT + i);
for (const port of ports) {
  try {
    await fetch(`http://127.0.0.1:${port}/api/health`);
    throw new Error(`port ${port} is already in use: stop that server first`);
  } catch (e) {
    if ((e as Error).message.startsWith("port")) throw e;
  }
}
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-bench-mcp-"));
const servers: { base: string; stop: () => Promise<void> }[] = [];
try {
  console.log(`Seeding ${MEMORIES} memories${DATABASE_URL ? " into the PostgreSQL at --database-url" : ""}...`);
  const key = await seed(dataDir);
  const env = { JEAN_DATA_DIR: dataDir, MCP_GATEWAY_SECRET: SECRET, AGENT_RATE_LIMIT_PER_MINUTE: "100000", ...(DATABASE_URL ? { DATABASE_URL, JEAN_AUTO_MIGRATE: "false" } : {}) };
  // Every instance that started is stopped in `finally`, even if another failed to.
  const started = await Promise.allSettled(ports.map((port) => startNextServer(port, env)));
  for (const s of started) if (s.status === "fulfilled") servers.push(s.value);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
  const bases = servers.map((s) => s.base);
  const rand = prng(7);
  let id = 0;
  const toolsList = () => JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/list" });
  const search = () =>
    JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "search_memory", arguments: { query: pick(rand, recall.queries).query, limit: 10 } } });
  const paths = [
    ["Claude /mcp/messages/", bases.map((b) => `${b}/mcp/messages/`), { "x-user-id": USER, "x-gateway-secret": SECRET }],
    ["agent /agent/v1/mcp", bases.map((b) => `${b}/agent/v1/mcp`), { authorization: `Bearer ${key}` }],
  ] as const;
  const rows: (string | number)[][] = [];
  for (const [label, urls, headers] of paths) {
    for (const [name, body] of [["tools/list", toolsList], ["search_memory", search]] as const) {
      await load(urls, headers, body, 4 * urls.length); // warm-up (JIT, caches, embedding table), every instance
      for (const c of CONCURRENCIES) {
        const r = await load(urls, headers, body, c);
        rows.push([label, name, c, r.latencies.length, (r.latencies.length / r.seconds).toFixed(0), ...[50, 95, 99].map((p) => percentile(r.latencies, p).toFixed(1)), r.errors]);
      }
    }
  }
  const where = DATABASE_URL ? `${INSTANCES} instance${INSTANCES > 1 ? "s" : ""} on one PostgreSQL` : "the embedded database";
  console.log(`\nMCP end to end through next start (${where}), ${MEMORIES} memories for the user, ${SECONDS} s per row, ${os.cpus().length} cores\n`);
  console.log(table(["path", "method", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"], rows));
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  if (DATABASE_URL) await deleteBenchUsers(await openBenchDb(dataDir), [USER]);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

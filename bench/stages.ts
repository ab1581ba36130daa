// npm run bench:stages — where a search and an add over the Claude path spend their
// time, stage by stage (issue 15: "measure where the rest goes"). bench:peer's
// workload: N filler memories (default 10k) and the labelled set, as one user.
//  1. In process: each request goes through the real route handler
//     (gatewayMcpPost: auth, the MCP SDK's server and transport, the tool, the
//     engine), with lib/stage-timing.ts recording each stage.
//  2. Over HTTP: the same requests through `next start` on loopback (node:http,
//     keep-alive), so the difference of the two totals is what HTTP, Next's
//     routing and the process boundary cost.
// Usage: npm run bench:stages [-- --n 10000]
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { openDb, setDbForTests } from "../lib/db";
import { gatewayMcpPost } from "../lib/mcp/gateway-route";
import { recordStages } from "../lib/stage-timing";
import { arg, benchEnvironment, bulkInsertMemories, bulkUser, percentile, table, withoutVectorIndex } from "./lib/common";
import { startNextServer } from "./lib/next-server";
import { peerWorkload } from "./lib/peer-workload";

benchEnvironment();
const N = Number(arg("--n") ?? 10_000);
const PORT = 3292;
const SECRET = "bench-stages-gateway-secret-0123456789";
const USER = "bench-stages-user";
const { labelled, filler } = peerWorkload();
const queries = labelled.queries;

type Phase = "search" | "add" | "list";
const samples: Record<Phase, Map<string, number[]>> = { search: new Map(), add: new Map(), list: new Map() };
let phase: Phase | undefined;
recordStages((name, ms) => {
  if (!phase) return;
  const m = samples[phase];
  m.set(name, [...(m.get(name) ?? []), ms]);
});

let rpcId = 1;
const body = (name: string, args: Record<string, unknown>) => JSON.stringify({ jsonrpc: "2.0", id: rpcId++, method: "tools/call", params: { name, arguments: args } });
/** tools/list: the path's fixed cost (auth, the SDK's server and transport), no tool and no database. */
const toolsList = () => JSON.stringify({ jsonrpc: "2.0", id: rpcId++, method: "tools/list", params: {} });
const headers = { "content-type": "application/json", accept: "application/json", "x-user-id": USER, "x-client-name": "claude", "x-gateway-secret": SECRET };

async function timed(phaseName: Phase, label: string, call: () => Promise<string>): Promise<void> {
  phase = phaseName;
  const t = performance.now();
  const text = await call();
  const ms = performance.now() - t;
  phase = undefined;
  if (!text.includes('"result"')) throw new Error(`unexpected answer: ${text.slice(0, 200)}`);
  const m = samples[phaseName];
  m.set(label, [...(m.get(label) ?? []), ms]);
}

// ---- 1. in process
process.env.MCP_GATEWAY_SECRET = SECRET;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-bench-stages-"));
const db = await openDb({ dataDir });
setDbForTests(db);
const owner = await bulkUser(db, USER, "claude");
if (N) await withoutVectorIndex(db, async () => void (await bulkInsertMemories(db, owner, filler(N))));
const inProcess = (args: string) => gatewayMcpPost(new Request("http://127.0.0.1/mcp/messages/", { method: "POST", headers, body: args })).then((r) => r.text());
for (const m of labelled.memories) await timed("add", "total, in process", () => inProcess(body("add_memories", { text: m.text })));
for (const q of queries) await inProcess(body("search_memory", { query: q.query, limit: 10 })); // warm-up: a pass unmeasured
for (const q of queries) await timed("search", "total, in process", () => inProcess(body("search_memory", { query: q.query, limit: 10 })));
for (let i = 0; i < 200; i++) await timed("list", "total, in process", () => inProcess(toolsList()));
await db.close();

// ---- 2. the same over HTTP (searches, and adds of new texts) through next start
// --server-cpu-prof DIR: a V8 CPU profile of the server process, to see what the HTTP side costs.
const profileDir = arg("--server-cpu-prof");
const { base, stop } = await startNextServer(PORT, { JEAN_DATA_DIR: dataDir, MCP_GATEWAY_SECRET: SECRET }, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
try {
  // node:http with a keep-alive agent: undici's fetch costs ~3 ms a request on the client side by itself
  // (tools/list p50 5.97 ms with fetch, 2.91 with node:http, same server), which is not the server's time.
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(`${base}/mcp/messages/`);
  const overHttp = (args: string) =>
    new Promise<string>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      });
      req.on("error", reject);
      req.end(args);
    });
  for (const q of queries) await overHttp(body("search_memory", { query: q.query, limit: 10 })); // warm-up: the server's first pass reads the pages from disk
  for (const q of queries) await timed("search", "total, over HTTP (next start)", () => overHttp(body("search_memory", { query: q.query, limit: 10 })));
  for (let i = 0; i < 200; i++) await timed("list", "total, over HTTP (next start)", () => overHttp(toolsList()));
  // New texts (filler of the same kind): a labelled text again would be answered as a duplicate without a write.
  for (const text of filler(200)) await timed("add", "total, over HTTP (next start)", () => overHttp(body("add_memories", { text: `${text} new` })));
} finally {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

// ---- report
const p = (xs: number[] | undefined, q: number) => (xs?.length ? percentile(xs, q).toFixed(2) : "");
const report: Record<string, Record<string, { n: number; p50: number; p95: number }>> = {};
for (const ph of ["search", "add", "list"] as const) {
  const rows = [...samples[ph]].map(([name, xs]) => [name, xs.length, p(xs, 50), p(xs, 95)]);
  const what = { search: "search_memory", add: "add_memories", list: "tools/list" }[ph];
  console.log(`\n${what} over the Claude path, ${N.toLocaleString("en")} filler + ${labelled.memories.length} labelled memories for the user (ms; stages nest: "mcp: exchange" holds the tool's, "tool: ${what}" the engine's)`);
  console.log(table(["stage", "n", "p50", "p95"], rows));
  report[ph] = Object.fromEntries([...samples[ph]].map(([name, xs]) => [name, { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95) }]));
}
const med = (ph: Phase, k: string) => percentile(samples[ph].get(k) ?? [NaN], 50);
for (const ph of ["search", "add", "list"] as const) {
  console.log(`${ph}: HTTP + Next routing + process boundary ≈ ${(med(ph, "total, over HTTP (next start)") - med(ph, "total, in process")).toFixed(2)} ms at p50`);
}
fs.mkdirSync(path.join(import.meta.dirname, "results"), { recursive: true });
fs.writeFileSync(path.join(import.meta.dirname, "results", "stages.json"), JSON.stringify({ measuredAt: new Date().toISOString(), n: N, ...report }, null, 1));
process.exit(0);

// npm run bench:peer — Jean Memory next to the reference MCP memory server
// (@modelcontextprotocol/server-memory, run over stdio with the SDK client), same
// workload, one run. For each N: N filler memories, then a labelled set (20 of its
// memories added one call at a time to warm up, then TIMED_ADDS more timed: adds/s), then its
// questions (p95 latency, R@5).
//   ours: the production server (`next start`, embedded database), Claude path
//         /mcp/messages/ with the SDK's Streamable HTTP client; filler bulk-loaded.
//   peer: one entity per memory (one observation each); filler, and the labelled
//         memories after the timed ones, in batches: at 100k its adds run at ~2 per
//         second (each rewrites its whole file), and adding all 482 one at a time took
//         four of the benchmark's eight minutes.
// The labelled set: one conversation (conversations.json), one person's lookups
// (lookups.json) and one person's facts (recall-set.json), as one user. Filler:
// half/half mixes of the *other* users' texts of the same sets — the same style
// and vocabulary, none of the labelled facts.
// Usage: npm run bench:peer [-- --sizes 0,1000,10000,100000 --queries 200 --timed-adds 100]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db";
import { arg, bulkInsertMemories, bulkUser, percentile, table, withoutVectorIndex } from "./lib/common";
import { score, type EvalMemory } from "./lib/eval-sets";
import { peerWorkload } from "./lib/peer-workload";
import { startNextServer } from "./lib/next-server";

const SIZES = (arg("--sizes") ?? "0,1000,10000,100000").split(",").map(Number);
const MAX_QUERIES = Number(arg("--queries") ?? 200);
/** Labelled memories added one call at a time and timed (adds/s); the rest are loaded as each system loads in bulk. */
const TIMED_ADDS = Number(arg("--timed-adds") ?? 100);
const WARM_ADDS = 20;
const PORT = 3291;
const SECRET = "bench-peer-gateway-secret-0123456789";
const root = path.join(import.meta.dirname, "..");

// ---- the workload (bench/lib/peer-workload.ts)
const { labelled, filler } = peerWorkload();
const queries = labelled.queries.length > MAX_QUERIES ? Array.from({ length: MAX_QUERIES }, (_, i) => labelled.queries[Math.floor((i * labelled.queries.length) / MAX_QUERIES)]!) : labelled.queries;
const textOf = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");

interface Result {
  system: string;
  n: number;
  addsPerSecond: number;
  p50: number;
  p95: number;
  r5: number;
  perSet: Record<string, number>;
}

interface System {
  name: string;
  /** One labelled memory, one call; the system's ids for it. */
  add: (m: EvalMemory) => Promise<string[]>;
  /** The remaining labelled memories, as the system loads many; the system's ids for each. */
  addRest: (ms: EvalMemory[]) => Promise<string[][]>;
  search: (q: string) => Promise<string[]>;
}

async function measure(n: number, system: System): Promise<Result> {
  const { add, addRest, search } = system;
  const idsOf = new Map<string, string[]>(); // system id -> labelled ids
  const note = (m: EvalMemory, ids: string[]) => ids.forEach((id) => idsOf.set(id, [...(idsOf.get(id) ?? []), m.id]));
  // The first adds, one call at a time and untimed, warm the server (its first app
  // row, first statements); the next TIMED_ADDS are timed; the rest are loaded.
  const warm = labelled.memories.slice(0, WARM_ADDS);
  const timed = labelled.memories.slice(WARM_ADDS, WARM_ADDS + TIMED_ADDS);
  const rest = labelled.memories.slice(WARM_ADDS + TIMED_ADDS);
  for (const m of warm) note(m, await add(m));
  const t0 = performance.now();
  for (const m of timed) note(m, await add(m));
  const addsPerSecond = timed.length / ((performance.now() - t0) / 1000);
  (await addRest(rest)).forEach((ids, i) => note(rest[i]!, ids));
  for (const q of queries.slice(0, 10)) await search(q.query); // warm-up
  const latencies: number[] = [];
  const ranked = new Map<string, string[]>();
  for (const q of queries) {
    const t = performance.now();
    const ids = await search(q.query);
    latencies.push(performance.now() - t);
    ranked.set(q.id, ids.flatMap((id) => idsOf.get(id) ?? []));
  }
  const s = score(queries, ranked);
  const perSet = Object.fromEntries(Object.entries(s).filter(([k]) => k !== "all").map(([k, m]) => [k, m.r5]));
  return { system: system.name, n, addsPerSecond, p50: percentile(latencies, 50), p95: percentile(latencies, 95), r5: s.all!.r5, perSet };
}

async function ours(n: number): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-bench-peer-"));
  const db = await openDb({ dataDir });
  const owner = await bulkUser(db, "bench-peer-user", "claude");
  const texts = filler(n);
  await withoutVectorIndex(db, async () => void (await bulkInsertMemories(db, owner, texts)));
  await db.close();
  const { base, stop } = await startNextServer(PORT, { JEAN_DATA_DIR: dataDir, MCP_GATEWAY_SECRET: SECRET });
  const client = new Client({ name: "bench-peer", version: "1.0.0" });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp/messages/`), { requestInit: { headers: { "x-user-id": "bench-peer-user", "x-gateway-secret": SECRET, "x-client-name": "claude" } } }));
    const add = async (m: EvalMemory) => (JSON.parse(textOf(await client.callTool({ name: "add_memories", arguments: { text: m.text } }))) as { results: { id: string }[] }).results.map((r) => r.id);
    return await measure(n, {
      name: "Jean Memory (Claude path, next start)",
      add,
      // Every labelled memory goes through add_memories (dedupe and categories included), untimed after the first ones.
      addRest: async (ms) => {
        const out: string[][] = [];
        for (const m of ms) out.push(await add(m));
        return out;
      },
      search: async (q) => (JSON.parse(textOf(await client.callTool({ name: "search_memory", arguments: { query: q, limit: 10 } }))) as { id: string }[]).map((h) => h.id),
    });
  } finally {
    await client.close();
    await stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function peer(n: number): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-memory-"));
  const client = new Client({ name: "bench-peer", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(root, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js")],
      env: { ...process.env, MEMORY_FILE_PATH: path.join(dir, "memory.jsonl") } as Record<string, string>,
      stderr: "ignore",
    }),
  );
  try {
    const fill = filler(n);
    for (let i = 0; i < fill.length; i += 1000) {
      await client.callTool({ name: "create_entities", arguments: { entities: fill.slice(i, i + 1000).map((t, j) => ({ name: `filler-${i + j}`, entityType: "note", observations: [t] })) } });
    }
    const entity = (m: EvalMemory) => ({ name: m.id, entityType: "memory", observations: [m.text] });
    return await measure(n, {
      name: "@modelcontextprotocol/server-memory (stdio)",
      add: async (m) => {
        await client.callTool({ name: "create_entities", arguments: { entities: [entity(m)] } });
        return [m.id];
      },
      addRest: async (ms) => {
        if (ms.length) await client.callTool({ name: "create_entities", arguments: { entities: ms.map(entity) } });
        return ms.map((m) => [m.id]);
      },
      search: async (q) => (JSON.parse(textOf(await client.callTool({ name: "search_nodes", arguments: { query: q } }))) as { entities: { name: string }[] }).entities.slice(0, 10).map((e) => e.name),
    });
  } finally {
    await client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
console.log(`labelled: ${labelled.memories.length} memories, ${queries.length} questions (${[...new Set(queries.map((q) => q.type))].join(", ")}); filler sizes ${SIZES.join(", ")}`);
const results: Result[] = [];
for (const n of SIZES) {
  for (const run of [peer, ours]) {
    const r = await run(n);
    results.push(r);
    console.log(`${r.system} N=${n}: p95 ${r.p95.toFixed(1)} ms, R@5 ${r.r5.toFixed(3)}, ${r.addsPerSecond.toFixed(0)} adds/s`);
  }
}
const rows = results.map((r) => [r.system, r.n, r.p50.toFixed(1), r.p95.toFixed(1), r.r5.toFixed(3), ...Object.keys(results[0]!.perSet).map((k) => (r.perSet[k] ?? 0).toFixed(3)), r.addsPerSecond.toFixed(0)]);
console.log("\n" + table(["system", "N filler", "search p50 ms", "search p95 ms", "R@5", ...Object.keys(results[0]!.perSet).map((k) => `R@5 ${k}`), "adds/s"], rows));
const out = path.join(import.meta.dirname, "results", "peer.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), cores: os.cpus().length, labelled: { memories: labelled.memories.length, questions: queries.length }, results }, null, 1));
console.log(`wrote ${path.relative(process.cwd(), out)}`);

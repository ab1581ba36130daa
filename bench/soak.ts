// npm run bench:soak — many users on all three paths at once, for a fixed time,
// through the production server (`next start`):
//   - the dashboard REST API (`/api/v1/memories` add, list, search) with a local
//     session cookie from /auth/local/sign-in;
//   - the Claude gateway path (`POST /mcp/messages/`: x-user-id, x-client-name,
//     x-gateway-secret);
//   - the agent path (`POST /agent/v1/mcp`, `Bearer jean_sk_…` made via /api/v1/keys).
// Each simulated user is one person on all three paths (the gateway's x-user-id is
// their session's `sub`), whose memories carry a marker word of their own. The run
// fails (exit 1) on any 5xx, any other error, any lost write (an acknowledged add
// its owner cannot read back afterwards) and any cross-user read (a list, search or
// get that shows another user's marker or memory). It reports p50/p95/p99 per path,
// the server's RSS every second (/proc/<pid>/status), and writes
// bench/results/soak.json.
//
//   npm run bench:soak [-- --seconds 30 --users 50 --think-ms 1000 --rounds 1 --idle-seconds 10 --heap --snapshots --keep-snapshots]
//   DATABASE_URL=postgres://… npm run bench:soak      (a throwaway database with pgvector)
//
// --rounds N runs N soaks on the same server (same users, so data keeps growing), each
// followed by an idle pause. --heap starts the server with --inspect and, at every
// idle point, forces a full GC and reads process.memoryUsage() and the size of
// every WebAssembly.Memory (PGlite's Postgres heap) through the inspector;
// --snapshots also writes a heap snapshot (to the temp dir) at each of those points
// and prints what grew from the first and the second to the last (deleted after,
// unless --keep-snapshots). bench/README.md ("bench:soak") has the method and numbers.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Cdp, summariseHeapSnapshot } from "./lib/cdp";
import { arg, percentile, pick, prng, table } from "./lib/common";
import { startNextServer } from "./lib/next-server";
import { machineBusySeconds, pidListeningOn, procCpuSeconds, procMemory } from "./lib/proc";

const SECONDS = Number(arg("--seconds") ?? 30);
const USERS = Number(arg("--users") ?? 50);
// Each user waits 0..2×THINK_MS (uniform) between requests; 0 is a closed loop flat out.
const THINK_MS = Number(arg("--think-ms") ?? 1000);
const ROUNDS = Number(arg("--rounds") ?? 1);
const IDLE_S = Number(arg("--idle-seconds") ?? 10);
const WARMUP_S = Number(arg("--warmup-seconds") ?? 5);
const SNAPSHOTS = process.argv.includes("--snapshots");
const HEAP = SNAPSHOTS || process.argv.includes("--heap");
const SEED = Number(arg("--seed") ?? 16);
const DATABASE_URL = process.env.DATABASE_URL || undefined;
const PORT = 3292;
const INSPECT_PORT = 9292;
const SECRET = "bench-soak-gateway-secret-0123456789";
const root = path.join(import.meta.dirname, "..");

const recall = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "data", "recall-set.json"), "utf8")) as {
  memories: { text: string }[];
  queries: { query: string }[];
};

type PathName = "rest" | "gateway" | "agent";
type Op = "add" | "list" | "search";
const PATHS: PathName[] = ["rest", "gateway", "agent"];
const PATH_LABEL: Record<PathName, string> = { rest: "dashboard REST /api/v1/memories", gateway: "Claude /mcp/messages/", agent: "agent /agent/v1/mcp" };

interface User {
  n: number;
  email: string;
  sub: string;
  cookie: string;
  key: string;
  marker: string;
  /** Acknowledged adds: memory id → the text sent. */
  acked: Map<string, string>;
}

interface Sample {
  path: PathName;
  op: Op;
  ms: number;
}

interface Failure {
  kind: "5xx" | "error" | "lost_write" | "cross_user";
  detail: string;
}

// ---- the run's state
const rand = prng(SEED);
const tag = Date.now().toString(36); // users and markers are new on every run (matters on a shared PostgreSQL)
const failures: Failure[] = [];
const counts = { "5xx": 0, error: 0, lost_write: 0, cross_user: 0 };
const fail = (kind: Failure["kind"], detail: string) => {
  counts[kind]++;
  if (failures.length < 50) failures.push({ kind, detail });
};
let noteCounter = 0;

/** A marker word per user: letters only, so the text search treats it as one rare word. */
function markerFor(n: number): string {
  const r = prng(SEED * 1000 + n + parseInt(tag, 36) % 100_000);
  return "zq" + Array.from({ length: 10 }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join("");
}

const users: User[] = [];
const markerOwner = new Map<string, number>();
const MARKER = /\bzq[a-z]{10}\b/g;

/** Fails the run if `text` (a whole response) shows a marker of anyone but `u`. */
function checkMarkers(u: User, text: string, where: string): void {
  for (const m of text.match(MARKER) ?? []) {
    const owner = markerOwner.get(m);
    if (owner !== undefined && owner !== u.n) fail("cross_user", `${where}: user ${u.n} saw user ${owner}'s marker ${m}`);
  }
}

// ---- requests
async function http(url: string, init: RequestInit, where: string): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, init);
    const body = await res.text();
    if (res.status >= 500) fail("5xx", `${where}: ${res.status} ${body.slice(0, 200)}`);
    else if (!res.ok) fail("error", `${where}: ${res.status} ${body.slice(0, 200)}`);
    return { status: res.status, body };
  } catch (e) {
    fail("error", `${where}: ${(e as Error).message} ${String((e as Error).cause ?? "")}`);
    return undefined;
  }
}

let rpcId = 0;
/** One MCP tools/call; the tool's JSON answer (its text content, parsed), or undefined after recording the error. */
async function mcpCall(base: string, u: User, p: "gateway" | "agent", tool: string, args: Record<string, unknown>): Promise<unknown> {
  const headers: Record<string, string> =
    p === "gateway"
      ? { "x-user-id": u.sub, "x-client-name": "claude-soak", "x-gateway-secret": SECRET }
      : { authorization: `Bearer ${u.key}` };
  const where = `${p} ${tool}`;
  const r = await http(
    `${base}${p === "gateway" ? "/mcp/messages/" : "/agent/v1/mcp"}`,
    { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method: "tools/call", params: { name: tool, arguments: args } }) },
    where,
  );
  if (!r || r.status >= 400) return undefined;
  checkMarkers(u, r.body, where);
  const json = JSON.parse(r.body) as { error?: unknown; result?: { isError?: boolean; content?: { text: string }[] } };
  if (json.error || json.result?.isError) {
    fail("error", `${where}: ${JSON.stringify(json.error ?? json.result).slice(0, 200)}`);
    return undefined;
  }
  return JSON.parse(json.result?.content?.[0]?.text ?? "null");
}

function searchQuery(u: User): string {
  const x = rand();
  if (x < 0.7) return pick(rand, recall.queries).query;
  if (x < 0.85) return `notes with ${u.marker}`;
  return `notes with ${pick(rand, users).marker}`; // another user's marker: must find nothing of theirs
}

/** One operation of user `u` on path `p`; records acknowledged adds. */
async function operate(base: string, u: User, p: PathName, op: Op): Promise<void> {
  const rest = (method: string, url: string, body?: unknown) =>
    http(`${base}${url}`, { method, headers: { cookie: u.cookie, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined }, `rest ${method} ${url.split("?")[0]}`);
  if (op === "add") {
    const text = `${pick(rand, recall.memories).text} (${u.marker} note ${++noteCounter})`;
    let results: { id: string; event: string }[] | undefined;
    if (p === "rest") {
      const r = await rest("POST", "/api/v1/memories", { text, infer: false });
      if (r?.status === 201) results = (JSON.parse(r.body) as { results: { id: string; event: string }[] }).results;
    } else {
      results = ((await mcpCall(base, u, p, "add_memories", { text })) as { results: { id: string; event: string }[] } | undefined)?.results;
    }
    for (const x of results ?? []) if (x.event === "ADD") u.acked.set(x.id, text);
    if (results && !results.some((x) => x.event === "ADD")) fail("error", `${p} add: not added (${JSON.stringify(results).slice(0, 200)})`);
  } else if (op === "list") {
    if (p === "rest") {
      const r = await rest("GET", "/api/v1/memories?size=20");
      if (r && r.status < 400) checkMarkers(u, r.body, "rest list");
    } else await mcpCall(base, u, p, "list_memories", { limit: 20 });
  } else {
    const query = searchQuery(u);
    if (p === "rest") {
      const r = await rest("POST", "/api/v1/memories/search", { query, limit: 10 });
      if (r && r.status < 400) checkMarkers(u, r.body, "rest search");
    } else await mcpCall(base, u, p, "search_memory", { query, limit: 10 });
  }
}

/** Every user loops (op, think) until the deadline; returns the timed samples. */
async function soak(base: string, seconds: number): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    users.map(async (u) => {
      // Users start spread over the first think interval, not all in the same millisecond.
      await new Promise((r) => setTimeout(r, rand() * THINK_MS));
      while (performance.now() < deadline) {
        const p = pick(rand, PATHS);
        const x = rand();
        const op: Op = x < 0.3 ? "add" : x < 0.65 ? "list" : "search";
        const t0 = performance.now();
        // An answer that is not the JSON the path promises (an HTML error page, a cut-off body) is an error.
        await operate(base, u, p, op).catch((e: Error) => fail("error", `${p} ${op}: ${e.message}`));
        samples.push({ path: p, op, ms: performance.now() - t0 });
        if (THINK_MS > 0) await new Promise((r) => setTimeout(r, rand() * 2 * THINK_MS));
      }
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/** Every acknowledged add must be readable by its owner, with its text; another user gets a 404 for it. */
async function verify(base: string): Promise<{ checked: number; lost: number }> {
  let checked = 0;
  const lostBefore = counts.lost_write;
  const jobs = users.flatMap((u) => [...u.acked].map(([id, text]) => ({ u, id, text })));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let j = next++; j < jobs.length; j = next++) {
        const { u, id, text } = jobs[j]!;
        const r = await fetch(`${base}/api/v1/memories/${id}`, { headers: { cookie: u.cookie } }).catch((e: Error) => e);
        checked++;
        if (r instanceof Error) fail("error", `verify ${id}: ${r.message}`);
        else if (r.status >= 500) fail("5xx", `verify ${id}: ${r.status}`);
        else if (r.status !== 200) fail("lost_write", `user ${u.n}'s acknowledged memory ${id} answers ${r.status}`);
        else {
          const m = (await r.json().catch(() => ({ memory: "(not JSON)", state: "?" }))) as { memory: string; state: string };
          if (m.memory !== text || m.state !== "active") fail("lost_write", `user ${u.n}'s memory ${id} is "${m.memory.slice(0, 80)}" (${m.state})`);
        }
      }
    }),
  );
  // Another user asking for one of each user's ids gets a 404, never the memory.
  for (const u of users) {
    const other = users[(u.n + 1) % users.length]!;
    const id = [...other.acked.keys()][0];
    if (!id || other === u) continue;
    const r = await fetch(`${base}/api/v1/memories/${id}`, { headers: { cookie: u.cookie } });
    const body = await r.text();
    if (r.status === 200) fail("cross_user", `user ${u.n} read user ${other.n}'s memory ${id}`);
    else if (r.status !== 404) fail(r.status >= 500 ? "5xx" : "error", `cross-user get: ${r.status} ${body.slice(0, 100)}`);
  }
  return { checked, lost: counts.lost_write - lostBefore };
}

// ---- memory of the server
interface HeapPoint {
  label: string;
  /** As found, before the forced GC: RSS and V8's heap (used, committed), MB. */
  beforeGc: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; spaces: Record<string, { committedMb: number; usedMb: number }> };
  rssMb: number;
  anonMb: number;
  /** process.memoryUsage() after a full GC, MB. */
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** Every WebAssembly.Memory (PGlite: its Postgres heap, shared buffers included); part of `external`. */
  wasmMb: number;
  /** RSS − V8 heap total − external: native memory (compiled code, malloc, stacks). */
  nativeMb: number;
  /** The database: pg_database_size and the memories table's row count. */
  dbMb: number;
  memories: number;
}

const mb = (b: number) => b / 1024 / 1024;

async function heapPoint(cdp: Cdp, pid: number, label: string): Promise<HeapPoint> {
  const rssBefore = procMemory(pid).rssMb;
  const mu0 = await cdp.evaluate<NodeJS.MemoryUsage>("process.memoryUsage()");
  const spaces = await cdp.evaluate<[string, number, number][]>(
    `process.getBuiltinModule("v8").getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size, s.space_used_size])`,
  );
  await cdp.collectGarbage();
  await cdp.collectGarbage(); // a second pass frees what the first pass's finalizers released
  const mu = await cdp.evaluate<NodeJS.MemoryUsage>("process.memoryUsage()");
  const wasm = await cdp.wasmMemoryBytes();
  const db = await cdp.evaluate<{ bytes: string; n: number }>(
    `(async () => { const db = await globalThis.__jeanDb; const [r] = await db.sql.query('SELECT pg_database_size(current_database())::text AS bytes, (SELECT count(*)::int FROM "memories") AS n'); return r; })()`,
  );
  const m = procMemory(pid);
  return {
    label,
    beforeGc: {
      rssMb: rssBefore,
      heapUsedMb: mb(mu0.heapUsed),
      heapTotalMb: mb(mu0.heapTotal),
      externalMb: mb(mu0.external),
      spaces: Object.fromEntries(spaces.filter(([, size]) => size > 0).map(([name, size, used]) => [name, { committedMb: mb(size), usedMb: mb(used) }])),
    },
    rssMb: m.rssMb,
    anonMb: m.anonMb,
    heapUsedMb: mb(mu.heapUsed),
    heapTotalMb: mb(mu.heapTotal),
    externalMb: mb(mu.external),
    arrayBuffersMb: mb(mu.arrayBuffers),
    wasmMb: mb(wasm.reduce((s, x) => s + x, 0)),
    nativeMb: m.rssMb - mb(mu.heapTotal) - mb(mu.external),
    dbMb: mb(Number(db.bytes)),
    memories: db.n,
  };
}

// ---- main
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("No production build (.next/BUILD_ID): running next build...");
  if (spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" }).status !== 0) throw new Error("next build failed");
}
if (pidListeningOn(PORT) !== undefined) throw new Error(`port ${PORT} is already in use: stop that server first`);
if (HEAP && pidListeningOn(INSPECT_PORT) !== undefined) throw new Error(`port ${INSPECT_PORT} (the inspector) is already in use`);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-bench-soak-"));
const loadBefore = os.loadavg();
const { base, stop } = await startNextServer(PORT, {
  JEAN_DATA_DIR: dataDir, // PGlite's directory; on PostgreSQL only the local sign-in secret lives there
  ...(DATABASE_URL ? { DATABASE_URL } : {}),
  MCP_GATEWAY_SECRET: SECRET,
  // The soak measures the server, not the per-key limit (default 120 calls a minute).
  AGENT_RATE_LIMIT_PER_MINUTE: "100000",
  LLM_BASE_URL: "",
  LLM_MODEL: "",
  LLM_API_KEY: "",
  EMBEDDER: "local",
  NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", HEAP ? `--inspect=127.0.0.1:${INSPECT_PORT}` : ""].join(" ").trim(),
});
const pid = pidListeningOn(PORT);
let exitCode = 1;
try {
  if (!pid) throw new Error("cannot find the server's process");
  const rss: { t: number; phase: string; rssMb: number }[] = [];
  const t0 = performance.now();
  let phase = "start";
  const sampleRss = () => rss.push({ t: Math.round((performance.now() - t0) / 100) / 10, phase, rssMb: Math.round(procMemory(pid).rssMb * 10) / 10 });
  sampleRss();
  const rssStartMb = rss[0]!.rssMb;
  const sampler = setInterval(sampleRss, 1000);
  const cdp = HEAP ? await Cdp.connect(INSPECT_PORT) : undefined;
  if (cdp && (await cdp.evaluate<number>("process.pid")) !== pid) throw new Error("the inspector is not the server's process");
  const heap: HeapPoint[] = [];
  const snapshots: string[] = [];

  // Users: a session (local sign-in), an agent key made with it, a marker.
  phase = "setup";
  console.log(`${DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}: ${USERS} users, ${SECONDS} s × ${ROUNDS}, think ${THINK_MS} ms, server pid ${pid}, RSS ${fmt(rssStartMb)} MB`);
  for (let n = 0; n < USERS; n++) {
    const email = `soak-${tag}-${n}@example.com`;
    const r = await fetch(`${base}/auth/local/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
    if (!r.ok) throw new Error(`sign-in ${email}: ${r.status} ${await r.text()}`);
    const sub = ((await r.json()) as { user_id: string }).user_id;
    const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
    const k = await fetch(`${base}/api/v1/keys`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name: "soak-agent", hide_sensitive: false, review_writes: false }) });
    if (k.status !== 201) throw new Error(`create key: ${k.status} ${await k.text()}`);
    const u: User = { n, email, sub, cookie, key: ((await k.json()) as { key: string }).key, marker: markerFor(n), acked: new Map() };
    markerOwner.set(u.marker, n);
    users.push(u);
  }
  phase = "warm-up";
  await soak(base, WARMUP_S); // untimed; its adds are verified with the rest
  phase = "idle";
  await sleep(IDLE_S * 500);
  const measure = async (label: string) => {
    if (!cdp) return;
    heap.push(await heapPoint(cdp, pid, label));
    if (SNAPSHOTS) {
      snapshots.push(path.join(os.tmpdir(), `soak-${tag}-${snapshots.length}.heapsnapshot`));
      await cdp.heapSnapshot(snapshots.at(-1)!);
    }
  };
  await measure("after warm-up");
  const rssBeforeSoakMb = procMemory(pid).rssMb;

  const rounds = [];
  const allSamples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    phase = `soak ${round}`;
    const cpu0 = procCpuSeconds(pid);
    const busy0 = machineBusySeconds();
    const self0 = process.cpuUsage();
    const rssFrom = rss.length;
    const { samples, seconds } = await soak(base, SECONDS);
    const serverCpuS = procCpuSeconds(pid) - cpu0;
    const selfCpu = process.cpuUsage(self0);
    const clientCpuS = (selfCpu.user + selfCpu.system) / 1e6;
    const otherCpuS = Math.max(0, machineBusySeconds() - busy0 - serverCpuS - clientCpuS);
    const peakRssMb = Math.max(...rss.slice(rssFrom).map((s) => s.rssMb));
    phase = `verify ${round}`;
    const v = await verify(base);
    phase = `idle ${round}`;
    await sleep(IDLE_S * 1000);
    const idleRssMb = procMemory(pid).rssMb;
    await measure(`after soak ${round} + ${IDLE_S} s idle`);
    allSamples.push(...samples);
    const perPath = Object.fromEntries(
      PATHS.map((p) => {
        const ms = samples.filter((s) => s.path === p).map((s) => s.ms);
        const ops = Object.fromEntries((["add", "list", "search"] as Op[]).map((op) => {
          const o = samples.filter((s) => s.path === p && s.op === op).map((s) => s.ms);
          return [op, { n: o.length, p50: percentile(o, 50), p99: percentile(o, 99) }];
        }));
        return [p, { n: ms.length, perS: ms.length / seconds, p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: Math.max(...ms), ops }];
      }),
    ) as Record<PathName, { n: number; perS: number; p50: number; p95: number; p99: number; max: number; ops: Record<Op, { n: number; p50: number; p99: number }> }>;
    rounds.push({ round, seconds, requests: samples.length, perPath, serverCpuS, clientCpuS, otherCpuS, peakRssMb, idleRssMb, verified: v.checked, lostWrites: v.lost });
    console.log(
      `\nround ${round}: ${samples.length} requests in ${fmt(seconds)} s; server CPU ${fmt(serverCpuS)} s, this client ${fmt(clientCpuS)} s, other processes ${fmt(otherCpuS)} s (of ${fmt(seconds * os.cpus().length)} core-s); ` +
        `RSS peak ${fmt(peakRssMb)} MB, idle ${fmt(idleRssMb)} MB; ${v.checked} acknowledged adds read back, ${v.lost} lost\n`,
    );
    console.log(
      table(
        ["path", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "add p99", "list p99", "search p99"],
        PATHS.map((p) => {
          const s = perPath[p];
          return [PATH_LABEL[p], s.n, fmt(s.perS), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), fmt(s.ops.add.p99), fmt(s.ops.list.p99), fmt(s.ops.search.p99)];
        }),
      ),
    );
  }
  phase = "end";
  clearInterval(sampler);

  // What the heap holds more of: after the last round against after the warm-up, and
  // against after the first round (what the later soaks added, once caches are warm).
  const snapshotDiffs: { from: string; to: string; fromMb: number; toMb: number; top: { name: string; deltaKb: number; deltaCount: number }[] }[] = [];
  if (snapshots.length >= 2) {
    const sums = snapshots.map((f) => summariseHeapSnapshot(f));
    for (const from of [...new Set([0, Math.min(1, sums.length - 2)])]) {
      const [a, b] = [sums[from]!, sums.at(-1)!];
      const top = [...new Set([...a.byName.keys(), ...b.byName.keys()])]
        .map((name) => ({ name, deltaKb: ((b.byName.get(name)?.bytes ?? 0) - (a.byName.get(name)?.bytes ?? 0)) / 1024, deltaCount: (b.byName.get(name)?.count ?? 0) - (a.byName.get(name)?.count ?? 0) }))
        .sort((x, y) => Math.abs(y.deltaKb) - Math.abs(x.deltaKb))
        .slice(0, 12);
      snapshotDiffs.push({ from: heap[from]!.label, to: heap.at(-1)!.label, fromMb: mb(a.totalBytes), toMb: mb(b.totalBytes), top });
      console.log(`\nheap snapshot ${heap.at(-1)!.label} (${fmt(mb(b.totalBytes))} MB, ${b.nodes} objects) against ${heap[from]!.label} (${fmt(mb(a.totalBytes))} MB, ${a.nodes} objects)`);
      console.log(table(["what (self size)", "Δ KB", "Δ count"], top.map((d) => [d.name, fmt(d.deltaKb), d.deltaCount])));
    }
    if (process.argv.includes("--keep-snapshots")) console.log(`snapshots (open in Chrome DevTools → Memory): ${snapshots.join(" ")}`);
    else for (const f of snapshots) fs.rmSync(f, { force: true });
  }
  cdp?.close();
  if (heap.length) {
    console.log("\nserver memory at idle points (MB): as found, then after a full GC\n");
    console.log(
      table(
        ["when", "RSS as found", "heap used as found", "heap total as found", "old space committed as found", "RSS after GC", "RSS anon", "V8 heap used", "V8 heap total", "external", "arrayBuffers", "WASM memory", "native", "database", "memories"],
        heap.map((h) => [h.label, fmt(h.beforeGc.rssMb), fmt(h.beforeGc.heapUsedMb), fmt(h.beforeGc.heapTotalMb), fmt(h.beforeGc.spaces.old_space?.committedMb ?? NaN), fmt(h.rssMb), fmt(h.anonMb), fmt(h.heapUsedMb), fmt(h.heapTotalMb), fmt(h.externalMb), fmt(h.arrayBuffersMb), fmt(h.wasmMb), fmt(h.nativeMb), fmt(h.dbMb), h.memories]),
      ),
    );
  }

  const total = (p: PathName) => allSamples.filter((s) => s.path === p).map((s) => s.ms);
  const summary = Object.fromEntries(PATHS.map((p) => [p, { n: total(p).length, p50: percentile(total(p), 50), p99: percentile(total(p), 99) }]));
  const rssPeakMb = Math.max(...rss.map((s) => s.rssMb));
  const loadAfter = os.loadavg();
  console.log(`\nRSS: start ${fmt(rssStartMb)} MB, before the soak ${fmt(rssBeforeSoakMb)} MB, peak ${fmt(rssPeakMb)} MB, idle at the end ${fmt(rss.at(-1)!.rssMb)} MB`);
  console.log(`load average before ${loadBefore.map((x) => fmt(x, 2)).join(" ")}, after ${loadAfter.map((x) => fmt(x, 2)).join(" ")} (${os.cpus().length} cores)`);
  const target = Math.max(...PATHS.map((p) => summary[p]!.p99));
  console.log(`p99 ≤ 250 ms (the target, on PostgreSQL): ${target <= 250 ? "met" : "missed"} (${fmt(target)} ms worst path)`);
  console.log(`5xx ${counts["5xx"]}, other errors ${counts.error}, lost writes ${counts.lost_write}, cross-user reads ${counts.cross_user}`);
  for (const f of failures.slice(0, 20)) console.log(`  ${f.kind}: ${f.detail}`);

  const out = path.join(import.meta.dirname, "results", "soak.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        database: DATABASE_URL ? "postgresql" : "pglite",
        users: USERS,
        seconds: SECONDS,
        thinkMs: THINK_MS,
        rounds: ROUNDS,
        cores: os.cpus().length,
        loadAverage: { before: loadBefore, after: loadAfter },
        summary,
        roundsDetail: rounds,
        rssMb: { start: rssStartMb, beforeSoak: rssBeforeSoakMb, peak: rssPeakMb, idleEnd: rss.at(-1)!.rssMb, series: rss },
        heap,
        snapshotDiffs,
        counts,
        failures,
      },
      null,
      1,
    ),
  );
  console.log(`wrote ${path.relative(root, out)}`);
  exitCode = counts["5xx"] + counts.error + counts.lost_write + counts.cross_user === 0 ? 0 : 1;
} finally {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);

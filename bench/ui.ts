// npm run bench:ui — the dashboard through the production server (`next start`):
//  1. server render time of /, /memories (plain, filtered, searched) and
//     /memories/[id] for a signed-in user with 10k memories, 100k in the table
//     (target p95 ≤ 150 ms on 2 cores);
//  2. first-load JavaScript per dashboard route: every <script src> the page's
//     HTML loads (not the `nomodule` polyfills modern browsers skip), gzipped,
//     summed (target ≤ 200 KB);
//  3. with --lighthouse, Lighthouse (desktop preset, Debian chromium) on /,
//     /memories, /memories/[id], /apps, /settings (targets: performance ≥ 90,
//     accessibility 100, best practices ≥ 95).
// Usage: npm run bench:ui [-- --memories 10000 --others 90000 --requests 40 --lighthouse]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { openDb } from "../lib/db";
import { findChromium } from "../scripts/find-chromium.mjs";
import { arg, bulkInsertMemories, bulkUser, percentile, pick, prng, table, withoutVectorIndex } from "./lib/common";
import { startNextServer } from "./lib/next-server";

const MEMORIES = Number(arg("--memories") ?? 10_000);
const OTHERS = Number(arg("--others") ?? 90_000);
const REQUESTS = Number(arg("--requests") ?? 40);
const LIGHTHOUSE = process.argv.includes("--lighthouse");
const PORT = 3291;
const EMAIL = "bench-ui@example.com";
const root = path.join(import.meta.dirname, "..");

const recall = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "data", "recall-set.json"), "utf8")) as { memories: { text: string }[]; queries: { query: string }[] };

async function seed(dataDir: string): Promise<{ memoryId: string; appId: string; categoryId: string }> {
  const db = await openDb({ dataDir });
  try {
    const rand = prng(11);
    const text = (i: number) => `${pick(rand, recall.memories).text} (note ${i})`;
    // The signed-in person: the user row local sign-in will find (same sub).
    const apps = ["claude", "cursor", "research-bot"];
    const owners: { userId: string; appId: string }[] = [];
    for (const app of apps) owners.push(await bulkUser(db, "bench-ui-person", app));
    // Local sign-in finds its user by email.
    await db.sql.query(`UPDATE "users" SET "email" = $1 WHERE "user_id" = 'bench-ui-person'`, [EMAIL]);
    const ids: string[] = [];
    // The vector index is built once after the load (half the seeding time at 100k rows).
    await withoutVectorIndex(db, async () => {
      for (let a = 0; a < apps.length; a++) {
        const n = Math.floor(MEMORIES / apps.length) + (a === 0 ? MEMORIES % apps.length : 0);
        ids.push(...(await bulkInsertMemories(db, owners[a]!, Array.from({ length: n }, (_, i) => text(i)))));
      }
      // Everyone else: the rest of the table, in users of 10k.
      for (let u = 0; u * 10_000 < OTHERS; u++) {
        const other = await bulkUser(db, `bench-ui-other-${u}`, "claude");
        await bulkInsertMemories(db, other, Array.from({ length: Math.min(10_000, OTHERS - u * 10_000) }, (_, i) => text(i)));
      }
    });
    // Categories (the bulk loader assigns none): one per memory, spread over the taxonomy.
    await db.sql.query(
      `INSERT INTO "memory_categories" ("memory_id", "category_id")
       SELECT m."id", c."id" FROM "memories" m
       JOIN (SELECT "id", row_number() OVER (ORDER BY "name") - 1 AS k, count(*) OVER () AS n FROM "categories") c
         ON c.k = abs(hashtext(m."id"::text)) % c.n
       WHERE m."user_id" = $1::uuid`,
      [owners[0]!.userId],
    );
    const [cat] = await db.sql.query<{ id: string }>(`SELECT "id" FROM "categories" WHERE "name" = 'travel'`);
    return { memoryId: ids[Math.floor(ids.length / 2)]!, appId: owners[1]!.appId, categoryId: cat!.id };
  } finally {
    await db.close();
  }
}

async function timeGet(url: string, cookie: string): Promise<{ ms: number; status: number; html: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const html = await res.text();
  return { ms: performance.now() - t0, status: res.status, html };
}

/** Every script the page's HTML makes a modern browser load, gzipped, in KB (`nomodule` polyfills are skipped by them). */
function firstLoadJsKb(html: string): number {
  const tags = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]).filter((t) => !/\snomodule/i.test(t));
  const srcs = new Set(tags.map((t) => /src="([^"]+)"/.exec(t)?.[1]).filter((s): s is string => !!s && s.startsWith("/_next/")));
  let bytes = 0;
  for (const src of srcs) {
    const file = path.join(root, ".next", src.replace(/^\/_next\//, "").split("?")[0]!);
    bytes += zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
  }
  return bytes / 1024;
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit" });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-bench-ui-"));
console.log(`Seeding ${MEMORIES} memories for the user and ${OTHERS} for others...`);
const t0 = performance.now();
const seeded = await seed(dataDir);
console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const { base, stop } = await startNextServer(PORT, { JEAN_DATA_DIR: dataDir });
try {
  const signIn = await fetch(base + "/auth/local/sign-in", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: EMAIL }) });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const rand = prng(5);
  const routes: [label: string, url: () => string][] = [
    ["/", () => "/"],
    ["/memories", () => "/memories"],
    ["/memories filtered (app + category + dates)", () => `/memories?app_ids=${seeded.appId}&category_ids=${seeded.categoryId}&from_date=2020-01-01&to_date=2100-01-01`],
    ["/memories searched (hybrid)", () => `/memories?q=${encodeURIComponent(pick(rand, recall.queries).query)}`],
    ["/memories/[id]", () => `/memories/${seeded.memoryId}`],
    ["/apps", () => "/apps"],
    ["/settings", () => "/settings"],
  ];
  const rows: (string | number)[][] = [];
  for (const [label, url] of routes) {
    for (let i = 0; i < 5; i++) await timeGet(base + url(), cookie); // warm-up
    const ms: number[] = [];
    let html = "";
    for (let i = 0; i < REQUESTS; i++) {
      const r = await timeGet(base + url(), cookie);
      if (r.status !== 200) throw new Error(`${label}: ${r.status}`);
      ms.push(r.ms);
      html = r.html;
    }
    rows.push([label, ...[50, 95, 99].map((p) => percentile(ms, p).toFixed(1)), firstLoadJsKb(html).toFixed(1)]);
  }
  console.log(`\nDashboard through next start: ${MEMORIES} memories for the user, ${MEMORIES + OTHERS} in the table, ${REQUESTS} requests a row, ${os.cpus().length} cores\n`);
  console.log(table(["route", "p50 ms", "p95 ms", "p99 ms", "first-load JS KB (gzip)"], rows));

  if (LIGHTHOUSE) {
    const chromePath = findChromium();
    const { default: lighthouse } = await import("lighthouse");
    const chromeLauncher = await import("chrome-launcher");
    const chrome = await chromeLauncher.launch({ chromePath: chromePath ?? undefined, chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
    try {
      const scores: (string | number)[][] = [];
      for (const p of ["/", "/memories", `/memories/${seeded.memoryId}`, "/apps", "/settings"]) {
        const result = await lighthouse(
          base + p,
          { port: chrome.port, output: "json", logLevel: "error", extraHeaders: { cookie }, onlyCategories: ["performance", "accessibility", "best-practices"] },
          (await import("lighthouse/core/config/desktop-config.js")).default,
        );
        const c = result!.lhr.categories;
        scores.push([p.startsWith("/memories/") ? "/memories/[id]" : p, ...[c.performance, c.accessibility, c["best-practices"]].map((x) => Math.round((x?.score ?? 0) * 100))]);
      }
      console.log("\nLighthouse, desktop preset\n");
      console.log(table(["route", "performance", "accessibility", "best practices"], scores));
    } finally {
      await chrome.kill();
    }
  }
} finally {
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

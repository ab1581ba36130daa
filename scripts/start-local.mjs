// npm run local — runs Jean Memory on the embedded default: no services, no keys.
// Generates the Prisma client and the embedding table, builds if the sources are
// newer than the last build, then serves http://localhost:3000 (loopback only:
// local sign-in trusts any email, so it must not face a network).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// Run Next directly (not through npx) so signals reach the server itself and no
// orphaned server keeps the port and the database directory.
const NEXT_BIN = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", "next", "dist", "bin", "next");

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
process.chdir(root);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === "node_modules" || child === "generated") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

run("npm", ["run", "--silent", "prepare:generated"]);

const buildId = path.join(".next", "BUILD_ID");
const sources = ["app", "lib", "components", "public", "prisma", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package.json"];
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
if (Math.max(...sources.map(newestMtime)) > builtAt) run("npx", ["next", "build"]);

const port = process.env.PORT ?? "3000";
const env = { ...process.env };
if (!env.NEXT_PUBLIC_SUPABASE_URL) env.JEAN_ALLOW_LOCAL_AUTH ??= "true";
console.log(`\nJean Memory: http://localhost:${port}  (data in ${env.JEAN_DATA_DIR ?? ".data"})\n`);
const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", env.HOSTNAME ?? "127.0.0.1", "-p", port], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));

// node scripts/bundle-size.mjs — run after `next build`. Prints how much a Vercel
// serverless function of this app would carry, so a dependency or a data file that
// pushes it towards Vercel's 250 MB (uncompressed) limit is noticed before a deploy
// fails. Vercel packs each function from Next's file traces: for every route
// handler and page under .next/server/app with a `*.nft.json` trace, this sums the
// traced files (paths relative to the trace's directory), the route file itself
// and the files next.config.mjs adds with `outputFileTracingIncludes` (read at run
// time by path: migrations, the local embedder's ~22 MB table), each file once,
// plus Next's minimal server runtime (.next/next-minimal-server.js.nft.json); the
// full next-server trace is added to the largest only as an upper bound.
// Exit 1 if the largest function is over 200 MB (a margin under the limit), else 0.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const appDir = path.join(root, ".next", "server", "app");
const [LIMIT_MB, BUDGET_MB, MB] = [250, 200, 1024 * 1024];

if (!fs.existsSync(appDir)) {
  console.error(`No ${path.relative(root, appDir)}: run \`npx next build\` first.`);
  process.exit(2);
}

/** `**` any path, `*` any name part: enough for the globs next.config.mjs uses. */
const globRegex = (glob) =>
  new RegExp("^" + glob.replace(/^\.\//, "").replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\/?|\*/g, (m) => (m === "*" ? "[^/]*" : ".*")) + "$");

const walk = (dir) =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];

/** Files matched by a glob relative to the project root (walked from its fixed prefix). */
function globFiles(glob) {
  const rel = glob.replace(/^\.\//, "");
  const base = rel.split("/").slice(0, rel.split("/").findIndex((part) => part.includes("*"))).join("/");
  const re = globRegex(rel);
  return walk(path.join(root, base)).filter((f) => re.test(path.relative(root, f).split(path.sep).join("/")));
}

const config = (await import(path.join(root, "next.config.mjs"))).default;
const includes = Object.entries(config.outputFileTracingIncludes ?? {}); // { routeGlob: [fileGlob] }

const traced = (trace) => (fs.existsSync(trace) ? JSON.parse(fs.readFileSync(trace, "utf8")).files ?? [] : []).map((f) => path.resolve(path.dirname(trace), f));
const base = traced(path.join(root, ".next", "next-minimal-server.js.nft.json"));
// A file listed in a trace but absent (an optional dependency not installed) counts 0.
const sizeOf = (file) => (fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? fs.statSync(file).size : 0);

const functions = walk(appDir)
  .filter((f) => f.endsWith(".nft.json"))
  .map((trace) => {
    const routeFile = trace.slice(0, -".nft.json".length);
    const route = "/" + path.relative(appDir, routeFile).split(path.sep).join("/");
    const files = new Set([routeFile, ...base, ...traced(trace)]);
    for (const [key, globs] of includes) if (globRegex(key).test(route)) for (const g of globs) for (const f of globFiles(g)) files.add(f);
    const sized = [...files].map((f) => ({ file: path.relative(root, f), bytes: sizeOf(f) }));
    return { route, set: files, files: sized, bytes: sized.reduce((sum, f) => sum + f.bytes, 0) };
  })
  .sort((a, b) => b.bytes - a.bytes);

if (functions.length === 0) {
  console.error("No *.nft.json traces under .next/server/app: was the build made with file tracing on?");
  process.exit(2);
}
const largest = functions[0];
const mb = (bytes) => (bytes / MB).toFixed(1);
console.log(`${functions.length} traced functions; largest: ${largest.route}, ${largest.files.length} files, ${mb(largest.bytes)} MB`);
console.log("largest files in it:");
for (const f of [...largest.files].sort((a, b) => b.bytes - a.bytes).slice(0, 5)) console.log(`  ${mb(f.bytes).padStart(7)} MB  ${f.file}`);
const full = new Set([...largest.set, ...traced(path.join(root, ".next", "next-server.js.nft.json"))]);
console.log(`with the full next-server trace added (upper bound): ${mb([...full].reduce((sum, f) => sum + sizeOf(f), 0))} MB`);
console.log(`Vercel limit ${LIMIT_MB} MB uncompressed; this check fails over ${BUDGET_MB} MB.`);
process.exit(largest.bytes > BUDGET_MB * MB ? 1 : 0);

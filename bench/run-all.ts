// npm run bench — every benchmark in one run, then the results page: each
// benchmark's output goes to bench/results/<name>.txt, the numbers to
// bench/results/latest.json, and BENCHMARKS.md (with SVG plots) is rewritten.
// Usage: npm run bench [-- --only recall,peer]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { arg } from "./lib/common";
import { writeReport } from "./report";

const root = path.join(import.meta.dirname, "..");
const resultsDir = path.join(import.meta.dirname, "results");
const BENCHES: [name: string, args: string[]][] = [
  ["recall", []],
  ["embedder", []],
  ["memory", ["--sizes", "1000,10000,100000"]],
  ["keys", []],
  ["mcp", ["--seconds", "6"]],
  ["peer", []],
  ["ui", []],
];

function runOne(name: string, args: string[]): Promise<{ code: number; seconds: number }> {
  const t0 = performance.now();
  const out = fs.createWriteStream(path.join(resultsDir, `${name}.txt`));
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", `bench:${name}`, "--", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.stdout.on("data", (d) => process.stdout.write(d));
    child.on("close", (code) => resolve({ code: code ?? 1, seconds: (performance.now() - t0) / 1000 }));
  });
}

fs.mkdirSync(resultsDir, { recursive: true });
const only = arg("--only")?.split(",");
const runs: Record<string, { code: number; seconds: number }> = {};
const started = performance.now();
for (const [name, args] of BENCHES) {
  if (only && !only.includes(name)) continue;
  console.log(`\n==== bench:${name} ${args.join(" ")}`);
  runs[name] = await runOne(name, args);
  console.log(`==== bench:${name}: exit ${runs[name].code} in ${runs[name].seconds.toFixed(0)} s`);
}
const total = (performance.now() - started) / 1000;
writeReport({ runs, totalSeconds: total, machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.versions.node}` });
console.log(`\nall benchmarks in ${(total / 60).toFixed(1)} min; wrote BENCHMARKS.md and bench/results/latest.json`);
if (Object.values(runs).some((r) => r.code !== 0)) process.exit(1);

/**
 * The fuzz suite with many more runs: `npm run bench:fuzz [-- --runs 400 --seed 123]`.
 *
 * Runs the same properties as `npm test` (app/fuzz.test.ts: every endpoint, both MCP
 * paths, the database checks afterwards) in vitest, with FUZZ_RUNS (default 400, ten
 * times the suite's 40) and a random FUZZ_SEED unless one is given, and prints the
 * command that reproduces the run. Exits with vitest's status.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { arg } from "./lib/common";

const runs = Number(arg("--runs") ?? 400);
const seed = Number(arg("--seed") ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be a positive whole number");
if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");

const root = path.resolve(import.meta.dirname, "..");
const reproduce = `FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run app/fuzz.test.ts`;
console.log(`bench:fuzz: seed ${seed}, FUZZ_RUNS ${runs} (reproduce: ${reproduce})`);

const started = Date.now();
// lib/testing/setup.ts clears the test process's environment; it keeps VITEST_* names,
// which app/fuzz.test.ts reads too.
const env = { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) };
const child = spawn("npx", ["vitest", "run", "app/fuzz.test.ts"], { cwd: root, env, stdio: "inherit" });
child.on("exit", (code, signal) => {
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`bench:fuzz: ${code === 0 ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s; reproduce: ${reproduce}`);
  process.exit(code ?? 1);
});

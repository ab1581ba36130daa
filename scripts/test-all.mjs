// npm test — the whole suite, in the order that fails fastest: Chromium present?,
// generated files, types, lint, unit + integration (vitest), production build,
// browser + HTTP tests (Playwright against `next start`).
import { spawnSync } from "node:child_process";
import { CHROMIUM_HELP, findChromium } from "./find-chromium.mjs";
import { POSTGRES_PASS_SKIPPED } from "./postgres-notice.mjs";

if (!findChromium()) {
  console.error(CHROMIUM_HELP);
  process.exit(1);
}

const steps = [
  ["generate Prisma client and embedding table", "npm", ["run", "--silent", "prepare:generated"]],
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", "."]],
  ["unit + integration tests (embedded and pg drivers)", "npx", ["vitest", "run", "--project", "embedded", "--project", "pg"]],
  ["production build", "npx", ["next", "build"]],
  ["server function size", "node", ["scripts/bundle-size.mjs"]],
  ...(process.env.TEST_DATABASE_URL ? [["PostgreSQL pass: three instances on TEST_DATABASE_URL", "npx", ["vitest", "run", "--project", "postgres"]]] : []),
  ["browser + HTTP tests", "npx", ["playwright", "test"]],
  ["no secret in the e2e server's log", "node", ["scripts/check-log-secrets.mjs"]],
];

for (const [label, cmd, args] of steps) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n=== FAILED: ${label} (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  console.log(`=== ok: ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log("\nAll checks passed.");
if (!process.env.TEST_DATABASE_URL) console.warn(POSTGRES_PASS_SKIPPED);

import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const include = ["lib/**/*.test.ts", "app/**/*.test.ts"];
// The PostgreSQL pass (several `next start` instances on TEST_DATABASE_URL) is its own project.
const postgresPass = "lib/testing/postgres/**/*.test.ts";

/** Test files that open the app's database through the harness (and not a driver of their own choosing). */
function filesOnTheAppDatabase(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith(".test.ts") && !rel.startsWith(path.join("lib", "testing", "postgres"))) {
        const text = fs.readFileSync(path.join(root, rel), "utf8");
        if (text.includes("useFreshDb(") && !text.includes("startPgliteServer")) found.push(rel);
      }
    }
  };
  ["lib", "app"].forEach(walk);
  return found;
}

export default defineConfig({
  // `server-only` guards lib/db, lib/auth, lib/keys, lib/memory against client imports (enforced by Next); tests are server code.
  resolve: { alias: { "@": path.resolve(root), "server-only": path.resolve(root, "lib/testing/server-only.ts") } },
  test: {
    environment: "node",
    // Each file gets its own process and so its own in-memory PGlite. Two at a time on
    // 2 cores (the default would be one): measured 425 s against 532 s for both projects.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["lib/testing/setup.ts"],
    globalSetup: ["scripts/postgres-notice.mjs"],
    projects: [
      // Everything on the embedded driver (PGlite in process), as `npm run local` runs.
      { extends: true, test: { name: "embedded", include, exclude: [postgresPass] } },
      // Every file on the app's database again, through node-postgres and @prisma/adapter-pg
      // (PGlite over the wire protocol, one connection), as production reaches Supabase:
      // a difference between the drivers fails here.
      { extends: true, test: { name: "pg", include: filesOnTheAppDatabase(), env: { JEAN_TEST_DRIVER: "pg" } } },
      // Needs a production build and a PostgreSQL with pgvector; `npm test` runs it after
      // `next build` when TEST_DATABASE_URL is set (and says loudly when it is not).
      // eslint-disable-next-line no-restricted-properties -- the test runner's own setting, not the app's configuration
      ...(process.env.TEST_DATABASE_URL
        ? [{ extends: true as const, test: { name: "postgres", include: [postgresPass], testTimeout: 120_000, hookTimeout: 240_000, fileParallelism: false } }]
        : []),
    ],
  },
});

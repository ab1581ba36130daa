// Every test file starts from a known environment: local auth, a throwaway data
// directory, quiet logs. Tests that need other values use withEnv().
import fs from "node:fs";
import { afterAll } from "vitest";
import os from "node:os";
import path from "node:path";

// FUZZ_*: app/fuzz.test.ts (npm run bench:fuzz sets them).
// JEAN_TEST_DRIVER: the vitest project (embedded or pg); TEST_DATABASE_*: the PostgreSQL pass.
const keep = ["PATH", "HOME", "TMPDIR", "LANG", "NODE_OPTIONS", "CI", "PGHOST", "FUZZ_RUNS", "FUZZ_SEED", "JEAN_TEST_DRIVER", "TEST_DATABASE_URL", "TEST_DATABASE_POOLER_URL", "TEST_DATABASE_RESTART_COMMAND"];
for (const name of Object.keys(process.env)) {
  if (!keep.includes(name) && !name.startsWith("VITEST") && name !== "NODE_ENV") delete process.env[name];
}
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.JEAN_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "jean-test-"));
process.env.LOG_LEVEL = "silent";
// Tests that revoke a key by writing the database directly expect the next request
// to see it; the verified-key cache (30 s by default) is tested with withEnv().
process.env.AGENT_KEY_CACHE_SECONDS = "0";

// A database (and, in the pg project, its wire-protocol server) opened by useFreshDb is closed with the file.
afterAll(async () => (await import("./harness")).closeTestDb());

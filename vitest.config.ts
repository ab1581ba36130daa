import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // `server-only` guards lib/db, lib/auth, lib/keys, lib/memory against client imports (enforced by Next); tests are server code.
  resolve: { alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only.ts") } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    // Each file gets its own process and so its own in-memory PGlite.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["lib/testing/setup.ts"],
  },
});

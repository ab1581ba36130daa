// Vitest global setup: when TEST_DATABASE_URL is unset, the PostgreSQL pass
// (several instances, concurrency, a database restart) cannot run here; say so
// loudly at the end of the run instead of passing as if it had.
export default function postgresNotice() {
  return () => {
    // Once per run, though each project runs this global setup.
    const run = globalThis as { __jeanPostgresNotice?: boolean };
    if (process.env.TEST_DATABASE_URL || run.__jeanPostgresNotice) return;
    run.__jeanPostgresNotice = true;
    console.warn(POSTGRES_PASS_SKIPPED);
  };
}

export const POSTGRES_PASS_SKIPPED = [
  "",
  "!!! ================================================================== !!!",
  "!!! THE POSTGRESQL PASS DID NOT RUN: TEST_DATABASE_URL is not set.      !!!",
  "!!! Multi-instance, concurrency and restart tests need a PostgreSQL     !!!",
  "!!! with pgvector:  TEST_DATABASE_URL=postgres://… npm test             !!!",
  "!!! ================================================================== !!!",
  "",
].join("\n");

// The notice that the PostgreSQL pass did not run (TEST_DATABASE_URL unset): printed
// at the end of `npm test` (scripts/test-all.mjs) and of a bare `vitest run`, whose
// global setup this file also is, so a run never passes as if that pass had run.
export const POSTGRES_PASS_SKIPPED = `
!!! ================================================================== !!!
!!! THE POSTGRESQL PASS DID NOT RUN: TEST_DATABASE_URL is not set.      !!!
!!! Three instances on one PostgreSQL (revocation, shared rate limit,   !!!
!!! 30 concurrent writers, a database restart) need a PostgreSQL with   !!!
!!! pgvector:   TEST_DATABASE_URL=postgres://… npm test                 !!!
!!! ================================================================== !!!`;

/** Vitest global setup: the notice at teardown, once per run (each project runs this). */
export default function postgresNotice() {
  return () => {
    const run = globalThis;
    if (process.env.TEST_DATABASE_URL || run.__jeanPostgresNotice) return;
    run.__jeanPostgresNotice = true;
    console.warn(POSTGRES_PASS_SKIPPED);
  };
}

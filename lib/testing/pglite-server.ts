// PGlite over the Postgres wire protocol, for tests (the vitest project "pg") and
// benchmarks (bench:scaling --socket): a real engine reached by node-postgres and
// @prisma/adapter-pg as production reaches Supabase. No vitest import, so scripts can use it.
/**
 * Serves a PGlite (with pgvector; fresh and in memory unless given a directory) over the Postgres wire protocol
 * on loopback, so tests exercise the production `pg` driver path (@prisma/adapter-pg).
 * One connection at a time: PGlite has a single session, so clients must not
 * interleave transactions (use poolMax: 1).
 */
export async function startPgliteServer(dataDir = "memory://"): Promise<{ url: string; stop: () => Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const pglite = await PGlite.create(dataDir, { extensions: { vector } });
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    // Room for more than one socket: node-postgres's pool destroys a client after a
    // query error and opens a new one before the server has seen the old one close.
    // The pool (poolMax 1) still keeps one session in use at a time.
    const server = new PGLiteSocketServer({ db: pglite, port, host: "127.0.0.1", maxConnections: 4 });
    try {
      await server.start();
      return {
        url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
        stop: async () => {
          await server.stop();
          await pglite.close();
        },
      };
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

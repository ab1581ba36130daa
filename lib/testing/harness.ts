// Test harness: a real database (PGlite in memory, migrated with the real
// migrations) installed as the process-wide handle, and helpers to call the real
// route handlers with real Request objects. No mocks of the database.
import { resetConfigForTests } from "../config";
import { openDb, setDbForTests, type Db } from "../db";
import { clearUserCache } from "../users";

export async function useFreshDb(opts: { databaseUrl?: string; poolMax?: number } = {}): Promise<Db> {
  resetConfigForTests();
  const db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: "memory://", poolMax: opts.poolMax });
  setDbForTests(db);
  clearUserCache(); // cached rows belong to the previous database
  return db;
}

/** Sets environment variables for the duration of fn, re-reading config before and after. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfigForTests();
  }
}

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as Next would: a Request and a params promise. */
export function call(
  handler: Handler,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {},
): Promise<Response> {
  const { method = "GET", path = "/", headers = {}, body, params = {} } = init;
  const hasBody = body !== undefined;
  const request = new Request(new URL(path, "http://localhost:3000"), {
    method,
    headers: { ...(hasBody && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers },
    body: hasBody ? (typeof body === "string" ? body : JSON.stringify(body)) : undefined,
  });
  return handler(request, { params: Promise.resolve(params) });
}

/** Signs in through the real local sign-in handler; returns a Cookie header value and the token. */
export async function signInLocally(email: string): Promise<{ cookie: string; token: string; userId: string }> {
  const { POST } = await import("../../app/auth/local/sign-in/route");
  const res = await call(POST, { method: "POST", path: "/auth/local/sign-in", body: { email } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const body = (await res.json()) as { access_token: string; user_id: string };
  return { cookie: setCookie.split(";")[0], token: body.access_token, userId: body.user_id };
}

/**
 * Serves a fresh in-memory PGlite (with pgvector) over the Postgres wire protocol
 * on loopback, so tests exercise the production `pg` driver path (@prisma/adapter-pg).
 * One connection at a time: PGlite has a single session, so clients must not
 * interleave transactions (use poolMax: 1).
 */
export async function startPgliteServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { vector } = await import("@electric-sql/pglite-pgvector");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const pglite = await PGlite.create("memory://", { extensions: { vector } });
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = new PGLiteSocketServer({ db: pglite, port, host: "127.0.0.1", maxConnections: 1 });
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

/** Captures what the app logs on stderr (at `level` and above) while fn runs. */
export async function captureStderr(fn: () => Promise<unknown>, level = "warn"): Promise<string> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await withEnv({ LOG_LEVEL: level }, fn);
  } finally {
    process.stderr.write = write;
  }
  return lines.join("");
}

// The test harness, the only one: a real database (PGlite in memory, migrated with
// the real migrations) installed as the process-wide handle; helpers to call the
// real route handlers with real Request objects; a signed-in user (signIn, or the
// `userTest` fixture). No mocks of the database.
import { test } from "vitest";
import { resetConfigForTests } from "../config";
import { openDb, setDbForTests, type Db } from "../db";
import { resetCredentialWatermarkForTests } from "../auth/revocation";
import { clearUserCache } from "../users";
import { startPgliteServer } from "./pglite-server";

/** Which driver this test run uses: the vitest project "pg" sets JEAN_TEST_DRIVER=pg (see vitest.config.ts). */
export const testDriver = (): "pglite" | "pg" => (process.env.JEAN_TEST_DRIVER === "pg" ? "pg" : "pglite");

let current: { db: Db; stopServer?: () => Promise<void> } | undefined;

/**
 * A fresh, migrated database installed as the process-wide handle. In the "pg"
 * project it is PGlite served over the wire protocol and reached by node-postgres
 * and @prisma/adapter-pg, as production reaches Supabase, with one pooled
 * connection (PGlite has one session).
 */
export async function useFreshDb(opts: { databaseUrl?: string; poolMax?: number } = {}): Promise<Db> {
  resetConfigForTests();
  await closeTestDb();
  let databaseUrl = opts.databaseUrl;
  let stopServer: (() => Promise<void>) | undefined;
  let poolMax = opts.poolMax;
  let poolWaitMs: number | undefined;
  if (!databaseUrl && testDriver() === "pg") {
    const server = await startPgliteServer();
    ({ url: databaseUrl, stop: stopServer } = server);
    poolMax = 1;
    // One connection serves a whole file's concurrency (400 adds at once in mcp.test.ts):
    // queries queue for it longer than production's 5 s, which would answer them 503.
    poolWaitMs = 60_000;
  }
  const db = await openDb({ databaseUrl, dataDir: "memory://", poolMax, poolWaitMs });
  current = { db, stopServer };
  setDbForTests(db);
  clearUserCache(); // cached rows belong to the previous database
  resetCredentialWatermarkForTests();
  return db;
}

/** Closes what useFreshDb opened (the setup file calls it after each test file). */
export async function closeTestDb(): Promise<void> {
  const open = current;
  current = undefined;
  if (!open) return;
  await open.db.close().catch(() => {});
  await open.stopServer?.().catch(() => {});
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

export type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as Next would: a Request and a params promise. */
export function call(
  handler: Handler,
  init: { method?: string; path?: string; headers?: Record<string, string>; body?: unknown; params?: Record<string, string> } = {},
): Promise<Response> {
  const { method = "GET", path = "/", headers = {}, body, params = {} } = init;
  const hasBody = body !== undefined;
  const request = new Request(new URL(path, "http://localhost:3000"), {
    method,
    // JSON unless the test says otherwise, as the dashboard's client sends (a string body would default to text/plain).
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
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

export { startPgliteServer } from "./pglite-server";

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

// ---------- a signed-in user ----------


export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (undefined when the response is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

interface Init {
  body?: unknown;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface ApiUser {
  /** Internal users.id (what lib/memory calls userId). */
  id: string;
  email: string;
  cookie: string;
  get(handler: Handler, path: string, init?: Init): Promise<Reply>;
  post(handler: Handler, path: string, init?: Init): Promise<Reply>;
  put(handler: Handler, path: string, init?: Init): Promise<Reply>;
  del(handler: Handler, path: string, init?: Init): Promise<Reply>;
}

export async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  const isJson = (res.headers.get("content-type") ?? "").includes("application/json");
  return { status: res.status, headers: res.headers, text, body: isJson && text ? JSON.parse(text) : undefined };
}

/** A user signed in through the real local sign-in, calling route handlers with their session cookie. */
export async function signIn(email: string): Promise<ApiUser> {
  const { GET: getMe } = await import("../../app/api/v1/me/route");
  const { cookie } = await signInLocally(email);
  const me = await reply(await call(getMe, { headers: { cookie } }));
  if (me.status !== 200) throw new Error(`GET /api/v1/me failed: ${me.status} ${me.text}`);
  const send = (method: string) => async (handler: Handler, path: string, init: Init = {}) =>
    reply(await call(handler, { method, path, body: init.body, params: init.params, headers: { cookie, ...init.headers } }));
  return { id: me.body.id, email, cookie, get: send("GET"), post: send("POST"), put: send("PUT"), del: send("DELETE") };
}

/** Adds memories through POST /api/v1/memories (no LLM configured: one memory per text); returns their ids. */
export async function addAll(user: ApiUser, post: Handler, texts: string[], app?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const text of texts) {
    const r = await user.post(post, "/api/v1/memories", { body: { text, ...(app ? { app } : {}) } });
    if (r.status !== 201) throw new Error(`POST /api/v1/memories failed: ${r.status} ${r.text}`);
    ids.push(r.body.results[0].id);
  }
  return ids;
}

let fixtureUsers = 0;

/**
 * `userTest("…", async ({ user }) => …)`: each test gets its own freshly signed-in
 * user (call useFreshDb in beforeAll first).
 */
export const userTest = test.extend<{ user: ApiUser }>({
  user: async ({}, provide) => {
    await provide(await signIn(`fixture-${process.pid}-${++fixtureUsers}@example.com`));
  },
});

/** A real agent key for `userId` (internal users.id), made by lib/keys as the settings page makes it. */
/**
 * A key for tests. Unless asked, it sees sensitive categories and
 * writes directly, as keys did before trust controls; the defaults of new keys are
 * tested through the API (lib/memory/trust.test.ts).
 */
export async function createAgentKey(userId: string, opts: { name?: string; scopes?: ("memories:read" | "memories:write")[]; hideSensitive?: boolean; reviewWrites?: boolean } = {}) {
  const { createKey } = await import("../keys/service");
  const created = await createKey({
    userId,
    input: { name: opts.name ?? "test-agent", scopes: opts.scopes, hide_sensitive: opts.hideSensitive ?? false, review_writes: opts.reviewWrites ?? false },
  });
  return { key: created.key, id: created.id };
}

// Property-based fuzzing (issue 16) of every endpoint under app/ (discovered on disk:
// an endpoint without a row in ENDPOINTS fails) and both MCP paths, with fast-check:
// arbitrary JSON values and broken JSON, huge and odd strings (NUL, lone surrogates,
// invalid UTF-8), content types, query strings, route params, credentials,
// JSON-RPC messages and batches, and tools/call with arbitrary arguments for every
// tool. The only acceptable answers are 2xx or 4xx with a JSON body of the path's
// shape (REST `{error:{code,message}}`, MCP JSON-RPC; an MCP 202 has an empty body;
// export streams JSON Lines; the auth redirects are 303s to our own origin) — never
// a 5xx, a thrown exception, an error in the log, or a tool error hiding an internal
// failure. Afterwards the database must pass the consistency checks at the end.
//
// FUZZ_RUNS (default 40) scales every property's runs; FUZZ_SEED replaces the fixed
// seed. `npm run bench:fuzz` runs this file with many more runs and a random seed.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import { revokeKey } from "@/lib/keys/service";
import { addMemory, CATEGORY_NAMES, changeState, dashboardActor, gatewayActor, getOrCreateApp, logAccess, MEMORY_STATES } from "@/lib/memory";
import { TOOL_NAMES } from "@/lib/mcp/tools";
import { registerClient } from "@/lib/oauth/clients";
import { revokeGrant } from "@/lib/oauth/grants";
import { call, captureStderr, createAgentKey, reply, signInLocally, useFreshDb, withEnv, type Handler, type Reply } from "@/lib/testing/harness";
import { connectClient, pkcePair } from "@/lib/testing/oauth";

// lib/testing/setup.ts keeps FUZZ_SEED and FUZZ_RUNS.
const SEED = Number(process.env.FUZZ_SEED ?? 20261216);
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 40));
const BASE = "http://localhost:3000";
const TIMEOUT = 60_000 + RUNS * 3_000;
// Every property runs with these (the agent path's per-key limit would otherwise turn most cases into 429s).
const ENV = { AGENT_RATE_LIMIT_PER_MINUTE: "100000" };

// ---------- the endpoints, discovered on disk ----------

const APP_DIR = import.meta.dirname;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Zone = "session" | "agent" | "gateway" | "connector" | "oauth" | "open";

interface Endpoint {
  /** The request path (route params are passed separately, as Next does). */
  path: string;
  /** Route params and the body's / query's fields (values come from valueFor(name)). */
  params?: string[];
  body?: string[];
  query?: string[];
  /** The body is JSON Lines (import) with these fields per line. */
  ndjson?: string[];
  /** The MCP handler (JSON-RPC over POST). */
  mcp?: true;
  /** When a 303 to our own origin is the answer (else never). */
  redirects?: (c: Case) => boolean;
  /** An OAuth protocol endpoint: errors are RFC 6749's {error, error_description}. */
  oauth?: true;
}

const LIST = ["page", "size", "search_query", "app_ids", "category_ids", "state", "from_date", "to_date", "sort_column", "sort_direction"];
const AUTHORIZE = ["client_id", "response_type", "redirect_uri", "code_challenge", "code_challenge_method", "scope", "state", "resource"];
const isForm = (c: Case) => (c.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");

const ENDPOINTS: Record<string, Endpoint> = {
  "app/api/health/route.ts GET": { path: "/api/health" },
  "app/auth/confirm/route.ts GET": { path: "/auth/confirm", query: ["code", "token_hash", "type", "next"], redirects: () => true },
  "app/auth/local/sign-in/route.ts POST": { path: "/auth/local/sign-in", body: ["email", "next"], redirects: isForm },
  "app/auth/sign-out/route.ts POST": { path: "/auth/sign-out", redirects: () => true },
  "app/api/v1/me/route.ts GET": { path: "/api/v1/me" },
  "app/api/v1/memories/route.ts GET": { path: "/api/v1/memories", query: LIST },
  "app/api/v1/memories/route.ts POST": { path: "/api/v1/memories", body: ["text", "app", "metadata", "infer", "occurred_at"] },
  "app/api/v1/memories/route.ts DELETE": { path: "/api/v1/memories", body: ["memory_ids"] },
  "app/api/v1/memories/[id]/route.ts GET": { path: "/api/v1/memories/x", params: ["id"] },
  "app/api/v1/memories/[id]/route.ts PUT": { path: "/api/v1/memories/x", params: ["id"], body: ["text"] },
  "app/api/v1/memories/[id]/route.ts DELETE": { path: "/api/v1/memories/x", params: ["id"] },
  "app/api/v1/memories/[id]/access-log/route.ts GET": { path: "/api/v1/memories/x/access-log", params: ["id"], query: ["page", "size"] },
  "app/api/v1/memories/[id]/history/route.ts GET": { path: "/api/v1/memories/x/history", params: ["id"] },
  "app/api/v1/memories/[id]/related/route.ts GET": { path: "/api/v1/memories/x/related", params: ["id"], query: ["limit"] },
  "app/api/v1/memories/actions/[action]/route.ts POST": { path: "/api/v1/memories/actions/x", params: ["action"], body: ["memory_ids"] },
  "app/api/v1/memories/categories/route.ts GET": { path: "/api/v1/memories/categories" },
  "app/api/v1/memories/export/route.ts GET": { path: "/api/v1/memories/export" },
  "app/api/v1/memories/import/route.ts POST": {
    path: "/api/v1/memories/import",
    ndjson: ["id", "content", "state", "app", "categories", "metadata", "created_at", "updated_at", "archived_at", "deleted_at"],
  },
  "app/api/v1/memories/search/route.ts POST": { path: "/api/v1/memories/search", body: ["query", "limit", "app_ids", "category_ids", "after", "before"] },
  "app/api/v1/apps/route.ts GET": { path: "/api/v1/apps" },
  "app/api/v1/apps/[id]/route.ts GET": { path: "/api/v1/apps/x", params: ["id"] },
  "app/api/v1/apps/[id]/route.ts PUT": { path: "/api/v1/apps/x", params: ["id"], body: ["is_active", "description", "gateway_hide_sensitive", "gateway_review_writes"] },
  "app/api/v1/apps/[id]/memories/route.ts GET": { path: "/api/v1/apps/x/memories", params: ["id"], query: LIST },
  "app/api/v1/stats/route.ts GET": { path: "/api/v1/stats" },
  "app/api/v1/keys/route.ts GET": { path: "/api/v1/keys" },
  "app/api/v1/keys/route.ts POST": { path: "/api/v1/keys", body: ["name", "expires_in_days", "scopes", "hide_sensitive", "review_writes"] },
  "app/api/v1/keys/[id]/route.ts PATCH": { path: "/api/v1/keys/x", params: ["id"], body: ["name", "hide_sensitive", "review_writes"] },
  "app/api/v1/keys/[id]/route.ts DELETE": { path: "/api/v1/keys/x", params: ["id"] },
  "app/agent/v1/me/route.ts GET": { path: "/agent/v1/me" },
  "app/agent/v1/mcp/route.ts POST": { path: "/agent/v1/mcp", mcp: true },
  "app/agent/v1/mcp/route.ts GET": { path: "/agent/v1/mcp" },
  "app/agent/v1/mcp/route.ts DELETE": { path: "/agent/v1/mcp" },
  "app/agent/v1/mcp/messages/route.ts POST": { path: "/agent/v1/mcp/messages/", mcp: true },
  "app/agent/v1/mcp/messages/route.ts GET": { path: "/agent/v1/mcp/messages" },
  "app/agent/v1/mcp/messages/route.ts DELETE": { path: "/agent/v1/mcp/messages" },
  "app/mcp/messages/route.ts POST": { path: "/mcp/messages", mcp: true },
  "app/mcp/messages/route.ts GET": { path: "/mcp/messages" },
  "app/mcp/messages/route.ts DELETE": { path: "/mcp/messages/" },
  "app/mcp/route.ts POST": { path: "/mcp", mcp: true },
  "app/mcp/route.ts GET": { path: "/mcp" },
  "app/mcp/route.ts DELETE": { path: "/mcp" },
  "app/mcp/route.ts OPTIONS": { path: "/mcp" },
  "app/api/v1/connections/route.ts GET": { path: "/api/v1/connections" },
  "app/api/v1/connections/[id]/route.ts DELETE": { path: "/api/v1/connections/x", params: ["id"] },
  "app/api/v1/connections/[id]/route.ts PATCH": { path: "/api/v1/connections/x", params: ["id"], body: ["hide_sensitive", "review_writes"] },
  "app/api/v1/settings/sensitive-categories/route.ts GET": { path: "/api/v1/settings/sensitive-categories" },
  "app/api/v1/settings/sensitive-categories/route.ts PUT": { path: "/api/v1/settings/sensitive-categories", body: ["categories"] },
  "app/api/v1/reviews/route.ts GET": { path: "/api/v1/reviews", query: ["status", "page", "size"] },
  "app/api/v1/reviews/[decision]/route.ts POST": { path: "/api/v1/reviews/x", params: ["decision"], body: ["review_ids", "text"] },
  "app/api/v1/trash/route.ts GET": { path: "/api/v1/trash", query: ["page", "size"] },
  "app/api/v1/activity/route.ts GET": { path: "/api/v1/activity", query: ["from", "to"] },
  "app/api/v1/activity/memories/route.ts GET": { path: "/api/v1/activity/memories", query: ["kind", "id", "what", "from", "to"] },
  "app/api/cron/purge/route.ts GET": { path: "/api/cron/purge" },
  ...Object.fromEntries(
    ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp", "/oauth/jwks"].flatMap((p) => [
      [`app${p}/route.ts GET`, { path: p, oauth: true }],
      [`app${p}/route.ts OPTIONS`, { path: p, oauth: true }],
    ]),
  ),
  // Every redirect lands on the fuzz client's redirect URI (on our origin) or our own pages.
  "app/oauth/authorize/route.ts GET": { path: "/oauth/authorize", query: AUTHORIZE, redirects: () => true },
  "app/oauth/authorize/decision/route.ts POST": { path: "/oauth/authorize/decision", body: [...AUTHORIZE, "consent_token", "decision", "allow_write"], redirects: () => true },
  "app/oauth/token/route.ts POST": { path: "/oauth/token", body: ["grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret", "refresh_token", "scope", "resource"], oauth: true },
  "app/oauth/token/route.ts OPTIONS": { path: "/oauth/token", oauth: true },
  "app/oauth/register/route.ts POST": { path: "/oauth/register", body: ["redirect_uris", "client_name", "token_endpoint_auth_method", "grant_types", "response_types", "client_uri", "scope"], oauth: true },
  "app/oauth/register/route.ts OPTIONS": { path: "/oauth/register", oauth: true },
  "app/oauth/revoke/route.ts POST": { path: "/oauth/revoke", body: ["token", "token_type_hint", "client_id"], oauth: true },
  "app/oauth/revoke/route.ts OPTIONS": { path: "/oauth/revoke", oauth: true },
};

interface Discovered {
  name: string;
  file: string;
  method: (typeof HTTP_METHODS)[number];
  zone: Zone;
  handler: Handler;
}

const DISCOVERED: Discovered[] = [];
for (const rel of fs.readdirSync(APP_DIR, { recursive: true, encoding: "utf8" }).sort()) {
  if (path.basename(rel) !== "route.ts") continue;
  const file = path.posix.join("app", rel.split(path.sep).join("/"));
  const mod = (await import(/* @vite-ignore */ path.join(APP_DIR, rel))) as Record<string, unknown>;
  const zone: Zone =
    file === "app/mcp/route.ts" ? "connector"
    : file.startsWith("app/api/v1/") ? "session"
    : file.startsWith("app/agent/") ? "agent"
    : file.startsWith("app/mcp/") ? "gateway"
    : file.startsWith("app/oauth/") || file.startsWith("app/.well-known/") ? "oauth"
    : "open";
  for (const method of HTTP_METHODS) {
    if (typeof mod[method] === "function") DISCOVERED.push({ name: `${file} ${method}`, file, method, zone, handler: mod[method] as Handler });
  }
}
const MCP_POSTS = DISCOVERED.filter((d) => ENDPOINTS[d.name]?.mcp);

// ---------- fixtures ----------

let db: Db;
interface Who {
  sub: string;
  id: string;
  email: string;
  cookie: string;
  token: string;
}
let alice: Who;
let bob: Who;
let aliceKeys: { rw: string; ro: string; revoked: string };
/** alice's connector access tokens (read-write, read-only) and a registered OAuth client of the fuzz. */
let aliceConnector: { rw: string; ro: string; revoked: string };
let fuzzClient: { id: string; redirectUri: string; verifier: string; challenge: string };
/** Ids a request may name: alice's and bob's real ones, and ids nobody has. */
let idPool: string[];
/** Credentials that must never authenticate anyone. */
let junkAuth: { authorization?: string; cookie?: string }[];
let toolFields: Record<string, string[]>;
let bobBefore: unknown;
const BOB_TEXTS = ["Bob's locker code is 4411", "Bob is learning Icelandic", "Bob's dentist is on Friday"];
const bobSecrets: string[] = [];
let cases = 0;
const started = Date.now();

async function who(email: string): Promise<Who> {
  const s = await signInLocally(email);
  const user = await db.prisma.user.findUniqueOrThrow({ where: { userId: s.userId } });
  return { sub: s.userId, id: user.id, email, cookie: s.cookie, token: s.token };
}

const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** `s` with the character at `at` (within [from, to)) replaced by another one of the same alphabet. */
function tampered(s: string, at: number, from = 0, to = s.lastIndexOf(".")): string {
  let i = from + (at % (to - from));
  if (s[i] === ".") i++;
  return s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
}

beforeAll(async () => {
  db = await useFreshDb();
  console.log(`fuzz: seed ${SEED}, FUZZ_RUNS ${RUNS} (reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx vitest run app/fuzz.test.ts)`);
  alice = await who("alice-fuzz@example.com");
  bob = await who("bob-fuzz@example.com");
  const rw = await createAgentKey(alice.id, { name: "fuzz-rw" });
  const ro = await createAgentKey(alice.id, { name: "fuzz-ro", scopes: ["memories:read"] });
  const revoked = await createAgentKey(alice.id, { name: "fuzz-revoked" });
  await revokeKey({ userId: alice.id, id: revoked.id });
  aliceKeys = { rw: rw.key, ro: ro.key, revoked: revoked.key };
  const spare = await createAgentKey(alice.id, { name: "fuzz-spare" });
  const rwConnection = await connectClient(alice.id, { origin: BASE, clientName: "fuzz-connector" });
  const roConnection = await connectClient(alice.id, { origin: BASE, clientName: "fuzz-reader", scopes: ["memories:read"] });
  const revokedConnection = await connectClient(alice.id, { origin: BASE, clientName: "fuzz-revoked" });
  await revokeGrant(revokedConnection.grantId, "user");
  aliceConnector = { rw: rwConnection.access_token, ro: roConnection.access_token, revoked: revokedConnection.access_token };
  const redirectUri = `${BASE}/fuzz-callback`;
  const registered = (await registerClient({ redirect_uris: [redirectUri], client_name: "Fuzz client" })) as { client_id: string };
  fuzzClient = { id: registered.client_id, redirectUri, ...(() => { const p = pkcePair(); return { verifier: p.verifier, challenge: p.challenge }; })() };
  const bobKey = await createAgentKey(bob.id, { name: "bob-key" });

  const aliceIds: string[] = [];
  for (const [i, t] of ["I live in Lisbon near the river", "[3 May 2023] Ran a half marathon in 2:01", "My sister Ana is a nurse", "Allergic to penicillin"].entries()) {
    aliceIds.push((await addMemory(dashboardActor(alice.id, i % 2 ? "claude" : "jean-memory"), t, { infer: false })).results[0].id);
  }
  const bobIds: string[] = [];
  for (const t of BOB_TEXTS) {
    bobIds.push((await addMemory(dashboardActor(bob.id, "bob-app"), t, { infer: false })).results[0].id);
  }
  await changeState(dashboardActor(bob.id), [bobIds[2]], "archive");
  await logAccess(gatewayActor(bob.id, "bob-app"), [bobIds[0]], "search");
  const apps = [await getOrCreateApp(alice.id, "claude"), await getOrCreateApp(bob.id, "bob-app")];
  bobSecrets.push(bob.id, bob.sub, bob.email, ...BOB_TEXTS, ...bobIds, apps[1].id, bobKey.id);
  idPool = [...aliceIds, ...bobIds, ...apps.map((a) => a.id), spare.id, bobKey.id, crypto.randomUUID(), "00000000-0000-0000-0000-000000000000"];

  // A revoked local session, tokens signed the wrong way, altered ones, malformed ones.
  const revokedSession = await signInLocally("alice-fuzz@example.com");
  const { POST: signOut } = await import("./auth/sign-out/route");
  await call(signOut as Handler, { method: "POST", headers: { cookie: revokedSession.cookie } });
  const claims = { sub: alice.sub, email: alice.email, role: "authenticated", aud: "authenticated", session_id: crypto.randomUUID() };
  const wrongSecret = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("1h").sign(crypto.getRandomValues(new Uint8Array(32)));
  const algNone = `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
  const tokens = [revokedSession.token, wrongSecret, algNone, tampered(alice.token, 5), tampered(alice.token, 40), tampered(alice.token, 200), "a.b.c", "..", `${alice.token}x`,
    aliceConnector.revoked, tampered(aliceConnector.rw, 30), tampered(aliceConnector.rw, 300), `${aliceConnector.rw}x`];
  // (Any change to a key's 43 random characters or its checksum is caught by the CRC, then by the hash.)
  const keys = [generateKey(), aliceKeys.revoked, tampered(aliceKeys.rw, 3, 8, aliceKeys.rw.length), tampered(aliceKeys.rw, 47, 8, aliceKeys.rw.length), `${aliceKeys.rw}0`, aliceKeys.rw.slice(0, -1), "jean_sk_"];
  junkAuth = [
    ...tokens.map((t) => ({ authorization: `Bearer ${t}` })),
    ...tokens.map((t) => ({ cookie: `jean-session=${t}` })),
    ...tokens.map((t) => ({ cookie: `sb-proj-auth-token=base64-${b64({ access_token: t })}` })),
    ...keys.map((k) => ({ authorization: `Bearer ${k}` })),
    { authorization: "Basic YWxpY2U6cGFzcw==" },
    { authorization: `bearer ${alice.token}` },
    { authorization: `Bearer  ${alice.token} extra` },
    { cookie: `sb-proj-auth-token.0=${encodeURIComponent(JSON.stringify({ access_token: algNone }).slice(0, 20))}; sb-proj-auth-token.1=%ZZ` },
    { cookie: "jean-session=; jean-session=%" },
  ];

  // The tools' argument names, as the server announces them.
  const list = await reply(await call(gatewayHandler(), { method: "POST", path: "/mcp/messages", headers: { "x-user-id": alice.sub }, body: { jsonrpc: "2.0", id: 1, method: "tools/list" } }));
  toolFields = Object.fromEntries(
    (list.body.result.tools as { name: string; inputSchema: { properties?: Record<string, unknown> } }[]).map((t) => [t.name, Object.keys(t.inputSchema.properties ?? {})]),
  );
  bobBefore = await bobState();
});

afterAll(() => {
  const byStatus = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ");
  console.log(`fuzz: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}, FUZZ_RUNS ${RUNS}); answers: ${byStatus}`);
});

function gatewayHandler(): Handler {
  return DISCOVERED.find((d) => d.name === "app/mcp/messages/route.ts POST")!.handler;
}

/** Everything of bob's: no request made with alice's (or nobody's) credentials may change it. */
async function bobState() {
  const userId = bob.id;
  return {
    memories: await db.prisma.memory.findMany({ where: { userId }, orderBy: { id: "asc" }, include: { categories: true } }),
    apps: await db.prisma.app.findMany({ where: { ownerId: userId }, orderBy: { id: "asc" } }),
    keys: await db.prisma.apiKey.findMany({ where: { userId }, orderBy: { id: "asc" }, omit: { keyHash: true } }),
    history: await db.prisma.memoryStatusHistory.findMany({ where: { memory: { userId } }, orderBy: { id: "asc" } }),
    reads: await db.prisma.memoryAccessLog.findMany({ where: { memory: { userId } }, orderBy: { id: "asc" } }),
    stats: await db.prisma.memorySearchStats.findMany({ where: { userId } }),
  };
}

// ---------- arbitraries ----------

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddChar = fc.oneof(
  fc.constantFrom("\u0000", "\uFEFF", "\u202E", "\uFFFF", "\uFFFD", "\u200B", "\u0301", "\r\n", "\t", "%", "%ZZ", "%00", "'", '"', "\\", "<", "&", "é", "🦄", "𝔘", "İ", "ß", "\u2028"),
  lone,
  fc.string({ unit: "binary", minLength: 1, maxLength: 2 }),
);
const BIG = ["x".repeat(10_000), "y".repeat(10_001), "a ".repeat(60_000), "\u0000".repeat(2_000), "é".repeat(300_000), "🦄".repeat(260_000), "<".repeat(1_000_100)];
const oddString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.array(oddChar, { maxLength: 12 }).map((a) => a.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\n\n", "null", "__proto__", "constructor", "{}", "[]", "NaN", "-0", "1e309", "0x10", "true") },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
);
const sentence = fc.oneof(
  fc.constantFrom("I like green tea", "Where do I live?", "My sister works as a nurse", "marathon in May 2023", "what happened last week", "Lisbon", "penicillin allergy", "Bob's locker code"),
  fc.array(fc.constantFrom("the", "my", "dog", "Ana", "2023", "May", "likes", "tea", "in", "Lisbon", "river", "42", "#", "!", "café"), { minLength: 1, maxLength: 12 }).map((w) => w.join(" ")),
);
const prose = fc.oneof({ weight: 3, arbitrary: sentence }, { weight: 1, arbitrary: oddString });
const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "", "a.b", "\u0000"), lone);
const deep = (n: number, leaf: unknown): unknown => Array.from({ length: n }).reduce<unknown>((v) => ({ a: v }), leaf);
const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    oddString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(2 ** 53 + 1, -0, 1e308, deep(33, 1), deep(200, "x")),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(key, tie("v"), { maxKeys: 4 }),
  ),
})).v;

const uuidish = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => () => idPool[i] ?? "")).map((get) => get()) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.uuid().map((u) => u.toUpperCase()) },
  { weight: 1, arbitrary: fc.uuid().map((u) => `{${u}}`) },
  { weight: 1, arbitrary: fc.constantFrom("not-a-uuid", "../../etc/passwd", "%E0%A4%A", "%ZZ", "%00", "..%2F", "00000000-0000-0000-0000-00000000000g", "a".repeat(10_000), "1 OR 1=1", "'; DROP TABLE memories; --") },
  { weight: 2, arbitrary: oddString },
);
const dateish = fc.oneof(
  { weight: 3, arbitrary: fc.date({ noInvalidDate: true, min: new Date("1990-01-01"), max: new Date("2030-01-01") }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.date({ noInvalidDate: true, min: new Date("1900-01-01"), max: new Date("2100-01-01") }).map((d) => d.toISOString().slice(0, 10)) },
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2024-05-01", "2024-02-30", "2024-13-01", "2024-05-01T12:00:00Z", "2024-05-01T12:00:00+25:00", "2024-05-01T12:00:00", "0000-01-01", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "10000-01-01", "+275760-09-13T00:00:00.000Z", "yesterday"),
  oddString,
);
const number = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) }, fc.integer({ min: -5, max: 120 }), fc.double(), fc.constantFrom(0, 1, 50, 100, 101, 365, 366, 2 ** 31, 2 ** 53, -0, 1e308), fc.constantFrom("5", "1e2", "", "ten"));

/** A plausible value for a field of this name (often valid, often not), or anything. */
function valueFor(name: string): fc.Arbitrary<unknown> {
  const plausible: Record<string, fc.Arbitrary<unknown>> = {
    id: uuidish,
    memory_id: uuidish,
    memory_ids: fc.oneof(fc.array(uuidish, { maxLength: 4 }), fc.array(fc.uuid(), { minLength: 1000, maxLength: 1001 })),
    app_ids: fc.array(uuidish, { maxLength: 3 }),
    category_ids: fc.array(uuidish, { maxLength: 3 }),
    action: fc.oneof(fc.constantFrom("archive", "pause", "restore", "delete", "Archive", "archive "), oddString),
    text: prose,
    content: prose,
    query: prose,
    question: prose,
    search_query: prose,
    description: fc.oneof(sentence, oddString, fc.constant(null)),
    name: prose,
    app: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("claude", "Claude.", "jean-memory", "bob-app", "cursor") }, { weight: 1, arbitrary: oddString }),
    metadata: fc.oneof(
      { weight: 3, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 4 }) },
      { weight: 2, arbitrary: fc.dictionary(key, jsonish, { maxKeys: 4 }) },
      { weight: 1, arbitrary: fc.constantFrom(deep(31, 1), deep(32, 1), deep(2_500, 1)) },
    ),
    infer: fc.boolean(),
    is_active: fc.boolean(),
    occurred_at: dateish,
    after: dateish,
    before: dateish,
    from_date: dateish,
    to_date: dateish,
    created_at: dateish,
    updated_at: dateish,
    archived_at: fc.oneof(dateish, fc.constant(null)),
    deleted_at: fc.oneof(dateish, fc.constant(null)),
    limit: number,
    memory_limit: number,
    page: number,
    size: number,
    expires_in_days: fc.oneof(number, fc.constant(null)),
    state: fc.oneof(fc.constantFrom(...MEMORY_STATES), fc.array(fc.constantFrom(...MEMORY_STATES, "gone"), { maxLength: 3 }), oddString),
    scopes: fc.array(fc.oneof(fc.constantFrom("memories:read", "memories:write"), oddString), { maxLength: 3 }),
    categories: fc.array(fc.oneof(fc.constantFrom(...CATEGORY_NAMES), oddString), { maxLength: 3 }),
    sort_column: fc.oneof(fc.constantFrom("created_at", "content", "app_name"), oddString),
    sort_direction: fc.oneof(fc.constantFrom("asc", "desc"), oddString),
    email: fc.oneof(fc.emailAddress(), fc.constantFrom(alice.email, "ALICE-FUZZ@example.com ", "a@b", "@", "x".repeat(300) + "@example.com"), oddString),
    next: fc.constantFrom("/", "/memories?x=1", "//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "%2F%2Fevil.example", "/%0d%0aSet-Cookie:x=1", ""),
    code: fc.oneof(fc.string({ maxLength: 40 }), oddString),
    token_hash: oddString,
    type: fc.constantFrom("email", "magiclink", "signup", "recovery", "junk"),
    // OAuth: the fuzz client and its redirect URI often, metadata-document URLs on private
    // addresses (refused before any connection), and junk.
    client_id: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null).map(() => fuzzClient.id) },
      { weight: 1, arbitrary: fc.constantFrom("https://10.0.0.1/client.json", "https://localhost/c.json", "https://[::1]/c.json", "https://169.254.169.254/x", "http://127.0.0.1:1/c.json", "jmc_AAAAAAAAAAAAAAAAAAAAAA", "jmc_", "https://x/") },
      { weight: 1, arbitrary: oddString },
    ),
    redirect_uri: fc.oneof({ weight: 4, arbitrary: fc.constant(null).map(() => fuzzClient.redirectUri) }, fc.constantFrom(`${BASE}/other`, "https://evil.example/cb", "javascript:alert(1)", ""), oddString),
    redirect_uris: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(`${BASE}/cb`, "https://client.example/cb", "http://127.0.0.1:9/cb", "cursor://anysphere/cb", "http://evil.example/cb", "javascript:alert(1)", "https://a.example/cb#frag", "file:///etc/passwd"), oddString), { maxLength: 12 }),
      jsonish,
    ),
    response_type: fc.constantFrom("code", "token", "code id_token", "", "CODE"),
    code_challenge: fc.oneof({ weight: 3, arbitrary: fc.constant(null).map(() => fuzzClient.challenge) }, fc.constantFrom("short", "A".repeat(43), "A".repeat(128)), oddString),
    code_challenge_method: fc.constantFrom("S256", "plain", "s256", ""),
    code_verifier: fc.oneof({ weight: 3, arbitrary: fc.constant(null).map(() => fuzzClient.verifier) }, fc.constantFrom("v".repeat(43), "v".repeat(129), "~".repeat(50)), oddString),
    resource: fc.oneof(fc.constantFrom(`${BASE}/mcp`, `${BASE}/mcp/`, "https://other.example/mcp", `${BASE}/mcp?x=1`, `${BASE}/mcp#f`), oddString),
    grant_type: fc.oneof(fc.constantFrom("authorization_code", "refresh_token", "client_credentials", "password", ""), oddString),
    refresh_token: fc.oneof(fc.constantFrom("jean_rt_nope", "jean_rt_"), oddString),
    token: fc.oneof(fc.constant(null).map(() => aliceConnector.revoked), fc.constantFrom("jean_rt_nope", "a.b.c"), oddString),
    token_endpoint_auth_method: fc.constantFrom("none", "client_secret_post", "client_secret_basic", "private_key_jwt", ""),
    consent_token: fc.oneof(fc.constantFrom("a.b.c", ""), oddString),
    decision: fc.constantFrom("approve", "deny", "", "APPROVE"),
    allow_write: fc.constantFrom("on", "off", ""),
  };
  return fc.oneof({ weight: 7, arbitrary: Object.hasOwn(plausible, name) ? plausible[name] : jsonish }, { weight: 1, arbitrary: jsonish });
}

/** An object with these fields (the first, usually the one required, left out a sixth of the time, the others half), and sometimes a stray one. */
const fields = (names: string[]) =>
  fc
    .tuple(fc.record(Object.fromEntries(names.map((n, i) => [n, fc.option(valueFor(n), { freq: i === 0 ? 5 : 1, nil: undefined })]))), fc.option(fc.tuple(key, jsonish), { freq: 5 }))
    .map(([obj, extra]) => {
      const out: Record<string, unknown> = Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return out;
    });

/** JSON.stringify, except for values it cannot write (it never throws here: no BigInt, no cycles). */
const json = (v: unknown) => JSON.stringify(v) ?? "null";
const asText = (v: unknown) => (typeof v === "string" ? v : json(v));

const brokenJson = fc.oneof(
  fc.constantFrom("{", "{not json", '{"text": "unterminated', "[1,2", "{'single': 1}", '{"a":1,}', "\u0000", "nul\u0000l", '{"text":"a"}{"text":"b"}', "[".repeat(10_000), "{\"a\":".repeat(3_000), "\uFEFF{\"text\":\"bom\"}", "undefined", "NaN"),
  fc.string({ unit: "binary", maxLength: 40 }),
  jsonish.map((v) => json(v).slice(0, -1)),
);
const invalidUtf8 = fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]), new Uint8Array([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xef, 0xbb, 0xbf]));

type Body = string | Uint8Array<ArrayBuffer> | undefined;
/** A body of the endpoint's own shape (JSON, or JSON Lines for the import), its field values fuzzed. */
const shapedBody = (ep: Endpoint): fc.Arbitrary<string> =>
  ep.ndjson
    ? fc.array(fc.oneof({ weight: 6, arbitrary: fields(ep.ndjson).map(json) }, { weight: 1, arbitrary: fc.oneof(brokenJson, jsonish.map(json)) }), { maxLength: 4 }).chain((lines) =>
        fc.constantFrom("\n", "\r\n", "\n\n").map((sep) => lines.join(sep)),
      )
    : fields(ep.body ?? []).map(json);

const restBody = (ep: Endpoint): fc.Arbitrary<Body> => {
  const shaped = shapedBody(ep);
  const form = fields(ep.body ?? []).map((o) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, asText(v)])).toString());
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: form },
    { weight: 2, arbitrary: jsonish.map(json) },
    { weight: 2, arbitrary: brokenJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", ...BIG) },
    { weight: 1, arbitrary: invalidUtf8 },
  );
};

/** Header values a real HTTP request can carry (Latin-1, no CR/LF/NUL). */
const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 40 });
const contentType = fc.oneof(
  fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/x-ndjson", "application/jsonl", "application/json-lines", "application/json; charset=latin1", "", "*/*"),
  headerValue,
);
const extraHeaders = fc.record(
  {
    accept: fc.constantFrom("application/json", "text/event-stream", "*/*", "text/html", "application/json, text/event-stream", ""),
    "content-length": fc.constantFrom("0", "5", "-1", "abc", "99999999999", "1e3"),
    "sec-fetch-site": fc.constantFrom("same-origin", "cross-site", "same-site", "none"),
    "x-user-id": headerValue,
    "x-forwarded-host": fc.constantFrom("evil.example", "localhost:3000"),
    // The per-address limits (sign-ins, failed key attempts) key on the last X-Forwarded-For entry.
    "x-forwarded-for": fc.constantFrom("203.0.113.7", "10.0.0.1, 198.51.100.2", "::ffff:10.0.0.1", "127.0.0.1", "not-an-address", ", ,", "2001:db8::1"),
    origin: fc.constantFrom("http://localhost:3000", "https://evil.example", "null", "http://localhost:3000.evil.example"),
  },
  { requiredKeys: [] },
);

/** A query string with the endpoint's keys (and stray ones): valid, odd, repeated, percent junk. */
const queryString = (keys: string[]): fc.Arbitrary<string> => {
  const value = (k: string) =>
    fc.oneof(
      { weight: 4, arbitrary: valueFor(k).map((v) => encodeURIComponent((Array.isArray(v) ? v.map(asText).join(",") : asText(v)).toWellFormed())) },
      { weight: 1, arbitrary: fc.constantFrom("%ZZ", "%", "%C0%AF", "%FF%FE", "%00", "%u0041", "+", "%2C%2C", ",,,", "a,b,,c") },
    );
  const pair = fc.oneof(...[...keys, "x", "__proto__"].map((k) => value(k).map((v) => `${k}=${v}`)), fc.constantFrom("=", "&", "==x", "a", "%ZZ=1"));
  return fc.array(pair, { maxLength: 6 }).map((ps) => (ps.length ? `?${ps.join("&")}` : ""));
};

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Body;
  params: Record<string, string>;
}

/** How many answers had each status, printed at the end (how deep the fuzz got). */
const statuses = new Map<number, number>();

/** Every request is made as alice (or nobody): no answer may show anything of bob's. */
async function send(handler: Handler, c: Case): Promise<Reply> {
  cases++;
  const r = await sendOnce(handler, c);
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  for (const secret of bobSecrets) if (r.text.includes(secret)) expect.fail(`shows bob's ${secret}: ${describeCase(c, r)}`);
  return r;
}

async function sendOnce(handler: Handler, c: Case): Promise<Reply> {
  // The harness's call() sends a string body as JSON unless told otherwise; bytes, and a
  // body with no Content-Type at all, need a Request of their own.
  if (c.body instanceof Uint8Array || (c.body !== undefined && !("content-type" in c.headers))) {
    const request = new Request(new URL(c.path, BASE), { method: c.method, headers: c.headers, body: c.body });
    return reply(await handler(request, { params: Promise.resolve(c.params) }));
  }
  return reply(await call(handler, { method: c.method, path: c.path, headers: c.headers, body: c.body, params: c.params }));
}

// ---------- what an answer may be ----------

const INTERNAL_TOOL_MESSAGE = "The memory service could not complete this request. Please try again.";

function describeCase(c: Case, r: Reply): string {
  const body = typeof c.body === "string" ? c.body.slice(0, 300) : c.body;
  return `${c.method} ${c.path.slice(0, 300)} params=${json(c.params).slice(0, 200)} headers=${json(c.headers).slice(0, 300)} body=${json(body)}\n→ ${r.status} ${r.text.slice(0, 500)}`;
}

function checkRest(ep: Endpoint, name: string, c: Case, r: Reply): void {
  const where = describeCase(c, r);
  if (c.method === "OPTIONS") {
    expect([r.status, r.text], `a CORS preflight: ${where}`).toEqual([204, ""]);
    return;
  }
  if (r.status >= 300 && r.status < 400) {
    expect(ep.redirects?.(c), `unexpected redirect: ${where}`).toBe(true);
    expect(r.status, where).toBe(303);
    const location = new URL(r.headers.get("location") ?? "\u0000", BASE + "/");
    expect(location.origin, `redirects off-site: ${where}`).toBe(BASE);
    return;
  }
  expect(r.status >= 200 && r.status < 500 && (r.status < 300 || r.status >= 400), where).toBe(true);
  if (name.includes("/export/") && r.status === 200) {
    expect(r.headers.get("content-type"), where).toContain("application/x-ndjson");
    for (const line of r.text.split("\n").filter(Boolean)) JSON.parse(line);
    return;
  }
  expect(r.headers.get("content-type") ?? "", where).toContain("application/json");
  expect(r.body, where).toBeDefined();
  if (r.status >= 400) {
    if (ep.oauth) expect(r.body, where).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
    else expect(r.body, where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

type RpcMessage = { jsonrpc?: unknown; id?: unknown; result?: { isError?: boolean; content?: { text?: string }[] }; error?: { code?: unknown; message?: unknown } };

function checkMcp(c: Case, r: Reply): void {
  const where = describeCase(c, r);
  if (r.status === 202) {
    expect(r.text, `a 202 has no body: ${where}`).toBe("");
    return;
  }
  expect(r.status === 200 || (r.status >= 400 && r.status < 500), where).toBe(true);
  expect(r.headers.get("content-type") ?? "", where).toContain("application/json");
  const messages: RpcMessage[] = Array.isArray(r.body) ? r.body : [r.body];
  if (r.status >= 400) expect(Array.isArray(r.body), where).toBe(false);
  expect(messages.length, where).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m?.jsonrpc, where).toBe("2.0");
    expect("result" in m !== "error" in m, `result xor error: ${where}`).toBe(true);
    if (r.status >= 400) expect(m.error, where).toBeDefined();
    if (m.error) {
      expect(Number.isInteger(m.error.code), where).toBe(true);
      expect(typeof m.error.message, where).toBe("string");
      expect(m.error.code, `internal error: ${where}`).not.toBe(-32603);
    }
    if (m.result?.isError) expect(m.result.content?.[0]?.text, `a tool error hides an internal failure: ${where}`).not.toBe(INTERNAL_TOOL_MESSAGE);
  }
}

/** Runs a property with the fuzz environment, failing on anything logged at error level. */
async function run<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => Promise<void>, seedOffset: number, numRuns: number): Promise<void> {
  const logged = await captureStderr(
    () => withEnv(ENV, () => fc.assert(fc.asyncProperty(arb, predicate), { seed: SEED + seedOffset, numRuns: Math.max(1, Math.round(numRuns)) })),
    "error",
  );
  expect(logged, "errors were logged").toBe("");
}

// ---------- credentials ----------

const gatewayCredential = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("claude", "Cursor", "claude.", "fuzz client", "a".repeat(64), "").map((name) => ({ "x-user-id": alice.sub, ...(name ? { "x-client-name": name } : {}) })) },
  { weight: 1, arbitrary: fc.record({ "x-user-id": headerValue, "x-client-name": headerValue }, { requiredKeys: ["x-user-id"] }) },
  { weight: 1, arbitrary: fc.constant({}) },
);
const agentCredential = fc.oneof(
  { weight: 6, arbitrary: fc.constant(() => ({ authorization: `Bearer ${aliceKeys.rw}` })) },
  { weight: 2, arbitrary: fc.constant(() => ({ authorization: `Bearer ${aliceKeys.ro}` })) },
  { weight: 1, arbitrary: fc.nat().map((i) => () => junkAuth[i % junkAuth.length]) },
  { weight: 1, arbitrary: fc.constant(() => ({})) },
).map((f) => f() as Record<string, string>);
const sessionCredential = fc.oneof(
  { weight: 6, arbitrary: fc.constant(() => ({ cookie: alice.cookie })) },
  { weight: 2, arbitrary: fc.constant(() => ({ authorization: `Bearer ${alice.token}` })) },
  { weight: 1, arbitrary: fc.nat().map((i) => () => junkAuth[i % junkAuth.length]) },
  { weight: 1, arbitrary: fc.constant(() => ({})) },
).map((f) => f() as Record<string, string>);

const connectorCredential = fc.oneof(
  { weight: 6, arbitrary: fc.constant(() => ({ authorization: `Bearer ${aliceConnector.rw}` })) },
  { weight: 2, arbitrary: fc.constant(() => ({ authorization: `Bearer ${aliceConnector.ro}` })) },
  { weight: 1, arbitrary: fc.nat().map((i) => () => junkAuth[i % junkAuth.length]) },
  { weight: 1, arbitrary: fc.constant(() => ({})) },
).map((f) => f() as Record<string, string>);

const credentialFor = (zone: Zone) =>
  zone === "gateway" ? gatewayCredential : zone === "agent" ? agentCredential : zone === "connector" ? connectorCredential : sessionCredential;

// ---------- JSON-RPC ----------

const rpcId = fc.oneof(
  { weight: 4, arbitrary: fc.integer() },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 1.5, -0, 2 ** 53 + 1, true, "", "x".repeat(5_000)) },
  { weight: 1, arbitrary: fc.oneof(fc.object({ maxDepth: 1 }), fc.array(fc.integer(), { maxLength: 2 })) },
);
const METHODS = ["initialize", "ping", "tools/list", "tools/call", "resources/list", "resources/read", "resources/templates/list", "prompts/list", "prompts/get", "completion/complete", "logging/setLevel", "sampling/createMessage", "roots/list", "notifications/initialized", "notifications/cancelled", "notifications/progress", "notifications/roots/list_changed"];
const toolArgs = (tool: string) => fc.oneof({ weight: 6, arbitrary: fields(Object.hasOwn(toolFields, tool) ? toolFields[tool] : []) }, { weight: 1, arbitrary: jsonish }, { weight: 1, arbitrary: fc.constant(undefined) });
const toolParams = fc
  .oneof({ weight: 6, arbitrary: fc.constantFrom(...TOOL_NAMES) }, { weight: 1, arbitrary: oddString })
  .chain((name) => fc.record({ name: fc.oneof({ weight: 9, arbitrary: fc.constant<unknown>(name) }, { weight: 1, arbitrary: jsonish }), arguments: toolArgs(name), _meta: jsonish }, { requiredKeys: ["name"] }));
const initializeParams = fc.record(
  { protocolVersion: fc.oneof(fc.constantFrom("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "1999-01-01"), oddString), capabilities: jsonish, clientInfo: fc.oneof(fc.record({ name: oddString, version: oddString }), jsonish) },
  { requiredKeys: [] },
);
const message = fc
  .record(
    {
      jsonrpc: fc.oneof({ weight: 9, arbitrary: fc.constant<unknown>("2.0") }, { weight: 1, arbitrary: jsonish }),
      id: rpcId,
      method: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: oddString }),
      params: jsonish,
    },
    { requiredKeys: ["method"] },
  )
  .chain((m) =>
    m.method === "tools/call"
      ? fc.oneof({ weight: 5, arbitrary: toolParams }, { weight: 1, arbitrary: jsonish }).map((params) => ({ ...m, params }))
      : m.method === "initialize"
        ? initializeParams.map((params) => ({ ...m, params }))
        : fc.constant(m),
  );
const rpcBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 6, arbitrary: message.map(json) },
  { weight: 2, arbitrary: fc.array(message, { maxLength: 5 }).map(json) },
  { weight: 1, arbitrary: fc.oneof(jsonish.map(json), brokenJson, fc.constantFrom("", "[]", "[[]]", "{}", ...BIG), invalidUtf8) },
);

// ---------- the properties ----------

describe("the fuzz table", () => {
  it("has a row for every endpoint on disk, and none for an endpoint that is gone", () => {
    expect(DISCOVERED.length).toBeGreaterThan(30);
    expect(DISCOVERED.map((d) => d.name).sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });
});

describe.each(DISCOVERED.filter((d) => !ENDPOINTS[d.name]?.mcp).map((d, i) => [d.name, d, i] as const))("%s", (name, d, i) => {
  it("answers arbitrary requests with 2xx/4xx JSON of its shape", { timeout: TIMEOUT }, async () => {
    const ep = ENDPOINTS[name];
    expect(ep, `no fuzz row for ${name}`).toBeDefined();
    const bodyless = d.method === "GET" || d.method === "HEAD";
    // Sign-out ends the session it is sent: it gets junk, or (null) a session of its own each time.
    const credential = d.name.includes("sign-out") ? fc.option(fc.nat().map((n) => junkAuth[n % junkAuth.length]), { freq: 2 }) : credentialFor(d.zone);
    const params = fc.record(Object.fromEntries((ep.params ?? []).map((p) => [p, valueFor(p).map(asText)]))) as fc.Arbitrary<Record<string, string>>;
    const query = ep.query ? queryString(ep.query) : fc.option(queryString(["x"]), { freq: 4 }).map((q) => q ?? "");
    // Two thirds are well formed but for their values (so they get past the type and credential checks), the rest anything.
    const wellFormed = fc.record({
      credential: d.name.includes("sign-out") ? fc.constant(null) : credentialFor(d.zone),
      contentType: fc.constant<string | null>(ep.ndjson ? "application/x-ndjson" : "application/json"),
      extra: fc.constant(null),
      query,
      params,
      body: bodyless ? fc.constant(undefined) : shapedBody(ep),
    });
    const anything = fc.record({
      credential,
      contentType: fc.option(contentType),
      extra: fc.option(extraHeaders, { freq: 2 }),
      query,
      params,
      body: bodyless ? fc.constant(undefined) : ep.body || ep.ndjson ? restBody(ep) : fc.oneof(fc.constant(undefined), restBody(ep)),
    });
    const arb = fc.oneof({ weight: 2, arbitrary: wellFormed }, { weight: 1, arbitrary: anything });
    await run(
      arb,
      async (v) => {
        const credential = v.credential ?? { cookie: (await signInLocally(alice.email)).cookie };
        const headers: Record<string, string> = { ...v.extra, ...(v.contentType === null ? {} : { "content-type": v.contentType }), ...credential };
        if (v.body === undefined) delete headers["content-length"];
        const c: Case = { method: d.method, path: ep.path + v.query, headers, body: v.body, params: v.params };
        const r = await send(d.handler, c);
        if (["gateway", "agent", "connector"].includes(d.zone) && d.file.includes("/mcp/") && d.method !== "OPTIONS") checkMcp(c, r);
        else checkRest(ep, name, c, r);
      },
      i * 1_000,
      RUNS,
    );
  });
});

describe.each(MCP_POSTS.map((d, i) => [d.name, d, i] as const))("%s", (name, d, i) => {
  const ep = ENDPOINTS[name];
  const mcpCase = (credential: Record<string, string>, body: Body, extra: Record<string, string> | null, type: string | null, query: string): Case => ({
    method: "POST",
    path: ep.path + query,
    headers: { ...extra, ...(type === null ? {} : { "content-type": type }), ...credential },
    body,
    params: {},
  });

  it("answers arbitrary JSON-RPC (messages, batches, broken JSON, odd headers) with JSON-RPC", { timeout: TIMEOUT }, async () => {
    const arb = fc.tuple(credentialFor(d.zone), rpcBody, fc.option(extraHeaders, { freq: 3 }), fc.option(contentType, { freq: 2 }), fc.option(queryString(["x"]), { freq: 4 }));
    await run(
      arb,
      async ([credential, body, extra, type, query]) => {
        const c = mcpCase(credential, body, extra, type, query ?? "");
        if (body === undefined) delete c.headers["content-length"];
        checkMcp(c, await send(d.handler, c));
      },
      50_000 + i * 1_000,
      RUNS * 3,
    );
  });

  it.each([...TOOL_NAMES, "no_such_tool"].map((t, j) => [t, j] as const))("tools/call %s with arbitrary arguments answers a tool result or a JSON-RPC error", { timeout: TIMEOUT }, async (tool, j) => {
    const arb = fc.tuple(credentialFor(d.zone), toolArgs(tool), rpcId, fc.boolean());
    await run(
      arb,
      async ([credential, args, id, batch]) => {
        const msg = { jsonrpc: "2.0", id, method: "tools/call", params: { name: tool, ...(args === undefined ? {} : { arguments: args }) } };
        const c = mcpCase(credential, json(batch ? [msg, { jsonrpc: "2.0", id: "second", method: "ping" }] : msg), null, "application/json", "");
        const r = await send(d.handler, c);
        checkMcp(c, r);
        // A call that reached the server is answered for its own id.
        if (r.status === 200 && !batch && (typeof id === "string" || typeof id === "number")) expect(r.body.id === id, describeCase(c, r)).toBe(true);
      },
      60_000 + i * 1_000 + j * 100,
      RUNS,
    );
  });
});

/** Junk everywhere, plus real credentials of the other paths (a session is not a key, a key not a session, neither is x-user-id). */
const junkFor = (zone: Zone) => [
  ...junkAuth,
  ...(zone === "session" ? [] : [{ authorization: `Bearer ${alice.token}` }, { cookie: alice.cookie }]),
  ...(zone === "agent" ? [] : [{ authorization: `Bearer ${aliceKeys.rw}` }]),
  ...(zone === "connector" ? [] : [{ authorization: `Bearer ${aliceConnector.rw}` }]),
];

describe("credentials that are not real never authenticate", () => {
  it.each<Zone>(["session", "agent", "gateway", "connector"])("%s path: 401 (405 for GET/DELETE on MCP) for junk credentials", { timeout: TIMEOUT }, async (zone) => {
    const targets = DISCOVERED.filter((d) => d.zone === zone && d.method !== "OPTIONS");
    const invalidUserId = fc.oneof(fc.constantFrom("", "   ", "-abc", "a b", "a/b", "x".repeat(300), "ü", "_x"), headerValue.filter((v) => !/^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,254}$/.test(v.trim())));
    const arb = fc.tuple(
      fc.constantFrom(...targets),
      fc.nat(),
      zone === "gateway" ? fc.option(invalidUserId, { freq: 3 }) : fc.constant(null),
      fc.option(fc.constantFrom("application/json", "text/plain"), { freq: 3 }),
    );
    await run(
      arb,
      async ([d, n, userId, type]) => {
        const ep = ENDPOINTS[d.name];
        const junk = junkFor(zone);
        const credential = { ...junk[n % junk.length], ...(userId === null ? {} : { "x-user-id": userId }) };
        const bodyless = d.method === "GET" || d.method === "HEAD";
        const body = bodyless ? undefined : ep.mcp ? json({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_memories", arguments: {} } }) : json({ text: "a note", query: "x", memory_ids: [idPool[0]] });
        const c: Case = { method: d.method, path: ep.path, headers: { ...(type ? { "content-type": type } : {}), ...credential }, body, params: Object.fromEntries((ep.params ?? []).map((p) => [p, p === "action" ? "archive" : idPool[0]])) };
        const r = await send(d.handler, c);
        const mcpNoStream = d.file.includes("/mcp/") && d.method !== "POST";
        // A cookie write is checked for its origin and body type before its credential (lib/auth/csrf.ts).
        const refusedFirst = r.status === 415 && r.body?.error?.code === "unsupported_media_type" && zone === "session" && !("authorization" in credential);
        if (!refusedFirst) expect(r.status, describeCase(c, r)).toBe(mcpNoStream ? 405 : 401);
        if (ep.mcp || mcpNoStream) checkMcp(c, r);
        else checkRest(ep, d.name, c, r);
      },
      90_000 + ["session", "agent", "gateway", "connector"].indexOf(zone) * 1_000,
      RUNS * 3,
    );
  });
});

// ---------- afterwards ----------

describe("the database afterwards", () => {
  it("is consistent: BM25 statistics equal a recount, every row belongs with its owner, bob is untouched", async () => {
    const q = <T = Record<string, unknown>>(sql: string) => db.sql.query<T>(sql);

    // The recount sees real data (the checks below are not vacuous).
    const [{ memories, lexemes }] = await q<{ memories: number; lexemes: number }>(
      `SELECT count(*)::int AS memories, (SELECT count(*)::int FROM "memories" m, unnest(tsvector_to_array(m."content_tsv")) l) AS lexemes FROM "memories"`,
    );
    expect(memories).toBeGreaterThanOrEqual(7);
    expect(lexemes).toBeGreaterThan(20);

    expect(
      await q(`WITH counted AS (
          SELECT m."user_id", l AS "lexeme", count(*)::int AS "doc_freq" FROM "memories" m, unnest(tsvector_to_array(m."content_tsv")) l
          WHERE m."state" <> 'deleted' GROUP BY 1, 2),
        kept AS (SELECT "user_id", "lexeme", "doc_freq" FROM "memory_term_stats" WHERE "doc_freq" <> 0)
        SELECT coalesce(k."user_id", c."user_id") AS "user_id", coalesce(k."lexeme", c."lexeme") AS "lexeme", k."doc_freq" AS "kept", c."doc_freq" AS "counted"
        FROM kept k FULL JOIN counted c ON k."user_id" = c."user_id" AND k."lexeme" = c."lexeme"
        WHERE k."doc_freq" IS DISTINCT FROM c."doc_freq" LIMIT 20`),
      "memory_term_stats differs from a recount",
    ).toEqual([]);
    expect(
      await q(`WITH counted AS (
          SELECT "user_id", count(*)::int AS "doc_count", coalesce(sum(length("content_tsv")), 0)::bigint AS "total_length" FROM "memories" WHERE "state" <> 'deleted' GROUP BY 1)
        SELECT coalesce(s."user_id", c."user_id") AS "user_id", s."doc_count", c."doc_count" AS "counted", s."total_length"::text, c."total_length"::text AS "counted_length"
        FROM "memory_search_stats" s FULL JOIN counted c ON s."user_id" = c."user_id"
        WHERE coalesce(s."doc_count", 0) <> coalesce(c."doc_count", 0) OR coalesce(s."total_length", 0) <> coalesce(c."total_length", 0) LIMIT 20`),
      "memory_search_stats differs from a recount",
    ).toEqual([]);

    const violations: Record<string, string> = {
      "a memory in another user's app": `SELECT m."id" FROM "memories" m JOIN "apps" a ON a."id" = m."app_id" WHERE a."owner_id" <> m."user_id"`,
      "a memory written with another user's key": `SELECT m."id" FROM "memories" m JOIN "api_keys" k ON k."id" = m."created_by_key_id" WHERE k."user_id" <> m."user_id"`,
      "an agent's memory without its key": `SELECT "id" FROM "memories" WHERE "created_via" = 'agent' AND "created_by_key_id" IS NULL`,
      "history of a memory that does not exist": `SELECT h."id" FROM "memory_status_history" h LEFT JOIN "memories" m ON m."id" = h."memory_id" WHERE m."id" IS NULL`,
      "history written by another user": `SELECT h."id" FROM "memory_status_history" h JOIN "memories" m ON m."id" = h."memory_id" WHERE h."changed_by" <> m."user_id"`,
      "history naming another user's app": `SELECT h."id" FROM "memory_status_history" h JOIN "memories" m ON m."id" = h."memory_id" JOIN "apps" a ON a."id" = h."app_id" WHERE a."owner_id" <> m."user_id"`,
      "history naming another user's key": `SELECT h."id" FROM "memory_status_history" h JOIN "memories" m ON m."id" = h."memory_id" JOIN "api_keys" k ON k."id" = h."api_key_id" WHERE k."user_id" <> m."user_id"`,
      "a read of a memory that does not exist": `SELECT l."id" FROM "memory_access_logs" l LEFT JOIN "memories" m ON m."id" = l."memory_id" WHERE m."id" IS NULL`,
      "a read by another user's app": `SELECT l."id" FROM "memory_access_logs" l JOIN "memories" m ON m."id" = l."memory_id" JOIN "apps" a ON a."id" = l."app_id" WHERE a."owner_id" <> m."user_id"`,
      "a read with another user's key": `SELECT l."id" FROM "memory_access_logs" l JOIN "memories" m ON m."id" = l."memory_id" JOIN "api_keys" k ON k."id" = l."api_key_id" WHERE k."user_id" <> m."user_id"`,
      "a category link to nothing": `SELECT mc."memory_id" FROM "memory_categories" mc LEFT JOIN "memories" m ON m."id" = mc."memory_id" LEFT JOIN "categories" c ON c."id" = mc."category_id" WHERE m."id" IS NULL OR c."id" IS NULL`,
      "embedding status, model and vector disagree": `SELECT "id" FROM "memories" WHERE ("embedding_status" = 'ready') <> ("embedding" IS NOT NULL AND "embedding_model" IS NOT NULL)`,
    };
    for (const [what, sql] of Object.entries(violations)) expect(await q(sql + " LIMIT 5"), what).toEqual([]);

    // Every write the fuzz made was alice's (or a user it created): bob's rows are exactly as before.
    expect(await bobState()).toEqual(bobBefore);
  });
});

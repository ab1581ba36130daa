// The isolation matrix (issue 16): every route file under app/ × every kind of
// credential, each cell's expected answer written down below. The route files are
// discovered on disk at test time: a route file (or an exported method) the table
// does not list, or a row for one that no longer exists, fails the first test.
//
// Columns (KINDS): no credential; alice's local-session cookie; the same session as
// `Authorization: Bearer <jwt>`; alice's read-only and read-write agent keys; the
// gateway's `x-user-id` (+ `x-client-name`) for alice; bob's credential of the
// route's own path (cookie / key / x-user-id) against alice's resource; alice's
// cookie on a request a browser marks `Sec-Fetch-Site: cross-site`; alice's OAuth
// access token of a connector (the /mcp path).
// A cell is an HTTP status, or for MCP answers "tool_error" (200 with a tool result
// whose isError is true). Every "other" cell must also leave alice's rows unchanged
// and show nothing of hers (ids, email, texts); where a row names what alice's
// answer must show, her 2xx cells must contain it.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { addMemory, agentActor, dashboardActor, getOrCreateApp } from "@/lib/memory";
import { call, createAgentKey, reply, signInLocally, useFreshDb, type Handler, type Reply } from "@/lib/testing/harness";
import { connectClient } from "@/lib/testing/oauth";

const APP_DIR = import.meta.dirname;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof HTTP_METHODS)[number];

const KINDS = ["none", "cookie", "bearer", "key_ro", "key_rw", "gateway", "other", "xsite", "connector"] as const;
type Kind = (typeof KINDS)[number];
type Outcome = number | "tool_error";

/** Which credential a route's own path takes (what "other" means there). */
type Zone = "session" | "agent" | "gateway" | "connector" | "oauth" | "open";
const zoneOf = (file: string): Zone =>
  file === "app/mcp/route.ts" ? "connector"
  : file.startsWith("app/api/v1/") ? "session"
  : file.startsWith("app/agent/") ? "agent"
  : file.startsWith("app/mcp/") ? "gateway"
  // The OAuth protocol endpoints answer errors in RFC 6749's shape; authorize and the consent form (a browser's) in ours.
  : /^app\/(\.well-known|oauth\/(token|register|revoke|jwks))\//.test(file) ? "oauth"
  : "open";

// A word only alice's memories contain.
const MARKER = "zanzibarquokka";

interface Session {
  cookie: string;
  token: string;
}
interface Party {
  /** The Supabase-style id (the JWT's sub, the gateway's x-user-id). */
  sub: string;
  /** users.id */
  id: string;
  email: string;
  session: Session;
  ro: { key: string; id: string };
  rw: { key: string; id: string };
  /** An OAuth access token of a read-write connector of theirs. */
  connector: string;
}

interface Fixtures {
  alice: Party;
  bob: Party;
  /** alice's app ("matrix-app"). */
  appId: string;
  /** A new memory of alice's (so rows that change or delete one do not depend on the order of cells). */
  memory(): Promise<string>;
  /** A new agent key of alice's. */
  key(): Promise<string>;
  /** A new connected app (OAuth grant) of alice's. */
  grant(): Promise<string>;
  /** A new open review (a memory proposed by alice's reviewed agent). */
  review(): Promise<string>;
  /** A number unique in this file. */
  n(): number;
}

interface Req {
  path?: string;
  params?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** What alice's successful answers must contain (and bob's never). */
  shows?: string;
}

interface Row {
  file: string;
  method: Method;
  label: string;
  req: (f: Fixtures) => Req | Promise<Req>;
  expect: Record<Kind, Outcome>;
  /** Session credentials are minted for this row's cells only (the row ends the session it is given). */
  freshSessions?: boolean;
  /** Runs after each cell, with the headers that cell sent and its answer. */
  after?: (kind: Kind, headers: Record<string, string>, outcome: Outcome) => Promise<void>;
}

const rpc = (method: string, params?: unknown) => ({ jsonrpc: "2.0", id: 1, method, ...(params === undefined ? {} : { params }) });
const toolCall = (name: string, args: Record<string, unknown>) => rpc("tools/call", { name, arguments: args });

function row(
  file: string,
  method: Method,
  label: string,
  req: Row["req"],
  cells: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome],
  opts: Pick<Row, "freshSessions" | "after"> = {},
): Row {
  return { file, method, label, req, expect: Object.fromEntries(KINDS.map((k, i) => [k, cells[i]])) as Record<Kind, Outcome>, ...opts };
}

const TE = "tool_error" as const;

// prettier-ignore
const ROWS: Row[] = [
  //   file                                            method     what                                   request                                                                                        none  cookie bearer key_ro key_rw gw   other xsite conn
  row("app/api/health/route.ts",                       "GET",    "liveness",                             () => ({}),                                                                                    [200, 200,  200,   200,   200,   200, 200,  200,  200]),
  row("app/auth/confirm/route.ts",                     "GET",    "magic link (local mode: to /login)",   () => ({ path: "/auth/confirm?code=abc" }),                                                   [303, 303,  303,   303,   303,   303, 303,  303,  303]),
  row("app/auth/local/sign-in/route.ts",               "POST",   "sign in a new email",                  (f) => ({ body: { email: `matrix-${f.n()}@example.com` } }),                                  [200, 200,  200,   200,   200,   200, 200,  403,  200]),
  row("app/auth/sign-out/route.ts",                    "POST",   "sign out",                             () => ({}),                                                                                    [303, 303,  303,   303,   303,   303, 303,  403,  303],
    { freshSessions: true, after: signedOut }),

  row("app/api/v1/me/route.ts",                        "GET",    "who am I",                             (f) => ({ shows: f.alice.email }),                                                            [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/memories/route.ts",                  "GET",    "list",                                 () => ({ path: "/api/v1/memories?size=100", shows: MARKER }),                                 [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/memories/route.ts",                  "POST",   "add",                                  (f) => ({ body: { text: `Matrix note number ${f.n()}` } }),                                    [401, 201,  201,   401,   401,   401, 201,  403,  401]),
  row("app/api/v1/memories/route.ts",                  "DELETE", "delete alice's memory",                async (f) => ({ body: { memory_ids: [await f.memory()] } }),                                  [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/memories/[id]/route.ts",             "GET",    "one of alice's memories",              async (f) => idReq(await f.memory()),                                                         [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/memories/[id]/route.ts",             "PUT",    "edit it",                              async (f) => ({ ...idReq(await f.memory()), body: { text: `Edited note ${f.n()}` } }),        [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/memories/[id]/route.ts",             "DELETE", "delete it",                            async (f) => idReq(await f.memory(), false),                                                  [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/memories/[id]/access-log/route.ts",  "GET",    "its access log",                       async (f) => idReq(await f.memory(), false),                                                  [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/memories/[id]/history/route.ts",     "GET",    "its history",                          async (f) => ({ ...idReq(await f.memory(), false), shows: "matrix-app" }),                     [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/memories/[id]/related/route.ts",     "GET",    "its neighbours",                       async (f) => { await f.memory(); return { ...idReq(await f.memory(), false), shows: MARKER }; }, [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/memories/actions/[action]/route.ts", "POST",   "archive it",                           async (f) => ({ params: { action: "archive" }, body: { memory_ids: [await f.memory()] } }),   [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/memories/actions/[action]/route.ts", "POST",   "an unknown action",                    async (f) => ({ params: { action: "explode" }, body: { memory_ids: [await f.memory()] } }),   [401, 404,  404,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/memories/categories/route.ts",       "GET",    "categories with counts",               () => ({}),                                                                                    [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/memories/export/route.ts",           "GET",    "export",                               () => ({ shows: MARKER }),                                                                     [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/memories/import/route.ts",           "POST",   "import a line",                        (f) => importReq(`Imported matrix note ${f.n()}`),                                            [401, 200,  200,   401,   401,   401, 200,  403,  401]),
  row("app/api/v1/memories/search/route.ts",           "POST",   "search",                               () => ({ body: { query: MARKER }, shows: MARKER }),                                           [401, 200,  200,   401,   401,   401, 200,  403,  401]),
  row("app/api/v1/apps/route.ts",                      "GET",    "apps",                                 (f) => ({ shows: f.appId }),                                                                   [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/apps/[id]/route.ts",                 "GET",    "alice's app",                          (f) => ({ params: { id: f.appId }, shows: f.appId }),                                         [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/apps/[id]/route.ts",                 "PUT",    "describe it",                          (f) => ({ params: { id: f.appId }, body: { description: `matrix ${f.n()}` }, shows: f.appId }), [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/apps/[id]/memories/route.ts",        "GET",    "its memories",                         (f) => ({ params: { id: f.appId }, shows: MARKER }),                                          [401, 200,  200,   401,   401,   401, 404,  200,  401]),
  row("app/api/v1/stats/route.ts",                     "GET",    "stats",                                (f) => ({ shows: f.appId }),                                                                   [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/keys/route.ts",                      "GET",    "keys",                                 (f) => ({ shows: f.alice.rw.id }),                                                            [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/keys/route.ts",                      "POST",   "create a key",                         (f) => ({ body: { name: `matrix key ${f.n()}` } }),                                            [401, 201,  201,   401,   401,   401, 201,  403,  401]),
  row("app/api/v1/keys/[id]/route.ts",                 "PATCH",  "rename alice's key",                   async (f) => idReq(await f.key(), true, { name: `renamed ${f.n()}` }),                       [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/keys/[id]/route.ts",                 "DELETE", "revoke it",                            async (f) => idReq(await f.key()),                                                            [401, 200,  200,   401,   401,   401, 404,  403,  401]),

  row("app/agent/v1/me/route.ts",                      "GET",    "which key is this",                    (f) => ({ shows: f.alice.id }),                                                                [401, 401,  401,   200,   200,   401, 200,  401,  401]),
  ...(["app/agent/v1/mcp/route.ts", "app/agent/v1/mcp/messages/route.ts"] as const).flatMap((file) => [
    row(file,                                          "POST",   "tools/list",                           () => ({ body: rpc("tools/list") }),                                                           [401, 401,  401,   200,   200,   401, 200,  401,  401]),
    row(file,                                          "POST",   "get_memory_details(alice's memory)",   async (f) => mcpMemoryReq(await f.memory()),                                                  [401, 401,  401,   200,   200,   401, TE,   401,  401]),
    row(file,                                          "POST",   "add_memories",                         (f) => ({ body: toolCall("add_memories", { text: `Agent matrix note ${f.n()}` }) }),           [401, 401,  401,   TE,    200,   401, 200,  401,  401]),
    row(file,                                          "POST",   "search_memory",                        () => ({ body: toolCall("search_memory", { query: MARKER }), shows: MARKER }),                [401, 401,  401,   200,   200,   401, 200,  401,  401]),
    row(file,                                          "GET",    "no stream (stateless)",                () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
    row(file,                                          "DELETE", "no session to end",                    () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
  ]),
  row("app/mcp/messages/route.ts",                     "POST",   "tools/list",                           () => ({ body: rpc("tools/list") }),                                                           [401, 401,  401,   401,   401,   200, 200,  401,  401]),
  row("app/mcp/messages/route.ts",                     "POST",   "get_memory_details(alice's memory)",   async (f) => mcpMemoryReq(await f.memory()),                                                  [401, 401,  401,   401,   401,   200, TE,   401,  401]),
  row("app/mcp/messages/route.ts",                     "POST",   "add_memories",                         (f) => ({ body: toolCall("add_memories", { text: `Gateway matrix note ${f.n()}` }) }),         [401, 401,  401,   401,   401,   200, 200,  401,  401]),
  row("app/mcp/messages/route.ts",                     "POST",   "search_memory",                        () => ({ body: toolCall("search_memory", { query: MARKER }), shows: MARKER }),                [401, 401,  401,   401,   401,   200, 200,  401,  401]),
  row("app/mcp/messages/route.ts",                     "GET",    "no stream (stateless)",                () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
  row("app/mcp/route.ts",                              "POST",   "tools/list",                           () => ({ body: rpc("tools/list") }),                                                           [401, 401,  401,   401,   401,   401, 200,  401,  200]),
  row("app/mcp/route.ts",                              "POST",   "get_memory_details(alice's memory)",   async (f) => mcpMemoryReq(await f.memory()),                                                  [401, 401,  401,   401,   401,   401, TE,   401,  200]),
  row("app/mcp/route.ts",                              "POST",   "add_memories",                         (f) => ({ body: toolCall("add_memories", { text: `Connector matrix note ${f.n()}` }) }),       [401, 401,  401,   401,   401,   401, 200,  401,  200]),
  row("app/mcp/route.ts",                              "POST",   "search_memory",                        () => ({ body: toolCall("search_memory", { query: MARKER }), shows: MARKER }),                [401, 401,  401,   401,   401,   401, 200,  401,  200]),
  row("app/mcp/route.ts",                              "GET",    "no stream (stateless)",                () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
  row("app/mcp/route.ts",                              "DELETE", "no session to end",                    () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
  row("app/mcp/route.ts",                              "OPTIONS","CORS preflight",                       () => ({}),                                                                                    [204, 204,  204,   204,   204,   204, 204,  204,  204]),
  ...(["app/.well-known/oauth-authorization-server/route.ts", "app/.well-known/openid-configuration/route.ts", "app/.well-known/oauth-protected-resource/route.ts", "app/.well-known/oauth-protected-resource/mcp/route.ts", "app/oauth/jwks/route.ts"] as const).flatMap((file) => [
    row(file,                                          "GET",    "discovery document",                   () => ({}),                                                                                    [200, 200,  200,   200,   200,   200, 200,  200,  200]),
    row(file,                                          "OPTIONS","CORS preflight",                       () => ({}),                                                                                    [204, 204,  204,   204,   204,   204, 204,  204,  204]),
  ]),
  row("app/oauth/authorize/route.ts",                  "GET",    "no client_id (shown, not redirected)", () => ({ path: "/oauth/authorize?response_type=code" }),                                      [400, 400,  400,   400,   400,   400, 400,  400,  400]),
  row("app/oauth/authorize/decision/route.ts",         "POST",   "a consent form without a token",       () => ({ body: "decision=approve", headers: { "content-type": "application/x-www-form-urlencoded" } }), [303, 400, 400,   303,   303,   303, 400,  403,  303]),
  row("app/oauth/register/route.ts",                   "POST",   "register a client",                    () => ({ body: { redirect_uris: ["https://client.example/cb"], client_name: "Matrix client" } }), [201, 201,  201,   201,   201,   201, 201,  201,  201]),
  row("app/oauth/token/route.ts",                      "POST",   "a code that does not exist",           () => ({ body: "grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Fclient.example%2Fcb&code_verifier=" + "v".repeat(43), headers: { "content-type": "application/x-www-form-urlencoded" } }), [401, 401, 401, 401, 401, 401, 401, 401, 401]),
  row("app/oauth/revoke/route.ts",                     "POST",   "revoke without a token",               () => ({ body: "client_id=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), [400, 400, 400, 400,   400,   400, 400,  400,  400]),
  ...(["app/oauth/register/route.ts", "app/oauth/token/route.ts", "app/oauth/revoke/route.ts"] as const).map((file) =>
    row(file,                                          "OPTIONS","CORS preflight",                       () => ({}),                                                                                    [204, 204,  204,   204,   204,   204, 204,  204,  204])),
  row("app/api/v1/connections/route.ts",               "GET",    "connected apps",                       async (f) => ({ shows: await f.grant() }),                                                    [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/connections/[id]/route.ts",          "DELETE", "revoke alice's connected app",         async (f) => idReq(await f.grant()),                                                          [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/mcp/messages/route.ts",                     "DELETE", "no session to end",                    () => ({}),                                                                                    [405, 405,  405,   405,   405,   405, 405,  405,  405]),
  // Trust controls (issue 19).
  row("app/api/v1/connections/[id]/route.ts",          "PATCH",  "set a connected app's trust settings", async (f) => idReq(await f.grant(), true, { hide_sensitive: false }),                           [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/settings/sensitive-categories/route.ts", "GET", "sensitive categories",                () => ({}),                                                                                    [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/settings/sensitive-categories/route.ts", "PUT", "set them",                            () => ({ body: { categories: ["finance", "health"] } }),                                      [401, 200,  200,   401,   401,   401, 200,  403,  401]),
  row("app/api/v1/reviews/route.ts",                   "GET",    "open reviews",                         async (f) => ({ shows: await f.review() }),                                                   [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/reviews/[decision]/route.ts",        "POST",   "approve alice's proposal",             async (f) => ({ params: { decision: "approve" }, body: { review_ids: [await f.review()] } }),  [401, 200,  200,   401,   401,   401, 404,  403,  401]),
  row("app/api/v1/trash/route.ts",                     "GET",    "the trash",                            () => ({}),                                                                                    [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/activity/route.ts",                  "GET",    "activity per credential",              () => ({}),                                                                                    [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  row("app/api/v1/activity/memories/route.ts",         "GET",    "what alice's key read",                (f) => ({ path: `/api/v1/activity/memories?kind=key&id=${f.alice.rw.id}&what=read` }),        [401, 200,  200,   401,   401,   401, 200,  200,  401]),
  // The scheduler's route exists only with CRON_SECRET set (trust.test.ts tests it set); no other credential opens it.
  row("app/api/cron/purge/route.ts",                   "GET",    "purge the trash (CRON_SECRET unset)",  () => ({}),                                                                                    [404, 404,  404,   404,   404,   404, 404,  404,  404]),
];

function idReq(id: string, shows = true, body?: unknown): Req {
  return { params: { id }, body, shows: shows ? id : undefined };
}

function importReq(content: string): Req {
  return { body: JSON.stringify({ id: crypto.randomUUID(), content }), headers: { "content-type": "application/x-ndjson" } };
}

function mcpMemoryReq(id: string): Req {
  return { body: toolCall("get_memory_details", { memory_id: id }), shows: id };
}

/** After a sign-out (303), the session the cell sent (if it sent one) no longer works; after a refused one (403), it still does. */
async function signedOut(kind: Kind, headers: Record<string, string>, outcome: Outcome): Promise<void> {
  if (!headers.cookie && !headers.authorization?.includes(".")) return;
  const { GET } = await import("./api/v1/me/route");
  const credential = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "sec-fetch-site"));
  const me = await call(GET, { path: "/api/v1/me", headers: credential });
  expect(me.status, `${kind}: after a sign-out answered ${outcome}`).toBe(outcome === 303 ? 401 : 200);
}

// ---------- fixtures ----------

let db: Db;
let f: Fixtures;
/** Values only alice's data contains: bob's answers must never include one. */
const aliceSecrets = new Set<string>();

async function party(email: string): Promise<Party> {
  const session = await signInLocally(email);
  const user = await db.prisma.user.findUniqueOrThrow({ where: { userId: session.userId } });
  return {
    sub: session.userId,
    id: user.id,
    email,
    session: { cookie: session.cookie, token: session.token },
    ro: await createAgentKey(user.id, { name: `${email} ro`, scopes: ["memories:read"] }),
    rw: await createAgentKey(user.id, { name: `${email} rw` }),
    connector: (await connectClient(user.id, { clientName: `${email} connector` })).access_token,
  };
}

beforeAll(async () => {
  db = await useFreshDb();
  const alice = await party("alice-matrix@example.com");
  const bob = await party("bob-matrix@example.com");
  let counter = 0;
  const n = () => ++counter;
  const memory = async () => {
    const { results } = await addMemory(dashboardActor(alice.id, "matrix-app"), `The ${MARKER} lives in box ${n()}`, { infer: false });
    aliceSecrets.add(results[0].id);
    return results[0].id;
  };
  await memory();
  const appId = (await getOrCreateApp(alice.id, "matrix-app")).id;
  const key = async () => {
    const { id } = await createAgentKey(alice.id, { name: `alice key ${n()}` });
    aliceSecrets.add(id);
    return id;
  };
  const grant = async () => {
    const { grantId } = await connectClient(alice.id, { clientName: `alice connector ${n()}` });
    aliceSecrets.add(grantId);
    return grantId;
  };
  await addMemory(dashboardActor(bob.id), "Bob keeps his bike in the shed", { infer: false });
  for (const v of [alice.id, alice.sub, alice.email, alice.ro.id, alice.rw.id, appId, "matrix-app", MARKER]) aliceSecrets.add(v);
  const review = async () => {
    const proposer = agentActor(alice.id, { keyId: alice.rw.id, appName: "matrix-reviewed", scopes: ["memories:read", "memories:write"], policy: { hideSensitive: false, reviewWrites: true } });
    const { results } = await addMemory(proposer, `Proposed ${MARKER} note ${n()}`, { infer: false });
    const { id } = await db.prisma.memoryReview.findFirstOrThrow({ where: { memoryId: results[0].id } });
    aliceSecrets.add(id);
    return id;
  };
  f = { alice, bob, appId, memory, key, grant, review, n };
});

function credential(kind: Kind, zone: Zone, alice: Session, bob: Session): Record<string, string> {
  switch (kind) {
    case "none":
      return {};
    case "cookie":
      return { cookie: alice.cookie };
    case "bearer":
      return { authorization: `Bearer ${alice.token}` };
    case "key_ro":
      return { authorization: `Bearer ${f.alice.ro.key}` };
    case "key_rw":
      return { authorization: `Bearer ${f.alice.rw.key}` };
    case "gateway":
      return { "x-user-id": f.alice.sub, "x-client-name": "matrix-gw" };
    case "connector":
      return { authorization: `Bearer ${f.alice.connector}` };
    case "other":
      if (zone === "agent") return { authorization: `Bearer ${f.bob.rw.key}` };
      if (zone === "connector") return { authorization: `Bearer ${f.bob.connector}` };
      if (zone === "gateway") return { "x-user-id": f.bob.sub, "x-client-name": "matrix-gw" };
      return { cookie: bob.cookie };
    case "xsite":
      return { cookie: alice.cookie, "sec-fetch-site": "cross-site" };
  }
}

/** alice's rows as they are (bob's requests must leave them so). */
async function aliceState() {
  const userId = f.alice.id;
  return {
    memories: await db.prisma.memory.findMany({ where: { userId }, orderBy: { id: "asc" }, include: { categories: true } }),
    apps: await db.prisma.app.findMany({ where: { ownerId: userId }, orderBy: { id: "asc" } }),
    keys: await db.prisma.apiKey.findMany({ where: { userId }, orderBy: { id: "asc" }, omit: { keyHash: true, lastUsedAt: true } }),
    history: await db.prisma.memoryStatusHistory.count({ where: { memory: { userId } } }),
    reads: await db.prisma.memoryAccessLog.count({ where: { memory: { userId } } }),
  };
}

function outcomeOf(r: Reply): Outcome {
  if (r.status === 200 && r.body?.jsonrpc === "2.0" && r.body.result?.isError === true) return "tool_error";
  return r.status;
}

/** Every answer has the shape of its path: REST errors {error:{code,message}}, MCP JSON-RPC, redirects a Location. */
function expectShape(zone: Zone, r: Reply, where: string) {
  if (r.status === 204) return; // CORS preflight
  if (r.status >= 300 && r.status < 400) {
    expect(r.headers.get("location"), where).toBeTruthy();
    return;
  }
  expect(r.headers.get("content-type") ?? "", where).toMatch(/application\/(json|x-ndjson)/);
  if (r.status < 400) return;
  if (zone === "oauth") {
    expect(r.body, where).toMatchObject({ error: expect.any(String) });
    return;
  }
  if (zone === "agent" || zone === "gateway" || zone === "connector") {
    if (r.body?.jsonrpc === "2.0") {
      expect(typeof r.body.error?.code, where).toBe("number");
      return;
    }
  }
  expect(r.body, where).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
}

async function handlerOf(file: string, method: Method): Promise<Handler> {
  const mod = (await import(/* @vite-ignore */ path.join(APP_DIR, path.relative("app", file)))) as Record<string, unknown>;
  const handler = mod[method];
  if (typeof handler !== "function") throw new Error(`${file} exports no ${method}`);
  return handler as Handler;
}

// ---------- the tests ----------

let cells = 0;
const started = Date.now();
afterAll(() => console.log(`route matrix: ${ROWS.length} rows × ${KINDS.length} credentials, ${cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s`));

describe("the table", () => {
  it("lists every route file under app/ and every method it exports, and nothing else", async () => {
    const onDisk: string[] = [];
    for (const rel of fs.readdirSync(APP_DIR, { recursive: true, encoding: "utf8" })) {
      if (path.basename(rel) !== "route.ts") continue;
      const file = path.posix.join("app", rel.split(path.sep).join("/"));
      const mod = (await import(/* @vite-ignore */ path.join(APP_DIR, rel))) as Record<string, unknown>;
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") onDisk.push(`${file} ${m}`);
    }
    const inTable = [...new Set(ROWS.map((r) => `${r.file} ${r.method}`))];
    expect(onDisk.length).toBeGreaterThan(30);
    expect(inTable.sort()).toEqual(onDisk.sort());
  });
});

describe.each(ROWS.map((r) => [`${r.method} ${r.file.replace(/^app\/|\/?route\.ts$/g, "")} — ${r.label}`, r] as const))("%s", (_name, r) => {
  it("answers as the table says for every credential", async () => {
    const handler = await handlerOf(r.file, r.method);
    const zone = zoneOf(r.file);
    const got: Partial<Record<Kind, Outcome>> = {};
    for (const kind of KINDS) {
      const alice = r.freshSessions ? await signInLocally(f.alice.email) : f.alice.session;
      const bob = r.freshSessions ? await signInLocally(f.bob.email) : f.bob.session;
      const req = await r.req(f);
      const headers = { ...credential(kind, zone, alice, bob), ...req.headers };
      const before = kind === "other" ? await aliceState() : undefined;
      cells++;
      const res = await reply(await call(handler, { method: r.method, path: req.path ?? "/", headers, body: req.body, params: req.params }));
      const where = `${kind}: ${res.status} ${res.text.slice(0, 300)}`;
      got[kind] = outcomeOf(res);
      expectShape(zone, res, where);
      if (kind === "other") {
        for (const secret of aliceSecrets) expect(res.text.toLowerCase(), `${where}: shows alice's ${secret}`).not.toContain(secret.toLowerCase());
        expect(await aliceState(), "bob's request changed alice's rows").toEqual(before);
      } else if (req.shows && got[kind] === r.expect[kind] && typeof got[kind] === "number" && got[kind] < 300) {
        expect(res.text, `${where}: does not show ${req.shows}`).toContain(req.shows);
      }
      await r.after?.(kind, headers, got[kind]);
    }
    expect(got).toEqual(r.expect);
  });
});

// The connector path end to end over real HTTP: the MCP SDK's own OAuth client
// (an OAuthClientProvider following discovery from the 401) against our
// authorization server and /mcp — once with dynamic registration, once with a
// Client ID Metadata Document served on loopback — then every tool over the token.
// The consent page is a server component: here its form is posted the way the page
// posts it (the token the page renders comes from the same lib function); the page
// itself is driven in chromium (e2e/oauth.signed-in.spec.ts). Then each refusal,
// with its expected answer written down.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { InMemoryOAuthProvider } from "../testing/oauth-client";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as wellKnownAs from "../../app/.well-known/oauth-authorization-server/route";
import * as wellKnownOidc from "../../app/.well-known/openid-configuration/route";
import * as wellKnownPrmRoot from "../../app/.well-known/oauth-protected-resource/route";
import * as wellKnownPrm from "../../app/.well-known/oauth-protected-resource/mcp/route";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as agentMe from "../../app/agent/v1/me/route";
import * as connections from "../../app/api/v1/connections/route";
import * as connection from "../../app/api/v1/connections/[id]/route";
import * as memories from "../../app/api/v1/memories/route";
import * as connectorMcp from "../../app/mcp/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import * as authorize from "../../app/oauth/authorize/route";
import * as decision from "../../app/oauth/authorize/decision/route";
import * as jwks from "../../app/oauth/jwks/route";
import * as register from "../../app/oauth/register/route";
import * as revoke from "../../app/oauth/revoke/route";
import * as token from "../../app/oauth/token/route";
import { resetConfigForTests } from "../config";
import type { Db } from "../db";
import { call, createAgentKey, signIn, useFreshDb, type ApiUser } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { pkcePair } from "../testing/oauth";
import { consentToken, validateAuthorizationRequest } from "./authorize";
import { signingKey } from "./signing-keys";

let db: Db;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let docs: http.Server;
let docsUrl: string;
let alice: ApiUser;
const CALLBACK = "http://127.0.0.1:9/callback";
const savedEnv = process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA;

beforeAll(async () => {
  process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA = "true";
  db = await useFreshDb();
  server = await serveRoutes({
    "/mcp": connectorMcp,
    "/mcp/messages": gatewayMcp,
    "/agent/v1/mcp": agentMcp,
    "/.well-known/oauth-authorization-server": wellKnownAs,
    "/.well-known/openid-configuration": wellKnownOidc,
    "/.well-known/oauth-protected-resource": wellKnownPrmRoot,
    "/.well-known/oauth-protected-resource/mcp": wellKnownPrm,
    "/oauth/authorize": authorize,
    "/oauth/authorize/decision": decision,
    "/oauth/token": token,
    "/oauth/register": register,
    "/oauth/revoke": revoke,
    "/oauth/jwks": jwks,
  });
  // A client's metadata documents, on loopback (allowed by the test setting above).
  docs = http.createServer((req, res) => {
    const self = `${docsUrl}${req.url}`;
    if (req.url === "/client.json") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ client_id: self, client_name: "Metadata Client", redirect_uris: [CALLBACK] }));
    if (req.url === "/wrong-id.json") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ client_id: "https://elsewhere.example/c.json", redirect_uris: [CALLBACK] }));
    if (req.url === "/huge.json") return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ client_id: self, redirect_uris: [CALLBACK], pad: "x".repeat(40_000) }));
    if (req.url === "/redirect.json") return res.writeHead(302, { location: "/client.json" }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => docs.listen(0, "127.0.0.1", resolve));
  docsUrl = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
  alice = await signIn("alice-oauth@example.com");
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => docs?.close(resolve));
  if (savedEnv === undefined) delete process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA;
  else process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA = savedEnv;
  resetConfigForTests();
});

/** The SDK's client side of OAuth, in memory; `authorizationUrl` is where it would send the browser. */
/** The SDK's OAuth client state, in memory, redirecting to CALLBACK. */
class TestProvider extends InMemoryOAuthProvider {
  constructor(opts: { clientId?: string; name?: string } = {}) {
    super({ redirectUrl: CALLBACK, name: opts.name ?? "SDK Test Connector", clientId: opts.clientId });
  }
}

const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });

/**
 * What the browser does between the client's redirect and the callback: GET
 * /oauth/authorize (→ the consent page), then post the consent form as the page
 * renders it, signed in as `user`. Returns the callback URL the server redirected to.
 */
async function consent(authorizationUrl: URL, user: ApiUser, opts: { decision?: "approve" | "deny"; allowWrite?: boolean } = {}): Promise<URL> {
  const first = await fetch(authorizationUrl, { redirect: "manual" });
  expect(first.status, await first.clone().text()).toBe(303);
  const consentUrl = new URL(first.headers.get("location")!, server.url);
  expect(consentUrl.pathname).toBe("/oauth/consent");
  const checked = await validateAuthorizationRequest(consentUrl.searchParams, server.url);
  if (!checked.ok) throw new Error("consent page would refuse");
  const fields: Record<string, string> = Object.fromEntries(consentUrl.searchParams);
  fields.consent_token = await consentToken(server.url, user.id, checked.request);
  fields.decision = opts.decision ?? "approve";
  if (opts.allowWrite ?? true) fields.allow_write = "on";
  const posted = await fetch(`${server.url}/oauth/authorize/decision`, { ...form(fields), headers: { ...form(fields).headers, cookie: user.cookie, origin: server.url }, redirect: "manual" });
  expect(posted.status, await posted.clone().text()).toBe(303);
  return new URL(posted.headers.get("location")!);
}

/** The whole SDK flow: 401 → discovery → (registration) → consent → code → tokens → a connected client. */
async function connectWithSdk(provider: TestProvider, user: ApiUser, opts: { allowWrite?: boolean } = {}): Promise<Client> {
  const url = new URL(`${server.url}/mcp`);
  const first = new StreamableHTTPClientTransport(url, { authProvider: provider });
  await expect(new Client({ name: "t", version: "1" }).connect(first)).rejects.toThrow(UnauthorizedError);
  expect(provider.authorizationUrl?.pathname).toBe("/oauth/authorize");
  expect(provider.authorizationUrl?.searchParams.get("code_challenge_method")).toBe("S256");
  expect(provider.authorizationUrl?.searchParams.get("resource")).toBe(`${server.url}/mcp`);
  const callback = await consent(provider.authorizationUrl!, user, opts);
  expect(callback.searchParams.get("iss")).toBe(server.url);
  expect(callback.searchParams.get("state")).toBe(provider.authorizationUrl!.searchParams.get("state"));
  await first.finishAuth(callback.searchParams.get("code")!);
  const client = new Client({ name: "t", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  return client;
}

const textOf = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");
/** The tool's JSON answer: its first text block (a note may follow it). */
const jsonOf = <T = unknown>(r: unknown) => JSON.parse(((r as CallToolResult).content[0] as { text: string }).text) as T;
const TOOLS = ["add_memories", "search_memory", "list_memories", "get_memory_details", "delete_all_memories", "ask_memory", "deep_memory_query", "update_memory", "delete_memories"];

async function everyTool(client: Client, appName: string) {
  expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
  // A new connection's writes wait for review (issue 19) until the person says otherwise on Settings.
  const grant = await db.prisma.oAuthGrant.findFirstOrThrow({ where: { appName, revokedAt: null }, orderBy: { createdAt: "desc" } });
  expect(grant).toMatchObject({ hideSensitive: true, reviewWrites: true });
  const proposed = await client.callTool({ name: "add_memories", arguments: { text: "I keep a worm farm under the sink" } });
  expect(jsonOf<{ results: { pending_review?: boolean }[] }>(proposed).results[0].pending_review).toBe(true);
  expect(textOf(proposed)).toMatch(/awaits the user's approval/);
  await db.prisma.oAuthGrant.update({ where: { id: grant.id }, data: { reviewWrites: false } });
  const added = jsonOf<{ results: { id: string; event: string }[] }>(await client.callTool({ name: "add_memories", arguments: { text: "I keep bees on the roof of my flat" } }));
  expect(added.results[0].event).toBe("ADD");
  const id = added.results[0].id;
  const row = await db.prisma.memory.findUniqueOrThrow({ where: { id }, include: { app: true } });
  expect(row).toMatchObject({ createdVia: "oauth", createdByKeyId: null, userId: alice.id });
  expect(row.app.name).toBe(appName);
  const hits = jsonOf<{ id: string }[]>(await client.callTool({ name: "search_memory", arguments: { query: "bees roof" } }));
  expect(hits[0].id).toBe(id);
  expect(jsonOf<{ id: string }[]>(await client.callTool({ name: "list_memories", arguments: {} })).map((m) => m.id)).toContain(id);
  expect(jsonOf<{ id: string }>(await client.callTool({ name: "get_memory_details", arguments: { memory_id: id } })).id).toBe(id);
  expect(jsonOf<{ answer: string }>(await client.callTool({ name: "ask_memory", arguments: { question: "Where are my bees?" } })).answer).toContain("bees");
  expect(jsonOf<{ memories: unknown[] }>(await client.callTool({ name: "deep_memory_query", arguments: { search_query: "bees" } })).memories.length).toBeGreaterThan(0);
  expect(await db.prisma.memoryAccessLog.count({ where: { memoryId: id, app: { name: appName } } })).toBeGreaterThan(0);
  const preview = jsonOf<{ would_delete: number; confirmation_token: string }>(await client.callTool({ name: "delete_all_memories", arguments: {} }));
  expect(preview.would_delete).toBeGreaterThan(0);
  expect(jsonOf<{ deleted: number }>(await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } })).deleted).toBe(preview.would_delete);
}

describe("discovery", () => {
  it("a request without a token gets 401 pointing at the protected resource metadata, which names our authorization server", async () => {
    const res = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${server.url}/.well-known/oauth-protected-resource/mcp"`);
    expect((await res.json()).error.code).toBe(-32001);
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const prm = await (await fetch(server.url + path)).json();
      expect(prm).toMatchObject({ resource: `${server.url}/mcp`, authorization_servers: [server.url], scopes_supported: ["memories:read", "memories:write"] });
    }
    const as = await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json();
    expect(as).toMatchObject({
      issuer: server.url,
      code_challenge_methods_supported: ["S256"],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
      registration_endpoint: `${server.url}/oauth/register`,
      revocation_endpoint: `${server.url}/oauth/revoke`,
    });
    expect(as.token_endpoint_auth_methods_supported).toContain("none");
    const oidc = await (await fetch(`${server.url}/.well-known/openid-configuration`)).json();
    expect(oidc).toMatchObject({ ...as, subject_types_supported: ["public"] });
    const keys = await (await fetch(`${server.url}/oauth/jwks`)).json();
    expect(keys.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(keys.keys[0].d).toBeUndefined(); // never the private part
  });
});

describe("the MCP SDK client, end to end", () => {
  it("dynamic registration: 401 → discovery → register → consent → tokens → every tool; the grant is a connected app", async () => {
    const provider = new TestProvider({ name: "Claude" });
    const client = await connectWithSdk(provider, alice);
    try {
      expect(provider.clientInformation()?.client_id).toMatch(/^jmc_/);
      await everyTool(client, "Claude");
    } finally {
      await client.close();
    }
    const list = await alice.get(connections.GET, "/api/v1/connections");
    expect(list.body.connections).toEqual([expect.objectContaining({ client_name: "Claude", client_host: "127.0.0.1:9", client_id_kind: "registered", scopes: ["memories:read", "memories:write"] })]);
    const apps = await db.prisma.app.findMany({ where: { ownerId: alice.id, name: "Claude" } });
    expect(apps).toHaveLength(1);
  });

  it("a Client ID Metadata Document served on loopback: the URL is the client_id, no registration", async () => {
    const clientId = `${docsUrl}/client.json`;
    const provider = new TestProvider({ clientId });
    const registrationsBefore = await db.prisma.oAuthClient.count({ where: { kind: "dcr" } });
    const client = await connectWithSdk(provider, alice);
    try {
      expect(provider.authorizationUrl?.searchParams.get("client_id")).toBe(clientId);
      await everyTool(client, "Metadata Client");
    } finally {
      await client.close();
    }
    expect(await db.prisma.oAuthClient.count({ where: { kind: "dcr" } })).toBe(registrationsBefore);
    expect(await db.prisma.oAuthClient.findUnique({ where: { id: clientId } })).toMatchObject({ kind: "cimd", clientName: "Metadata Client" });
  });

  it("the SDK refreshes an expired access token with its refresh token (rotation) and carries on", async () => {
    const provider = new TestProvider({ name: "Refresher" });
    const client = await connectWithSdk(provider, alice);
    await client.close();
    const firstRefresh = provider.tokens()!.refresh_token!;
    // The access token expires: the server answers 401 and the SDK refreshes.
    provider.saveTokens({ ...provider.tokens()!, access_token: await expiredToken(provider) });
    const again = new Client({ name: "t", version: "1" });
    await again.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { authProvider: provider }));
    expect((await again.listTools()).tools).toHaveLength(TOOLS.length);
    await again.close();
    expect(provider.tokens()!.refresh_token).not.toBe(firstRefresh);
  });

  it("a read-only grant (writing switched off on the consent page) reads but its writes are tool errors", async () => {
    const client = await connectWithSdk(new TestProvider({ name: "Reader" }), alice, { allowWrite: false });
    try {
      const write = await client.callTool({ name: "add_memories", arguments: { text: "should not be stored" } });
      expect(write.isError).toBe(true);
      expect(textOf(write)).toBe("This connection does not have the memories:write scope, so it cannot use this tool.");
      expect((await client.callTool({ name: "list_memories", arguments: {} })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

// ---------- refusals ----------

/** An approved authorization for a freshly registered client: its code, verifier and client. */
async function authorized(opts: { user?: ApiUser; allowWrite?: boolean } = {}) {
  const reg = await (await fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [CALLBACK], client_name: "Refusal client" }) })).json();
  const { verifier, challenge } = pkcePair();
  const url = authorizeUrl({ client_id: reg.client_id, code_challenge: challenge });
  const back = await consent(url, opts.user ?? alice, opts);
  return { clientId: reg.client_id as string, verifier, code: back.searchParams.get("code")! };
}

function authorizeUrl(params: Record<string, string | undefined>): URL {
  const url = new URL(`${server.url}/oauth/authorize`);
  const all = { response_type: "code", redirect_uri: CALLBACK, code_challenge_method: "S256", state: "s-123", resource: `${server.url}/mcp`, ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

async function tokenRequest(fields: Record<string, string>) {
  const res = await fetch(`${server.url}/oauth/token`, form(fields));
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const exchange = (a: { clientId: string; verifier: string; code: string }, extra: Record<string, string> = {}) =>
  tokenRequest({ grant_type: "authorization_code", code: a.code, redirect_uri: CALLBACK, code_verifier: a.verifier, client_id: a.clientId, resource: `${server.url}/mcp`, ...extra });

async function mcpStatus(accessToken: string): Promise<{ status: number; challenge: string | null }> {
  const res = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
  await res.text();
  return { status: res.status, challenge: res.headers.get("www-authenticate") };
}

/** A token signed with our real key whose claims the test chooses (expired, or for another audience). */
async function signedToken(claims: { aud?: string; exp?: number; gid: string; sub: string; client_id: string }) {
  const { kid, key } = await signingKey();
  return new SignJWT({ scope: "memories:read memories:write", client_id: claims.client_id, gid: claims.gid })
    .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
    .setIssuer(server.url)
    .setAudience(claims.aud ?? `${server.url}/mcp`)
    .setSubject(claims.sub)
    .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(key);
}

async function expiredToken(provider: TestProvider) {
  const grant = await db.prisma.oAuthGrant.findFirstOrThrow({ where: { clientId: provider.clientInformation()!.client_id, revokedAt: null } });
  return signedToken({ gid: grant.id, sub: grant.userId, client_id: grant.clientId, exp: Math.floor(Date.now() / 1000) - 60 });
}

describe("refusals at the authorization endpoint", () => {
  let clientId: string;
  beforeAll(async () => {
    clientId = (await (await fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [CALLBACK] }) })).json()).client_id;
  });
  const challenge = pkcePair().challenge;

  it.each([
    ["a redirect URI the client did not register", { redirect_uri: "http://127.0.0.1:9/other" }, /not one this client registered/],
    ["a redirect URI that only extends a registered one", { redirect_uri: `${CALLBACK}/more` }, /not one this client registered/],
    ["an unknown client", { client_id: "jmc_AAAAAAAAAAAAAAAAAAAAAA" }, /Unknown client/],
  ])("%s: 400 shown to the person, never a redirect", async (_label, params, message) => {
    const res = await fetch(authorizeUrl({ client_id: clientId, code_challenge: challenge, ...params }), { redirect: "manual" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect((await res.json()).error.message).toMatch(message);
  });

  it("a second redirect_uri parameter: 400, never a redirect", async () => {
    const url = authorizeUrl({ client_id: clientId, code_challenge: challenge });
    url.searchParams.append("redirect_uri", "https://attacker.example/cb");
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/more than once/);
  });

  it.each([
    ["missing PKCE", { code_challenge: undefined }, "invalid_request", /PKCE is required/],
    ["PKCE plain", { code_challenge_method: "plain" }, "invalid_request", /S256/],
    ["a malformed challenge", { code_challenge: "short" }, "invalid_request", /43 characters/],
    ["a token for another resource", { resource: "https://other.example/mcp" }, "invalid_target", /resource must be/],
    ["response_type token", { response_type: "token" }, "unsupported_response_type", /code/],
  ])("%s: redirected back with the error, state and iss", async (_label, params, error, description) => {
    const res = await fetch(authorizeUrl({ client_id: clientId, code_challenge: challenge, ...params }), { redirect: "manual" });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get("error")).toBe(error);
    expect(back.searchParams.get("error_description")).toMatch(description);
    expect(back.searchParams.get("state")).toBe("s-123");
    expect(back.searchParams.get("iss")).toBe(server.url);
  });

  it("deny: back to the client with access_denied, and no grant", async () => {
    const before = await db.prisma.oAuthGrant.count({ where: { clientId } });
    const back = await consent(authorizeUrl({ client_id: clientId, code_challenge: challenge }), alice, { decision: "deny" });
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
    expect(await db.prisma.oAuthGrant.count({ where: { clientId } })).toBe(before);
  });

  it("the consent form: refused without the page's token, with another user's, or from another site", async () => {
    const url = authorizeUrl({ client_id: clientId, code_challenge: challenge });
    const params = Object.fromEntries(url.searchParams);
    const checked = await validateAuthorizationRequest(url.searchParams, server.url);
    if (!checked.ok) throw new Error("unexpected");
    const bob = await signIn("bob-oauth@example.com");
    const post = (fields: Record<string, string>, headers: Record<string, string>) =>
      fetch(`${server.url}/oauth/authorize/decision`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(fields).toString(), redirect: "manual" });
    const forged = await post({ ...params, decision: "approve", consent_token: "forged" }, { cookie: alice.cookie, origin: server.url });
    expect(forged.status).toBe(400);
    expect((await forged.json()).error.message).toMatch(/consent form has expired or was not issued to you/);
    const bobsToken = await consentToken(server.url, bob.id, checked.request);
    expect((await post({ ...params, decision: "approve", consent_token: bobsToken }, { cookie: alice.cookie, origin: server.url })).status).toBe(400);
    const mine = await consentToken(server.url, alice.id, checked.request);
    const crossSite = await post({ ...params, decision: "approve", consent_token: mine }, { cookie: alice.cookie, origin: "https://attacker.example" });
    expect(crossSite.status).toBe(403);
    // Another request's parameters under a real token: the token vouches for one exact request.
    const tampered = await post({ ...params, state: "other", decision: "approve", consent_token: mine }, { cookie: alice.cookie, origin: server.url });
    expect(tampered.status).toBe(400);
    const signedOut = await post({ ...params, decision: "approve", consent_token: mine }, { origin: server.url });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/^\/login\?next=%2Foauth%2Fconsent%3F/);
  });
});

describe("refusals at the token endpoint", () => {
  it("a wrong verifier: invalid_grant", async () => {
    const a = await authorized();
    const r = await exchange(a, { code_verifier: pkcePair().verifier });
    expect(r).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "code_verifier does not match the code_challenge" } });
  });

  it("no verifier: invalid_request", async () => {
    const a = await authorized();
    const r = await tokenRequest({ grant_type: "authorization_code", code: a.code, redirect_uri: CALLBACK, client_id: a.clientId });
    expect(r).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: "code_verifier is missing (PKCE is required)" } });
  });

  it("another redirect URI than the code's: invalid_grant", async () => {
    const a = await authorized();
    expect((await exchange(a, { redirect_uri: "http://127.0.0.1:9/other" })).body).toMatchObject({ error: "invalid_grant", error_description: "redirect_uri does not match the one the code was issued to" });
  });

  it("code reuse: invalid_grant, and the tokens the first use issued are revoked", async () => {
    const a = await authorized();
    const first = await exchange(a);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect((await mcpStatus(first.body.access_token)).status).toBe(200);
    const second = await exchange(a);
    expect(second).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "The authorization code was already used; the tokens it issued are revoked" } });
    expect((await mcpStatus(first.body.access_token)).status).toBe(401);
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.body.refresh_token, client_id: a.clientId });
    expect(refreshed.body).toMatchObject({ error: "invalid_grant", error_description: "The grant was revoked" });
  });

  it("an expired code: invalid_grant", async () => {
    const a = await authorized();
    await db.prisma.oAuthCode.updateMany({ where: { clientId: a.clientId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await exchange(a)).body).toMatchObject({ error: "invalid_grant", error_description: "The authorization code has expired" });
  });

  it("another client's code: invalid_grant", async () => {
    const a = await authorized();
    const b = await authorized();
    expect((await exchange({ ...a, clientId: b.clientId })).body).toMatchObject({ error: "invalid_grant", error_description: "The authorization code is invalid" });
  });

  it("a token for another resource: invalid_target at the token endpoint, and such a token is refused on /mcp", async () => {
    const a = await authorized();
    expect((await exchange(a, { resource: "https://other.example/mcp" })).body).toMatchObject({ error: "invalid_target" });
    const good = await exchange(a);
    const grant = await db.prisma.oAuthGrant.findFirstOrThrow({ where: { clientId: a.clientId } });
    const foreign = await signedToken({ aud: "https://other.example/mcp", gid: grant.id, sub: grant.userId, client_id: a.clientId });
    expect(await mcpStatus(foreign)).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    expect((await mcpStatus(good.body.access_token)).status).toBe(200);
  });

  it("an expired access token: 401 with invalid_token, so the client refreshes", async () => {
    const a = await authorized();
    await exchange(a);
    const grant = await db.prisma.oAuthGrant.findFirstOrThrow({ where: { clientId: a.clientId } });
    const expired = await signedToken({ gid: grant.id, sub: grant.userId, client_id: a.clientId, exp: Math.floor(Date.now() / 1000) - 5 });
    const r = await mcpStatus(expired);
    expect(r.status).toBe(401);
    expect(r.challenge).toContain('error="invalid_token"');
    expect(r.challenge).toContain("expired");
  });

  it("refresh rotation and reuse: the second use of a refresh token revokes the whole grant", async () => {
    const a = await authorized();
    const first = (await exchange(a)).body;
    const rotated = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token, client_id: a.clientId });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(first.refresh_token);
    expect((await mcpStatus(rotated.body.access_token)).status).toBe(200);
    const reused = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token, client_id: a.clientId });
    expect(reused.body).toMatchObject({ error: "invalid_grant", error_description: "The refresh token was already used; this connection is revoked" });
    expect((await mcpStatus(rotated.body.access_token)).status).toBe(401);
    expect((await tokenRequest({ grant_type: "refresh_token", refresh_token: rotated.body.refresh_token, client_id: a.clientId })).body.error).toBe("invalid_grant");
  });

  it("a refresh may narrow the scopes, never widen them", async () => {
    const a = await authorized({ allowWrite: false });
    const first = (await exchange(a)).body;
    expect(first.scope).toBe("memories:read");
    const wider = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token, client_id: a.clientId, scope: "memories:read memories:write" });
    expect(wider.body).toMatchObject({ error: "invalid_scope" });
  });

  it("unknown grant types and missing fields are named", async () => {
    expect((await tokenRequest({ grant_type: "password", client_id: "x" })).body).toMatchObject({ error: "unsupported_grant_type" });
    expect((await tokenRequest({})).body).toMatchObject({ error: "invalid_request", error_description: "grant_type is missing" });
    const json = await fetch(`${server.url}/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(400);
    expect((await json.json()).error).toBe("invalid_request");
  });

  it("a confidential client must present its secret", async () => {
    const reg = await (await fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [CALLBACK], token_endpoint_auth_method: "client_secret_basic" }) })).json();
    expect(reg.client_secret).toMatch(/^jean_cs_/);
    expect(await db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: reg.client_id } })).not.toHaveProperty("secretHash", reg.client_secret);
    const noSecret = await tokenRequest({ grant_type: "authorization_code", code: "x", redirect_uri: CALLBACK, code_verifier: pkcePair().verifier, client_id: reg.client_id });
    expect(noSecret).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const basic = Buffer.from(`${reg.client_id}:${reg.client_secret}`).toString("base64");
    const withSecret = await fetch(`${server.url}/oauth/token`, { ...form({ grant_type: "authorization_code", code: "x", redirect_uri: CALLBACK, code_verifier: pkcePair().verifier }), headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` } });
    expect((await withSecret.json()).error).toBe("invalid_grant"); // authenticated; the code is what is wrong
  });
});

describe("revocation", () => {
  it("revoking a connection on /settings ends its access tokens at once", async () => {
    const a = await authorized();
    const tokens = (await exchange(a)).body;
    const grant = await db.prisma.oAuthGrant.findFirstOrThrow({ where: { clientId: a.clientId } });
    expect((await mcpStatus(tokens.access_token)).status).toBe(200);
    const r = await alice.del(connection.DELETE, `/api/v1/connections/${grant.id}`, { params: { id: grant.id } });
    expect(r.status).toBe(200);
    expect((await mcpStatus(tokens.access_token)).status).toBe(401);
    expect((await alice.del(connection.DELETE, "/api/v1/connections/x", { params: { id: grant.id } })).status).toBe(404);
    expect((await alice.del(connection.DELETE, "/api/v1/connections/x", { params: { id: "not-a-uuid" } })).status).toBe(404);
  });

  it("RFC 7009: revoking the refresh token (or the access token) ends the grant; unknown tokens answer 200", async () => {
    for (const which of ["refresh_token", "access_token"] as const) {
      const a = await authorized();
      const tokens = (await exchange(a)).body;
      const res = await fetch(`${server.url}/oauth/revoke`, form({ token: tokens[which], client_id: a.clientId }));
      expect(res.status).toBe(200);
      expect((await mcpStatus(tokens.access_token)).status, which).toBe(401);
    }
    const unknown = await fetch(`${server.url}/oauth/revoke`, form({ token: "jean_rt_nope", client_id: (await authorized()).clientId }));
    expect(unknown.status).toBe(200);
  });
});

describe("client registration and metadata documents", () => {
  const registerRaw = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  it.each([
    ["not JSON", "{nope", /not valid JSON/],
    ["no redirect URIs", JSON.stringify({ client_name: "x" }), /redirect_uris/],
    ["an http redirect to a non-loopback host", JSON.stringify({ redirect_uris: ["http://attacker.example/cb"] }), /redirect URI must be https/],
    ["a javascript: redirect", JSON.stringify({ redirect_uris: ["javascript:alert(1)"] }), /redirect_uris/],
    ["a redirect with a fragment", JSON.stringify({ redirect_uris: ["https://client.example/cb#x"] }), /without a fragment/],
    ["an unsupported auth method", JSON.stringify({ redirect_uris: [CALLBACK], token_endpoint_auth_method: "private_key_jwt" }), /token_endpoint_auth_method/],
    ["a name over 100 characters", JSON.stringify({ redirect_uris: [CALLBACK], client_name: "n".repeat(101) }), /client_name/],
    ["a body over 16 KB", JSON.stringify({ redirect_uris: [CALLBACK], client_name: "x", software_statement: "x".repeat(20_000) }), /larger than 16384 bytes/],
  ])("%s: 400 invalid_client_metadata", async (_label, body, message) => {
    const res = await registerRaw(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error).toBe("invalid_client_metadata");
    expect(json.error_description).toMatch(message);
  });

  it("registrations are rate-limited per address (429 with Retry-After)", async () => {
    const from = { "x-forwarded-for": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await registerRaw(JSON.stringify({ redirect_uris: [CALLBACK] }), from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    const last = await registerRaw(JSON.stringify({ redirect_uris: [CALLBACK] }), from);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await registerRaw(JSON.stringify({ redirect_uris: [CALLBACK] }), { "x-forwarded-for": "203.0.113.78" })).status).toBe(201);
  });

  const refusedClient = async (clientId: string) => {
    const res = await fetch(authorizeUrl({ client_id: clientId, code_challenge: pkcePair().challenge }), { redirect: "manual" });
    expect(res.status, clientId).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    return (await res.json()).error.message as string;
  };

  it("a metadata document on a private address is never fetched", async () => {
    for (const url of ["https://10.0.0.1/client.json", "https://192.168.1.20/c.json", "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/c.json"]) {
      expect(await refusedClient(url)).toMatch(/private or loopback address/);
    }
  });

  it("without the test setting, loopback is private too (and http is not a metadata document URL)", async () => {
    delete process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA;
    resetConfigForTests();
    try {
      expect(await refusedClient("https://127.0.0.1:1/client.json")).toMatch(/private or loopback address/);
      expect(await refusedClient("https://localhost:1/client.json")).toMatch(/private or loopback address/);
      expect(await refusedClient(`${docsUrl}/client.json`)).toMatch(/Unknown client/);
    } finally {
      process.env.OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA = "true";
      resetConfigForTests();
    }
  });

  it("a document that names another client_id, is too large, redirects or is missing is refused", async () => {
    expect(await refusedClient(`${docsUrl}/wrong-id.json`)).toMatch(/client_id is not its own URL/);
    expect(await refusedClient(`${docsUrl}/huge.json`)).toMatch(/larger than 16384 bytes/);
    expect(await refusedClient(`${docsUrl}/redirect.json`)).toMatch(/HTTP 302 \(redirects are not followed\)/);
    expect(await refusedClient(`${docsUrl}/missing.json`)).toMatch(/HTTP 404/);
  });
});

describe("isolation: this path's tokens elsewhere, other paths' credentials here", () => {
  it("a connector token is refused on /api/v1, /agent/v1 and /mcp/messages", async () => {
    const tokens = (await exchange(await authorized())).body;
    const bearer = { authorization: `Bearer ${tokens.access_token}` };
    expect((await call(memories.GET, { headers: bearer })).status).toBe(401);
    expect((await call(agentMe.GET, { headers: bearer })).status).toBe(401);
    const rpc = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const agent = await fetch(`${server.url}/agent/v1/mcp`, { method: "POST", headers: { "content-type": "application/json", ...bearer }, body: rpc });
    expect(agent.status).toBe(401);
    const gateway = await fetch(`${server.url}/mcp/messages/`, { method: "POST", headers: { "content-type": "application/json", ...bearer }, body: rpc });
    expect(gateway.status).toBe(401);
  });

  it("a session JWT, an agent key, x-user-id and the refresh token are refused on /mcp", async () => {
    const { signInLocally } = await import("../testing/harness");
    const session = await signInLocally("alice-oauth@example.com");
    const { key } = await createAgentKey(alice.id);
    const tokens = (await exchange(await authorized())).body;
    for (const token of [session.token, key, tokens.refresh_token]) expect((await mcpStatus(token)).status).toBe(401);
    const gw = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", "x-user-id": session.userId, cookie: session.cookie }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
    expect(gw.status).toBe(401);
  });

  it("bob's token reaches only bob's memories", async () => {
    const bob = await signIn("bob-oauth-iso@example.com");
    const tokens = (await exchange(await authorized({ user: bob }))).body;
    const res = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${tokens.access_token}` }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_memories", arguments: {} } }) });
    const body = await res.json();
    const listed = JSON.parse(body.result.content[0].text) as { id: string }[];
    const alices = await db.prisma.memory.findMany({ where: { userId: alice.id }, select: { id: true } });
    for (const m of listed) expect(alices.map((a) => a.id)).not.toContain(m.id);
  });
});

describe("the connection on /mcp", () => {
  const post = (accessToken: string, body: unknown) =>
    fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` }, body: JSON.stringify(body) });

  it.each(["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"])("negotiates protocol version %s (echoed)", async (version) => {
    const tokens = (await exchange(await authorized())).body;
    const res = await post(tokens.access_token, { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "claude-ai", version: "1" } } });
    expect(res.status).toBe(200);
    expect((await res.json()).result.protocolVersion).toBe(version);
  });

  it("is an app like any other: pausing it stops its writes", async () => {
    const a = await authorized();
    const tokens = (await exchange(a)).body;
    const add = (text: string) => post(tokens.access_token, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add_memories", arguments: { text } } }).then((r) => r.json());
    expect((await add("Paused-app check: first note")).result.isError).toBeFalsy();
    await db.prisma.app.updateMany({ where: { ownerId: alice.id, name: "Refusal client" }, data: { isActive: false } });
    const refused = await add("Paused-app check: second note");
    expect(refused.result.isError).toBe(true);
    expect(refused.result.content[0].text).toMatch(/paused/);
    await db.prisma.app.updateMany({ where: { ownerId: alice.id, name: "Refusal client" }, data: { isActive: true } });
  });

  it("each connection has its own per-minute limit; a batch that would pass it is refused whole (429)", async () => {
    const { withEnv } = await import("../testing/harness");
    await withEnv({ AGENT_RATE_LIMIT_PER_MINUTE: "5" }, async () => {
      const one = (await exchange(await authorized())).body;
      const other = (await exchange(await authorized())).body;
      const ping = (id: number) => ({ jsonrpc: "2.0", id, method: "ping" });
      const batch = await post(one.access_token, [1, 2, 3, 4, 5, 6].map(ping));
      expect(batch.status).toBe(429);
      expect(batch.headers.get("retry-after")).toBeTruthy();
      expect((await batch.json()).error.message).toMatch(/batch of 6 calls would pass the limit of 5 requests per minute per connection/);
      for (let i = 0; i < 5; i++) expect((await post(one.access_token, ping(i))).status).toBe(200);
      expect((await post(one.access_token, ping(9))).status).toBe(429);
      expect((await post(other.access_token, ping(1))).status).toBe(200);
    });
  });

  it("a malformed Authorization header or token is a 401 with the challenge, never a 500", async () => {
    for (const authorization of ["Bearer", "Bearer a.b", "Basic abc", `Bearer ${"a".repeat(5000)}.b.c`, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "Bearer e30.e30.e30"]) {
      const res = await fetch(`${server.url}/mcp`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) });
      expect(res.status, authorization.slice(0, 40)).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("resource_metadata=");
    }
  });
});

describe("approving twice", () => {
  it("five approvals of one client at once leave one active grant, and every code works once", async () => {
    const reg = await (await fetch(`${server.url}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [CALLBACK], client_name: "Double click" }) })).json();
    const pairs = Array.from({ length: 5 }, () => pkcePair());
    const codes = await Promise.all(pairs.map(async ({ challenge }) => (await consent(authorizeUrl({ client_id: reg.client_id, code_challenge: challenge }), alice)).searchParams.get("code")!));
    expect(await db.prisma.oAuthGrant.count({ where: { clientId: reg.client_id, revokedAt: null } })).toBe(1);
    for (const [i, code] of codes.entries()) {
      const r = await exchange({ clientId: reg.client_id, verifier: pairs[i].verifier, code });
      expect(r.status, `code ${i}`).toBe(200);
    }
  });
});

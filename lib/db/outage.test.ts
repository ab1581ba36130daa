// The database stops while the app runs (the production `pg` driver against PGlite
// served over the wire, then stopped): REST answers 503 + Retry-After, MCP answers a
// readable tool error or a 503 JSON-RPC error — never a 500, never a crash.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as memories from "../../app/api/v1/memories/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import { call, createAgentKey, startPgliteServer, useFreshDb, withEnv } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { getOrCreateUser } from "../users";

const SUPABASE_URL = "https://outage-test.supabase.co";
const SECRET = "supabase-jwt-secret-for-outage-tests-0123456789";
const env = { NEXT_PUBLIC_SUPABASE_URL: SUPABASE_URL, NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon-key", SUPABASE_JWT_SECRET: SECRET };

let pg: Awaited<ReturnType<typeof startPgliteServer>>;
let http: Awaited<ReturnType<typeof serveRoutes>>;
let token: string;
let agentKey: string;

async function rpc(path: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(http.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}
const search = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_memory", arguments: { query: "tea" } } };
const claude = { "x-user-id": "outage-claude-user" };

beforeAll(async () => {
  pg = await startPgliteServer();
  await useFreshDb({ databaseUrl: pg.url, poolMax: 1 });
  http = await serveRoutes({ "/mcp/messages": gatewayMcp, "/agent/v1/mcp": agentMcp });
  const t = Math.floor(Date.now() / 1000);
  token = await new SignJWT({ role: "authenticated", email: "outage@example.com" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(`${SUPABASE_URL}/auth/v1`)
    .setSubject(crypto.randomUUID())
    .setAudience("authenticated")
    .setIssuedAt(t)
    .setExpirationTime(t + 3600)
    .sign(new TextEncoder().encode(SECRET));
  agentKey = (await createAgentKey((await getOrCreateUser("outage-agent-user")).id)).key;
  // While the database is up: each path works (and the users are cached, so auth needs no query later).
  await withEnv(env, async () => {
    expect((await call(memories.POST, { method: "POST", body: { text: "Drinks green tea" }, headers: { authorization: `Bearer ${token}` } })).status).toBe(201);
  });
  expect((await rpc("/mcp/messages", search, claude)).status).toBe(200);
  await pg.stop();
});
afterAll(async () => http?.close());

describe("with the database stopped", () => {
  it("REST reads and writes answer 503 unavailable with Retry-After", async () => {
    await withEnv(env, async () => {
      for (const [handler, init] of [
        [memories.GET, {}],
        [memories.POST, { method: "POST", body: { text: "Written during the outage" } }],
      ] as const) {
        const res = await call(handler, { ...init, headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("2");
        expect((await res.json()).error.code).toBe("unavailable");
      }
    });
  });

  it("the Claude path answers a readable tool error (the JSON-RPC exchange itself is fine)", async () => {
    const r = await rpc("/mcp/messages", search, claude);
    expect(r.status).toBe(200);
    expect(r.json.result.isError).toBe(true);
    expect(r.json.result.content[0].text).toMatch(/cannot be reached/);
  });

  it("the agent path, which must verify its key in the database, answers a 503 JSON-RPC error with Retry-After", async () => {
    const r = await rpc("/agent/v1/mcp", search, { authorization: `Bearer ${agentKey}` });
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("2");
    expect(r.json).toMatchObject({ jsonrpc: "2.0", error: { code: -32001 } });
  });
});

// The MCP endpoints through the production server (`next start`): routing,
// trailing slashes and the Claude contract as existing clients see them.
import { expect, test } from "@playwright/test";

const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };
// scripts/e2e-server.mjs runs the server with this MCP_GATEWAY_SECRET, as production must.
const secret = { "x-gateway-secret": "e2e-gateway-secret-0123456789" };

test("Claude path answers plain JSON-RPC with and without a trailing slash, no redirect", async ({ request }) => {
  for (const path of ["/mcp/messages", "/mcp/messages/"]) {
    const res = await request.post(path, { data: list, headers: { ...secret, "x-user-id": "e2e-claude-user" }, maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/json");
    expect((await res.json()).result.tools.map((t: { name: string }) => t.name)).toContain("add_memories");
  }
});

test("Claude path: add then search, attributed to x-client-name", async ({ request }) => {
  const headers = { ...secret, "x-user-id": "e2e-claude-user-2", "x-client-name": "claude" };
  const call = (id: number, name: string, args: Record<string, unknown>) =>
    request.post("/mcp/messages/", { data: { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }, headers });
  const added = await (await call(1, "add_memories", { text: "E2E: I am learning the cello" })).json();
  expect(JSON.parse(added.result.content[0].text).results[0].event).toBe("ADD");
  const found = await (await call(2, "search_memory", { query: "cello" })).json();
  const hits = JSON.parse(found.result.content[0].text);
  expect(hits[0]).toMatchObject({ memory: "E2E: I am learning the cello", app: "claude" });
});

test("Claude path without x-user-id, or without the gateway secret → 401 JSON-RPC error", async ({ request }) => {
  const noUser = await request.post("/mcp/messages/", { data: list, headers: secret });
  expect(noUser.status()).toBe(401);
  expect((await noUser.json()).error.code).toBe(-32001);
  const noSecret = await request.post("/mcp/messages/", { data: list, headers: { "x-user-id": "e2e-claude-user" } });
  expect(noSecret.status()).toBe(401);
  const wrongSecret = await request.post("/mcp/messages/", { data: list, headers: { "x-user-id": "e2e-claude-user", "x-gateway-secret": "nope" } });
  expect(wrongSecret.status()).toBe(401);
});

test("agent paths exist with and without trailing slash, refuse missing keys with 401 + WWW-Authenticate", async ({ request }) => {
  for (const path of ["/agent/v1/mcp", "/agent/v1/mcp/", "/agent/v1/mcp/messages", "/agent/v1/mcp/messages/"]) {
    const res = await request.post(path, { data: list, headers: { "x-user-id": "someone" }, maxRedirects: 0 });
    expect(res.status(), path).toBe(401);
    expect(res.headers()["www-authenticate"]).toBe("Bearer");
  }
});

test("GET on MCP paths is 405 with Allow: POST", async ({ request }) => {
  for (const path of ["/mcp/messages/", "/agent/v1/mcp"]) {
    const res = await request.get(path, { headers: { "x-user-id": "e2e", accept: "text/event-stream" } });
    expect(res.status()).toBe(405);
    expect(res.headers()["allow"]).toBe("POST");
  }
});

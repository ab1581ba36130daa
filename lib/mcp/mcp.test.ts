// Both MCP endpoints through real HTTP with the official SDK client, plus the raw
// JSON-RPC contract, the isolation matrix and concurrency.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as agentMcpMessages from "../../app/agent/v1/mcp/messages/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import type { Db } from "../db";
import { generateKey, hashKey, displayParts } from "../keys/format";
import { signInLocally, useFreshDb, withEnv } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { getOrCreateUser } from "../users";

let db: Db;
let server: Awaited<ReturnType<typeof serveRoutes>>;

beforeAll(async () => {
  db = await useFreshDb();
  server = await serveRoutes({
    "/mcp/messages": gatewayMcp,
    "/agent/v1/mcp": agentMcp,
    "/agent/v1/mcp/messages": agentMcpMessages,
  });
});
afterAll(async () => server?.close());

async function createKey(supabaseUserId: string, opts: { name?: string; scopes?: string[]; expiresAt?: Date } = {}) {
  const user = await getOrCreateUser(supabaseUserId);
  const key = generateKey();
  const { prefix, lastFour } = displayParts(key);
  const row = await db.prisma.apiKey.create({
    data: { userId: user.id, name: opts.name ?? "test-agent", keyHash: hashKey(key), prefix, lastFour, scopes: opts.scopes ?? ["memories:read", "memories:write"], expiresAt: opts.expiresAt,
      // Trust controls are tested in lib/memory/trust.test.ts: these keys see and write as keys did before them.
      hideSensitive: false, reviewWrites: false },
  });
  return { key, id: row.id, user };
}

async function connect(path: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: "jean-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url + path), { requestInit: { headers } }));
  return client;
}

function textOf(result: unknown): string {
  const r = result as CallToolResult;
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("");
}

function jsonOf<T = unknown>(result: unknown): T {
  return JSON.parse(textOf(result)) as T;
}

async function rpc(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

// The original seven, then update_memory and delete_memories (issue 19, additive).
const TOOLS = ["add_memories", "search_memory", "list_memories", "get_memory_details", "delete_all_memories", "ask_memory", "deep_memory_query", "update_memory", "delete_memories"];

describe.each([
  ["Claude path /mcp/messages/", "/mcp/messages/", async () => ({ "x-user-id": `claude-user-${Math.random()}`, "x-client-name": "claude" })],
  ["agent path /agent/v1/mcp", "/agent/v1/mcp", async () => ({ authorization: `Bearer ${(await createKey(`agent-user-${Math.random()}`)).key}` })],
  ["agent path /agent/v1/mcp/messages/", "/agent/v1/mcp/messages/", async () => ({ authorization: `Bearer ${(await createKey(`agent-user-${Math.random()}`)).key}` })],
])("%s with the SDK client", (_label, path, credentials) => {
  it("initializes, lists the tools and runs every tool", async () => {
    const client = await connect(path, await credentials());
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools.sort()).toEqual([...TOOLS].sort());

      const added = jsonOf<{ results: { id: string; event: string }[] }>(await client.callTool({ name: "add_memories", arguments: { text: "I love hiking in the Alps every summer" } }));
      expect(added.results[0].event).toBe("ADD");
      const id = added.results[0].id;
      const dup = jsonOf<{ results: { id: string; event: string }[] }>(await client.callTool({ name: "add_memories", arguments: { text: "I love hiking in the Alps every summer." } }));
      expect(dup.results[0]).toMatchObject({ id, event: "NONE" });
      await client.callTool({ name: "add_memories", arguments: { text: "My favourite food is ramen" } });

      const hits = jsonOf<{ id: string; memory: string; score: number; app: string; categories: string[] }[]>(
        await client.callTool({ name: "search_memory", arguments: { query: "hiking mountains", limit: 5 } }),
      );
      expect(hits[0]).toMatchObject({ id, memory: "I love hiking in the Alps every summer" });
      expect(hits[0].categories.length).toBeGreaterThan(0);

      const list = jsonOf<{ id: string; memory: string }[]>(await client.callTool({ name: "list_memories", arguments: {} }));
      expect(list.map((m) => m.memory)).toEqual(["My favourite food is ramen", "I love hiking in the Alps every summer"]);

      const details = jsonOf<{ id: string; state: string; app: { name: string } }>(await client.callTool({ name: "get_memory_details", arguments: { memory_id: id } }));
      expect(details).toMatchObject({ id, state: "active" });

      const ask = jsonOf<{ answer: string; memory_ids: string[] }>(await client.callTool({ name: "ask_memory", arguments: { question: "What food do I like?" } }));
      expect(ask.answer).toContain("ramen");
      const deep = jsonOf<{ answer: string; memories: unknown[] }>(await client.callTool({ name: "deep_memory_query", arguments: { search_query: "outdoors", memory_limit: 10 } }));
      expect(deep.memories.length).toBe(2);

      const ramen = list[0] as { id: string };
      const updated = jsonOf<{ id: string; updated: boolean }>(await client.callTool({ name: "update_memory", arguments: { memory_id: ramen.id, text: "My favourite food is tonkotsu ramen" } }));
      expect(updated).toMatchObject({ id: ramen.id, updated: true });
      expect(jsonOf<{ memory: string }>(await client.callTool({ name: "get_memory_details", arguments: { memory_id: ramen.id } })).memory).toBe("My favourite food is tonkotsu ramen");
      await client.callTool({ name: "add_memories", arguments: { text: "I collect vinyl records of 70s soul music" } });
      const vinyl = jsonOf<{ id: string; memory: string }[]>(await client.callTool({ name: "list_memories", arguments: {} }))[0];
      expect(jsonOf<{ deleted: number }>(await client.callTool({ name: "delete_memories", arguments: { memory_ids: [vinyl.id] } }))).toEqual({ deleted: 1 });

      // Two steps: the first call deletes nothing and answers what it would delete, with a token.
      const preview = jsonOf<{ deleted: number; would_delete: number; confirmation_token: string }>(await client.callTool({ name: "delete_all_memories", arguments: {} }));
      expect(preview).toMatchObject({ deleted: 0, would_delete: 2 });
      expect(jsonOf<unknown[]>(await client.callTool({ name: "list_memories", arguments: {} }))).toHaveLength(2);
      const deleted = jsonOf<{ deleted: number }>(await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } }));
      expect(deleted.deleted).toBe(2);
      expect(jsonOf<unknown[]>(await client.callTool({ name: "list_memories", arguments: {} }))).toEqual([]);
      expect(jsonOf<unknown[]>(await client.callTool({ name: "search_memory", arguments: { query: "hiking" } }))).toEqual([]);
      const gone = await client.callTool({ name: "get_memory_details", arguments: { memory_id: id } });
      expect(gone.isError).toBe(true);
      const history = await db.prisma.memoryStatusHistory.findMany({ where: { memoryId: id, newState: "deleted" } });
      expect(history).toHaveLength(1);
      expect(await db.prisma.memoryAccessLog.count({ where: { memoryId: id, accessType: "delete_all" } })).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("returns tool errors for bad arguments and unknown tools, never a crash", async () => {
    const client = await connect(path, await credentials());
    try {
      for (const limit of [0, 101, 2.5]) {
        const r = await client.callTool({ name: "search_memory", arguments: { query: "x", limit } });
        expect(r.isError).toBe(true);
        expect(textOf(r)).toMatch(/limit/);
      }
      const missing = await client.callTool({ name: "add_memories", arguments: {} });
      expect(missing.isError).toBe(true);
      const unknown = await client.callTool({ name: "no_such_tool", arguments: {} });
      expect(unknown.isError).toBe(true);
      const badId = await client.callTool({ name: "get_memory_details", arguments: { memory_id: "not-a-uuid" } });
      expect(badId).toMatchObject({ isError: true });
      expect(textOf(badId)).toBe("Memory not found");
    } finally {
      await client.close();
    }
  });
});

describe("raw JSON-RPC contract", () => {
  const gw = { "x-user-id": "raw-contract-user" };
  const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };

  it("answers JSON with or without a trailing slash and whatever the Accept header", async () => {
    for (const path of ["/mcp/messages", "/mcp/messages/"]) {
      for (const accept of [undefined, "application/json", "application/json, text/event-stream", "*/*"]) {
        const r = await rpc(path, list, { ...gw, ...(accept ? { accept } : {}) });
        expect(r.status, `${path} ${accept}`).toBe(200);
        expect(r.headers.get("content-type")).toContain("application/json");
        expect(r.json.result.tools).toHaveLength(TOOLS.length);
      }
    }
  });

  it.each(["2024-11-05", "2025-03-26", "2025-06-18"])("negotiates protocol version %s", async (version) => {
    const r = await rpc("/mcp/messages/", { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } } }, gw);
    expect(r.status).toBe(200);
    expect(r.json.result.protocolVersion).toBe(version);
    expect(r.json.result.serverInfo.name).toBe("jean-memory");
  });

  it("handles a batch, and answers a notification with 202", async () => {
    const batch = await rpc("/mcp/messages", [list, { jsonrpc: "2.0", id: 2, method: "ping" }], gw);
    expect(batch.status).toBe(200);
    expect(batch.json.map((m: { id: number }) => m.id).sort()).toEqual([1, 2]);
    const note = await rpc("/mcp/messages", { jsonrpc: "2.0", method: "notifications/initialized" }, gw);
    expect(note.status).toBe(202);
  });

  it.each([
    ["malformed JSON", "{not json", 400, -32700],
    ["not a JSON-RPC message", { hello: "world" }, 400, -32700],
    ["unknown method", { jsonrpc: "2.0", id: 1, method: "no/such" }, 200, -32601],
  ])("%s → JSON-RPC error", async (_label, body, status, code) => {
    const r = await rpc("/mcp/messages", body, gw);
    expect(r.status).toBe(status);
    expect(r.json.error.code).toBe(code);
  });

  it("wrong argument types come back as a tool error naming the argument", async () => {
    const r = await rpc("/mcp/messages", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "search_memory", arguments: { query: 5 } } }, gw);
    expect(r.status).toBe(200);
    expect(r.json.result.isError).toBe(true);
    expect(r.json.result.content[0].text).toMatch(/query/);
  });

  it("refuses a body over 1 MB with 413 and a JSON-RPC error", async () => {
    const big = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add_memories", arguments: { text: "x".repeat(1_100_000) } } };
    const r = await rpc("/mcp/messages", big, gw);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe(-32600);
  });

  it("GET answers 405 with Allow: POST on every MCP path", async () => {
    for (const path of ["/mcp/messages", "/agent/v1/mcp", "/agent/v1/mcp/messages/"]) {
      const res = await fetch(server.url + path, { headers: { accept: "text/event-stream", ...gw } });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("POST");
    }
  });
});

describe("isolation matrix", () => {
  const list = { jsonrpc: "2.0", id: 1, method: "tools/list" };

  it("gateway path: missing x-user-id → 401 whatever other credential is sent", async () => {
    const { key } = await createKey("iso-key-owner");
    const { token } = await signInLocally("iso-jwt@example.com");
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${token}` }, { authorization: `Bearer ${key}` }];
    for (const headers of attempts) {
      const r = await rpc("/mcp/messages", list, headers);
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe(-32001);
    }
  });

  it("gateway path ignores an Authorization header when x-user-id is present", async () => {
    const r = await rpc("/mcp/messages", list, { "x-user-id": "iso-gw-user", authorization: "Bearer garbage" });
    expect(r.status).toBe(200);
  });

  it("agent path: x-user-id or a session JWT is not a credential", async () => {
    const { token } = await signInLocally("iso-agent-jwt@example.com");
    const attempts: Record<string, string>[] = [{ "x-user-id": "iso-someone" }, { authorization: `Bearer ${token}` }, { authorization: "Bearer jean_sk_short" }];
    for (const headers of attempts) {
      const r = await rpc("/agent/v1/mcp", list, headers);
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toBe("Bearer");
    }
  });

  it("agent path: x-user-id does not change whose memories a key reaches", async () => {
    const a = await createKey("iso-owner-a");
    const victim = await connect("/mcp/messages", { "x-user-id": "iso-victim" });
    await victim.callTool({ name: "add_memories", arguments: { text: "The victim's secret diary entry about sailing" } });
    await victim.close();
    const attacker = await connect("/agent/v1/mcp", { authorization: `Bearer ${a.key}`, "x-user-id": "iso-victim" });
    const hits = jsonOf<unknown[]>(await attacker.callTool({ name: "search_memory", arguments: { query: "secret diary sailing" } }));
    expect(hits).toEqual([]);
    await attacker.close();
  });

  it("a key revoked or expired mid-session is refused on the next request", async () => {
    const { key, id } = await createKey("iso-revoke");
    const client = await connect("/agent/v1/mcp", { authorization: `Bearer ${key}` });
    await client.listTools();
    await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect(client.listTools()).rejects.toThrow(/401|Invalid or expired/);
    await client.close().catch(() => {});

    const expired = await createKey("iso-expire");
    const c2 = await connect("/agent/v1/mcp", { authorization: `Bearer ${expired.key}` });
    await db.prisma.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(c2.listTools()).rejects.toThrow(/401|Invalid or expired/);
    await c2.close().catch(() => {});
  });

  it("a read-only key cannot call writing tools", async () => {
    const { key } = await createKey("iso-readonly", { scopes: ["memories:read"] });
    const client = await connect("/agent/v1/mcp", { authorization: `Bearer ${key}` });
    const r = await client.callTool({ name: "add_memories", arguments: { text: "should not be stored" } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/memories:write/);
    const del = await client.callTool({ name: "delete_all_memories", arguments: {} });
    expect(del.isError).toBe(true);
    expect((await client.callTool({ name: "list_memories", arguments: {} })).isError).toBeFalsy();
    await client.close();
  });

  it("a paused app cannot add memories", async () => {
    const client = await connect("/mcp/messages", { "x-user-id": "iso-paused", "x-client-name": "cursor" });
    await client.callTool({ name: "add_memories", arguments: { text: "first memory from cursor" } });
    const user = await getOrCreateUser("iso-paused");
    await db.prisma.app.updateMany({ where: { ownerId: user.id, name: "cursor" }, data: { isActive: false } });
    const r = await client.callTool({ name: "add_memories", arguments: { text: "second memory from cursor" } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/paused/);
    await client.close();
  });

  it("a paused client cannot write under a near name (claude. / Claude_ / claude-)", async () => {
    const client = await connect("/mcp/messages", { "x-user-id": "iso-near-name", "x-client-name": "claude" });
    await client.callTool({ name: "add_memories", arguments: { text: "first memory from claude" } });
    await client.close();
    const user = await getOrCreateUser("iso-near-name");
    await db.prisma.app.updateMany({ where: { ownerId: user.id, name: "claude" }, data: { isActive: false } });
    for (const near of ["claude.", "Claude_", "claude-", "CLAUDE "]) {
      const c = await connect("/mcp/messages", { "x-user-id": "iso-near-name", "x-client-name": near });
      const r = await c.callTool({ name: "add_memories", arguments: { text: `written as ${near}` } });
      expect(r.isError, near).toBe(true);
      expect(textOf(r)).toMatch(/paused/);
      await c.close();
    }
    expect(await db.prisma.app.count({ where: { ownerId: user.id } })).toBe(1);
  });

  it("attributes agent writes to the key's name as the app", async () => {
    const { key, user } = await createKey("iso-appname", { name: "my-research-bot" });
    const client = await connect("/agent/v1/mcp", { authorization: `Bearer ${key}` });
    await client.callTool({ name: "add_memories", arguments: { text: "Prefers papers with code" } });
    await client.close();
    const memory = await db.prisma.memory.findFirstOrThrow({ where: { userId: user.id }, include: { app: true } });
    expect(memory.app.name).toBe("my-research-bot");
  });

  it("rate-limits each key: 429 with Retry-After and a JSON-RPC error", async () => {
    await withEnv({ AGENT_RATE_LIMIT_PER_MINUTE: "3" }, async () => {
      const { key } = await createKey("iso-ratelimit");
      const other = await createKey("iso-ratelimit-other");
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof rpc>> | undefined;
      for (let i = 0; i < 5; i++) {
        last = await rpc("/agent/v1/mcp", list, { authorization: `Bearer ${key}` });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(last!.json.error.message).toMatch(/Rate limit/);
      expect((await rpc("/agent/v1/mcp", list, { authorization: `Bearer ${other.key}` })).status).toBe(200);
    });
  });

  it("counts every call of a JSON-RPC batch; a batch that would pass the limit is refused whole", async () => {
    await withEnv({ AGENT_RATE_LIMIT_PER_MINUTE: "5" }, async () => {
      const { key, user } = await createKey("iso-ratelimit-batch");
      const auth = { authorization: `Bearer ${key}` };
      const add = (id: number, text: string) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "add_memories", arguments: { text } } });
      const four = await rpc("/agent/v1/mcp", [add(1, "Batch one: likes kayaking"), add(2, "Batch one: owns a canoe"), { ...list, id: 3 }, { ...list, id: 4 }], auth);
      expect(four.status).toBe(200);
      expect(four.json).toHaveLength(4);
      // 4 of 5 used: a batch of 2 would pass the limit, so none of it runs.
      const two = await rpc("/agent/v1/mcp", [add(5, "Batch two: should never be stored"), { ...list, id: 6 }], auth);
      expect(two.status).toBe(429);
      expect(two.json.error.message).toMatch(/batch of 2 calls/);
      expect(Number(two.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await db.prisma.memory.count({ where: { userId: user.id, content: { contains: "Batch two" } } })).toBe(0);
      // The refused batch charged nothing: one single call still fits, the next does not.
      expect((await rpc("/agent/v1/mcp", list, auth)).status).toBe(200);
      expect((await rpc("/agent/v1/mcp", list, auth)).status).toBe(429);
      expect(await db.prisma.memory.count({ where: { userId: user.id } })).toBe(2);
    });
  });

  it("a batch of 100 calls costs 100 of the limit (it used to cost 1)", async () => {
    await withEnv({ AGENT_RATE_LIMIT_PER_MINUTE: "120" }, async () => {
      const { key } = await createKey("iso-ratelimit-hundred");
      const auth = { authorization: `Bearer ${key}` };
      const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ ...list, id: i + 1 }));
      expect((await rpc("/agent/v1/mcp", batch(100), auth)).status).toBe(200);
      expect((await rpc("/agent/v1/mcp", batch(21), auth)).status).toBe(429);
      expect((await rpc("/agent/v1/mcp", batch(20), auth)).status).toBe(200);
    });
  });
});

describe("concurrency", () => {
  it("20 users × 20 interleaved adds and searches over both paths: everyone sees exactly their own", async () => {
    const users = await Promise.all(
      Array.from({ length: 20 }, async (_, u) =>
        u % 2 === 0
          ? { id: `conc-${u}`, headers: { "x-user-id": `conc-${u}` } as Record<string, string>, path: "/mcp/messages/" }
          : { id: `conc-${u}`, headers: { authorization: `Bearer ${(await createKey(`conc-${u}`)).key}` }, path: "/agent/v1/mcp" },
      ),
    );
    const call = (u: (typeof users)[number], name: string, args: Record<string, unknown>, id: number) =>
      rpc(u.path, { jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } }, u.headers);
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      for (const [u, user] of users.entries()) {
        ops.push(
          call(user, "add_memories", { text: `user ${u} note ${i}: token-${u}-${i} zebra` }, i).then((r) => {
            expect(r.status).toBe(200);
            expect(r.json.result.isError).toBeFalsy();
          }),
        );
        if (i % 4 === 0) ops.push(call(user, "search_memory", { query: "zebra note", limit: 100 }, 1000 + i));
      }
    }
    await Promise.all(ops);
    await Promise.all(
      users.map(async (user, u) => {
        const r = await call(user, "list_memories", { limit: 100 }, 9999);
        const memories = JSON.parse(r.json.result.content[0].text) as { memory: string }[];
        expect(memories).toHaveLength(20);
        expect(memories.every((m) => m.memory.startsWith(`user ${u} note`))).toBe(true);
        expect(new Set(memories.map((m) => m.memory)).size).toBe(20);
        const s = await call(user, "search_memory", { query: "zebra note", limit: 100 }, 9998);
        const hits = JSON.parse(s.json.result.content[0].text) as { memory: string }[];
        expect(hits.every((m) => m.memory.startsWith(`user ${u} note`))).toBe(true);
      }),
    );
  }, 120_000);
});

// The real Claude bridge: supergateway (the npm package Claude Desktop users run)
// in --streamableHttp mode, driven over stdio by the SDK's StdioClientTransport —
// the way Claude Desktop connects — against both MCP endpoints over real HTTP.
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcpMessages from "../../app/agent/v1/mcp/messages/route";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import type { Db } from "../db";
import { displayParts, generateKey, hashKey } from "../keys/format";
import { useFreshDb } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { getOrCreateUser } from "../users";

const SUPERGATEWAY = path.join(process.cwd(), "node_modules", "supergateway", "dist", "index.js");
let db: Db;
let server: Awaited<ReturnType<typeof serveRoutes>>;

beforeAll(async () => {
  db = await useFreshDb();
  server = await serveRoutes({ "/mcp/messages": gatewayMcp, "/agent/v1/mcp": agentMcp, "/agent/v1/mcp/messages": agentMcpMessages });
});
afterAll(async () => server?.close());

async function bridge(args: string[]): Promise<Client> {
  const client = new Client({ name: "claude-desktop-like", version: "1.0.0" });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SUPERGATEWAY, "--logLevel", "none", ...args],
    stderr: "ignore",
  });
  await client.connect(transport);
  return client;
}

const text = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");

describe("supergateway bridge", () => {
  it("Claude path: --header x-user-id / x-client-name to /mcp/messages/", async () => {
    const userId = "5f0c7a52-3a0e-4b8e-9a55-3d2f2d3b9a11";
    const client = await bridge(["--streamableHttp", `${server.url}/mcp/messages/`, "--header", `x-user-id: ${userId}`, "--header", "x-client-name: claude"]);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain("search_memory");
      const added = JSON.parse(text(await client.callTool({ name: "add_memories", arguments: { text: "Bridge test: I drink oolong tea" } })));
      expect(added.results[0].event).toBe("ADD");
      const hits = JSON.parse(text(await client.callTool({ name: "search_memory", arguments: { query: "oolong tea" } })));
      expect(hits[0].memory).toBe("Bridge test: I drink oolong tea");
      expect(hits[0].app).toBe("claude");
      const user = await db.prisma.user.findUniqueOrThrow({ where: { userId } });
      expect(await db.prisma.memory.count({ where: { userId: user.id } })).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("agent path: --oauth2Bearer <key> to /agent/v1/mcp", async () => {
    const user = await getOrCreateUser("bridge-agent-user");
    const key = generateKey();
    const { prefix, lastFour } = displayParts(key);
    await db.prisma.apiKey.create({ data: { userId: user.id, name: "desktop-agent", keyHash: hashKey(key), prefix, lastFour, scopes: ["memories:read", "memories:write"], hideSensitive: false, reviewWrites: false } });
    const client = await bridge(["--streamableHttp", `${server.url}/agent/v1/mcp`, "--oauth2Bearer", key]);
    try {
      await client.callTool({ name: "add_memories", arguments: { text: "Bridge agent: my laptop is a ThinkPad" } });
      const list = JSON.parse(text(await client.callTool({ name: "list_memories", arguments: {} })));
      expect(list).toHaveLength(1);
      expect(list[0].app).toBe("desktop-agent");
    } finally {
      await client.close();
    }
  });

  it("agent path with a wrong key: the bridge surfaces the 401", async () => {
    const client = new Client({ name: "claude-desktop-like", version: "1.0.0" });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SUPERGATEWAY, "--logLevel", "none", "--streamableHttp", `${server.url}/agent/v1/mcp`, "--oauth2Bearer", generateKey()],
      stderr: "ignore",
    });
    await expect(client.connect(transport).then(() => client.listTools())).rejects.toThrow();
    await client.close().catch(() => {});
  });
});

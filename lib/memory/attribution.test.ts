// A write through each auth path records its actor: memories keep who created them
// (via, app, key), history rows keep who changed them — through the real route
// handlers and the real MCP endpoints, read back through the dashboard's REST API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as history from "../../app/api/v1/memories/[id]/history/route";
import * as memory from "../../app/api/v1/memories/[id]/route";
import * as actions from "../../app/api/v1/memories/actions/[action]/route";
import * as importRoute from "../../app/api/v1/memories/import/route";
import * as memories from "../../app/api/v1/memories/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import type { Db } from "../db";
import { createAgentKey, signIn, useFreshDb, type ApiUser } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { connectMcp, textOf } from "../testing/mcp";

let db: Db;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let person: ApiUser;
let agentKey: { key: string; id: string };
// The gateway's x-user-id is the person's Supabase id, so all three paths write for one user.
let supabaseId: string;

beforeAll(async () => {
  db = await useFreshDb();
  server = await serveRoutes({ "/mcp/messages": gatewayMcp, "/agent/v1/mcp": agentMcp });
  person = await signIn("attribution@example.com");
  supabaseId = (await db.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).userId;
  agentKey = await createAgentKey(person.id, { name: "Cursor key" });
});
afterAll(async () => server?.close());

const getOne = async (id: string) => (await person.get(memory.GET, `/api/v1/memories/${id}`, { params: { id } })).body;
const historyOf = async (id: string) => (await person.get(history.GET, `/api/v1/memories/${id}/history`, { params: { id } })).body.items;

async function addOverMcp(path: string, headers: Record<string, string>, text: string): Promise<string> {
  const client = await connectMcp(server.url + path, headers);
  try {
    return JSON.parse(textOf(await client.callTool({ name: "add_memories", arguments: { text } }))).results[0].id;
  } finally {
    await client.close();
  }
}

describe("who created a memory", () => {
  it("the dashboard: via dashboard, as the app named in the body", async () => {
    const r = await person.post(memories.POST, "/api/v1/memories", { body: { text: "Keeps a reading journal", app: "notes" } });
    const id = r.body.results[0].id;
    expect((await getOne(id)).created_by).toEqual({ via: "dashboard", app: "notes", api_key_id: null });
    expect((await historyOf(id))[0].changed_by).toEqual({ via: "dashboard", app: "notes", api_key_id: null });
  });

  it("Claude through the gateway: via gateway, as x-client-name", async () => {
    const id = await addOverMcp("/mcp/messages", { "x-user-id": supabaseId, "x-client-name": "Claude Desktop" }, "Drinks oat milk flat whites");
    expect((await getOne(id)).created_by).toEqual({ via: "gateway", app: "claude desktop", api_key_id: null });
    expect((await historyOf(id))[0]).toMatchObject({ reason: "created", changed_by: { via: "gateway", app: "claude desktop", api_key_id: null } });
  });

  it("an agent key: via agent, as the key's name, with the key id", async () => {
    const id = await addOverMcp("/agent/v1/mcp", { authorization: `Bearer ${agentKey.key}` }, "Runs a 10k every Sunday");
    expect((await getOne(id)).created_by).toEqual({ via: "agent", app: "Cursor key", api_key_id: agentKey.id });
    expect((await historyOf(id))[0].changed_by).toEqual({ via: "agent", app: "Cursor key", api_key_id: agentKey.id });
    const row = await db.prisma.memory.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ createdVia: "agent", createdByKeyId: agentKey.id });
  });

  it("an import: the importer (the dashboard) is the author", async () => {
    const line = JSON.stringify({ id: crypto.randomUUID(), content: "Was born in Lisbon", app: "old-export" });
    const r = await person.post(importRoute.POST, "/api/v1/memories/import", { body: line, headers: { "content-type": "application/x-ndjson" } });
    expect(r.status).toBe(200);
    const id = JSON.parse(line).id;
    expect((await getOne(id)).created_by).toEqual({ via: "dashboard", app: "old-export", api_key_id: null });
  });
});

describe("who changed a memory", () => {
  it("edits and state changes from the dashboard, a delete_all from an agent", async () => {
    const id = await addOverMcp("/agent/v1/mcp", { authorization: `Bearer ${agentKey.key}` }, "Allergic to peanuts");
    await person.put(memory.PUT, `/api/v1/memories/${id}`, { params: { id }, body: { text: "Allergic to peanuts and cashews" } });
    await person.post(actions.POST, "/x", { params: { action: "archive" }, body: { memory_ids: [id] } });
    await person.post(actions.POST, "/x", { params: { action: "restore" }, body: { memory_ids: [id] } });

    const client = await connectMcp(server.url + "/agent/v1/mcp", { authorization: `Bearer ${agentKey.key}` });
    const { confirmation_token } = JSON.parse(textOf(await client.callTool({ name: "delete_all_memories", arguments: {} }))) as { confirmation_token: string };
    await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token } });
    await client.close();

    const entries = await historyOf(id);
    expect(entries.map((h: { reason: string; changed_by: { via: string } }) => [h.changed_by.via, h.reason.startsWith("{") ? "edit" : h.reason])).toEqual([
      ["agent", "created"],
      ["dashboard", "edit"],
      ["dashboard", "archive"],
      ["dashboard", "restore"],
      ["agent", "delete_all_memories via Cursor key"],
    ]);
    expect(entries.at(-1).changed_by).toEqual({ via: "agent", app: "Cursor key", api_key_id: agentKey.id });
    // The dashboard's own edits are the person's, not an app's.
    expect(entries[2].changed_by).toEqual({ via: "dashboard", app: null, api_key_id: null });
  });
});

// Hidden categories (issue 19) through the three assistant paths, over their real
// route handlers: an agent key, an OAuth connector, a Claude gateway client — each
// hiding and not hiding the person's sensitive categories — × every tool that reads
// or picks memories, with the sensitive memory the only and best match. ask_memory
// and deep_memory_query run against an LLM STUB (a local HTTP server answering like
// an OpenAI-compatible chat endpoint) that records every prompt it is sent.
// scope.test.ts runs the same rule through every engine read.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as oneMemory from "../../app/api/v1/memories/[id]/route";
import * as searchRoute from "../../app/api/v1/memories/search/route";
import * as connectorMcp from "../../app/mcp/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import type { Db } from "../db";
import { call, createAgentKey, signIn, useFreshDb, withEnv, type ApiUser, type Handler } from "../testing/harness";
import { connectClient } from "../testing/oauth";
import { addMemory, dashboardActor, getOrCreateApp, setSensitiveCategories, updateApp } from "./index";

const HEALTH = "I take 20mg lisinopril every morning for my blood pressure";
const OTHERS = ["I take the 8:15 train to work every morning", "My favourite breakfast is porridge with blueberries", "Every morning I walk the dog along the canal"];

/** The LLM stub: answers every chat call with a fixed JSON answer and keeps the prompts. */
async function startLlmStub() {
  const prompts: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { messages?: { content: string }[] };
    prompts.push((body.messages ?? []).map((m) => m.content).join("\n"));
    const content = JSON.stringify({ answer: "From the memories given.", memory_ids: ["1", "2", "3", "4"] });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ choices: [{ message: { role: "assistant", content } }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, prompts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let db: Db;
let user: ApiUser;
let sub: string;
let healthId: string;
let llm: Awaited<ReturnType<typeof startLlmStub>>;
type Path = { label: string; hides: boolean; send: (body: unknown) => Promise<Response> };
const paths: Path[] = [];

const rpc = (name: string, args: Record<string, unknown>) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } });
const post = (handler: Handler, path: string, headers: Record<string, string>) => (body: unknown) =>
  call(handler, { method: "POST", path, headers: { accept: "application/json, text/event-stream", ...headers }, body });

async function tool(p: Path, name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }> {
  const res = await p.send(rpc(name, args));
  expect(res.status, `${p.label} ${name}`).toBe(200);
  const json = (await res.json()) as { result?: { isError?: boolean; content: { text: string }[] }; error?: unknown };
  expect(json.error, `${p.label} ${name}`).toBeUndefined();
  return { isError: !!json.result!.isError, text: json.result!.content.map((c) => c.text).join("\n") };
}

beforeAll(async () => {
  db = await useFreshDb();
  llm = await startLlmStub();
  user = await signIn("sensitive@example.com");
  ({ userId: sub } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } }));
  const me = dashboardActor(user.id);
  for (const text of OTHERS) await addMemory(me, text, { infer: false });
  healthId = (await addMemory(me, HEALTH, { infer: false })).results[0].id;

  for (const hides of [true, false]) {
    const key = await createAgentKey(user.id, { name: `key ${hides ? "hiding" : "seeing"}`, hideSensitive: hides });
    paths.push({ label: `agent key (${hides ? "hides" : "sees"})`, hides, send: post(agentMcp.POST as Handler, "/agent/v1/mcp", { authorization: `Bearer ${key.key}` }) });
    const connection = await connectClient(user.id, { clientName: `connector ${hides ? "hiding" : "seeing"}` });
    await db.prisma.oAuthGrant.update({ where: { id: connection.grantId }, data: { hideSensitive: hides, reviewWrites: false } });
    paths.push({ label: `connector (${hides ? "hides" : "sees"})`, hides, send: post(connectorMcp.POST as Handler, "/mcp", { authorization: `Bearer ${connection.access_token}` }) });
    const client = hides ? "claude-hiding" : "claude-seeing";
    await updateApp(me, (await getOrCreateApp(user.id, client)).id, { gatewayHideSensitive: hides });
    paths.push({ label: `Claude gateway (${hides ? "hides" : "sees"})`, hides, send: post(gatewayMcp.POST as Handler, "/mcp/messages/", { "x-user-id": sub, "x-client-name": client }) });
  }
});
afterAll(async () => llm?.close());

describe("the setup is what the tests assume", () => {
  it("the memory is in health, health is sensitive, and the dashboard sees it as the best match", async () => {
    const got = await user.get(oneMemory.GET as Handler, "/x", { params: { id: healthId } });
    expect(got.body.categories).toContain("health");
    expect((await db.prisma.userSensitiveCategory.count({ where: { userId: user.id, category: { name: "health" } } }))).toBe(1);
    const search = await user.post(searchRoute.POST as Handler, "/api/v1/memories/search", { body: { query: "lisinopril blood pressure", limit: 10 } });
    expect((search.body.results ?? search.body)[0].id).toBe(healthId);
  });
});

describe.each([true, false])("credentials that %s sensitive categories", (hides) => {
  const mine = () => paths.filter((p) => p.hides === (hides as boolean));
  const seen = (text: string) => text.includes(healthId) || text.includes("lisinopril");

  it("search_memory and list_memories", async () => {
    for (const p of mine()) {
      const search = await tool(p, "search_memory", { query: "lisinopril blood pressure", limit: 100 });
      expect(seen(search.text), p.label).toBe(!hides);
      if (!hides) expect(JSON.parse(search.text)[0].id, p.label).toBe(healthId);
      const list = await tool(p, "list_memories", { limit: 100 });
      expect(seen(list.text), p.label).toBe(!hides);
      expect(JSON.parse(list.text), p.label).toHaveLength(hides ? OTHERS.length : OTHERS.length + 1);
    }
  });

  it("get_memory_details, update_memory and delete_memories by id: exactly like an id that does not exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const p of mine()) {
      const details = await tool(p, "get_memory_details", { memory_id: healthId });
      if (!hides) {
        expect(JSON.parse(details.text).id, p.label).toBe(healthId);
        continue;
      }
      expect(details.isError, p.label).toBe(true);
      expect(details.text, p.label).toBe((await tool(p, "get_memory_details", { memory_id: missing })).text);
      const update = await tool(p, "update_memory", { memory_id: healthId, text: "overwritten" });
      expect(update.isError, p.label).toBe(true);
      expect(update.text, p.label).toBe((await tool(p, "update_memory", { memory_id: missing, text: "overwritten" })).text);
      const del = await tool(p, "delete_memories", { memory_ids: [healthId] });
      expect(del.isError, p.label).toBe(true);
      expect(del.text, p.label).toBe((await tool(p, "delete_memories", { memory_ids: [missing] })).text);
    }
    // Nothing was touched.
    expect((await user.get(oneMemory.GET as Handler, "/x", { params: { id: healthId } })).body).toMatchObject({ memory: HEALTH, state: "active" });
  });

  it("delete_all_memories' first step counts only what the credential sees", async () => {
    for (const p of mine()) {
      const preview = JSON.parse((await tool(p, "delete_all_memories", {})).text);
      expect(preview.would_delete, p.label).toBe(hides ? OTHERS.length : OTHERS.length + 1);
      expect(preview.by_category.health ?? 0, p.label).toBe(hides ? 0 : 1);
    }
  });

  it("ask_memory and deep_memory_query: never in the LLM's prompt, never in the answer's ids", async () => {
    await withEnv({ LLM_BASE_URL: llm.url, LLM_MODEL: "stub" }, async () => {
      for (const p of mine()) {
        for (const [name, args] of [["ask_memory", { question: "Which medication do I take for my blood pressure?" }], ["deep_memory_query", { search_query: "my morning routine and blood pressure", memory_limit: 100 }]] as const) {
          llm.prompts.length = 0;
          const answer = await tool(p, name, args);
          expect(llm.prompts.length, `${p.label} ${name} asked the LLM`).toBeGreaterThan(0);
          expect(llm.prompts.some((prompt) => prompt.includes("lisinopril")), `${p.label} ${name} prompt`).toBe(!hides);
          expect(seen(answer.text), `${p.label} ${name} answer`).toBe(!hides);
        }
      }
    });
  });
});

describe("a hidden memory never changes an answer", () => {
  it("a hiding credential ranks the other memories exactly as for a person who never had it", async () => {
    const twin = await signIn("sensitive-twin@example.com");
    for (const text of OTHERS) await addMemory(dashboardActor(twin.id), text, { infer: false });
    const twinKey = await createAgentKey(twin.id, { hideSensitive: true });
    const twinPath: Path = { label: "twin", hides: true, send: post(agentMcp.POST as Handler, "/agent/v1/mcp", { authorization: `Bearer ${twinKey.key}` }) };
    for (const query of ["every morning", "morning medication", "breakfast"]) {
      const expected = (JSON.parse((await tool(twinPath, "search_memory", { query, limit: 10 })).text) as { memory: string }[]).map((h) => h.memory);
      for (const p of paths.filter((x) => x.hides)) {
        const got = (JSON.parse((await tool(p, "search_memory", { query, limit: 10 })).text) as { memory: string }[]).map((h) => h.memory);
        expect(got, `${p.label} "${query}"`).toEqual(expected);
      }
    }
  });
});

describe("a text rewritten into a sensitive matter", () => {
  it("is re-categorised: once an edit makes it about health, hiding credentials stop seeing it", async () => {
    const { results } = await addMemory(dashboardActor(user.id), "Booked an appointment for Tuesday at 10", { infer: false });
    const id = results[0].id;
    const hiding = paths.find((p) => p.hides && p.label.startsWith("agent"))!;
    const seeing = paths.find((p) => !p.hides && p.label.startsWith("agent"))!;
    expect((await tool(hiding, "get_memory_details", { memory_id: id })).isError).toBe(false);
    const edit = await tool(seeing, "update_memory", { memory_id: id, text: "Booked a cardiologist appointment for Tuesday about my blood pressure medication" });
    expect(JSON.parse(edit.text)).toMatchObject({ id, updated: true });
    expect((await user.get(oneMemory.GET as Handler, "/x", { params: { id } })).body.categories).toContain("health");
    expect((await tool(hiding, "get_memory_details", { memory_id: id })).isError).toBe(true);
    expect((await tool(hiding, "search_memory", { query: "cardiologist appointment" })).text).not.toContain(id);
  });
});

describe("the person's settings apply on the next request", () => {
  it("unmarking health shows it to hiding credentials; marking it again hides it", async () => {
    const hiding = paths.filter((p) => p.hides);
    await setSensitiveCategories(user.id, ["finance"]);
    for (const p of hiding) expect(JSON.parse((await tool(p, "search_memory", { query: "lisinopril" })).text)[0]?.id, p.label).toBe(healthId);
    await setSensitiveCategories(user.id, ["finance", "health"]);
    for (const p of hiding) expect((await tool(p, "search_memory", { query: "lisinopril" })).text, p.label).not.toContain(healthId);
  });
});

// One table over every read: a memory in a state the reader may not see (paused,
// archived, deleted, or written by a paused app) is never returned, counted or
// used by any read function of lib/memory or any MCP tool, on either assistant
// path. The last test classifies every export of lib/memory, so a new read that is
// not in the table — and so may skip the scope — fails here.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import { createAgentKey, useFreshDb } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { connectMcp, textOf } from "../testing/mcp";
import { getOrCreateUser } from "../users";
import * as engine from "./index";
import {
  addMemory,
  agentActor,
  ALL_STATES,
  askMemory,
  browseMemories,
  changeState,
  dashboardActor,
  deleteAllMemories,
  exportMemories,
  gatewayActor,
  getMemory,
  previewDeleteAll,
  listCategories,
  listMemories,
  memoriesByIds,
  memoryAccessLog,
  memoryHistory,
  memoryStats,
  relatedMemories,
  searchMemories,
  searchMemoriesReport,
  updateApp,
  updateMemoryText,
  getOrCreateApp,
  type MemoryActor,
} from "./index";

// Every text shares "quokka" so each search matches all five; the numbers keep the
// near-duplicate check from merging them.
const TEXTS = {
  visible: "Quokka photo walk number 1 on Rottnest Island",
  paused: "Quokka photo walk number 2 was paused for now",
  archived: "Quokka photo walk number 3 is an old archived plan",
  deleted: "Quokka photo walk number 4 was deleted by mistake",
  pausedApp: "Quokka photo walk number 5 came from a paused app",
  // Trust controls: in a category the person marked sensitive (health), and a write awaiting review.
  sensitive: "Quokka photo walk number 6 after my doctor changed my blood pressure medication",
  pendingReview: "Quokka photo walk number 7 proposed by an agent whose writes are reviewed",
} as const;
type Kind = keyof typeof TEXTS;
const HIDDEN: Kind[] = ["paused", "archived", "deleted", "pausedApp", "sensitive", "pendingReview"];
/** Hidden from assistants only by their credential's settings: the dashboard lists the sensitive one. */
const HIDDEN_BY_STATE: Kind[] = ["paused", "archived", "deleted", "pausedApp"];
const HIDES_SENSITIVE = { hideSensitive: true, reviewWrites: false };

let server: Awaited<ReturnType<typeof serveRoutes>>;
let userId: string;
const id = {} as Record<Kind, string>;
let gateway: MemoryActor;
let agent: MemoryActor;
let agentKey: string;

beforeAll(async () => {
  await useFreshDb();
  server = await serveRoutes({ "/mcp/messages": gatewayMcp, "/agent/v1/mcp": agentMcp });
  userId = (await getOrCreateUser("scope-user")).id;
  const owner = dashboardActor(userId, "claude");
  const reviewed = createAgentKey(userId, { name: "review-bot", reviewWrites: true });
  for (const kind of Object.keys(TEXTS) as Kind[]) {
    const writer =
      kind === "pausedApp"
        ? dashboardActor(userId, "old-plugin")
        : kind === "pendingReview"
          ? agentActor(userId, { keyId: (await reviewed).id, appName: "review-bot", scopes: ["memories:read", "memories:write"], policy: { hideSensitive: false, reviewWrites: true } })
          : owner;
    const { results } = await addMemory(writer, TEXTS[kind], { infer: false });
    expect(results[0].event).toBe("ADD");
    id[kind] = results[0].id;
  }
  // The table is only as good as its setup: the sensitive one is in health, the reviewed one waits.
  expect((await getMemory(dashboardActor(userId), id.sensitive)).categories).toContain("health");
  await expect((await (await import("../db")).getPrisma()).memory.findUniqueOrThrow({ where: { id: id.pendingReview } })).resolves.toMatchObject({ state: "pending_review" });
  const me = dashboardActor(userId);
  await changeState(me, [id.paused], "pause");
  await changeState(me, [id.archived], "archive");
  await changeState(me, [id.deleted], "delete");
  await updateApp(me, (await getOrCreateApp(userId, "old-plugin")).id, { isActive: false });

  // Both assistants hide sensitive categories: the Claude client "claude" by its app's setting, the key by its own.
  await updateApp(me, (await getOrCreateApp(userId, "claude")).id, { gatewayHideSensitive: true });
  gateway = gatewayActor(userId, "claude", HIDES_SENSITIVE);
  const created = await createAgentKey(userId, { name: "scope-bot", hideSensitive: true });
  agentKey = created.key;
  agent = agentActor(userId, { keyId: created.id, appName: "scope-bot", scopes: ["memories:read", "memories:write"], policy: HIDES_SENSITIVE });
});
afterAll(async () => server?.close());

const QUERY = "quokka photo walk number";

/** Everything a read returned, as text: no hidden id and no hidden text may occur in it. */
function expectNothingHidden(output: unknown, label: string) {
  const text = typeof output === "string" ? output : JSON.stringify(output);
  for (const kind of HIDDEN) {
    expect(text, `${label} returned the ${kind} memory`).not.toContain(id[kind]);
    expect(text, `${label} returned the ${kind} memory's text`).not.toContain(TEXTS[kind]);
  }
}

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let out = "";
  for await (const chunk of gen) out += chunk;
  return out;
}

/** Every read function of the engine, as an assistant calls it (asking for every state where it can). */
const READS: [name: string, read: (actor: MemoryActor) => Promise<unknown>][] = [
  ["listMemories (default states)", (a) => listMemories(a, { size: 100 })],
  ["listMemories (asking for every state)", (a) => listMemories(a, { size: 100, states: [...ALL_STATES] })],
  ["listMemories (filtered by the paused app)", async (a) => listMemories(a, { appIds: [(await getOrCreateApp(userId, "old-plugin")).id], states: [...ALL_STATES] })],
  ["searchMemories hybrid", (a) => searchMemories(a, QUERY, { limit: 100 })],
  ["searchMemories vector", (a) => searchMemories(a, QUERY, { limit: 100, mode: "vector" })],
  ["searchMemories text", (a) => searchMemories(a, QUERY, { limit: 100, mode: "text" })],
  ["searchMemories (asking for every state)", (a) => searchMemories(a, QUERY, { limit: 100, includeStates: [...ALL_STATES] })],
  ["searchMemoriesReport (asking for every state)", (a) => searchMemoriesReport(a, QUERY, { limit: 100, includeStates: [...ALL_STATES] })],
  ["askMemory", (a) => askMemory(a, "Where do I go on quokka photo walks?", { limit: 100 })],
  ["relatedMemories of the visible one", (a) => relatedMemories(a, id.visible, 50)],
  ["exportMemories", (a) => collect(exportMemories(a))],
  ["memoriesByIds (every id)", (a) => memoriesByIds(a, Object.values(id))],
  ["browseMemories (listing, every state)", (a) => browseMemories(a, { size: 100, states: [...ALL_STATES] })],
  ["browseMemories (searching, every state)", (a) => browseMemories(a, { query: QUERY, states: [...ALL_STATES] })],
  ["previewDeleteAll (its counts are checked in the delete_all test)", (a) => previewDeleteAll(a)],
  ...HIDDEN.flatMap((kind): [string, (a: MemoryActor) => Promise<unknown>][] => [
    [`getMemory(${kind})`, (a) => getMemory(a, id[kind]).catch((e) => (e as Error).message)],
    [`relatedMemories(${kind})`, (a) => relatedMemories(a, id[kind]).catch((e) => (e as Error).message)],
    [`memoryHistory(${kind})`, (a) => memoryHistory(a, id[kind]).catch((e) => (e as Error).message)],
    [`memoryAccessLog(${kind})`, (a) => memoryAccessLog(a, id[kind]).catch((e) => (e as Error).message)],
  ]),
];

describe.each([
  ["gateway (Claude)", () => gateway],
  ["agent key", () => agent],
])("an assistant reading through the %s path", (_label, actor) => {
  it.each(READS)("%s returns no invisible memory", async (name, read) => {
    const output = await read(actor());
    expectNothingHidden(output, name);
  });

  it("the visible memory is found by the same reads (the table is not vacuous)", async () => {
    expect((await listMemories(actor(), { size: 100 })).items.map((m) => m.id)).toEqual([id.visible]);
    expect((await searchMemories(actor(), QUERY)).map((h) => h.id)).toEqual([id.visible]);
    expect((await getMemory(actor(), id.visible)).id).toBe(id.visible);
    expect(await collect(exportMemories(actor()))).toContain(id.visible);
  });

  it("hidden memories are refused by id as not found", async () => {
    for (const kind of HIDDEN) await expect(getMemory(actor(), id[kind]), kind).rejects.toMatchObject({ code: "not_found" });
  });

  it("counts and categories include only what it may see", async () => {
    const stats = await memoryStats(actor());
    expect(stats.total_memories).toBe(1);
    expect(stats.by_state).toEqual({ active: 1, paused: 0, archived: 0, deleted: 0 });
    expect(stats.by_app.reduce((n, a) => n + a.count, 0)).toBe(1);
    expect(stats.per_day.reduce((n, d) => n + d.count, 0)).toBe(1);
    const visibleCategories = (await getMemory(dashboardActor(userId), id.visible)).categories.length;
    expect(stats.by_category.reduce((n, c) => n + c.count, 0)).toBe(visibleCategories);
    const categories = await listCategories(actor());
    expect(categories.reduce((n, c) => n + c.memory_count, 0)).toBe(visibleCategories);
  });

  it("writes cannot reach hidden memories: edits and state changes are not found, duplicates are not matched", async () => {
    for (const kind of HIDDEN) {
      await expect(updateMemoryText(actor(), id[kind], "overwritten"), kind).rejects.toMatchObject({ code: "not_found" });
      await expect(changeState(actor(), [id[kind]], "archive"), kind).rejects.toMatchObject({ code: "not_found" });
    }
    // Adding the very text of a hidden memory is not "already known" (that would reveal it).
    const { results } = await addMemory(actor(), TEXTS.archived, { infer: false });
    expect(results[0].id).not.toBe(id.archived);
    await changeState(dashboardActor(userId), [results[0].id], "delete");
  });
});

describe.each([
  ["/mcp/messages", () => ({ "x-user-id": "scope-user", "x-client-name": "claude" })],
  ["/agent/v1/mcp", () => ({ authorization: `Bearer ${agentKey}` })],
])("MCP tools on %s", (path, headers) => {
  let client: Client;
  beforeAll(async () => {
    client = await connectMcp(server.url + path, headers());
  });
  afterAll(async () => client?.close());

  const CALLS: [tool: string, args: Record<string, unknown>][] = [
    ["search_memory", { query: QUERY, limit: 100 }],
    ["list_memories", { limit: 100 }],
    ["ask_memory", { question: "Where do I go on quokka photo walks?" }],
    ["deep_memory_query", { search_query: QUERY, memory_limit: 100 }],
    ...HIDDEN.map((kind): [string, Record<string, unknown>] => ["get_memory_details", { memory_id: kind }]),
  ];

  it.each(CALLS)("%s %j returns no invisible memory", async (tool, args) => {
    const resolved = tool === "get_memory_details" ? { memory_id: id[args.memory_id as Kind] } : args;
    const text = textOf(await client.callTool({ name: tool, arguments: resolved }));
    expectNothingHidden(text, tool);
    if (tool !== "get_memory_details") expect(text).toContain(id.visible);
  });
});

describe("the dashboard", () => {
  const me = () => dashboardActor(userId);
  it("search and related show active memories only, of every app (including a paused one), sensitive ones too", async () => {
    const found = (await searchMemories(me(), QUERY, { limit: 100 })).map((h) => h.id).sort();
    expect(found).toEqual([id.visible, id.pausedApp, id.sensitive].sort());
    const related = (await relatedMemories(me(), id.visible, 50)).map((m) => m.id).sort();
    expect(related).toEqual([id.pausedApp, id.sensitive].sort());
  });

  it("the list shows everything but the trash and proposals; any one memory opens in any state", async () => {
    const listed = (await listMemories(me(), { size: 100 })).items.map((m) => m.id).sort();
    expect(listed).toEqual([id.visible, id.paused, id.archived, id.pausedApp, id.sensitive].sort());
    for (const kind of [...HIDDEN_BY_STATE, "sensitive" as const]) expect((await getMemory(me(), id[kind])).id).toBe(id[kind]);
    // A proposal is decided on the Review page, not opened or changed as a memory.
    await expect(getMemory(me(), id.pendingReview)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("delete_all through an assistant", () => {
  it("deletes what that assistant may see and nothing else", async () => {
    const preview = await previewDeleteAll(gateway);
    expect(preview).toMatchObject({ would_delete: 1, by_app: { claude: 1 } });
    expect(Object.keys(preview!.by_category)).not.toContain("health");
    const { deleted } = await deleteAllMemories(gateway);
    expect(deleted).toBe(1);
    for (const kind of HIDDEN_BY_STATE) {
      const state = (await getMemory(dashboardActor(userId), id[kind])).state;
      expect(state, kind).toBe(kind === "pausedApp" ? "active" : kind);
    }
    expect((await getMemory(dashboardActor(userId), id.sensitive)).state).toBe("active");
  });
});

describe("every export of lib/memory is classified", () => {
  // Reads are in READS above; these are not reads of memories (or only of the
  // caller's own apps), so the scope does not apply to them.
  const NOT_MEMORY_READS = [
    "agentActor", "connectorActor", "dashboardActor", "gatewayActor", "isAssistant", "DASHBOARD_APP", "addMemory", "MAX_MEMORY_CHARS",
    "actorApp", "actorAppId", "getOrCreateApp", "writableApp", "listAppNames", "categoryOptions", "listApps", "getApp", "updateApp", "CATEGORIES", "CATEGORY_NAMES", "classifyLocally",
    "retryPendingEmbeddings", "ALL_STATES", "NOT_DELETED", "reciprocalRankFusion", "boundDate", "leadingDate", "parseQueryWindow", "changeState", "deleteAllMemories", "updateMemoryText",
    "importMemories", "ImportError", "parseImport", "MemoryError", "MEMORY_STATES", "logAccess", "MAX_SEARCH_MATCHES",
    // Trust controls. The person's own views (reviews, activity, trash) read by user id for the
    // dashboard only; previewDeleteAll and confirmDeleteAll go through the scope (tested above).
    "OPEN_POLICY", "CLOSED_POLICY", "gatewayActorWithStoredPolicy", "resolvedActor", "confirmDeleteAll", "DELETE_ALL_CONFIRMATION_MS", "AWAITS_REVIEW_NOTE", "countOpenReviews", "decideReviews", "listReviews", "writesReviewed",
    "gatewayClientPolicy", "policyOut", "sensitiveCategories", "setSensitiveCategories", "activitySummary", "memoriesRead", "memoriesWritten", "readAnomaly",
    "ANOMALY_FACTOR", "ANOMALY_MIN_READS", "purgeDateOf", "purgeTrash", "trashPage",
  ];
  const READ_FUNCTIONS = ["previewDeleteAll", "browseMemories", "memoriesByIds", "listMemories", "searchMemories", "searchMemoriesReport", "askMemory", "relatedMemories", "exportMemories", "getMemory", "memoryHistory", "memoryAccessLog", "memoryStats", "listCategories"];

  it("a new export must be added to the read table or to the list of non-reads", () => {
    const unclassified = Object.keys(engine).filter((name) => !NOT_MEMORY_READS.includes(name) && !READ_FUNCTIONS.includes(name));
    expect(unclassified).toEqual([]);
    const tested = READS.map(([name]) => name).join(" ") + " memoryStats listCategories";
    for (const fn of READ_FUNCTIONS) expect(tested, `${fn} is not in the READS table`).toContain(fn);
  });
});

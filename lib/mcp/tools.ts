// The MCP tool set, shared by the Claude path and the agent path. Tool names and
// arguments are an existing contract (the original server's): keep them. Each tool
// is a row of TOOLS — its scope, its arguments, its body — registered by one loop,
// so the scope check and the error handling are written once.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { KeyScope } from "../auth/types";
import { requireScope } from "../keys/scopes";
import {
  actorAppId,
  addMemory,
  askMemory,
  AWAITS_REVIEW_NOTE,
  boundDate,
  changeState,
  confirmDeleteAll,
  getMemory,
  listMemories,
  logAccess,
  MAX_MEMORY_CHARS,
  previewDeleteAll,
  resolvedActor,
  searchMemoriesReport,
  updateMemoryText,
  type MemoryActor,
} from "../memory";
import { isStorableDate, STORABLE_DATE_MESSAGE } from "../text";
import { toolErrorOf } from "./errors";
import { stage } from "../stage-timing";

const limit = (max: number, fallback: number, what: string) =>
  z.number().int().min(1).max(max).optional().describe(`${what} (1-${max}, default ${fallback})`);

const dateBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((s) => isStorableDate(boundDate(s)), { message: STORABLE_DATE_MESSAGE });

interface Tool<S extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  scope: KeyScope;
  inputSchema: S;
  annotations?: ToolAnnotations;
  /** The tool's answer (shown to the model as JSON text). */
  run(actor: MemoryActor, args: z.infer<z.ZodObject<S>>): Promise<unknown>;
}

/** A tool answer with a note for the model after it (the answer's JSON is unchanged). */
class WithNote {
  constructor(readonly value: unknown, readonly note: string) {}
}

const TEXT_ONLY_NOTE = "Note: semantic search was unavailable (the embedding service failed or was too slow), so these results are keyword matches only.";

// Keeps each row's argument types tied to its own schema.
const tool = <S extends z.ZodRawShape>(t: Tool<S>) => t;

const TOOLS = [
  tool({
    name: "add_memories",
    title: "Add memories",
    description:
      "Store something worth remembering about the user: a preference, fact, plan or event they mention. " +
      "Call it whenever the user shares personal information, even in passing. Returns what was added, updated or already known, with ids.",
    scope: "memories:write",
    inputSchema: { text: z.string().min(1).max(MAX_MEMORY_CHARS).describe("What to remember, in plain language") },
    run: async (actor, { text }) => {
      const answer = await addMemory(actor, text);
      return answer.results.some((r) => r.pending_review) ? new WithNote(answer, AWAITS_REVIEW_NOTE) : answer;
    },
  }),
  tool({
    name: "search_memory",
    title: "Search memories",
    description:
      "Search the user's memories by meaning and keywords. Call it before answering anything that may depend on " +
      "the user's preferences, history or personal details. Dates in the query (\"in May 2023\", \"last week\") favour memories of that time; " +
      "after/before restrict to it. Returns JSON: [{id, memory, score, created_at, app, categories, occurred_at?}].",
    scope: "memories:read",
    inputSchema: {
      query: z.string().min(1).max(1000).describe("What to look for"),
      limit: limit(100, 10, "How many results"),
      after: dateBound.optional().describe("Only memories of what happened on or after this date (YYYY-MM-DD or ISO date-time)"),
      before: dateBound.optional().describe("Only memories of what happened before this date (YYYY-MM-DD or ISO date-time)"),
    },
    run: async (actor, { query, limit: n, after, before }) => {
      const { results, degraded } = await searchMemoriesReport(actor, query, { limit: n ?? 10, after: after ? boundDate(after) : undefined, before: before ? boundDate(before) : undefined });
      // The answer stays the JSON array clients parse; a degraded search says so in a second text block.
      return degraded ? new WithNote(results, TEXT_ONLY_NOTE) : results;
    },
  }),
  tool({
    name: "list_memories",
    title: "List memories",
    description: "List the user's most recent active memories, newest first. Returns JSON: [{id, memory, created_at, app, categories}].",
    scope: "memories:read",
    inputSchema: { limit: limit(100, 50, "How many memories") },
    run: async (actor, { limit: n }) => {
      const page = await listMemories(actor, { size: n ?? 50, states: ["active"], sortColumn: "created_at", sortDirection: "desc" });
      return page.items.map((m) => ({ id: m.id, memory: m.memory, created_at: m.created_at, app: m.app.name, categories: m.categories }));
    },
  }),
  tool({
    name: "get_memory_details",
    title: "Get memory details",
    description: "Get one memory by id, with its state, app, categories, metadata and timestamps.",
    scope: "memories:read",
    inputSchema: { memory_id: z.string().min(1).max(100).describe("The memory's id (a uuid from search_memory or list_memories)") },
    run: (actor, { memory_id }) => getMemory(actor, memory_id),
  }),
  tool({
    name: "delete_all_memories",
    title: "Delete all memories",
    description:
      "Delete ALL of the user's memories that this assistant can see (they go to the trash and can be restored from the dashboard). Only call this when the user explicitly asks to forget everything. " +
      "It takes two calls: the first deletes nothing and answers what would be deleted (counts by app and category) with a confirmation_token; " +
      "tell the user, and only if they confirm, call again with that confirmation_token (valid 5 minutes, once).",
    scope: "memories:write",
    inputSchema: { confirmation_token: z.string().min(1).max(200).optional().describe("The token the first call returned; omit it to see what would be deleted") },
    annotations: { destructiveHint: true },
    run: async (actor, { confirmation_token }) => {
      if (!confirmation_token) {
        const preview = await previewDeleteAll(actor);
        if (!preview) return { deleted: 0, message: "There were no memories to delete." };
        return {
          deleted: 0,
          ...preview,
          message: `Nothing was deleted yet. This would delete ${preview.would_delete} memories. Tell the user; if they confirm, call delete_all_memories again with confirmation_token (valid until ${preview.expires_at}).`,
        };
      }
      const { deleted, proposed, ids } = await confirmDeleteAll(actor, confirmation_token, `delete_all_memories via ${actor.appName}`);
      await logAccess(actor, ids, "delete_all");
      if (proposed) return new WithNote({ deleted: 0, proposed_deletions: proposed, message: `Proposed deleting ${proposed} memories.` }, AWAITS_REVIEW_NOTE);
      return { deleted, message: deleted ? `Deleted ${deleted} memories.` : "There were no memories to delete." };
    },
  }),
  tool({
    name: "update_memory",
    title: "Update a memory",
    description:
      "Correct one memory by id (from search_memory or list_memories) with its new text, when the user says something you remember is wrong or has changed. " +
      "Returns {id, memory, updated} (or that the change awaits the user's review).",
    scope: "memories:write",
    inputSchema: {
      memory_id: z.string().min(1).max(100).describe("The memory's id"),
      text: z.string().min(1).max(MAX_MEMORY_CHARS).describe("Its corrected text, in full"),
    },
    run: async (actor, { memory_id, text }) => {
      const { proposed } = await updateMemoryText(actor, memory_id, text);
      if (proposed) return new WithNote({ id: memory_id, updated: false, pending_review: true }, AWAITS_REVIEW_NOTE);
      return { id: memory_id, memory: text.trim(), updated: true };
    },
  }),
  tool({
    name: "delete_memories",
    title: "Delete memories",
    description:
      "Delete specific memories by id (from search_memory or list_memories), when the user asks to forget something precise. They go to the trash and can be restored from the dashboard. " +
      "All or nothing: an id this assistant cannot see fails the whole call. Returns {deleted}.",
    scope: "memories:write",
    inputSchema: { memory_ids: z.array(z.string().min(1).max(100)).min(1).max(100).describe("The ids of the memories to delete (1-100)") },
    annotations: { destructiveHint: true },
    run: async (actor, { memory_ids }) => {
      const { updated, proposed } = await changeState(actor, memory_ids, "delete", `delete_memories via ${actor.appName}`);
      if (proposed) return new WithNote({ deleted: 0, proposed_deletions: proposed }, AWAITS_REVIEW_NOTE);
      return { deleted: updated };
    },
  }),
  tool({
    name: "ask_memory",
    title: "Ask memory",
    description: "Answer a quick question about the user from their memories (e.g. 'Where does my sister live?'). Answers only from stored memories.",
    scope: "memories:read",
    inputSchema: { question: z.string().min(1).max(1000).describe("The question") },
    run: async (actor, { question }) => {
      const { answer, memory_ids } = await askMemory(actor, question, { limit: 10 });
      return { answer, memory_ids };
    },
  }),
  tool({
    name: "deep_memory_query",
    title: "Deep memory query",
    description: "A fuller answer over many of the user's memories, for broad questions (e.g. 'What do you know about my work history?').",
    scope: "memories:read",
    inputSchema: { search_query: z.string().min(1).max(1000).describe("The question or topic"), memory_limit: limit(100, 30, "How many memories to consider") },
    run: async (actor, { search_query, memory_limit }) => {
      const { answer, memory_ids, memories } = await askMemory(actor, search_query, { limit: memory_limit ?? 30 });
      return { answer, memory_ids, memories };
    },
  }),
];

export const TOOL_NAMES = TOOLS.map((t) => t.name);

const asText = (answer: unknown): CallToolResult => {
  const value = answer instanceof WithNote ? answer.value : answer;
  return {
    content: [
      { type: "text", text: typeof value === "string" ? value : JSON.stringify(value, null, 2) },
      ...(answer instanceof WithNote ? [{ type: "text" as const, text: answer.note }] : []),
    ],
  };
};

export function registerMemoryTools(server: McpServer, requestActor: MemoryActor): void {
  for (const t of TOOLS as Tool<z.ZodRawShape>[]) {
    server.registerTool(t.name, { title: t.title, description: t.description, inputSchema: t.inputSchema, annotations: t.annotations }, async (args: unknown) => {
      try {
        // Inside the tool: a database it cannot reach is a readable tool error, not a failed exchange.
        const actor = await stage("tool: credential settings", () => resolvedActor(requestActor));
        requireScope(actor, t.scope, "use this tool", actor.via === "oauth" ? "This connection" : undefined);
        // The client shows up as an app from its first call, as it always has.
        await stage("tool: app", () => actorAppId(actor));
        return asText(await stage(`tool: ${t.name}`, () => t.run(actor, args as z.infer<z.ZodObject<z.ZodRawShape>>)));
      } catch (e) {
        return toolErrorOf(e);
      }
    });
  }
}

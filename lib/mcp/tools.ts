// The MCP tool set, shared by the Claude path and the agent path. Tool names and
// arguments are an existing contract (the original server's): keep them.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { KeyScope } from "../auth/types";
import { log } from "../log";
import {
  addMemory,
  askMemory,
  deleteAllMemories,
  getMemory,
  getOrCreateApp,
  listMemories,
  MAX_MEMORY_CHARS,
  MemoryError,
  searchMemories,
  type MemoryActor,
} from "../memory";
import { logAccess } from "../memory/shared";

/** Everything a tool may know about its caller, passed in explicitly per request. */
export interface ToolContext {
  /** Internal users.id. */
  userId: string;
  /** The app memories are attributed to (x-client-name, or the API key's name). */
  appName: string;
  apiKeyId?: string;
  scopes: readonly KeyScope[];
}

const text = (value: unknown): CallToolResult => ({
  content: [{ type: "text", text: typeof value === "string" ? value : JSON.stringify(value, null, 2) }],
});

const toolError = (message: string): CallToolResult => ({ content: [{ type: "text", text: message }], isError: true });

/** Runs a tool body, turning failures into MCP tool errors (isError) — never a protocol failure, never a stack trace. */
async function run(ctx: ToolContext, scope: KeyScope, body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  if (!ctx.scopes.includes(scope)) {
    return toolError(`This API key does not have the ${scope} scope, so it cannot use this tool.`);
  }
  try {
    return await body();
  } catch (e) {
    if (e instanceof MemoryError) return toolError(e.message);
    log.error("MCP tool failed", { error: e, stack: (e as Error)?.stack });
    return toolError("The memory service could not complete this request. Please try again.");
  }
}

async function readerActor(ctx: ToolContext): Promise<MemoryActor> {
  const app = await getOrCreateApp(ctx.userId, ctx.appName);
  return { userId: ctx.userId, appId: app.id, apiKeyId: ctx.apiKeyId };
}

const limit = (max: number, fallback: number, what: string) =>
  z.number().int().min(1).max(max).optional().describe(`${what} (1-${max}, default ${fallback})`);

export function registerMemoryTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    "add_memories",
    {
      title: "Add memories",
      description:
        "Store something worth remembering about the user: a preference, fact, plan or event they mention. " +
        "Call it whenever the user shares personal information, even in passing. Returns what was added, updated or already known, with ids.",
      inputSchema: { text: z.string().min(1).max(MAX_MEMORY_CHARS).describe("What to remember, in plain language") },
    },
    ({ text: input }) => run(ctx, "memories:write", async () => text(await addMemory(ctx.userId, ctx.appName, input))),
  );

  server.registerTool(
    "search_memory",
    {
      title: "Search memories",
      description:
        "Search the user's memories by meaning and keywords. Call it before answering anything that may depend on " +
        "the user's preferences, history or personal details. Returns JSON: [{id, memory, score, created_at, app, categories}].",
      inputSchema: { query: z.string().min(1).max(1000).describe("What to look for"), limit: limit(100, 10, "How many results") },
    },
    ({ query, limit: n }) => run(ctx, "memories:read", async () => text(await searchMemories(await readerActor(ctx), query, { limit: n ?? 10 }))),
  );

  server.registerTool(
    "list_memories",
    {
      title: "List memories",
      description: "List the user's most recent active memories, newest first. Returns JSON: [{id, memory, created_at, app, categories}].",
      inputSchema: { limit: limit(100, 50, "How many memories") },
    },
    ({ limit: n }) =>
      run(ctx, "memories:read", async () => {
        const page = await listMemories(await readerActor(ctx), { size: n ?? 50, states: ["active"], sortColumn: "created_at", sortDirection: "desc" });
        return text(page.items.map((m) => ({ id: m.id, memory: m.memory, created_at: m.created_at, app: m.app.name, categories: m.categories })));
      }),
  );

  server.registerTool(
    "get_memory_details",
    {
      title: "Get memory details",
      description: "Get one memory by id, with its state, app, categories, metadata and timestamps.",
      inputSchema: { memory_id: z.string().min(1).max(100).describe("The memory's id (a uuid from search_memory or list_memories)") },
    },
    ({ memory_id }) =>
      run(ctx, "memories:read", async () => {
        const actor = await readerActor(ctx);
        // Look it up unlogged first: only an active memory is returned, so only that read is logged.
        const memory = await getMemory({ userId: actor.userId }, memory_id);
        if (memory.state !== "active") throw new MemoryError("not_found", "Memory not found");
        await logAccess(actor, [memory.id], "get");
        return text(memory);
      }),
  );

  server.registerTool(
    "delete_all_memories",
    {
      title: "Delete all memories",
      description: "Delete ALL of the user's memories (they go to the trash and can be restored from the dashboard). Only call this when the user explicitly asks to forget everything.",
      inputSchema: {},
      annotations: { destructiveHint: true },
    },
    () =>
      run(ctx, "memories:write", async () => {
        const actor = await readerActor(ctx);
        const { deleted, ids } = await deleteAllMemories(ctx.userId, `delete_all_memories via ${ctx.appName}`);
        await logAccess(actor, ids, "delete_all");
        return text({ deleted, message: deleted ? `Deleted ${deleted} memories.` : "There were no memories to delete." });
      }),
  );

  server.registerTool(
    "ask_memory",
    {
      title: "Ask memory",
      description: "Answer a quick question about the user from their memories (e.g. 'Where does my sister live?'). Answers only from stored memories.",
      inputSchema: { question: z.string().min(1).max(1000).describe("The question") },
    },
    ({ question }) =>
      run(ctx, "memories:read", async () => {
        const answer = await askMemory(await readerActor(ctx), question, { limit: 10 });
        return text({ answer: answer.answer, memory_ids: answer.memory_ids });
      }),
  );

  server.registerTool(
    "deep_memory_query",
    {
      title: "Deep memory query",
      description: "A fuller answer over many of the user's memories, for broad questions (e.g. 'What do you know about my work history?').",
      inputSchema: { search_query: z.string().min(1).max(1000).describe("The question or topic"), memory_limit: limit(100, 30, "How many memories to consider") },
    },
    ({ search_query, memory_limit }) =>
      run(ctx, "memories:read", async () => {
        const answer = await askMemory(await readerActor(ctx), search_query, { limit: memory_limit ?? 30 });
        return text({ answer: answer.answer, memory_ids: answer.memory_ids, memories: answer.memories });
      }),
  );
}

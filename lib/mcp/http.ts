// Serving MCP over HTTP from a route handler: the official SDK's Streamable HTTP
// transport in stateless mode with JSON responses — a new server per request, the
// caller's actor passed in, nothing shared between requests.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { BodyTooLargeError } from "../errors";
import { readBodyText } from "../http/body";
import { log } from "../log";
import type { MemoryActor } from "../memory";
import { VERSION } from "../version";
import { internalError, jsonRpcDomainError, jsonRpcError } from "./errors";
import { registerMemoryTools } from "./tools";
import { stage } from "../stage-timing";

export const MAX_MCP_BODY_BYTES = 1_000_000;

export function methodNotAllowed(): Response {
  return jsonRpcError(405, -32000, "Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages to it", { Allow: "POST" });
}

/** GET/DELETE: no server-initiated stream in stateless mode. */
export async function mcpMethodNotAllowed(): Promise<Response> {
  return methodNotAllowed();
}

const INSTRUCTIONS =
  "Jean Memory is the user's personal memory. Search it (search_memory) before answering questions that may depend " +
  "on who the user is or what they told you before, and store new personal facts with add_memories.";

// The SDK builds a JSON Schema validator (a new Ajv with its formats) for every
// server unless given one; it validates only what a server elicits, which ours never
// does. One for the process, not one per request: createMemoryServer 0.21 -> 0.02 ms p50.
const jsonSchemaValidator = new AjvJsonSchemaValidator();

export function createMemoryServer(actor: MemoryActor): McpServer {
  const server = new McpServer({ name: "jean-memory", version: VERSION }, { instructions: INSTRUCTIONS, jsonSchemaValidator });
  registerMemoryTools(server, actor);
  answerBadParamsAsInvalidParams(server);
  return server;
}

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/**
 * The SDK checks a request's params against the method's schema before its handler
 * runs, and answers a mismatch (`initialize` without `protocolVersion`, `tools/call`
 * whose `arguments` is a string…) as -32603 "Internal error" with zod's issue list
 * as the message: a thrown error without a numeric code. It is the caller's
 * mistake, so it is answered -32602 Invalid params, naming the field. (The handlers
 * live in the SDK's Protocol#_requestHandlers; if that ever moves, nothing is
 * wrapped and app/fuzz.test.ts, which refuses -32603, fails.)
 */
function answerBadParamsAsInvalidParams(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers?: unknown })._requestHandlers;
  if (!(handlers instanceof Map)) return;
  for (const [method, handler] of handlers as Map<string, RequestHandler>) {
    handlers.set(method, async (request: unknown, extra: unknown) => {
      try {
        return await handler(request, extra);
      } catch (e) {
        const issues = e instanceof Error && /^\$?ZodError$/.test(e.name) ? (e as Error & { issues?: { path?: PropertyKey[]; message?: string }[] }).issues : undefined;
        if (!Array.isArray(issues)) throw e;
        const first = issues[0];
        const field = (first?.path ?? []).map(String).join(".") || "params";
        throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${field}: ${first?.message ?? "invalid"}`);
      }
    });
  }
}

/**
 * Handles one MCP POST. Plain JSON-RPC clients get JSON whatever their Accept
 * header (the existing Claude contract), so Accept and a missing Content-Type are
 * normalised before the SDK, which would otherwise answer 406/415.
 */
/** The body of an MCP POST (streamed, capped), or the 413 JSON-RPC answer. */
export async function readMcpBody(request: Request): Promise<string | Response> {
  try {
    return await readBodyText(request, MAX_MCP_BODY_BYTES, `Request body larger than ${MAX_MCP_BODY_BYTES} bytes`);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return jsonRpcDomainError(e);
    throw e;
  }
}

/** How many calls a JSON-RPC body makes: one per request in a batch (notifications too), one for anything else. */
export function countJsonRpcCalls(body: string): number {
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? Math.max(parsed.length, 1) : 1;
  } catch {
    return 1; // the SDK answers the parse error
  }
}

export async function handleMcpPost(request: Request, actor: MemoryActor, readBody?: string): Promise<Response> {
  const body = readBody ?? (await readMcpBody(request));
  if (body instanceof Response) return body;

  const headers = new Headers(request.headers);
  headers.set("accept", "application/json, text/event-stream");
  if (!headers.get("content-type")?.includes("application/json")) headers.set("content-type", "application/json");
  headers.delete("content-length"); // the body is passed on as text; let Request set its length
  const normalised = new Request(request.url, { method: "POST", headers, body });

  const server = await stage("mcp: server and tools", async () => createMemoryServer(actor));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  transport.onerror = (e) => log.debug("MCP transport rejected a request", { error: e });
  try {
    await server.connect(transport);
    return await stage("mcp: exchange", () => transport.handleRequest(normalised));
  } catch (e) {
    log.error("MCP request failed", { error: e, stack: (e as Error)?.stack });
    return internalError(e);
  } finally {
    // JSON responses are complete when handleRequest resolves.
    void server.close().catch(() => {});
  }
}

// Serving MCP over HTTP from a route handler: the official SDK's Streamable HTTP
// transport in stateless mode with JSON responses — a new server per request, the
// caller's context passed in, nothing shared between requests.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { log } from "../log";
import { VERSION } from "../version";
import { registerMemoryTools, type ToolContext } from "./tools";

export const MAX_MCP_BODY_BYTES = 1_000_000;

/** A JSON-RPC error response (for failures before the request reaches the SDK). */
export function jsonRpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });
}

export function methodNotAllowed(): Response {
  return jsonRpcError(405, -32000, "Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages to it", { Allow: "POST" });
}

const INSTRUCTIONS =
  "Jean Memory is the user's personal memory. Search it (search_memory) before answering questions that may depend " +
  "on who the user is or what they told you before, and store new personal facts with add_memories.";

export function createMemoryServer(ctx: ToolContext): McpServer {
  const server = new McpServer({ name: "jean-memory", version: VERSION }, { instructions: INSTRUCTIONS });
  registerMemoryTools(server, ctx);
  return server;
}

/**
 * Handles one MCP POST. Plain JSON-RPC clients get JSON whatever their Accept
 * header (the existing Claude contract), so Accept and a missing Content-Type are
 * normalised before the SDK, which would otherwise answer 406/415.
 */
export async function handleMcpPost(request: Request, ctx: ToolContext): Promise<Response> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_MCP_BODY_BYTES) return jsonRpcError(413, -32600, `Request body larger than ${MAX_MCP_BODY_BYTES} bytes`);
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_MCP_BODY_BYTES) return jsonRpcError(413, -32600, `Request body larger than ${MAX_MCP_BODY_BYTES} bytes`);

  const headers = new Headers(request.headers);
  headers.set("accept", "application/json, text/event-stream");
  if (!headers.get("content-type")?.includes("application/json")) headers.set("content-type", "application/json");
  const normalised = new Request(request.url, { method: "POST", headers, body });

  const server = createMemoryServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  transport.onerror = (e) => log.debug("MCP transport rejected a request", { error: e });
  try {
    await server.connect(transport);
    return await transport.handleRequest(normalised);
  } catch (e) {
    log.error("MCP request failed", { error: e, stack: (e as Error)?.stack });
    return jsonRpcError(500, -32603, "Internal error");
  } finally {
    // JSON responses are complete when handleRequest resolves.
    void server.close().catch(() => {});
  }
}

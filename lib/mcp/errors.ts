// The MCP rendering of errors. Before the SDK sees a request (auth, body size) a
// failure is a JSON-RPC error over HTTP with the status of lib/http/status.ts;
// inside a tool a domain error is a tool error (isError) the model can read —
// never a protocol failure, never a stack trace.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../db/errors";
import { DomainError } from "../errors";
import { errorHeaders, httpStatusOf, UNAVAILABLE_RETRY_AFTER_SECONDS } from "../http/status";
import { log } from "../log";

/** A JSON-RPC error response (for failures before the request reaches the SDK). */
export function jsonRpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers });
}

// Server-defined JSON-RPC codes (-32000…-32099) for the failures we answer ourselves.
const JSON_RPC_CODE = { auth: -32001, rate_limited: -32029, payload_too_large: -32600 } as const;

/** A domain error met before the SDK (auth, rate limit, body size) as a JSON-RPC error. */
export function jsonRpcDomainError(e: DomainError, opts: { bearer?: boolean } = {}): Response {
  const code = e.code === "rate_limited" || e.code === "payload_too_large" ? JSON_RPC_CODE[e.code] : JSON_RPC_CODE.auth;
  return jsonRpcError(httpStatusOf(e.code), code, e.message, errorHeaders(e, opts));
}

/** An unexpected failure before or around the SDK: 503 + Retry-After when the database is unreachable, else 500. */
export function internalError(e?: unknown): Response {
  if (e !== undefined && isDatabaseUnavailable(e)) {
    return jsonRpcError(503, -32603, DATABASE_UNAVAILABLE_MESSAGE, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
  }
  return jsonRpcError(500, -32603, "Internal error");
}

export const toolError = (message: string): CallToolResult => ({ content: [{ type: "text", text: message }], isError: true });

/** Anything a tool body threw, as a tool error: the domain's message, or a generic one (logged). */
export function toolErrorOf(e: unknown): CallToolResult {
  if (e instanceof DomainError) return toolError(e.message);
  if (isDatabaseUnavailable(e)) {
    log.warn("database unavailable during an MCP tool call", { error: e });
    return toolError(DATABASE_UNAVAILABLE_MESSAGE);
  }
  log.error("MCP tool failed", { error: e, stack: (e as Error)?.stack });
  return toolError("The memory service could not complete this request. Please try again.");
}

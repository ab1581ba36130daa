// Route wrappers, one per credential kind, so a route cannot mix auth paths by
// accident: `export const GET = withSupaUser(async ({ principal }) => …)`.
// Each ends in the same error handler. The MCP routes have their own wrappers
// in lib/mcp (they answer in JSON-RPC).
import { z } from "zod";
import { getCurrentAgent } from "../auth/agent-key";
import { getCurrentSupaUser } from "../auth/supa-user";
import type { AgentPrincipal, AuthError, KeyScope, UserPrincipal } from "../auth/types";
import { ApiError, errorResponse, handleApiError } from "./errors";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export interface HandlerArgs<P> {
  request: Request;
  principal: P;
  params: Record<string, string | string[] | undefined>;
}

function authErrorResponse(error: AuthError, headers?: HeadersInit): Response {
  return errorResponse(error.status, error.code, error.message, undefined, headers);
}

export function withSupaUser(handler: (args: HandlerArgs<UserPrincipal>) => Promise<Response>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const auth = await getCurrentSupaUser(request);
      if (!auth.ok) return authErrorResponse(auth.error);
      return await handler({ request, principal: auth.principal, params: (await context?.params) ?? {} });
    } catch (e) {
      return handleApiError(e);
    }
  };
}

export function withAgentKey(
  handler: (args: HandlerArgs<AgentPrincipal>) => Promise<Response>,
  options: { scopes?: KeyScope[] } = {},
) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    try {
      const auth = await getCurrentAgent(request);
      if (!auth.ok) {
        return authErrorResponse(auth.error, auth.error.status === 401 ? { "WWW-Authenticate": "Bearer" } : undefined);
      }
      const missing = (options.scopes ?? []).filter((s) => !auth.principal.scopes.includes(s));
      if (missing.length > 0) throw new ApiError("forbidden", `This key lacks the scope ${missing.join(", ")}`);
      return await handler({ request, principal: auth.principal, params: (await context?.params) ?? {} });
    } catch (e) {
      return handleApiError(e);
    }
  };
}

const MAX_JSON_BYTES = 1_000_000;

/** Reads and validates a JSON body; bad JSON, wrong types and oversize bodies become 4xx. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_JSON_BYTES): Promise<z.infer<T>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new ApiError("payload_too_large", `Body is larger than ${maxBytes} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError("payload_too_large", `Body is larger than ${maxBytes} bytes`);
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "Body is not valid JSON");
  }
  return schema.parse(body);
}

// Route handlers for the two MCP endpoints, one per auth path. They share the
// tool set and the HTTP handling, never the authentication:
//   /mcp/messages        — getGatewayUser (x-user-id from a trusted proxy; Authorization ignored)
//   /agent/v1/mcp[/messages] — getCurrentAgent (Bearer jean_sk_…; x-user-id ignored)
import { getCurrentAgent } from "../auth/agent-key";
import { getGatewayUser } from "../auth/gateway";
import type { AuthError, KeyScope } from "../auth/types";
import { getConfig } from "../config";
import { handleMcpPost, jsonRpcError, methodNotAllowed } from "./http";
import { RateLimiter } from "./rate-limit";

const ALL_SCOPES: readonly KeyScope[] = ["memories:read", "memories:write"];

function authFailure(error: AuthError, bearer: boolean): Response {
  return jsonRpcError(error.status, -32001, error.message, bearer && error.status === 401 ? { "WWW-Authenticate": "Bearer" } : {});
}

/** POST /mcp/messages — the Claude (supergateway) contract. */
export async function gatewayMcpPost(request: Request): Promise<Response> {
  try {
    const auth = await getGatewayUser(request);
    if (!auth.ok) return authFailure(auth.error, false);
    const { user, appName } = auth.principal;
    return await handleMcpPost(request, { userId: user.id, appName, scopes: ALL_SCOPES });
  } catch {
    return jsonRpcError(500, -32603, "Internal error");
  }
}

let limiter: { limit: number; instance: RateLimiter } | undefined;
function rateLimiter(): RateLimiter {
  const limit = getConfig().agentRateLimitPerMinute;
  if (limiter?.limit !== limit) limiter = { limit, instance: new RateLimiter(limit) };
  return limiter.instance;
}

/** POST /agent/v1/mcp — third-party agents with an API key. */
export async function agentMcpPost(request: Request): Promise<Response> {
  try {
    const auth = await getCurrentAgent(request);
    if (!auth.ok) return authFailure(auth.error, true);
    const { user, keyId, scopes, appName } = auth.principal;
    const retryAfter = rateLimiter().hit(keyId);
    if (retryAfter > 0) {
      return jsonRpcError(429, -32029, `Rate limit exceeded: at most ${getConfig().agentRateLimitPerMinute} requests per minute per key`, {
        "Retry-After": String(retryAfter),
      });
    }
    return await handleMcpPost(request, { userId: user.id, appName, apiKeyId: keyId, scopes });
  } catch {
    return jsonRpcError(500, -32603, "Internal error");
  }
}

/** GET/DELETE: no server-initiated stream in stateless mode. */
export async function mcpMethodNotAllowed(): Promise<Response> {
  return methodNotAllowed();
}

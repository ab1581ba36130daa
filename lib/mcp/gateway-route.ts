// POST /mcp/messages — the Claude (supergateway / trusted proxy) contract:
// getGatewayUser (x-user-id; Authorization ignored). Shares the tool set and the
// HTTP handling with the agent path, never the authentication.
import "server-only";
import { getGatewayUser } from "../auth/gateway";
import { loggedRequest } from "../http/request-log";
import { gatewayActorWithStoredPolicy } from "../memory";
import { internalError, jsonRpcDomainError } from "./errors";
import { handleMcpPost } from "./http";
import { stage } from "../stage-timing";

export function gatewayMcpPost(request: Request): Promise<Response> {
  return loggedRequest("gateway", request, () => answer(request));
}

async function answer(request: Request): Promise<Response> {
  try {
    const auth = await stage("gateway: auth", () => getGatewayUser(request));
    if (!auth.ok) return jsonRpcDomainError(auth.error);
    const { user, appName } = auth.principal;
    // The person's trust settings for this client name are read when a tool runs.
    return await handleMcpPost(request, gatewayActorWithStoredPolicy(user.id, appName));
  } catch (e) {
    return internalError(e);
  }
}

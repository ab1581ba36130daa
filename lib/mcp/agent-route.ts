// POST /agent/v1/mcp[/messages] — third-party agents with an API key, through the
// agent auth core (lib/auth/agent-key.ts). The per-key rate limit counts every call
// of a JSON-RPC batch (a batch that would pass it is refused whole, 429); each tool
// checks its own scope. x-user-id is ignored here.
import "server-only";
import { authenticateAgent, chargeAgentCalls } from "../auth/agent-key";
import { loggedRequest } from "../http/request-log";
import { agentActor } from "../memory";
import { internalError, jsonRpcDomainError } from "./errors";
import { countJsonRpcCalls, handleMcpPost, readMcpBody } from "./http";

export function agentMcpPost(request: Request): Promise<Response> {
  return loggedRequest("agent-mcp", request, () => answer(request));
}

async function answer(request: Request): Promise<Response> {
  try {
    const auth = await authenticateAgent(request);
    if (!auth.ok) return jsonRpcDomainError(auth.error, { bearer: true });
    // Read (capped) only once the key is known, then charge every call in it.
    const body = await readMcpBody(request);
    if (body instanceof Response) return body;
    const refused = await chargeAgentCalls(auth.principal, countJsonRpcCalls(body));
    if (refused) return jsonRpcDomainError(refused);
    const { user, ...key } = auth.principal;
    return await handleMcpPost(request, agentActor(user.id, key), body);
  } catch (e) {
    return internalError(e);
  }
}

// POST /agent/v1/mcp[/messages] — third-party agents with an API key, through the
// agent auth core (lib/auth/agent-key.ts) with the per-key rate limit; each tool
// checks its own scope. x-user-id is ignored here.
import "server-only";
import { authenticateAgent } from "../auth/agent-key";
import { agentActor } from "../memory";
import { internalError, jsonRpcDomainError } from "./errors";
import { handleMcpPost } from "./http";

export async function agentMcpPost(request: Request): Promise<Response> {
  try {
    const auth = await authenticateAgent(request, { rateLimit: true });
    if (!auth.ok) return jsonRpcDomainError(auth.error, { bearer: true });
    const { user, ...key } = auth.principal;
    return await handleMcpPost(request, agentActor(user.id, key));
  } catch {
    return internalError();
  }
}

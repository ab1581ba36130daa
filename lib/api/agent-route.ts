// The REST route wrapper of the agent path (app/agent/v1/*): an API key, through
// the same core as the agent MCP endpoint (lib/auth/agent-key.ts authenticateAgent).
import "server-only";
import { authenticateAgent, type AgentAuthOptions } from "../auth/agent-key";
import type { AgentPrincipal } from "../auth/types";
import { loggedRequest } from "../http/request-log";
import { domainErrorResponse, handleApiError } from "./errors";
import type { HandlerArgs, RouteContext } from "./route";

export function withAgentKey(handler: (args: HandlerArgs<AgentPrincipal>) => Promise<Response>, options: AgentAuthOptions = {}) {
  return (request: Request, context?: RouteContext): Promise<Response> => loggedRequest("agent", request, async () => {
    try {
      const auth = await authenticateAgent(request, options);
      if (!auth.ok) return domainErrorResponse(auth.error, { bearer: true });
      return await handler({ request, principal: auth.principal, params: (await context?.params) ?? {} });
    } catch (e) {
      return handleApiError(e);
    }
  });
}

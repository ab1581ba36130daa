// POST /mcp — MCP for connectors (claude.ai, ChatGPT, Cursor, VS Code) with an
// OAuth access token, through its own auth helper (lib/auth/connector-token.ts).
// The same tools and HTTP handling as the other MCP paths; a 401 points the
// client at our protected resource metadata (RFC 9728) so it can start OAuth.
// CORS is open: the credential is a bearer token, never a cookie.
import "server-only";
import { authenticateConnector, chargeConnectorCalls, connectorChallenge } from "../auth/connector-token";
import { loggedRequest } from "../http/request-log";
import { errorHeaders, httpStatusOf } from "../http/status";
import { connectorActor } from "../memory";
import { CORS_HEADERS, preflight } from "../oauth/http";
import { internalError, jsonRpcDomainError, jsonRpcError } from "./errors";
import { countJsonRpcCalls, handleMcpPost, methodNotAllowed, readMcpBody } from "./http";

function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(CORS_HEADERS)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function connectorMcpPost(request: Request): Promise<Response> {
  return loggedRequest("connector-mcp", request, async () => withCors(await answer(request)));
}

async function answer(request: Request): Promise<Response> {
  try {
    const auth = await authenticateConnector(request);
    if (!auth.ok) {
      const e = auth.error;
      if (httpStatusOf(e.code) !== 401) return jsonRpcDomainError(e);
      return jsonRpcError(401, -32001, e.message, { ...errorHeaders(e), "WWW-Authenticate": connectorChallenge(request, e) });
    }
    const body = await readMcpBody(request);
    if (body instanceof Response) return body;
    const refused = await chargeConnectorCalls(auth.principal, countJsonRpcCalls(body));
    if (refused) return jsonRpcDomainError(refused);
    const { user, ...grant } = auth.principal;
    return await handleMcpPost(request, connectorActor(user.id, grant), body);
  } catch (e) {
    return internalError(e);
  }
}

export async function connectorMcpOptions(): Promise<Response> {
  return preflight();
}

/** GET/DELETE: stateless, no server-initiated stream (with CORS, for browser clients). */
export async function connectorMcpMethodNotAllowed(): Promise<Response> {
  return withCors(methodNotAllowed());
}

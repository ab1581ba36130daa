// Auth for MCP connectors (claude.ai, ChatGPT, Cursor, VS Code) on /mcp: an OAuth
// 2.1 access token from our own authorization server (lib/oauth), `Authorization:
// Bearer <JWT>`. Its own helper, like every path's: session JWTs, `jean_sk_` keys
// and x-user-id mean nothing here, and these tokens mean nothing elsewhere (their
// signing key, typ and audience are this path's alone).
//
// A token is accepted when its signature, issuer, audience (<origin>/mcp), type
// and expiry check out AND its grant is still active: the grant is read on every
// request, so revoking a connection ends its tokens at once on every instance.
import "server-only";
import { getConfig } from "../config";
import { getPrisma } from "../db";
import { AuthError } from "../errors";
import { callLimiter } from "../keys/rate-limit";
import { parseStoredScopes } from "../keys/scopes";
import { log } from "../log";
import { verifyAccessToken } from "../oauth/access-tokens";
import { noteGrantUse } from "../oauth/grants";
import { protectedResourceMetadataUrl, serverOrigin } from "../oauth/urls";
import { authFailure, type AuthResult, type ConnectorPrincipal } from "./types";

const MAX_TOKEN = 4_000;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The WWW-Authenticate challenge a 401 on /mcp carries (RFC 9728 §5.1), pointing at our metadata. */
export function connectorChallenge(request: Request, error?: AuthError): string {
  const metadata = protectedResourceMetadataUrl(serverOrigin(request));
  const code = error && error.code !== "unauthenticated" ? `, error="invalid_token", error_description="${error.message.replace(/["\\]/g, "")}"` : "";
  return `Bearer resource_metadata="${metadata}"${code}`;
}

export async function authenticateConnector(request: Request): Promise<AuthResult<ConnectorPrincipal>> {
  const header = request.headers.get("authorization");
  if (header === null) return authFailure("unauthenticated", "Missing Authorization: Bearer <access token>; connect through OAuth (see the protected resource metadata)");
  const token = /^Bearer ([^\s]+)$/.exec(header)?.[1];
  const rejected = (message = "Invalid access token") => authFailure("invalid_token", message);
  if (!token || token.length > MAX_TOKEN || !JWT_SHAPE.test(token)) return rejected();
  try {
    const origin = serverOrigin(request);
    const check = await verifyAccessToken(token, origin);
    if (!check.ok) return check.expired ? authFailure("token_expired", "The access token has expired; refresh it") : rejected();
    const { userId, grantId, clientId, scopes } = check.claims;
    if (!UUID.test(grantId) || !UUID.test(userId)) return rejected();
    const grant = await (await getPrisma()).oAuthGrant.findUnique({ where: { id: grantId }, include: { user: true } });
    if (!grant || grant.revokedAt || grant.userId !== userId || grant.clientId !== clientId) return rejected("This connection was revoked or does not exist");
    noteGrantUse(grant.id, grant.lastUsedAt);
    const allowed = parseStoredScopes(grant.scopes);
    return {
      ok: true,
      principal: { kind: "connector", user: grant.user, grantId: grant.id, clientId, appName: grant.appName, scopes: scopes.filter((s) => allowed.includes(s)), policy: { hideSensitive: grant.hideSensitive, reviewWrites: grant.reviewWrites } },
    };
  } catch (e) {
    log.error("could not verify an OAuth access token", { error: e });
    return authFailure("unavailable", "The service is temporarily unavailable");
  }
}

/** Charges `calls` to the connection's per-minute limit (AGENT_RATE_LIMIT_PER_MINUTE, as for keys). */
export async function chargeConnectorCalls(principal: ConnectorPrincipal, calls: number): Promise<AuthError | undefined> {
  const limit = getConfig().agentRateLimitPerMinute;
  const retryAfter = await (await callLimiter()).charge(`oauth-grant:${principal.grantId}`, calls, limit);
  if (retryAfter === 0) return undefined;
  const what = calls > 1 ? `this batch of ${calls} calls would pass the limit of` : "at most";
  return new AuthError("rate_limited", `Rate limit exceeded: ${what} ${limit} requests per minute per connection`, undefined, retryAfter);
}

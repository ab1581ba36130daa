// Auth for third-party agents (app/agent/v1/*): `Authorization: Bearer jean_sk_…`.
// One core, authenticateAgent, serves REST (/agent/v1/me) and MCP (/agent/v1/mcp*):
// the key, then the scopes and the per-key rate limit the route asks for. Each
// transport renders the failure its own way (lib/api/agent-route.ts, lib/mcp/agent-route.ts).
//
// Shape and checksum are checked before any database work; the key itself is never
// stored or logged, only its SHA-256, and only lib/keys sees that (lib/keys/verify.ts:
// the 30 s verified-key cache, `last_used_at` at most once a minute).
import "server-only";
import { getConfig } from "../config";
import { isWellFormedKey } from "../keys/format";
import { callLimiter } from "../keys/rate-limit";
import { keyAttemptsBlocked, recordFailedKeyAttempt } from "./address-limits";
import { requireScope } from "../keys/scopes";
import { verifyAgentKey } from "../keys/verify";
import { AuthError } from "../errors";
import { log } from "../log";
import { authFailure, type AgentPrincipal, type AuthResult, type KeyScope } from "./types";

// One message for every failure, so a caller cannot tell a revoked key from one
// that never existed.
const REJECTED = "Invalid or expired API key";
const MAX_HEADER = 200;

/** The key in an Authorization header, or undefined when there is none of the right shape. */
export function parseAgentKeyHeader(header: string | null): string | undefined {
  if (header === null || header.length > MAX_HEADER) return undefined;
  const match = /^Bearer (jean_sk_[0-9A-Za-z]+)$/.exec(header);
  if (!match || !isWellFormedKey(match[1])) return undefined;
  return match[1];
}

/** Who the request's key acts for (no scope or rate-limit checks). */
export async function getCurrentAgent(request: Request): Promise<AuthResult<AgentPrincipal>> {
  const header = request.headers.get("authorization");
  if (header === null) return authFailure("unauthenticated", "Missing Authorization: Bearer <API key>");
  const key = parseAgentKeyHeader(header);
  const rejected = async () => {
    await recordFailedKeyAttempt(request);
    return authFailure("invalid_api_key", REJECTED);
  };
  try {
    // An address that keeps guessing is stopped before its next guess is verified
    // (on PostgreSQL the count is shared by every instance: one indexed read).
    const blocked = await keyAttemptsBlocked(request);
    if (blocked) return { ok: false, error: blocked };
    if (key === undefined) return await rejected();
    const principal = await verifyAgentKey(key);
    return principal ? { ok: true, principal } : await rejected();
  } catch (e) {
    log.error("could not verify an API key", { error: e });
    return authFailure("unavailable", "The service is temporarily unavailable");
  }
}

export interface AgentAuthOptions {
  /** Scopes the whole route needs (MCP checks each tool's scope itself). */
  scopes?: readonly KeyScope[];
  /** Count this request as one call against the key's per-minute limit (AGENT_RATE_LIMIT_PER_MINUTE). */
  rateLimit?: boolean;
}

/**
 * Charges `calls` calls to the key's per-minute limit: undefined when allowed,
 * else a rate_limited error (with Retry-After) and nothing charged.
 */
export async function chargeAgentCalls(principal: AgentPrincipal, calls: number): Promise<AuthError | undefined> {
  const limit = getConfig().agentRateLimitPerMinute;
  const retryAfter = await (await callLimiter()).charge(`agent-key:${principal.keyId}`, calls, limit);
  if (retryAfter === 0) return undefined;
  const what = calls > 1 ? `this batch of ${calls} calls would pass the limit of` : "at most";
  return new AuthError("rate_limited", `Rate limit exceeded: ${what} ${limit} requests per minute per key`, undefined, retryAfter);
}

/** The agent auth core: key, then scopes, then rate limit. */
export async function authenticateAgent(request: Request, options: AgentAuthOptions = {}): Promise<AuthResult<AgentPrincipal>> {
  const auth = await getCurrentAgent(request);
  if (!auth.ok) return auth;
  try {
    for (const scope of options.scopes ?? []) requireScope(auth.principal, scope);
  } catch (e) {
    if (e instanceof AuthError) return { ok: false, error: e };
    throw e;
  }
  if (options.rateLimit) {
    const refused = await chargeAgentCalls(auth.principal, 1);
    if (refused) return { ok: false, error: refused };
  }
  return auth;
}

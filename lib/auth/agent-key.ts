// Auth for third-party agents (app/agent/v1/*): `Authorization: Bearer jean_sk_…`.
// Shape and checksum are checked before any database work; the key itself is never
// stored or logged, only its SHA-256.
//
// A verified key is cached in-process by its hash (lib/keys/cache.ts: 30 s by
// default, AGENT_KEY_CACHE_SECONDS, LRU of 10 000). Revoking through lib/keys
// evicts it on this instance at once; other instances see a revocation within the
// cache TTL. `last_used_at` is written in the background at most once a minute
// (lib/keys/usage.ts).
import { getConfig } from "../config";
import { getPrisma } from "../db";
import { verifiedKeyCache } from "../keys/cache";
import { hashKey, isWellFormedKey } from "../keys/format";
import { parseStoredScopes } from "../keys/scopes";
import { noteKeyUse } from "../keys/usage";
import { log } from "../log";
import { authFailure, type AgentPrincipal, type AuthResult } from "./types";

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

export async function getCurrentAgent(request: Request): Promise<AuthResult<AgentPrincipal>> {
  const header = request.headers.get("authorization");
  if (header === null) return authFailure(401, "unauthenticated", "Missing Authorization: Bearer <API key>");
  const key = parseAgentKeyHeader(header);
  if (key === undefined) return authFailure(401, "invalid_api_key", REJECTED);

  const keyHash = hashKey(key);
  const cache = verifiedKeyCache();
  const ttlMs = getConfig().agentKeyCacheSeconds * 1000;
  if (ttlMs > 0) {
    const cached = cache.get(keyHash);
    if (cached) {
      noteKeyUse(cached.keyId);
      return { ok: true, principal: cached };
    }
  }

  try {
    const epoch = cache.epoch;
    const prisma = await getPrisma();
    const row = await prisma.apiKey.findUnique({ where: { keyHash }, include: { user: true } });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
      return authFailure(401, "invalid_api_key", REJECTED);
    }
    const principal: AgentPrincipal = {
      kind: "agent",
      user: row.user,
      keyId: row.id,
      scopes: parseStoredScopes(row.scopes),
      appName: row.name,
    };
    if (ttlMs > 0) {
      cache.set(keyHash, { principal, keyExpiresAt: row.expiresAt?.getTime() ?? null, cachedUntil: now.getTime() + ttlMs }, epoch);
    }
    noteKeyUse(row.id, row.lastUsedAt);
    return { ok: true, principal };
  } catch (e) {
    log.error("could not verify an API key", { error: e });
    return authFailure(503, "unavailable", "The service is temporarily unavailable");
  }
}

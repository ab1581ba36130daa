// Verifying an agent key: its hash, the in-process cache, the database row. The
// key's hash is computed and compared here and never returned: rows are read with
// `omit: { keyHash: true }`, and ESLint refuses `keyHash` outside lib/keys.
import "server-only";
import { getConfig } from "../config";
import { getPrisma } from "../db";
import { forgetChangedCredentials } from "../auth/revocation";
import type { AgentPrincipal } from "../auth/types";
import { verifiedKeyCache } from "./cache";
import { hashKey } from "./format";
import { parseStoredScopes } from "./scopes";
import { noteKeyUse } from "./usage";

/**
 * The principal a well-formed key acts as, or null when the key is unknown, revoked
 * or expired. Throws when the database cannot be reached (callers answer 503).
 */
export async function verifyAgentKey(key: string): Promise<AgentPrincipal | null> {
  const keyHash = hashKey(key);
  const cache = verifiedKeyCache();
  const ttlMs = getConfig().agentKeyCacheSeconds * 1000;
  if (ttlMs > 0) {
    // A key revoked through another instance must not live on in this one's cache.
    await forgetChangedCredentials();
    const cached = cache.get(keyHash);
    if (cached) {
      noteKeyUse(cached.keyId);
      return cached;
    }
  }
  const epoch = cache.epoch;
  const prisma = await getPrisma();
  const row = await prisma.apiKey.findUnique({ where: { keyHash }, omit: { keyHash: true }, include: { user: true } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  const principal: AgentPrincipal = { kind: "agent", user: row.user, keyId: row.id, scopes: parseStoredScopes(row.scopes), appName: row.name, policy: { hideSensitive: row.hideSensitive, reviewWrites: row.reviewWrites } };
  if (ttlMs > 0) cache.set(keyHash, { principal, keyExpiresAt: row.expiresAt?.getTime() ?? null, cachedUntil: now.getTime() + ttlMs }, epoch);
  noteKeyUse(row.id, row.lastUsedAt);
  return principal;
}

// In-process cache of verified agent keys, keyed by the key's SHA-256 (never the
// key). Semantics:
//   - A verified key is trusted for `ttlMs` (AGENT_KEY_CACHE_SECONDS, default 30 s;
//     0 turns the cache off); its own expires_at is still checked on every hit.
//   - At most `maxEntries` (10 000) keys; the least recently used is dropped first.
//   - Revoking or renaming a key through lib/keys evicts it here, so on THIS
//     instance revocation takes effect at once. Other instances (and revocations
//     written to the database by anything else) are seen within the TTL at most.
//   - Every eviction bumps `epoch`; a lookup that started before an eviction does
//     not store its (possibly stale) result, so a revoke racing an in-flight
//     verification cannot re-insert the revoked key.
import "server-only";
import type { AgentPrincipal } from "../auth/types";

export interface CachedKey {
  principal: AgentPrincipal;
  /** The key's own expiry (ms since epoch), or null for never. */
  keyExpiresAt: number | null;
  /** When this entry stops being trusted (ms since epoch). */
  cachedUntil: number;
}

export class VerifiedKeyCache {
  private entries = new Map<string, CachedKey>();
  private byKeyId = new Map<string, string>();
  /** Incremented by every eviction; see the header comment. */
  epoch = 0;

  constructor(readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** The principal for a key hash, if cached, still trusted and the key not expired. */
  get(keyHash: string, now = Date.now()): AgentPrincipal | undefined {
    const entry = this.entries.get(keyHash);
    if (!entry) return undefined;
    if (entry.cachedUntil <= now || (entry.keyExpiresAt !== null && entry.keyExpiresAt <= now)) {
      this.delete(keyHash, entry);
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(keyHash);
    this.entries.set(keyHash, entry);
    return entry.principal;
  }

  /** Stores a verification made when `epoch` was `startedAt`; skipped if something was evicted since. */
  set(keyHash: string, value: CachedKey, startedAt: number): void {
    if (startedAt !== this.epoch || value.cachedUntil <= Date.now()) return;
    const old = this.entries.get(keyHash);
    if (old) this.delete(keyHash, old);
    this.entries.set(keyHash, value);
    this.byKeyId.set(value.principal.keyId, keyHash);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest, this.entries.get(oldest)!);
    }
  }

  /** Forgets a key (revoked, renamed); takes effect for every later request on this instance. */
  evictKeyId(keyId: string): void {
    this.epoch++;
    const hash = this.byKeyId.get(keyId);
    if (hash !== undefined) this.delete(hash, this.entries.get(hash));
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.byKeyId.clear();
  }

  private delete(keyHash: string, entry: CachedKey | undefined): void {
    this.entries.delete(keyHash);
    if (entry && this.byKeyId.get(entry.principal.keyId) === keyHash) this.byKeyId.delete(entry.principal.keyId);
  }
}

// One cache per process, on globalThis: Next may load this module once per route
// bundle, and the revoke route must evict from the same cache the agent routes read.
const holder = globalThis as unknown as { __jeanVerifiedKeys?: VerifiedKeyCache };

export function verifiedKeyCache(): VerifiedKeyCache {
  holder.__jeanVerifiedKeys ??= new VerifiedKeyCache();
  return holder.__jeanVerifiedKeys;
}

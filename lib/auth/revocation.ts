// Revocation across instances. Each instance caches verified credentials (the
// verified-key cache, 30 s by default); a revocation through this instance evicts
// its own entry at once, but other instances would trust theirs until the TTL.
// So every change that must end a credential (revoked, renamed, re-scoped, given
// an expiry, deleted) bumps one version number in the database, by trigger
// (migration 20261203000000_shared_state), and before trusting a cached credential
// an instance reads that version if it has not for CHECK_EVERY_MS; when it moved,
// the instance drops its caches. Bound: a change committed at T is honoured by
// every instance for requests that start after T + CHECK_EVERY_MS (plus the read
// itself). A plain SELECT, so it works behind a transaction-mode pooler, where
// LISTEN/NOTIFY does not; the cache TTL stays the backstop.
import "server-only";
import { getDb } from "../db";
import { verifiedKeyCache } from "../keys/cache";
import { clearUserCache } from "../users";

export const CHECK_EVERY_MS = 250;

interface WatermarkState {
  version: string | null;
  checkedAt: number;
  reading?: Promise<void>;
}

// On globalThis: Next may load this module once per route bundle, and all of them share the caches.
const holder = globalThis as unknown as { __jeanCredentialWatermark?: WatermarkState };
const state = () => (holder.__jeanCredentialWatermark ??= { version: null, checkedAt: 0 });

/**
 * Resolves once this instance's caches reflect every credential change committed
 * more than CHECK_EVERY_MS ago. Concurrent callers share one read. Throws when the
 * database cannot be reached (callers answer 503).
 */
export async function forgetChangedCredentials(now = Date.now()): Promise<void> {
  const s = state();
  if (now - s.checkedAt < CHECK_EVERY_MS) return;
  s.reading ??= readVersion(s).finally(() => (s.reading = undefined));
  return s.reading;
}

async function readVersion(s: WatermarkState): Promise<void> {
  const startedAt = Date.now();
  const db = await getDb();
  const [row] = await db.sql.query<{ version: string }>(`SELECT "version"::text AS version FROM "credential_changes" WHERE "id" = 1`);
  const version = row?.version ?? "0";
  if (s.version !== null && version !== s.version) {
    verifiedKeyCache().clear();
    clearUserCache();
  }
  s.version = version;
  // From when the read began: a change committed during the read may not be in it.
  s.checkedAt = startedAt;
}

/** Forgets what this process last read (tests that swap the database). */
export function resetCredentialWatermarkForTests(): void {
  holder.__jeanCredentialWatermark = { version: null, checkedAt: 0 };
}

// `last_used_at` for agent keys: written at most once a minute per key, in the
// background (never awaited by the request, kept alive past the response by
// after()), failures logged, never thrown.
// The once-a-minute rule holds twice: in this process (no query at all within the
// minute) and in the UPDATE's WHERE clause (so many instances still write a key's
// row at most about once a minute).
import "server-only";
import { keepAlive } from "../background";
import { getPrisma } from "../db";
import { log } from "../log";

export const LAST_USED_INTERVAL_MS = 60_000;
const MAX_TRACKED = 10_000;

const holder = globalThis as unknown as { __jeanKeyUsage?: { touched: Map<string, number>; pending: Set<Promise<void>> } };
function state() {
  holder.__jeanKeyUsage ??= { touched: new Map(), pending: new Set() };
  return holder.__jeanKeyUsage;
}

async function write(keyId: string): Promise<void> {
  const prisma = await getPrisma();
  await prisma.$executeRaw`
    UPDATE "api_keys" SET "last_used_at" = now()
    WHERE "id" = ${keyId}::uuid
      AND ("last_used_at" IS NULL OR "last_used_at" <= now() - interval '60 seconds')`; // = LAST_USED_INTERVAL_MS
}

/**
 * Records that a key was used. `knownLastUsedAt` is the row's value when the
 * caller just read it (a cache miss), so a fresh process does not rewrite it.
 */
export function noteKeyUse(keyId: string, knownLastUsedAt?: Date | null, now = Date.now()): void {
  const { touched, pending } = state();
  const previous = touched.get(keyId) ?? knownLastUsedAt?.getTime();
  if (previous !== undefined && now - previous < LAST_USED_INTERVAL_MS) {
    if (!touched.has(keyId)) touched.set(keyId, previous);
    return;
  }
  touched.delete(keyId);
  touched.set(keyId, now);
  if (touched.size > MAX_TRACKED) {
    for (const [id, at] of touched) {
      if (touched.size <= MAX_TRACKED && now - at < LAST_USED_INTERVAL_MS) break;
      touched.delete(id);
    }
  }
  const p: Promise<void> = write(keyId)
    .catch((e) => log.warn("could not record an API key's last use", { keyId, error: e }))
    .finally(() => pending.delete(p));
  pending.add(p);
  keepAlive(p); // a serverless response's end would cut it off
}

/** Resolves when every background write started so far has finished (tests, benchmarks, shutdown). */
export async function settleKeyUseWrites(): Promise<void> {
  while (state().pending.size > 0) await Promise.all([...state().pending]);
}

/** Forgets the in-process throttle (tests). */
export function resetKeyUseForTests(): void {
  state().touched.clear();
}

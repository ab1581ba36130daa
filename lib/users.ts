// Users are created on first sight from whichever auth path sees them first.
import { getPrisma } from "./db";
import type { User } from "./generated/prisma/client";
import { log } from "./log";

export type { User };

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "P2002" || err?.code === "23505" || /unique constraint/i.test(err?.message ?? "");
}

// Every authenticated request resolves its user; a short in-process cache spares the
// database a read per request. Rows are only ever created or given an email, so a
// cached row is at worst missing an email set by another instance for a minute.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;
const recent = new Map<string, { user: User; triedEmail: string | null; until: number }>();

/**
 * Returns the user row for a Supabase user id, creating it if needed.
 * Race-safe: an INSERT .. ON CONFLICT, never read-then-insert. When `email` already
 * belongs to another row it logs a warning and carries on without it (the original
 * system crashed with an IntegrityError here).
 */
export async function getOrCreateUser(supabaseUserId: string, email?: string | null): Promise<User> {
  const wantedEmail = email?.trim().toLowerCase() || null;
  const hit = recent.get(supabaseUserId);
  // An email that could not be set (taken by another row) is not retried on every request.
  if (hit && hit.until > Date.now() && (!wantedEmail || hit.user.email === wantedEmail || hit.triedEmail === wantedEmail)) return hit.user;
  const user = await loadOrCreateUser(supabaseUserId, wantedEmail);
  if (recent.size >= CACHE_MAX) recent.delete(recent.keys().next().value!);
  recent.set(supabaseUserId, { user, triedEmail: wantedEmail, until: Date.now() + CACHE_TTL_MS });
  return user;
}

/** Tests that rewrite users directly forget the cached rows. */
export function clearUserCache(): void {
  recent.clear();
}

async function loadOrCreateUser(supabaseUserId: string, wanted: string | null): Promise<User> {
  const prisma = await getPrisma();
  // Read first: every authenticated request comes through here, and a write per
  // request would serialise them on the embedded database.
  let user = await prisma.user.findUnique({ where: { userId: supabaseUserId } });
  if (!user) {
    const [row] = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "users" ("user_id", "updated_at") VALUES (${supabaseUserId}, now())
      ON CONFLICT ("user_id") DO UPDATE SET "user_id" = EXCLUDED."user_id"
      RETURNING "id"`;
    user = await prisma.user.findUniqueOrThrow({ where: { id: row.id } });
  }

  if (wanted && user.email !== wanted) {
    try {
      user = await prisma.user.update({ where: { id: user.id }, data: { email: wanted } });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      log.warn("email already belongs to another user; keeping this user without it", { userId: user.id });
    }
  }
  return user;
}

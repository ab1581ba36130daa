// Local sign-in (no Supabase project configured): mints a token with the claims
// Supabase issues, signed HS256, and records its session so sign-out revokes it.
import "server-only";
import crypto from "node:crypto";
import { SignJWT } from "jose";
import { getPrisma } from "../db";
import { verifySessionToken } from "./jwt";
import { LOCAL_ISSUER, localSigningKey } from "./local-secret";

export const LOCAL_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The user id (the token's `sub`) for an email: random the first time, kept in the
 * users row and found by email afterwards — one atomic upsert, so two first
 * sign-ins at once still make one user. It used to be a hash of the email, which
 * let anyone who knew an email compute the id the Claude path accepts as x-user-id.
 */
export async function localUserIdFor(email: string): Promise<string> {
  const prisma = await getPrisma();
  const [row] = await prisma.$queryRaw<{ user_id: string }[]>`
    INSERT INTO "users" ("user_id", "email", "updated_at") VALUES (${crypto.randomUUID()}, ${email}, now())
    ON CONFLICT ("email") DO UPDATE SET "email" = EXCLUDED."email"
    RETURNING "user_id"`;
  return row.user_id;
}

export async function mintLocalSession(email: string): Promise<{ token: string; userId: string; expiresAt: Date }> {
  const normalised = email.trim().toLowerCase();
  const userId = await localUserIdFor(normalised);
  const sessionId = crypto.randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = new Date((now + LOCAL_SESSION_TTL_SECONDS) * 1000);
  await (await getPrisma()).localSession.create({ data: { id: sessionId, userId, expiresAt } });
  const token = await new SignJWT({ email: normalised, role: "authenticated", session_id: sessionId, aal: "aal1" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(LOCAL_ISSUER)
    .setSubject(userId)
    .setAudience("authenticated")
    .setIssuedAt(now)
    .setExpirationTime(now + LOCAL_SESSION_TTL_SECONDS)
    .sign(new TextEncoder().encode(localSigningKey()));
  return { token, userId, expiresAt };
}

/** Revokes the session a local token belongs to; unknown or invalid tokens are ignored. */
export async function revokeLocalSession(token: string): Promise<void> {
  const verified = await verifySessionToken(token);
  if (!verified.ok || !verified.local || !verified.claims.session_id) return;
  await (await getPrisma()).localSession.updateMany({
    where: { id: verified.claims.session_id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

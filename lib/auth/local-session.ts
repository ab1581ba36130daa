// Local sign-in (no Supabase project configured): mints a token with the claims
// Supabase issues, signed HS256, and records its session so sign-out revokes it.
import "server-only";
import crypto from "node:crypto";
import { SignJWT } from "jose";
import { getPrisma } from "../db";
import { verifySessionToken } from "./jwt";
import { LOCAL_ISSUER, localSigningKey } from "./local-secret";

export const LOCAL_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** A stable uuid per email, so the same person gets the same user across sign-ins. */
export function localUserIdFor(email: string): string {
  const h = crypto.createHash("sha256").update("jean-local-user:" + email.trim().toLowerCase()).digest("hex");
  // uuid v8 layout (custom, name-based): version nibble 8, RFC 4122 variant.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function mintLocalSession(email: string): Promise<{ token: string; userId: string; expiresAt: Date }> {
  const normalised = email.trim().toLowerCase();
  const userId = localUserIdFor(normalised);
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

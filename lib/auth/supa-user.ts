// Auth for the dashboard REST API (app/api/v1/*): a Supabase session, from the
// @supabase/ssr cookie or `Authorization: Bearer <jwt>`. Local sign-in mints
// tokens of the same shape, so they take this same path.
import "server-only";
import { getPrisma } from "../db";
import { log } from "../log";
import { getOrCreateUser } from "../users";
import { verifySessionToken } from "./jwt";
import { extractSessionToken } from "./session-cookie";
import { authFailure, type AuthResult, type UserPrincipal } from "./types";

export async function getCurrentSupaUser(request: Request): Promise<AuthResult<UserPrincipal>> {
  const found = extractSessionToken(request);
  if (found === undefined) return authFailure("unauthenticated", "Sign in to continue");
  if ("error" in found) return authFailure("invalid_token", found.error);

  const verified = await verifySessionToken(found.token);
  if (!verified.ok) return authFailure(verified.code, verified.message);
  const { claims } = verified;

  if (verified.local) {
    // Local sessions live in the database so that sign-out revokes them at once.
    const sessionId = claims.session_id;
    let session = null;
    if (sessionId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sessionId)) {
      try {
        session = await (await getPrisma()).localSession.findUnique({ where: { id: sessionId } });
      } catch (e) {
        log.error("could not check the local session", { error: e });
        return authFailure("unavailable", "The service is temporarily unavailable");
      }
    }
    if (!session || session.revokedAt || session.userId !== claims.sub || session.expiresAt <= new Date()) {
      return authFailure("session_not_found", "Session from session_id claim in JWT does not exist");
    }
  }

  try {
    const user = await getOrCreateUser(claims.sub, claims.email);
    return { ok: true, principal: { kind: "user", user, sessionId: claims.session_id } };
  } catch (e) {
    log.error("could not load the signed-in user", { error: e });
    return authFailure("unavailable", "The service is temporarily unavailable");
  }
}

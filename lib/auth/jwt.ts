// Verification of Supabase-shaped access tokens, used by getCurrentSupaUser for
// every token it sees: Supabase's own (HS256 with the project's JWT secret, or
// ES256/RS256 against its JWKS) and the ones local sign-in mints (HS256).
import "server-only";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { getConfig } from "../config";
import { isStorableText } from "../text";
import { LOCAL_ISSUER, localSigningKey } from "./local-secret";

export interface SessionClaims extends JWTPayload {
  sub: string;
  email?: string;
  role?: string;
  session_id?: string;
}

export type VerifyResult =
  | { ok: true; claims: SessionClaims; local: boolean }
  | { ok: false; code: "token_expired" | "invalid_token" | "unavailable"; message: string };

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(supabaseUrl: string) {
  const url = new URL("/auth/v1/.well-known/jwks.json", supabaseUrl).toString();
  let jwks = jwksByUrl.get(url);
  if (!jwks) {
    // jose caches the key set and refetches on an unknown `kid` (key rotation).
    jwks = createRemoteJWKSet(new URL(url), { timeoutDuration: 3_000, cooldownDuration: 30_000 });
    jwksByUrl.set(url, jwks);
  }
  return jwks;
}

const invalid = (message: string): VerifyResult => ({ ok: false, code: "invalid_token", message });

export async function verifySessionToken(token: string): Promise<VerifyResult> {
  const config = getConfig();
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return invalid("Malformed token");
  }
  try {
    let payload: JWTPayload;
    let local = false;
    if (alg === "HS256") {
      const secret = config.authMode === "local" ? localSigningKey() : config.supabaseJwtSecret;
      if (!secret) return invalid("HS256 tokens are not accepted: SUPABASE_JWT_SECRET is not configured");
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ["HS256"],
        audience: "authenticated",
      }));
      local = payload.iss === LOCAL_ISSUER;
      // Each mode accepts only its own tokens: local sign-in's, or Supabase's.
      if (config.authMode === "local" && !local) return invalid("Token was not issued by this server");
      if (config.authMode === "supabase" && local) return invalid("Local sign-in tokens are not accepted");
    } else if ((alg === "ES256" || alg === "RS256") && config.supabase) {
      ({ payload } = await jwtVerify(token, jwksFor(config.supabase.url), {
        algorithms: ["ES256", "RS256"],
        audience: "authenticated",
      }));
    } else {
      return invalid(`Unsupported token algorithm ${alg ?? "(none)"}`);
    }
    // Every claim we rely on must be there and well formed: a token without an
    // issuer or a role, or with a subject or email we could not store, is not a
    // session (401), never a database error later (503).
    if (config.supabase) {
      const expectedIssuer = new URL("/auth/v1", config.supabase.url).toString();
      if (payload.iss !== expectedIssuer) return invalid(payload.iss === undefined ? "Token has no issuer" : "Token issuer mismatch");
    }
    if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 255 || !isStorableText(payload.sub)) {
      return invalid("Token has no valid subject");
    }
    const email = (payload as { email?: unknown }).email;
    if (email !== undefined && (typeof email !== "string" || email.length > 320 || !isStorableText(email))) return invalid("Token email is not valid");
    if (payload.exp === undefined) return invalid("Token has no expiry");
    if (payload.role !== "authenticated") return invalid(payload.role === undefined ? "Token has no role" : "Token role is not authenticated");
    return { ok: true, claims: payload as SessionClaims, local };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, code: "token_expired", message: "Session expired" };
    // The project's key set could not be fetched: our outage, not a bad token.
    if (e instanceof errors.JWKSTimeout || !(e instanceof errors.JOSEError)) {
      return { ok: false, code: "unavailable", message: "Cannot verify sessions right now (Supabase key set unreachable)" };
    }
    return invalid("Invalid token");
  }
}

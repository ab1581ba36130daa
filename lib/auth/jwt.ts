// Verification of Supabase-shaped access tokens, used by getCurrentSupaUser for
// every token it sees: Supabase's own (HS256 with the project's JWT secret, or
// ES256/RS256 against its JWKS) and the ones local sign-in mints (HS256).
import "server-only";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from "jose";
import { getConfig } from "../config";
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
    if (config.supabase) {
      const expectedIssuer = new URL("/auth/v1", config.supabase.url).toString();
      if (payload.iss !== undefined && payload.iss !== expectedIssuer) return invalid("Token issuer mismatch");
    }
    if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 255) {
      return invalid("Token has no subject");
    }
    if (payload.exp === undefined) return invalid("Token has no expiry");
    if (payload.role !== undefined && payload.role !== "authenticated") return invalid("Token role is not authenticated");
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

// Access tokens for /mcp: JWTs (RFC 9068, typ at+jwt) signed with our key, bound to
// the /mcp resource (aud), short-lived, carrying the user (sub: our internal user
// id, which no other path accepts), the grant (gid), the client and the scopes.
// A valid signature is not enough: lib/auth/connector-token.ts also reads the
// grant, so a revoked grant ends its tokens at once.
import "server-only";
import { randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import type { KeyScope } from "../auth/types";
import { parseStoredScopes } from "../keys/scopes";
import { signingKey, SIGNING_ALG, verificationKey } from "./signing-keys";
import { mcpResource } from "./urls";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const TYP = "at+jwt";

export interface AccessTokenClaims {
  userId: string;
  grantId: string;
  clientId: string;
  scopes: KeyScope[];
}

export async function mintAccessToken(origin: string, claims: AccessTokenClaims): Promise<string> {
  const { kid, key } = await signingKey();
  return new SignJWT({ scope: claims.scopes.join(" "), client_id: claims.clientId, gid: claims.grantId })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: TYP })
    .setIssuer(origin)
    .setAudience(mcpResource(origin))
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .setJti(randomUUID())
    .sign(key);
}

export type AccessTokenCheck = { ok: true; claims: AccessTokenClaims } | { ok: false; expired: boolean };

/** Whether `token` is an unexpired access token we issued for this origin's /mcp. */
export async function verifyAccessToken(token: string, origin: string): Promise<AccessTokenCheck> {
  try {
    const { payload } = await jwtVerify(token, verificationKey, {
      algorithms: [SIGNING_ALG],
      issuer: origin,
      audience: mcpResource(origin),
      typ: TYP,
      requiredClaims: ["sub", "exp", "gid", "client_id"],
    });
    const { sub, gid, client_id: clientId, scope } = payload as { sub: string; gid: unknown; client_id: unknown; scope?: unknown };
    if (typeof gid !== "string" || typeof clientId !== "string") return { ok: false, expired: false };
    return { ok: true, claims: { userId: sub, grantId: gid, clientId, scopes: parseStoredScopes(typeof scope === "string" ? scope.split(" ") : []) } };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, expired: true };
    if (e instanceof errors.JOSEError) return { ok: false, expired: false };
    throw e; // the database (key set) is unreachable: the caller answers 503
  }
}

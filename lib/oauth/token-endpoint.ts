// The token endpoint (authorization_code with PKCE, refresh_token with rotation and
// reuse detection) and token revocation (RFC 7009). Errors are the SDK's OAuthError
// classes; lib/oauth/http.ts renders them as RFC 6749 JSON.
import "server-only";
import {
  InvalidClientError,
  InvalidGrantError,
  InvalidRequestError,
  InvalidScopeError,
  InvalidTargetError,
  UnsupportedGrantTypeError,
} from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { KeyScope } from "../auth/types";
import { getPrisma } from "../db";
import { parseStoredScopes } from "../keys/scopes";
import { ACCESS_TOKEN_TTL_SECONDS, mintAccessToken, verifyAccessToken } from "./access-tokens";
import { findClient, type OAuthClient } from "./clients";
import { revokeGrant } from "./grants";
import { hashSecret, newSecret, pkceChallengeOf, secretMatches } from "./secrets";
import { isOurResource } from "./urls";

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** What the client presented to authenticate itself (RFC 6749 §2.3). */
export interface ClientCredentials {
  clientId: string | undefined;
  secret: string | undefined;
}

/** client_id and secret from HTTP Basic or the form; a Basic header that cannot be read is invalid_client. */
export function clientCredentials(request: Request, form: URLSearchParams): ClientCredentials {
  const header = request.headers.get("authorization");
  if (header?.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new InvalidClientError("The Basic authorization header is malformed");
    const unescape = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        throw new InvalidClientError("The Basic authorization header is malformed");
      }
    };
    return { clientId: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  }
  return { clientId: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

/** The authenticated client: public clients by id, confidential ones by their secret too. */
export async function authenticateClient(credentials: ClientCredentials): Promise<OAuthClient> {
  if (!credentials.clientId) throw new InvalidClientError("client_id is missing");
  const client = await findClient(credentials.clientId);
  if (client.secretHash && !(credentials.secret && secretMatches(credentials.secret, client.secretHash))) {
    throw new InvalidClientError("Client authentication failed");
  }
  return client;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
}

async function issueTokens(origin: string, grant: { id: string; userId: string; clientId: string }, scopes: KeyScope[]): Promise<TokenResponse> {
  const refresh = newSecret("refresh");
  await (await getPrisma()).oAuthRefreshToken.create({
    data: { tokenHash: hashSecret(refresh), grantId: grant.id, scopes, expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000) },
  });
  const access = await mintAccessToken(origin, { userId: grant.userId, grantId: grant.id, clientId: grant.clientId, scopes });
  return { access_token: access, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS, refresh_token: refresh, scope: scopes.join(" ") };
}

function checkResource(form: URLSearchParams, origin: string): void {
  const resources = form.getAll("resource");
  if (resources.length > 1 || (resources.length === 1 && !isOurResource(resources[0], origin))) {
    throw new InvalidTargetError("This server issues tokens only for its /mcp resource");
  }
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

async function exchangeCode(form: URLSearchParams, client: OAuthClient, origin: string): Promise<TokenResponse> {
  const code = form.get("code");
  const redirectUri = form.get("redirect_uri");
  const verifier = form.get("code_verifier");
  if (!code) throw new InvalidRequestError("code is missing");
  if (!verifier) throw new InvalidRequestError("code_verifier is missing (PKCE is required)");
  if (!VERIFIER.test(verifier)) throw new InvalidRequestError("code_verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~");
  checkResource(form, origin);
  const prisma = await getPrisma();
  const codeHash = hashSecret(code);
  const row = await prisma.oAuthCode.findUnique({ where: { codeHash }, include: { grant: true } });
  if (!row || row.clientId !== client.id) throw new InvalidGrantError("The authorization code is invalid");
  // Used once, and only once: the update that marks it used is the check.
  const { count } = await prisma.oAuthCode.updateMany({ where: { codeHash, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) {
    // A replayed code may be a stolen one: end everything it gave (RFC 6749 §4.1.2).
    await revokeGrant(row.grantId, "code_reuse");
    throw new InvalidGrantError("The authorization code was already used; the tokens it issued are revoked");
  }
  if (row.expiresAt <= new Date()) throw new InvalidGrantError("The authorization code has expired");
  if (redirectUri !== row.redirectUri) throw new InvalidGrantError("redirect_uri does not match the one the code was issued to");
  if (pkceChallengeOf(verifier) !== row.codeChallenge) throw new InvalidGrantError("code_verifier does not match the code_challenge");
  if (row.grant.revokedAt) throw new InvalidGrantError("The grant was revoked");
  return issueTokens(origin, row.grant, parseStoredScopes(row.scopes));
}

async function refresh(form: URLSearchParams, client: OAuthClient, origin: string): Promise<TokenResponse> {
  const token = form.get("refresh_token");
  if (!token) throw new InvalidRequestError("refresh_token is missing");
  checkResource(form, origin);
  const prisma = await getPrisma();
  const tokenHash = hashSecret(token);
  const row = await prisma.oAuthRefreshToken.findUnique({ where: { tokenHash }, include: { grant: true } });
  if (!row || row.grant.clientId !== client.id) throw new InvalidGrantError("The refresh token is invalid");
  if (row.grant.revokedAt) throw new InvalidGrantError("The grant was revoked");
  const { count } = await prisma.oAuthRefreshToken.updateMany({ where: { tokenHash, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) {
    // Rotation: a used refresh token presented again means two holders; end the grant.
    await revokeGrant(row.grantId, "refresh_reuse");
    throw new InvalidGrantError("The refresh token was already used; this connection is revoked");
  }
  if (row.expiresAt <= new Date()) throw new InvalidGrantError("The refresh token has expired");
  // Never more than the token had, nor more than the grant has now (re-consent may narrow it).
  const held = parseStoredScopes(row.scopes).filter((s) => row.grant.scopes.includes(s));
  const asked = form.get("scope");
  let scopes = held;
  if (asked !== null) {
    const wanted = asked.split(" ").filter(Boolean);
    if (wanted.some((s) => !(held as string[]).includes(s))) throw new InvalidScopeError("scope may only narrow what the refresh token holds");
    scopes = held.filter((s) => wanted.includes(s));
  }
  return issueTokens(origin, row.grant, scopes);
}

/** The token endpoint: authenticates the client, then runs its grant type. */
export async function exchangeToken(request: Request, form: URLSearchParams, origin: string): Promise<TokenResponse> {
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequestError("grant_type is missing");
  if (grantType !== "authorization_code" && grantType !== "refresh_token") throw new UnsupportedGrantTypeError(`grant_type ${grantType} is not supported`);
  const client = await authenticateClient(clientCredentials(request, form));
  return grantType === "authorization_code" ? exchangeCode(form, client, origin) : refresh(form, client, origin);
}

/**
 * RFC 7009: revoking a refresh token or an access token ends its whole grant (the
 * connection). Unknown or foreign tokens are answered the same (200), as the RFC asks.
 */
export async function revokeToken(request: Request, form: URLSearchParams, origin: string): Promise<void> {
  const token = form.get("token");
  if (!token) throw new InvalidRequestError("token is missing");
  const client = await authenticateClient(clientCredentials(request, form));
  const prisma = await getPrisma();
  if (token.startsWith("jean_rt_")) {
    const row = await prisma.oAuthRefreshToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { grant: true } });
    if (row && row.grant.clientId === client.id) await revokeGrant(row.grantId, "token_revocation");
    return;
  }
  if (token.length > 4_000) return;
  const access = await verifyAccessToken(token, origin);
  if (access.ok && access.claims.clientId === client.id) await revokeGrant(access.claims.grantId, "token_revocation");
}

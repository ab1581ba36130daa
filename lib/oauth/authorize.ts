// The authorization endpoint's logic: validating a request (RFC 6749 §4.1.1 with
// OAuth 2.1's rules: PKCE S256 required, exact redirect URIs, RFC 8707 resource),
// the consent form's anti-forgery token, and what approving or denying does.
// Before the client and redirect URI are known good, errors are shown to the
// person (never redirected: an open redirector otherwise); after, they go back to
// the client with `state` and `iss` (RFC 9207).
import "server-only";
import { createHash } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { KeyScope } from "../auth/types";
import { getPrisma } from "../db";
import { KEY_SCOPES } from "../keys/scopes";
import { findClient, type OAuthClient } from "./clients";
import { hashSecret, newSecret } from "./secrets";
import { signingKey, SIGNING_ALG, verificationKey } from "./signing-keys";
import { isOurResource, mcpResource } from "./urls";

export const SCOPES_SUPPORTED: readonly KeyScope[] = KEY_SCOPES;
export const CODE_TTL_SECONDS = 120;
const CONSENT_TTL_SECONDS = 10 * 60;
const PARAMS = ["response_type", "client_id", "redirect_uri", "code_challenge", "code_challenge_method", "scope", "state", "resource"] as const;

export interface AuthorizationRequest {
  client: OAuthClient;
  redirectUri: string;
  codeChallenge: string;
  scopes: KeyScope[];
  state: string | undefined;
  resource: string;
}

export type ValidatedAuthorization =
  | { ok: true; request: AuthorizationRequest }
  /** Shown to the person: the client or its redirect URI cannot be trusted. */
  | { ok: false; show: { error: string; description: string } }
  /** Sent back to the client. */
  | { ok: false; redirect: string };

/** The redirect back to the client with `params`, plus state and iss. */
export function redirectBack(redirectUri: string, origin: string, state: string | undefined, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (state !== undefined) url.searchParams.set("state", state);
  url.searchParams.set("iss", origin);
  return url.toString();
}

/**
 * Requested scopes we know; unknown ones are ignored (RFC 6749 §3.3 lets the
 * server grant fewer), and none known means both.
 */
function grantableScopes(scope: string | undefined): KeyScope[] {
  const asked = (scope ?? "").split(" ").filter((s): s is KeyScope => (SCOPES_SUPPORTED as readonly string[]).includes(s));
  return asked.length > 0 ? SCOPES_SUPPORTED.filter((s) => asked.includes(s)) : [...SCOPES_SUPPORTED];
}

export async function validateAuthorizationRequest(params: URLSearchParams, origin: string): Promise<ValidatedAuthorization> {
  const show = (error: string, description: string) => ({ ok: false as const, show: { error, description } });
  const repeated = PARAMS.find((p) => params.getAll(p).length > 1);
  if (repeated === "client_id" || repeated === "redirect_uri") return show("invalid_request", `${repeated} is given more than once`);
  const clientId = params.get("client_id");
  if (!clientId) return show("invalid_request", "client_id is missing");
  let client: OAuthClient;
  try {
    client = await findClient(clientId);
  } catch (e) {
    if (e instanceof Error && "errorCode" in e) return show("invalid_client", e.message);
    throw e;
  }
  const redirectUri = params.get("redirect_uri") ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : null);
  if (!redirectUri) return show("invalid_request", "redirect_uri is missing (the client registered several)");
  if (!client.redirectUris.includes(redirectUri)) return show("invalid_request", "redirect_uri is not one this client registered (they must match exactly)");

  const state = params.get("state") ?? undefined;
  const back = (error: string, description: string) => ({ ok: false as const, redirect: redirectBack(redirectUri, origin, state, { error, error_description: description }) });
  if (repeated) return back("invalid_request", `${repeated} is given more than once`);
  if (params.get("response_type") !== "code") return back("unsupported_response_type", "response_type must be code");
  const codeChallenge = params.get("code_challenge");
  if (!codeChallenge) return back("invalid_request", "PKCE is required: send code_challenge with code_challenge_method=S256");
  if (params.get("code_challenge_method") !== "S256") return back("invalid_request", "code_challenge_method must be S256 (plain is not accepted)");
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return back("invalid_request", "code_challenge must be the base64url SHA-256 of the verifier (43 characters)");
  const resource = params.get("resource") ?? mcpResource(origin);
  if (!isOurResource(resource, origin)) return back("invalid_target", `resource must be ${mcpResource(origin)}`);
  if (state !== undefined && state.length > 2_000) return back("invalid_request", "state is longer than 2000 characters");
  return { ok: true, request: { client, redirectUri, codeChallenge, scopes: grantableScopes(params.get("scope") ?? undefined), state, resource: mcpResource(origin) } };
}

/** What the consent form vouches for: this request, for this user. */
function digest(request: AuthorizationRequest): string {
  const { client, redirectUri, codeChallenge, scopes, state, resource } = request;
  return createHash("sha256").update(JSON.stringify([client.id, redirectUri, codeChallenge, scopes, state ?? null, resource])).digest("base64url");
}

/**
 * The consent form's anti-forgery token: signed, short-lived, naming the signed-in
 * user and the exact request. A page elsewhere cannot mint one for someone else.
 */
export async function consentToken(origin: string, userId: string, request: AuthorizationRequest): Promise<string> {
  const { kid, key } = await signingKey();
  return new SignJWT({ req: digest(request) })
    .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: "consent+jwt" })
    .setIssuer(origin)
    .setAudience(`${origin}/oauth/authorize`)
    .setSubject(userId)
    .setExpirationTime(`${CONSENT_TTL_SECONDS}s`)
    .sign(key);
}

export async function consentTokenMatches(token: string, origin: string, userId: string, request: AuthorizationRequest): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, verificationKey, { algorithms: [SIGNING_ALG], issuer: origin, audience: `${origin}/oauth/authorize`, typ: "consent+jwt", subject: userId });
    return payload.req === digest(request);
  } catch {
    return false;
  }
}

/**
 * The person approved: their grant for this client (one active per user and
 * client; approving again replaces its scopes) and a one-time code for it.
 * Returns the redirect back to the client.
 */
export async function approve(origin: string, userId: string, request: AuthorizationRequest, scopes: KeyScope[]): Promise<string> {
  const prisma = await getPrisma();
  const code = newSecret("code");
  const once = () =>
    prisma.$transaction(async (tx) => {
      const existing = await tx.oAuthGrant.findFirst({ where: { userId, clientId: request.client.id, revokedAt: null } });
      const grant = existing
        ? await tx.oAuthGrant.update({ where: { id: existing.id }, data: { scopes, appName: request.client.name, resource: request.resource } })
        : await tx.oAuthGrant.create({ data: { userId, clientId: request.client.id, appName: request.client.name, scopes, resource: request.resource } });
      await tx.oAuthCode.create({
        data: {
          codeHash: hashSecret(code),
          grantId: grant.id,
          clientId: request.client.id,
          redirectUri: request.redirectUri,
          codeChallenge: request.codeChallenge,
          scopes,
          resource: request.resource,
          expiresAt: new Date(Date.now() + CODE_TTL_SECONDS * 1000),
        },
      });
    });
  try {
    await once();
  } catch (e) {
    // Two approvals at once (a double-clicked form) may both try to create the grant:
    // the unique index lets one win; the other then finds it and updates it.
    if ((e as { code?: unknown })?.code !== "P2002") throw e;
    await once();
  }
  return redirectBack(request.redirectUri, origin, request.state, { code });
}

export function deny(origin: string, request: AuthorizationRequest): string {
  return redirectBack(request.redirectUri, origin, request.state, { error: "access_denied", error_description: "The user denied the request" });
}

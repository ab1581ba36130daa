// The OAuth server's HTTP endpoints, each a thin wrapper: read the request, call
// lib/oauth, shape the answer (RFC 6749 JSON errors, no-store, CORS). The app/
// route files only export these.
import "server-only";
import { OAuthError, TooManyRequestsError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { KeyScope } from "../auth/types";
import { isLoopback, requestAddress } from "../auth/client-address";
import { crossOriginWrite } from "../auth/csrf";
import { getCurrentSupaUser } from "../auth/supa-user";
import { domainErrorResponse, handleApiError } from "../api/errors";
import { callLimiter } from "../keys/rate-limit";
import { approve, consentTokenMatches, deny, validateAuthorizationRequest } from "./authorize";
import { MAX_REGISTRATION_BYTES, registerClient } from "./clients";
import { discoveryDocument, json, oauthEndpoint, oauthError, preflight, readForm, readJson } from "./http";
import { authorizationServerMetadata, openIdConfiguration, protectedResourceMetadata } from "./metadata";
import { publicJwks } from "./signing-keys";
import { exchangeToken, revokeToken } from "./token-endpoint";
import { serverOrigin } from "./urls";

export const REGISTRATIONS_PER_MINUTE = 20;

export const options = async () => preflight();

export const authorizationServerMetadataGet = async (request: Request) => discoveryDocument(authorizationServerMetadata(serverOrigin(request)));
export const openIdConfigurationGet = async (request: Request) => discoveryDocument(openIdConfiguration(serverOrigin(request)));
export const protectedResourceMetadataGet = async (request: Request) => discoveryDocument(protectedResourceMetadata(serverOrigin(request)));
export const jwksGet = () => oauthEndpoint("jwks", async () => discoveryDocument(await publicJwks()));

/** A page-less error for the person at the browser: the client cannot be trusted with a redirect. */
const shownError = (error: string, description: string) => Response.json({ error: { code: error, message: description } }, { status: 400, headers: { "Cache-Control": "no-store" } });

/**
 * The two endpoints a person's browser visits (authorize, the consent form) answer
 * in the REST shape, like every page-facing route; the protocol endpoints the
 * client calls (token, register, revoke) in RFC 6749's.
 */
async function browserEndpoint(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof OAuthError) return shownError(e.errorCode, e.message);
    return handleApiError(e);
  }
}

const redirect = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/**
 * GET /oauth/authorize: a request that is wrong before its redirect URI is known
 * good is answered 400 here; one that is wrong after goes back to the client; a
 * good one continues to the consent page (which signs the person in first).
 */
export function authorizeGet(request: Request): Promise<Response> {
  return browserEndpoint(async () => {
    const url = new URL(request.url);
    const checked = await validateAuthorizationRequest(url.searchParams, serverOrigin(request));
    if (!checked.ok) return "show" in checked ? shownError(checked.show.error, checked.show.description) : redirect(checked.redirect);
    return redirect(`/oauth/consent?${url.searchParams.toString()}`);
  });
}

/**
 * POST /oauth/authorize/decision: the consent form. Needs the person's session
 * (cookie), a same-origin post, and the form's consent token, which names this
 * user and this exact request; then approves (a code back to the client) or denies.
 */
export function decisionPost(request: Request): Promise<Response> {
  return browserEndpoint(async () => {
    const crossOrigin = crossOriginWrite(request);
    if (crossOrigin) return domainErrorResponse(crossOrigin);
    const form = await readForm(request);
    const params = new URLSearchParams();
    for (const [k, v] of form) if (!["consent_token", "decision", "allow_write"].includes(k)) params.append(k, v);
    const auth = await getCurrentSupaUser(request);
    if (!auth.ok) return redirect(`/login?next=${encodeURIComponent(`/oauth/consent?${params.toString()}`)}`);
    const origin = serverOrigin(request);
    const checked = await validateAuthorizationRequest(params, origin);
    if (!checked.ok) return "show" in checked ? shownError(checked.show.error, checked.show.description) : redirect(checked.redirect);
    const userId = auth.principal.user.id;
    if (!(await consentTokenMatches(form.get("consent_token") ?? "", origin, userId, checked.request))) {
      return shownError("invalid_request", "This consent form has expired or was not issued to you; start connecting again from your app");
    }
    if (form.get("decision") !== "approve") return redirect(deny(origin, checked.request));
    // Writing may be switched off on the consent page; reading is what connecting means.
    const scopes = checked.request.scopes.filter((s) => s !== "memories:write" || form.get("allow_write") === "on") as KeyScope[];
    return redirect(await approve(origin, userId, checked.request, scopes.length > 0 ? scopes : ["memories:read"]));
  });
}

export function tokenPost(request: Request): Promise<Response> {
  return oauthEndpoint("token", async () => json(await exchangeToken(request, await readForm(request), serverOrigin(request))));
}

export function revokePost(request: Request): Promise<Response> {
  return oauthEndpoint("revocation", async () => {
    await revokeToken(request, await readForm(request), serverOrigin(request));
    return json({});
  });
}

/** POST /oauth/register (RFC 7591), at most REGISTRATIONS_PER_MINUTE per address. */
export function registerPost(request: Request): Promise<Response> {
  return oauthEndpoint("registration", async () => {
    const address = requestAddress(request);
    if (address && !isLoopback(address)) {
      const retryAfter = await (await callLimiter()).charge(`oauth-register:${address}`, 1, REGISTRATIONS_PER_MINUTE);
      if (retryAfter) return oauthError(new TooManyRequestsError(`Too many client registrations from your address; try again in ${retryAfter} s`), { "Retry-After": String(retryAfter) });
    }
    return json(await registerClient(await readJson(request, MAX_REGISTRATION_BYTES)), 201);
  });
}

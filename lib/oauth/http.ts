// HTTP for the OAuth endpoints: their errors are RFC 6749 JSON
// ({error, error_description}, what OAuth clients parse), not the REST shape; CORS
// for browser-based clients (no cookies are involved, so any origin may call);
// form bodies read with a size cap.
import "server-only";
import { InvalidClientMetadataError, InvalidRequestError, OAuthError, ServerError, TemporarilyUnavailableError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { isDatabaseUnavailable } from "../db/errors";
import { BodyTooLargeError } from "../errors";
import { readBodyText } from "../http/body";
import { log } from "../log";

export const MAX_FORM_BYTES = 16 * 1024;

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID",
  "Access-Control-Expose-Headers": "WWW-Authenticate, Mcp-Session-Id, MCP-Protocol-Version",
  "Access-Control-Max-Age": "86400",
};

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export function json(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...CORS_HEADERS, ...NO_STORE, ...extra } });
}

/** A public, cacheable discovery document. */
export function discoveryDocument(body: unknown): Response {
  return Response.json(body, { headers: { ...CORS_HEADERS, "Cache-Control": "public, max-age=300" } });
}

const STATUS: Record<string, number> = { invalid_client: 401, server_error: 500, temporarily_unavailable: 503, too_many_requests: 429, method_not_allowed: 405 };

export function oauthError(e: OAuthError, extra: Record<string, string> = {}): Response {
  const status = STATUS[e.errorCode] ?? 400;
  return json(e.toResponseObject(), status, { ...(status === 401 ? { "WWW-Authenticate": 'Basic realm="oauth"' } : {}), ...extra });
}

/** Runs an endpoint; an OAuthError it throws is its answer, a database outage a 503, anything else a logged 500. */
export async function oauthEndpoint(what: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof OAuthError) return oauthError(e);
    if (isDatabaseUnavailable(e)) return oauthError(new TemporarilyUnavailableError("The service is temporarily unavailable"), { "Retry-After": "2" });
    log.error(`OAuth ${what} failed`, { error: e, stack: (e as Error)?.stack });
    return oauthError(new ServerError("Internal error"));
  }
}

/** A form-encoded body (RFC 6749 §3.2), capped. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new InvalidRequestError("Send the body as application/x-www-form-urlencoded");
  try {
    return new URLSearchParams(await readBodyText(request, MAX_FORM_BYTES, `Body larger than ${MAX_FORM_BYTES} bytes`));
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new InvalidRequestError(e.message);
    throw e;
  }
}

/** A JSON body (registration), capped. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new InvalidClientMetadataError("Send the client metadata as application/json");
  let text: string;
  try {
    text = await readBodyText(request, maxBytes, `Client metadata larger than ${maxBytes} bytes`);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new InvalidClientMetadataError(e.message);
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidClientMetadataError("The client metadata is not valid JSON");
  }
}

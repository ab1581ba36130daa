// Cross-site request refusal for cookie sessions. The session cookie is SameSite=Lax,
// which a page on a sibling subdomain (same *site*) still gets sent with, and old
// browsers send no Sec-Fetch-Site. So a write that carries no Authorization header
// (a cookie write, or no credential at all) is refused when
//   - Sec-Fetch-Site says it came from anywhere but our own origin, or
//   - its Origin is not our own (scheme-less host comparison, as Next's server
//     actions do: behind a proxy the scheme we see may differ), or
//   - its body is of a type a cross-site form or a no-preflight fetch can send
//     (anything but JSON or NDJSON, or no type at all).
// Bearer callers (curl, SDKs, agents) cannot be forged by a page and are unaffected.
import "server-only";
import { AuthError, DomainError } from "../errors";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);
const JSON_TYPES = new Set(["application/json", "application/x-ndjson"]);

const isWrite = (request: Request) => !READS.has(request.method);

/** The host this request was addressed to (what the browser's Origin must name). */
function ownHost(request: Request): string | undefined {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("host") || new URL(request.url).host || undefined;
}

/** A write sent by a page of another origin (Sec-Fetch-Site or Origin), whatever its credential. */
export function crossOriginWrite(request: Request): AuthError | undefined {
  if (!isWrite(request)) return undefined;
  const refused = () => new AuthError("cross_site_request", "Requests that change your data must come from this site");
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return refused();
  const origin = request.headers.get("origin");
  if (origin === null) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host; // "null" (sandboxed frames, some redirects) throws
  } catch {
    return refused();
  }
  return originHost === ownHost(request) ? undefined : refused();
}

function hasBody(request: Request): boolean {
  const length = request.headers.get("content-length");
  return request.headers.has("transfer-encoding") || (length !== null && length !== "0");
}

/** The checks of a cookie-session write to a JSON API (see the top of this file). */
export function crossSiteWrite(request: Request): DomainError | undefined {
  if (!isWrite(request) || request.headers.has("authorization")) return undefined;
  const crossOrigin = crossOriginWrite(request);
  if (crossOrigin) return crossOrigin;
  const type = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
  if (type === undefined ? hasBody(request) : !JSON_TYPES.has(type)) {
    return new DomainError("unsupported_media_type", "Send the body as application/json");
  }
  return undefined;
}

// Cross-site request refusal for cookie sessions. The session cookie is SameSite=Lax,
// which a page on a sibling subdomain (same *site*) still gets sent with; browsers
// say where a request came from in Sec-Fetch-Site, so a write from anywhere but our
// own origin is refused. Requests without the header (curl, SDKs, Bearer callers) are
// not browser requests and are unaffected.
import "server-only";
import { AuthError } from "../errors";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteWrite(request: Request): AuthError | undefined {
  if (READS.has(request.method)) return undefined;
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin") return undefined;
  return new AuthError("cross_site_request", "Requests that change your memories must come from this site");
}

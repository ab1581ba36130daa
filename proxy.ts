// Next 16 proxy (formerly middleware). With Supabase Auth it refreshes the session
// cookie before pages render. It is not a security boundary: every route handler
// checks auth itself. API, MCP and agent paths are excluded so callers get 401
// JSON from their handler, never an HTML redirect.
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";

// The path being rendered, for pages that send a signed-out visitor to sign in and
// back (lib/auth/page-session.ts PAGE_PATH_HEADER; a literal: proxy runs on its own).
const PAGE_PATH_HEADER = "x-jean-page-path";

/**
 * The pages' Content-Security-Policy: scripts only with this request's nonce (Next
 * reads it from the request's CSP header and puts it on its own scripts), nothing
 * framed, forms and connections to ourselves (and Supabase Auth when configured).
 * Inline style attributes stay allowed: Radix positions popovers with them.
 */
function contentSecurityPolicy(nonce: string): string {
  const { isProduction, supabase } = getConfig();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isProduction ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${supabase ? ` ${new URL(supabase.url).origin}` : ""}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

export async function proxy(request: NextRequest) {
  const csp = contentSecurityPolicy(Buffer.from(crypto.randomUUID()).toString("base64"));
  // Read at each call: the Supabase client below may update the request's cookies.
  const forward = () => {
    const headers = new Headers(request.headers);
    headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
    headers.set("Content-Security-Policy", csp);
    return { request: { headers } };
  };
  const withCsp = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    return response;
  };
  const supabase = getConfig().supabase;
  if (!supabase) return withCsp(NextResponse.next(forward()));
  let response = NextResponse.next(forward());
  const client = createServerClient(supabase.url, supabase.anonKey, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (list) => {
        for (const { name, value } of list) request.cookies.set(name, value);
        response = NextResponse.next(forward());
        for (const { name, value, options } of list) response.cookies.set(name, value, options);
      },
    },
  });
  // Refreshes an expired access token using the refresh token, if there is one.
  await client.auth.getClaims().catch(() => undefined);
  return withCsp(response);
}

export const config = {
  matcher: ["/((?!api/|mcp/|mcp$|agent/|_next/static|_next/image|favicon.ico).*)"],
};

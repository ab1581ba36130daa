// Next 16 proxy (formerly middleware). For every path: a request path that is not
// valid percent-encoding gets a 400 JSON (Next would answer a text/plain 500). For
// pages: the Content-Security-Policy nonce, the path being rendered, and (with
// Supabase Auth) a refreshed session cookie. It is not a security boundary: every
// route handler checks auth itself; API, MCP and agent paths pass straight through
// so their callers get 401 JSON from their handler, never an HTML redirect.
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { LOGIN_CSRF_COOKIE, newLoginCsrfToken } from "./lib/auth/login-csrf";
import { isHttps } from "./lib/http/is-https";
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
function contentSecurityPolicy(nonce: string, formTargets = ""): string {
  const { isProduction, supabase } = getConfig();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isProduction ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${supabase ? ` ${new URL(supabase.url).origin}` : ""}`,
    "frame-ancestors 'none'",
    `form-action 'self'${formTargets}`,
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * The OAuth consent page's form is answered with a redirect to the client's
 * redirect URI, and form-action governs that redirect too: allow its origin (or a
 * native app's scheme). The decision route redirects only to URIs the client
 * registered, whatever this header allows.
 */
function consentFormTargets(request: NextRequest): string {
  if (request.nextUrl.pathname !== "/oauth/consent") return "";
  try {
    const target = new URL(request.nextUrl.searchParams.get("redirect_uri") ?? "");
    if (target.protocol === "https:" || target.protocol === "http:") return ` ${target.origin}`;
    return /^[a-z][a-z0-9+.-]*:$/.test(target.protocol) ? ` ${target.protocol}` : "";
  } catch {
    return "";
  }
}

/** The path as sent cannot be decoded (`%FF`, a lone `%`, overlong `%C0%AF`): Next would answer a text/plain 500. */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** API-style paths: their handlers answer for themselves (401 JSON, never a page redirect). */
const API_PATH = /^\/(api|mcp|agent|\.well-known)(\/|$)|^\/oauth\/(authorize|token|register|revoke|jwks)(\/|$)/;

export async function proxy(request: NextRequest) {
  if (undecodable(request.nextUrl.pathname)) {
    const message = "The request path is not valid percent-encoded UTF-8";
    // The Claude and agent MCP paths answer in JSON-RPC; everything else in the REST shape.
    return /^\/(mcp|agent\/v1\/mcp)(\/|$)/.test(request.nextUrl.pathname)
      ? Response.json({ jsonrpc: "2.0", error: { code: -32600, message }, id: null }, { status: 400 })
      : Response.json({ error: { code: "bad_request", message } }, { status: 400 });
  }
  if (API_PATH.test(request.nextUrl.pathname)) return NextResponse.next();
  const csp = contentSecurityPolicy(Buffer.from(crypto.randomUUID()).toString("base64"), consentFormTargets(request));
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
  if (!supabase) {
    // Local sign-in: the login form's CSRF cookie (lib/auth/login-csrf.ts), set on the
    // request too so the page renders the same value into the form.
    const csrf = request.nextUrl.pathname === "/login" && !request.cookies.get(LOGIN_CSRF_COOKIE) ? newLoginCsrfToken() : undefined;
    if (csrf) request.cookies.set(LOGIN_CSRF_COOKIE, csrf);
    const response = withCsp(NextResponse.next(forward()));
    if (csrf) response.cookies.set(LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: "lax", path: "/", secure: isHttps(request) });
    return response;
  }
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

// Pages (everything but API, MCP, agent, OAuth endpoint and static paths), and those
// paths only when they contain a "%" (the percent-encoding check). Running the proxy
// on every API request would make Next buffer each request body for it — a chunked
// 200 MB upload was read whole before the handler's 1 MB cap could stop it
// (e2e/body-limits.signed-in.spec.ts).
export const config = {
  matcher: [
    "/((?!api/|mcp/|mcp$|agent/|oauth/authorize|oauth/token|oauth/register|oauth/revoke|oauth/jwks|\\.well-known/|_next/static|_next/image|favicon.ico).*)",
    "/(api|mcp|agent|oauth|\\.well-known)/(.*%.*)",
  ],
};

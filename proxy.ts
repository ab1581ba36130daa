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

export async function proxy(request: NextRequest) {
  // Read at each call: the Supabase client below may update the request's cookies.
  const forward = () => {
    const headers = new Headers(request.headers);
    headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
    return { request: { headers } };
  };
  const supabase = getConfig().supabase;
  if (!supabase) return NextResponse.next(forward());
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
  return response;
}

export const config = {
  matcher: ["/((?!api/|mcp/|mcp$|agent/|_next/static|_next/image|favicon.ico).*)"],
};

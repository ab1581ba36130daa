// Next 16 proxy (formerly middleware). With Supabase Auth it refreshes the session
// cookie before pages render. It is not a security boundary: every route handler
// checks auth itself. API, MCP and agent paths are excluded so callers get 401
// JSON from their handler, never an HTML redirect.
import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./lib/config";

export async function proxy(request: NextRequest) {
  const supabase = getConfig().supabase;
  if (!supabase) return NextResponse.next();
  let response = NextResponse.next({ request });
  const client = createServerClient(supabase.url, supabase.anonKey, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll: (list) => {
        for (const { name, value } of list) request.cookies.set(name, value);
        response = NextResponse.next({ request });
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

// POST /auth/sign-out — ends the session (local or Supabase) and returns to /login.
import { domainErrorResponse, handleApiError } from "@/lib/api/errors";
import { crossOriginWrite } from "@/lib/auth/csrf";
import { clearedLocalSessionCookie } from "@/lib/auth/cookies";
import { revokeLocalSession } from "@/lib/auth/local-session";
import { extractSessionToken } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export async function POST(request: Request) {
  try {
    // A page elsewhere may not sign people out (a form post to here would otherwise).
    const crossOrigin = crossOriginWrite(request);
    if (crossOrigin) return domainErrorResponse(crossOrigin);
    if (getConfig().authMode === "local") {
      const found = extractSessionToken(request);
      if (found && "token" in found) await revokeLocalSession(found.token);
    } else {
      const supabase = await createSupabaseServerClient();
      await supabase.auth.signOut();
    }
    return new Response(null, {
      status: 303,
      headers: { Location: "/login", "Set-Cookie": clearedLocalSessionCookie() },
    });
  } catch (e) {
    return handleApiError(e);
  }
}

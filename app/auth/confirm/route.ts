// GET /auth/confirm — Supabase magic-link / PKCE callback: turns the link's code or
// token_hash into a session cookie, then goes to `next`.
import type { EmailOtpType } from "@supabase/supabase-js";
import { safeNextPath } from "@/lib/auth/cookies";
import { getConfig } from "@/lib/config";
import { createSupabaseServerClient } from "@/lib/supabase/server";

export async function GET(request: Request) {
  const url = new URL(request.url);
  const next = safeNextPath(url.searchParams.get("next"));
  const fail = (reason: string) => Response.redirect(new URL(`/login?error=${reason}`, url), 303);
  if (getConfig().authMode !== "supabase") return fail("supabase_not_configured");
  const supabase = await createSupabaseServerClient();
  const code = url.searchParams.get("code");
  const tokenHash = url.searchParams.get("token_hash");
  const type = url.searchParams.get("type") as EmailOtpType | null;
  const { error } = code
    ? await supabase.auth.exchangeCodeForSession(code)
    : tokenHash && type
      ? await supabase.auth.verifyOtp({ type, token_hash: tokenHash })
      : { error: new Error("missing code") };
  if (error) return fail("link_invalid");
  return Response.redirect(new URL(next, url), 303);
}

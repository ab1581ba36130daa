// POST /auth/local/sign-in — local mode only (no Supabase project): signs in by
// email and sets an httpOnly session cookie. Accepts the login page's form post
// (with its CSRF token) or JSON. Refused from other origins and, past
// SIGN_INS_PER_MINUTE, from one address (lib/auth/address-limits.ts).
import { z } from "zod";
import { ApiError, domainErrorResponse, handleApiError } from "@/lib/api/errors";
import { readJson } from "@/lib/api/route";
import { readBodyText } from "@/lib/http/body";
import { chargeSignIn } from "@/lib/auth/address-limits";
import { isHttps, localSessionCookie, safeNextPath } from "@/lib/auth/cookies";
import { crossOriginWrite } from "@/lib/auth/csrf";
import { LOCAL_SESSION_TTL_SECONDS, mintLocalSession } from "@/lib/auth/local-session";
import { LOGIN_CSRF_COOKIE, loginCsrfMatches } from "@/lib/auth/login-csrf";
import { parseCookieHeader } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { DomainError } from "@/lib/errors";

const signIn = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ message: "expected an email address" }).max(254)),
  next: z.string().optional(),
});

const backToLogin = (error: string, next?: string) =>
  new Response(null, { status: 303, headers: { Location: `/login?error=${error}${next ? `&next=${encodeURIComponent(safeNextPath(next))}` : ""}` } });

export async function POST(request: Request) {
  try {
    if (getConfig().authMode !== "local") throw new ApiError("not_found", "Local sign-in is disabled: this deployment uses Supabase Auth");
    const crossOrigin = crossOriginWrite(request);
    if (crossOrigin) return domainErrorResponse(crossOrigin);
    const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type === "application/x-www-form-urlencoded") {
      const form = Object.fromEntries(new URLSearchParams(await readBodyText(request, 10_000)));
      if (!loginCsrfMatches(parseCookieHeader(request.headers.get("cookie")).get(LOGIN_CSRF_COOKIE), form.csrf)) return backToLogin("form_expired", form.next);
      if (await chargeSignIn(request)) return backToLogin("too_many_attempts", form.next);
      const parsed = signIn.safeParse(form); // the csrf field is dropped (zod strips unknown keys)
      if (!parsed.success) return backToLogin("invalid_email", form.next);
      const { token } = await mintLocalSession(parsed.data.email);
      return new Response(null, {
        status: 303,
        headers: { Location: safeNextPath(parsed.data.next), "Set-Cookie": localSessionCookie(token, LOCAL_SESSION_TTL_SECONDS, isHttps(request)) },
      });
    }
    // Only JSON otherwise: text/plain or multipart would let a page elsewhere post it without asking.
    if (type !== "application/json") return domainErrorResponse(new DomainError("unsupported_media_type", "Send JSON {email} or the sign-in form"));
    const limited = await chargeSignIn(request);
    if (limited) return domainErrorResponse(limited);
    const body = await readJson(request, signIn);
    const { token, userId, expiresAt } = await mintLocalSession(body.email);
    return Response.json(
      { user_id: userId, email: body.email, access_token: token, expires_at: expiresAt.toISOString() },
      { headers: { "Set-Cookie": localSessionCookie(token, LOCAL_SESSION_TTL_SECONDS, isHttps(request)) } },
    );
  } catch (e) {
    return handleApiError(e);
  }
}

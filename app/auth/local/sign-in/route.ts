// POST /auth/local/sign-in — local mode only (no Supabase project): signs in by
// email and sets an httpOnly session cookie. Accepts a form post or JSON.
import { z } from "zod";
import { ApiError, handleApiError } from "@/lib/api/errors";
import { readJson } from "@/lib/api/route";
import { readBodyText } from "@/lib/http/body";
import { isHttps, localSessionCookie, safeNextPath } from "@/lib/auth/cookies";
import { LOCAL_SESSION_TTL_SECONDS, mintLocalSession } from "@/lib/auth/local-session";
import { getConfig } from "@/lib/config";

const signIn = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email({ message: "expected an email address" }).max(254)),
  next: z.string().optional(),
});

export async function POST(request: Request) {
  try {
    if (getConfig().authMode !== "local") throw new ApiError("not_found", "Local sign-in is disabled: this deployment uses Supabase Auth");
    const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
    if (isForm) {
      const form = Object.fromEntries(new URLSearchParams(await readBodyText(request, 10_000)));
      const parsed = signIn.safeParse(form);
      if (!parsed.success) {
        return new Response(null, { status: 303, headers: { Location: "/login?error=invalid_email" } });
      }
      const { token } = await mintLocalSession(parsed.data.email);
      return new Response(null, {
        status: 303,
        headers: { Location: safeNextPath(parsed.data.next), "Set-Cookie": localSessionCookie(token, LOCAL_SESSION_TTL_SECONDS, isHttps(request)) },
      });
    }
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

// Where a dashboard request carries its session: `Authorization: Bearer <jwt>`,
// the @supabase/ssr cookie (`sb-<ref>-auth-token`, possibly split into `.0`, `.1`
// chunks, possibly "base64-" encoded JSON), or local sign-in's cookie.
import "server-only";
export const LOCAL_SESSION_COOKIE = "jean-session";

const SUPABASE_COOKIE = /^sb-[A-Za-z0-9_-]+-auth-token(?:\.(\d+))?$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

function accessTokenFromSupabaseCookie(value: string): string | undefined {
  let text = value;
  if (text.startsWith("base64-")) {
    text = Buffer.from(text.slice("base64-".length), "base64url").toString("utf8");
  }
  try {
    const session = JSON.parse(text) as unknown;
    // Older @supabase/ssr versions stored [access_token, refresh_token, ...].
    const token = Array.isArray(session) ? session[0] : (session as { access_token?: unknown })?.access_token;
    return typeof token === "string" ? token : undefined;
  } catch {
    return undefined;
  }
}

export type TokenSource = "bearer" | "supabase-cookie" | "local-cookie";

/**
 * The session token a request carries, if any. A present but malformed
 * Authorization header is reported (not silently ignored in favour of a cookie).
 */
export function extractSessionToken(
  request: Request,
): { token: string; source: TokenSource } | { error: string } | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer ([^\s]+)$/.exec(authorization.trim());
    if (!match || !JWT_SHAPE.test(match[1])) return { error: "Authorization header must be 'Bearer <session token>'" };
    return { token: match[1], source: "bearer" };
  }
  const cookies = parseCookieHeader(request.headers.get("cookie"));
  const chunks: { index: number; value: string }[] = [];
  for (const [name, value] of cookies) {
    const m = SUPABASE_COOKIE.exec(name);
    if (m) chunks.push({ index: m[1] === undefined ? -1 : Number(m[1]), value });
  }
  if (chunks.length > 0) {
    chunks.sort((a, b) => a.index - b.index);
    const whole = chunks.some((c) => c.index === -1) ? chunks.find((c) => c.index === -1)!.value : chunks.map((c) => c.value).join("");
    const token = accessTokenFromSupabaseCookie(whole);
    if (token) return { token, source: "supabase-cookie" };
  }
  const local = cookies.get(LOCAL_SESSION_COOKIE);
  if (local && JWT_SHAPE.test(local)) return { token: local, source: "local-cookie" };
  return undefined;
}

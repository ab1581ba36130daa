import "server-only";
import { LOCAL_SESSION_COOKIE } from "./session-cookie";

/** Secure when the request came over https (directly or via a proxy). */
export { isHttps } from "../http/is-https";

export function localSessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${LOCAL_SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

export function clearedLocalSessionCookie(): string {
  return `${LOCAL_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** Only same-site relative paths, so `?next=` cannot send people elsewhere. */
export function safeNextPath(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s]*$/.test(next) ? next : "/";
}

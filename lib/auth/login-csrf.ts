// Login CSRF for the local sign-in form (a page elsewhere could otherwise post the
// form with its author's email and sign a visitor into the author's account): a
// double-submit token. proxy.ts gives every visitor of /login a random cookie; the
// form carries the same value; the sign-in route compares the two. No server-only
// import: proxy.ts uses it.
import { timingSafeEqual } from "node:crypto";
export const LOGIN_CSRF_COOKIE = "jean_login_csrf";

export function newLoginCsrfToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
}

/** Whether the form's token is the cookie's (both present, equal; constant time). */
export function loginCsrfMatches(cookieValue: string | undefined, formValue: string | undefined): boolean {
  if (!cookieValue || !formValue) return false;
  const a = Buffer.from(cookieValue);
  const b = Buffer.from(formValue);
  return a.length === b.length && timingSafeEqual(a, b);
}

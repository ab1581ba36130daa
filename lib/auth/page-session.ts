// For server components: the signed-in user of the page being rendered, through
// the same getCurrentSupaUser as the REST API — checked once per request (React
// cache), however many layouts and pages ask.
import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getCurrentSupaUser } from "./supa-user";
import type { UserPrincipal } from "./types";

export const getPageUser = cache(async (): Promise<UserPrincipal | undefined> => {
  const h = await headers();
  const result = await getCurrentSupaUser(new Request("http://page.internal/", { headers: h }));
  return result.ok ? result.principal : undefined;
});

/** The header proxy.ts sets on page requests: the path being rendered (for "sign in and come back"). */
export const PAGE_PATH_HEADER = "x-jean-page-path";

/** The signed-in user, or a redirect to sign in that comes back to this page. */
export async function requirePageUser(): Promise<UserPrincipal> {
  const principal = await getPageUser();
  if (principal) return principal;
  const path = (await headers()).get(PAGE_PATH_HEADER) ?? "/";
  redirect(path === "/" ? "/login" : `/login?next=${encodeURIComponent(path)}`);
}

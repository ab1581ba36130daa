// For server components: the signed-in user of the page being rendered, through
// the same getCurrentSupaUser as the REST API.
import "server-only";
import { headers } from "next/headers";
import { getCurrentSupaUser } from "./supa-user";
import type { UserPrincipal } from "./types";

export async function getPageUser(): Promise<UserPrincipal | undefined> {
  const h = await headers();
  const result = await getCurrentSupaUser(new Request("http://page.internal/", { headers: h }));
  return result.ok ? result.principal : undefined;
}

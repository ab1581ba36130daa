// /oauth/consent — where a connector's authorization request lands once checked
// (/oauth/authorize): the signed-in person sees who asks, where it will send them
// back and what it may do, and approves or denies. Sign-in comes first and returns
// here. Never framed (frame-ancestors 'none', X-Frame-Options); the form carries a
// consent token bound to this user and this exact request (lib/oauth/authorize.ts).
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ConsentForm, ConsentError } from "@/components/oauth/consent-form";
import { requirePageUser } from "@/lib/auth/page-session";
import { consentToken, validateAuthorizationRequest } from "@/lib/oauth/authorize";
import { serverOrigin } from "@/lib/oauth/urls";

export const metadata: Metadata = { title: "Connect an app · Jean Memory" };

export default async function ConsentPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, value);
  const origin = serverOrigin(new Request("http://page.internal/", { headers: await headers() }));
  const checked = await validateAuthorizationRequest(params, origin);
  if (!checked.ok) {
    if ("redirect" in checked) redirect(checked.redirect);
    return <ConsentError description={checked.show.description} />;
  }
  const token = await consentToken(origin, principal.user.id, checked.request);
  return <ConsentForm request={checked.request} params={[...params]} consentToken={token} signedInAs={principal.user.email ?? principal.user.userId} />;
}

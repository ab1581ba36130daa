// /settings — the signed-in user's agent API keys and how to connect an agent.
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { KeysPanel } from "@/components/settings/keys-panel";
import { getPageUser } from "@/lib/auth/page-session";
import { listKeys } from "@/lib/keys/service";

export const metadata: Metadata = { title: "Settings · Jean Memory" };

/** This request's origin as the server sees it (the browser corrects it if a proxy says otherwise). */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0].trim() || h.get("host") || "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() || (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function SettingsPage() {
  const principal = await getPageUser();
  if (!principal) redirect("/login?next=/settings");
  const [keys, origin] = await Promise.all([listKeys({ userId: principal.user.id }), requestOrigin()]);
  return (
    <main className="mx-auto max-w-5xl px-6 py-10">
      <header className="flex items-center justify-between border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <div className="flex items-baseline gap-4">
          <Link href="/" className="text-xl font-semibold">
            Jean Memory
          </Link>
          <h1 className="text-zinc-600 dark:text-zinc-400">Settings</h1>
        </div>
        <div className="flex items-center gap-3">
          <span className="text-sm text-zinc-600 dark:text-zinc-400">{principal.user.email ?? principal.user.userId}</span>
          <SignOutButton />
        </div>
      </header>
      <div className="mt-8">
        <KeysPanel initialKeys={keys} serverOrigin={origin} />
      </div>
    </main>
  );
}

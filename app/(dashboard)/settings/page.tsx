// /settings — sensitive categories, connecting with OAuth and connected apps, agent API keys, how to connect an agent, and import / export.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { ConnectionsPanel } from "@/components/settings/connections-panel";
import { ImportExport } from "@/components/settings/import-export";
import { KeysPanel } from "@/components/settings/keys-panel";
import { SensitiveCategories } from "@/components/settings/sensitive-categories";
import { requirePageUser } from "@/lib/auth/page-session";
import { listKeys } from "@/lib/keys/service";
import { CATEGORIES, CATEGORY_NAMES, sensitiveCategories } from "@/lib/memory";
import { listConnections } from "@/lib/oauth/grants";

export const metadata: Metadata = { title: "Settings · Jean Memory" };

/** This request's origin as the server sees it (the browser corrects it if a proxy says otherwise). */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host")?.split(",")[0].trim() || h.get("host") || "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0].trim() || (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function SettingsPage() {
  const principal = await requirePageUser();
  const [keys, connections, sensitive, origin] = await Promise.all([
    listKeys({ userId: principal.user.id }),
    listConnections(principal.user.id),
    sensitiveCategories(principal.user.id),
    requestOrigin(),
  ]);
  const available = CATEGORY_NAMES.map((name) => ({ name, description: CATEGORIES[name] }));
  return (
    <div className="mx-auto max-w-5xl space-y-12">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <SensitiveCategories initial={{ categories: sensitive, available }} />
      <ConnectionsPanel initialConnections={connections} serverOrigin={origin} />
      <KeysPanel initialKeys={keys} serverOrigin={origin} />
      <ImportExport />
    </div>
  );
}

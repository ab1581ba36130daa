// /apps/[id] — one app: its status, its settings as a Claude gateway client, and the
// memories it wrote (the same table as /memories).
import type { Metadata } from "next";
import Link from "next/link";
import { AppToggle } from "@/components/dashboard/app-toggle";
import { GatewaySettings } from "@/components/dashboard/gateway-settings";
import { DateTime } from "@/components/memories/format";
import { MemoriesPage } from "@/components/memories/memories-page";
import { mutedText } from "@/components/ui/styles";
import { requirePageUser } from "@/lib/auth/page-session";
import { orNotFound } from "@/components/dashboard/or-not-found";
import { dashboardActor, getApp } from "@/lib/memory";

export const metadata: Metadata = { title: "App · Jean Memory" };

export default async function AppPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  const actor = dashboardActor(principal.user.id);
  const app = await orNotFound(getApp(actor, (await params).id));
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <nav aria-label="Breadcrumb" className={`text-sm ${mutedText}`}>
        <Link href="/apps" className="underline-offset-2 hover:underline">
          Apps
        </Link>{" "}
        / {app.name}
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{app.name}</h1>
          <p className={`text-sm ${mutedText}`}>
            {app.is_active ? "Active" : "Paused"} · {app.total_memories_created} memories · last write <DateTime iso={app.last_write_at} empty="never" /> · last read{" "}
            <DateTime iso={app.last_read_at} empty="never" />
          </p>
        </div>
        <AppToggle app={app} />
      </div>
      <GatewaySettings app={app} />
      <MemoriesPage actor={actor} searchParams={await searchParams} lockedApp={{ id: app.id, name: app.name }} />
    </div>
  );
}

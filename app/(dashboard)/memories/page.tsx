// /memories — every memory: ranked search, filters, sort, pages, all in the URL.
import type { Metadata } from "next";
import { MemoriesPage } from "@/components/memories/memories-page";
import { requirePageUser } from "@/lib/auth/page-session";
import { dashboardActor } from "@/lib/memory";

export const metadata: Metadata = { title: "Memories · Jean Memory" };

export default async function Memories({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <h1 className="text-2xl font-semibold">Memories</h1>
      <MemoriesPage actor={dashboardActor(principal.user.id)} searchParams={await searchParams} />
    </div>
  );
}

// /trash — deleted memories, most recently deleted first, with the date each is
// purged for good; restore one or a selection.
import type { Metadata } from "next";
import { TrashList } from "@/components/trash/trash-list";
import { Pager } from "@/components/ui/pager";
import { mutedText } from "@/components/ui/styles";
import { requirePageUser } from "@/lib/auth/page-session";
import { getConfig } from "@/lib/config";
import { dashboardActor, trashPage } from "@/lib/memory";

export const metadata: Metadata = { title: "Trash · Jean Memory" };

const PAGE_SIZE = 25;

const pageParam = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};

export default async function TrashPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  const page = pageParam((await searchParams).page);
  const trash = await trashPage(dashboardActor(principal.user.id), { page, size: PAGE_SIZE });
  const days = getConfig().trashRetentionDays;
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Trash</h1>
        <p data-testid="retention" className={`mt-1 text-sm ${mutedText}`}>
          Deleted memories stay here for {days} {days === 1 ? "day" : "days"}, then they are removed for good, with their history. No assistant sees them meanwhile; restore one to
          make it active again.
        </p>
      </div>
      <TrashList items={trash.items} />
      <Pager page={trash.page} pages={trash.pages} total={trash.total} noun={["memory", "memories"]} hrefOf={(p) => `/trash?page=${p}`} />
    </div>
  );
}

// /review — what assistants whose writes are reviewed proposed (new memories,
// changes, deletions), newest first, to approve, edit then approve, or reject;
// and, under "Decided", what was decided.
import type { Metadata } from "next";
import Link from "next/link";
import { ReviewList } from "@/components/review/review-list";
import { mutedText } from "@/components/ui/styles";
import { Pager } from "@/components/ui/pager";
import { requirePageUser } from "@/lib/auth/page-session";
import { countOpenReviews, listReviews } from "@/lib/memory";

export const metadata: Metadata = { title: "Review · Jean Memory" };

const PAGE_SIZE = 50;

const pageParam = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};

const tabStyles =
  "rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900";

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePageUser();
  const sp = await searchParams;
  const status = sp.status === "decided" ? "decided" : "open";
  const page = pageParam(sp.page);
  const [reviews, open] = await Promise.all([listReviews(principal.user.id, { status, page, size: PAGE_SIZE }), countOpenReviews(principal.user.id)]);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Review</h1>
        <p className={`mt-1 text-sm ${mutedText}`}>
          Assistants whose writes you review propose instead of writing: nothing here is applied, and no assistant sees it, until you approve it. Choose which
          assistants are reviewed under{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          .
        </p>
      </div>
      <nav aria-label="Proposals" className="flex gap-2">
        <Link href="/review" aria-current={status === "open" ? "page" : undefined} className={tabStyles}>
          Waiting ({open})
        </Link>
        <Link href="/review?status=decided" aria-current={status === "decided" ? "page" : undefined} className={tabStyles}>
          Decided
        </Link>
      </nav>
      <ReviewList items={reviews.items} status={status} />
      <Pager page={reviews.page} pages={reviews.pages} total={reviews.total} noun={["proposal", "proposals"]} hrefOf={(p) => `/review?${status === "decided" ? "status=decided&" : ""}page=${p}`} />
    </div>
  );
}

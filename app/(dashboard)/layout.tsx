// The signed-in shell: the session is checked once per request here (and by any
// page that asks, through the same cached getPageUser); navigation (with the number
// of proposals waiting for review), user menu, toasts.
import Link from "next/link";
import { Nav } from "@/components/dashboard/nav";
import { UserMenu } from "@/components/dashboard/user-menu";
import { ToastProvider } from "@/components/ui/toast";
import { requirePageUser } from "@/lib/auth/page-session";
import { countOpenReviews } from "@/lib/memory";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const principal = await requirePageUser();
  // Proposals waiting on the Review page (the badge; router.refresh() after a decision updates it).
  const reviewCount = await countOpenReviews(principal.user.id);
  return (
    <ToastProvider>
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900">
        Skip to content
      </a>
      <div className="min-h-screen md:flex">
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 bg-white px-4 py-3 md:sticky md:top-0 md:h-screen md:w-56 md:shrink-0 md:flex-col md:flex-nowrap md:items-stretch md:justify-start md:border-r md:border-b-0 md:py-6 dark:border-zinc-800 dark:bg-zinc-900">
          <Link href="/" className="text-base font-semibold md:px-2 md:pb-4">
            Jean Memory
          </Link>
          <div className="min-w-0 md:order-last md:mt-auto">
            <UserMenu email={principal.user.email ?? principal.user.userId} />
          </div>
          <div className="order-last w-full min-w-0 md:order-none">
            <Nav reviewCount={reviewCount} />
          </div>
        </header>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}

"use client";
// The dashboard's navigation; the current section is marked for screen readers too.
// "Review" carries the number of proposals waiting (from the server layout), named
// for screen readers too ("Review 3 waiting").
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Overview" },
  { href: "/memories", label: "Memories" },
  { href: "/review", label: "Review" },
  { href: "/apps", label: "Apps" },
  { href: "/activity", label: "Activity" },
  { href: "/trash", label: "Trash" },
  { href: "/settings", label: "Settings" },
];

export function Nav({ reviewCount = 0 }: { reviewCount?: number }) {
  const path = usePathname();
  const current = (href: string) => (href === "/" ? path === "/" : path === href || path.startsWith(href + "/"));
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto md:flex-col">
      {LINKS.map((l) => {
        const badge = l.href === "/review" && reviewCount > 0;
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={current(l.href) ? "page" : undefined}
            className="flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 aria-[current=page]:bg-zinc-100 aria-[current=page]:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white"
          >
            {l.label}
            {badge && (
              <span data-testid="review-badge" className="rounded-full bg-sky-700 px-1.5 text-xs leading-5 font-semibold text-white tabular-nums dark:bg-sky-300 dark:text-sky-950">
                {reviewCount > 99 ? "99+" : reviewCount}
                {/* The number says what it counts: the link's name is "Review 3 waiting" (the visible text is part of it). */}
                <span className="sr-only"> waiting</span>
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}

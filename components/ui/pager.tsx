// "Previous / Next" links for a paged list whose page is in the URL (?page=).
import Link from "next/link";
import { buttonStyles, mutedText } from "./styles";

export function Pager({ page, pages, total, noun, hrefOf }: { page: number; pages: number; total: number; noun: [string, string]; hrefOf: (page: number) => string }) {
  if (total === 0) return null;
  return (
    <nav aria-label="Pages" className={`flex items-center justify-between gap-2 text-sm ${mutedText}`}>
      <span>
        {total.toLocaleString("en")} {total === 1 ? noun[0] : noun[1]} · page {page} of {Math.max(pages, 1)}
      </span>
      <span className="flex gap-2">
        {page > 1 && (
          <Link className={buttonStyles.secondary} href={hrefOf(page - 1)}>
            Previous
          </Link>
        )}
        {page < pages && (
          <Link className={buttonStyles.secondary} href={hrefOf(page + 1)}>
            Next
          </Link>
        )}
      </span>
    </nav>
  );
}

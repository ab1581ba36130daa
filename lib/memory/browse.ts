// The dashboard's memories view: a filtered, sorted page (listMemories), or, with
// a query, the best matches of the hybrid search in rank order — never a substring match.
import "server-only";
import type { MemoryActor } from "./actor";
import { memoriesByIds, listMemories, pageOf, type ListOptions, type Page } from "./read";
import { NOT_DELETED } from "./scope";
import { rankMemories } from "./search";
import { storableText } from "../text";
import type { MemoryOut } from "./types";

/** How many ranked matches a search view pages through. */
export const MAX_SEARCH_MATCHES = 100;

export async function browseMemories(actor: MemoryActor, opts: ListOptions & { query?: string }): Promise<Page<MemoryOut>> {
  if (!opts.query) return listMemories(actor, opts);
  const page = Math.max(opts.page ?? 1, 1);
  const size = Math.min(Math.max(opts.size ?? 25, 1), 100);
  // Rank the matches, then read in full only the page shown.
  const ranked = await rankMemories(actor, storableText(opts.query), {
    limit: MAX_SEARCH_MATCHES,
    appIds: opts.appIds,
    categoryIds: opts.categoryIds,
    includeStates: opts.states?.length ? opts.states : [...NOT_DELETED],
    fromDate: opts.fromDate,
    toDate: opts.toDate,
  });
  const ids = ranked.map((h) => h.id);
  const items = await memoriesByIds(actor, ids.slice((page - 1) * size, page * size));
  return pageOf(items, ids.length, page, size);
}

// The server half of a memories view (/memories, /apps/[id]): reads the URL,
// calls lib/memory directly, hands the first view to the client table.
import "server-only";
import { parseMemoriesView } from "@/lib/api/memory-http";
import { browseMemories, categoryOptions, listAppNames, type MemoryActor } from "@/lib/memory";
import { MemoriesView, type Option, type ViewState } from "./memories-view";

const day = (d?: Date) => (d ? d.toISOString().slice(0, 10) : "");

export async function MemoriesPage({ actor, searchParams, lockedApp }: { actor: MemoryActor; searchParams: Record<string, string | string[] | undefined>; lockedApp?: Option }) {
  const { view, invalid } = parseMemoriesView(searchParams);
  const appIds = lockedApp ? [lockedApp.id] : view.app_ids;
  const [page, apps, categories] = await Promise.all([
    browseMemories(actor, {
      query: view.q,
      page: view.page,
      size: view.size,
      appIds,
      categoryIds: view.category_ids,
      states: view.state,
      fromDate: view.from_date,
      toDate: view.to_date,
      sortColumn: view.sort_column,
      sortDirection: view.sort_direction,
    }),
    listAppNames(actor),
    categoryOptions(),
  ]);
  const state: ViewState = {
    q: view.q ?? "",
    appIds: lockedApp ? [] : (view.app_ids ?? []),
    categoryIds: view.category_ids ?? [],
    states: view.state ?? [],
    from: day(view.from_date),
    to: day(view.to_date),
    sort: view.sort_column,
    dir: view.sort_direction,
    page: view.page,
    size: view.size,
  };
  return (
    <MemoriesView
      items={page.items}
      total={page.total}
      pages={page.pages}
      view={state}
      apps={apps}
      categories={categories}
      lockedApp={lockedApp}
      invalidLink={invalid}
    />
  );
}

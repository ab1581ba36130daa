"use client";
// The memories table with its toolbar: a ranked search box (debounced), filters,
// sort, pagination — all kept in the URL, so a view survives reload and can be
// shared — and row and bulk actions with optimistic updates and Undo.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useMemo, useOptimistic, useRef, useState, useTransition } from "react";
import type { MemoryOut, MemoryState } from "@/lib/memory/types";
import { memoriesApi, type StateAction } from "../api-client";
import { Checkbox } from "../ui/checkbox";
import { Dialog, DialogActions } from "../ui/dialog";
import { DropdownMenu } from "../ui/dropdown-menu";
import { messageOf } from "../ui/error-text";
import { Popover } from "../ui/popover";
import { TableHead } from "../ui/table";
import { buttonStyles, inputStyles, mutedText } from "../ui/styles";
import { useToast } from "../ui/toast";
import { useAction } from "../ui/use-action";
import { AddMemoryButton } from "./add-memory-dialog";
import { DateTime, StateBadge } from "./format";

/** The view as it is in the URL (the server parsed and validated it). */
export interface ViewState {
  q: string;
  appIds: string[];
  categoryIds: string[];
  states: MemoryState[];
  from: string;
  to: string;
  sort: "created_at" | "content" | "app_name";
  dir: "asc" | "desc";
  page: number;
  size: number;
}

export interface Option {
  id: string;
  name: string;
}

const STATES: MemoryState[] = ["active", "paused", "archived", "deleted"];
const DEFAULT_STATES: MemoryState[] = ["active", "paused", "archived"];
const TARGET: Record<StateAction, MemoryState> = { archive: "archived", pause: "paused", restore: "active", delete: "deleted" };
/** The action that puts a memory back into `state` (for Undo). */
const BACK_TO: Record<MemoryState, StateAction> = { active: "restore", paused: "pause", archived: "archive", deleted: "delete", pending_review: "delete" /* never listed here: decided on the Review page */ };
const PAST: Record<StateAction, string> = { archive: "Archived", pause: "Paused", restore: "Restored", delete: "Moved to the trash" };

const sameStates = (a: MemoryState[], b: MemoryState[]) => a.length === b.length && a.every((s) => b.includes(s));

function toSearch(v: ViewState): string {
  const p = new URLSearchParams();
  if (v.q) p.set("q", v.q);
  for (const id of v.appIds) p.append("app_ids", id);
  for (const id of v.categoryIds) p.append("category_ids", id);
  if (v.states.length && !sameStates(v.states, DEFAULT_STATES)) for (const s of STATES.filter((x) => v.states.includes(x))) p.append("state", s);
  if (v.from) p.set("from_date", v.from);
  if (v.to) p.set("to_date", v.to);
  if (v.sort !== "created_at") p.set("sort_column", v.sort);
  if (v.dir !== "desc") p.set("sort_direction", v.dir);
  if (v.page > 1) p.set("page", String(v.page));
  if (v.size !== 25) p.set("size", String(v.size));
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function MemoriesView(props: {
  items: MemoryOut[];
  total: number;
  pages: number;
  view: ViewState;
  apps: Option[];
  categories: Option[];
  /** Set on /apps/[id]: the app filter is fixed. */
  lockedApp?: Option;
  invalidLink?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const toast = useToast();
  const [navigating, startNavigation] = useTransition();
  // The view the person just asked for, shown at once while the server renders it.
  const [view, setView] = useOptimistic(props.view);
  // Optimistic states: what this page changed, applied over the server's rows until it re-renders them.
  const [changed, setChanged] = useState<Map<string, MemoryState>>(new Map());
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirmDelete, setConfirmDelete] = useState<string[] | null>(null);
  const results = useRef<HTMLDivElement>(null);
  // New rows from the server are the truth: optimistic states and the selection belong to the old ones.
  const [shownItems, setShownItems] = useState(props.items);
  if (shownItems !== props.items) {
    setShownItems(props.items);
    setChanged(new Map());
    setSelected(new Set());
  }
  /** After an action removes the control that had focus (the bulk bar, a hidden row), keep focus on the results. */
  const keepFocus = () => requestAnimationFrame(() => (document.activeElement === document.body || !document.activeElement) && results.current?.focus());

  const go = (next: Partial<ViewState>) => {
    const target = { ...view, page: 1, ...next };
    startNavigation(() => {
      setView(target);
      router.replace(pathname + toSearch(target), { scroll: false });
    });
  };

  const visibleStates = view.states.length ? view.states : DEFAULT_STATES;
  const rows = useMemo(
    () => props.items.map((m) => ({ ...m, state: changed.get(m.id) ?? m.state })).filter((m) => visibleStates.includes(m.state)),
    [props.items, changed, visibleStates],
  );
  const selectedRows = rows.filter((r) => selected.has(r.id));

  async function act(action: StateAction, ids: string[], opts: { undoable?: boolean } = { undoable: true }) {
    const before = new Map(rows.filter((r) => ids.includes(r.id)).map((r) => [r.id, r.state]));
    setChanged((m) => new Map([...m, ...ids.map((id) => [id, TARGET[action]] as const)]));
    setSelected(new Set());
    keepFocus();
    try {
      await memoriesApi.act(action, ids);
      router.refresh();
      const n = ids.length;
      toast({
        message: `${PAST[action]} ${n} ${n === 1 ? "memory" : "memories"}.`,
        action: opts.undoable ? { label: "Undo", onAction: () => void undo(before) } : undefined,
      });
    } catch (e) {
      // All or nothing on the server: nothing changed, so show the server's rows again.
      setChanged(new Map());
      router.refresh();
      toast({ message: messageOf(e), tone: "error" });
    }
  }

  async function undo(before: Map<string, MemoryState>) {
    const byState = new Map<MemoryState, string[]>();
    for (const [id, state] of before) byState.set(state, [...(byState.get(state) ?? []), id]);
    setChanged((m) => new Map([...m, ...before]));
    try {
      for (const [state, ids] of byState) await memoriesApi.act(BACK_TO[state], ids);
      router.refresh();
      toast({ message: "Undone." });
    } catch (e) {
      // Some groups may have been put back: show what the server has.
      setChanged(new Map());
      router.refresh();
      toast({ message: messageOf(e), tone: "error" });
    }
  }

  const allChecked = rows.length > 0 && selectedRows.length === rows.length ? true : selectedRows.length ? "indeterminate" : false;

  return (
    <div className="space-y-4">
      {props.invalidLink && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          This link had filters that are not valid, so the default view is shown.
        </p>
      )}
      <Toolbar {...props} view={view} go={go} />

      {selectedRows.length > 0 && (
        <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          <span className="px-1 font-medium">{selectedRows.length} selected</span>
          <button type="button" className={buttonStyles.secondary} onClick={() => act("archive", selectedRows.map((r) => r.id))}>
            Archive selected
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => act("pause", selectedRows.map((r) => r.id))}>
            Pause selected
          </button>
          <button type="button" className={buttonStyles.secondary} onClick={() => act("restore", selectedRows.map((r) => r.id))}>
            Restore selected
          </button>
          <button type="button" className={`${buttonStyles.secondary} text-red-700 dark:text-red-400`} onClick={() => setConfirmDelete(selectedRows.map((r) => r.id))}>
            Delete selected
          </button>
          <button type="button" className={buttonStyles.ghost} onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}

      {rows.length === 0 ? (
        <EmptyState view={view} lockedApp={props.lockedApp} />
      ) : (
        <div
          ref={results}
          tabIndex={-1}
          aria-busy={navigating}
          aria-label="Results"
          role="region"
          className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white focus:outline-2 focus:outline-blue-600 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Memories{view.q ? `, ranked by relevance to “${view.q}”` : ""}, page {view.page} of {Math.max(props.pages, 1)}
            </caption>
            <TableHead
              actions
              columns={[
                {
                  key: "select",
                  className: "w-8",
                  label: <Checkbox checked={allChecked} onCheckedChange={(c) => setSelected(c ? new Set(rows.map((r) => r.id)) : new Set())} label="Select all on this page" />,
                },
                { label: "Memory" },
                { label: "App" },
                { label: "Categories", hideBelow: "md" },
                { label: "State" },
                { label: "Created", hideBelow: "sm" },
              ]}
            />
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {rows.map((m) => (
                <tr key={m.id} data-testid="memory-row">
                  <td className="px-3 py-2">
                    <Checkbox
                      checked={selected.has(m.id)}
                      onCheckedChange={(c) => setSelected((s) => (c ? new Set(s).add(m.id) : new Set([...s].filter((id) => id !== m.id))))}
                      label={`Select “${m.memory.slice(0, 60)}”`}
                    />
                  </td>
                  <th scope="row" className="max-w-md px-3 py-2 font-normal">
                    <Link href={`/memories/${m.id}`} className="line-clamp-2 break-words underline-offset-2 hover:underline">
                      {m.memory}
                    </Link>
                  </th>
                  <td className="px-3 py-2 text-xs whitespace-nowrap">{m.app.name}</td>
                  <td className="hidden px-3 py-2 text-xs md:table-cell">{m.categories.join(", ")}</td>
                  <td className="px-3 py-2">
                    <StateBadge state={m.state} />
                  </td>
                  <td className="hidden px-3 py-2 text-xs whitespace-nowrap sm:table-cell">
                    <DateTime iso={m.created_at} />
                  </td>
                  <td className="px-3 py-2 text-right">
                    <DropdownMenu
                      label={`Actions for “${m.memory.slice(0, 60)}”`}
                      trigger={<span aria-hidden>•••</span>}
                      items={[
                        { label: "Open", onSelect: () => router.push(`/memories/${m.id}`) },
                        { label: "Edit", onSelect: () => router.push(`/memories/${m.id}?edit=1`) },
                        ...(m.state !== "paused" && m.state !== "deleted" ? [{ label: "Pause", onSelect: () => void act("pause", [m.id]) }] : []),
                        ...(m.state !== "archived" && m.state !== "deleted" ? [{ label: "Archive", onSelect: () => void act("archive", [m.id]) }] : []),
                        ...(m.state !== "active" ? [{ label: "Restore", onSelect: () => void act("restore", [m.id]) }] : []),
                        "separator" as const,
                        ...(m.state !== "deleted" ? [{ label: "Delete…", danger: true, onSelect: () => setConfirmDelete([m.id]) }] : []),
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Pagination view={view} pages={props.pages} total={props.total} pathname={pathname} />

      {confirmDelete && (
        <ConfirmDelete
          count={confirmDelete.length}
          onClose={() => setConfirmDelete(null)}
          onConfirm={async () => {
            const ids = confirmDelete;
            setConfirmDelete(null);
            await act("delete", ids);
          }}
        />
      )}
    </div>
  );
}

function Toolbar(props: { view: ViewState; apps: Option[]; categories: Option[]; lockedApp?: Option; go: (next: Partial<ViewState>) => void }) {
  const { view, go } = props;
  const [q, setQ] = useState(view.q);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The newest go/view, for a timer set several renders ago.
  const latest = useRef({ go, view });
  useEffect(() => {
    latest.current = { go, view };
  });
  // Back/forward or a nav link changed the query: show it, unless the person is typing.
  const [urlQ, setUrlQ] = useState(view.q);
  const [typing, setTyping] = useState(false);
  if (urlQ !== view.q) {
    setUrlQ(view.q);
    if (!typing) setQ(view.q);
  }
  const search = (value: string) => {
    clearTimeout(timer.current);
    if (value.trim() !== latest.current.view.q) latest.current.go({ q: value.trim() });
  };
  const type = (value: string) => {
    setQ(value);
    clearTimeout(timer.current);
    // Debounced: the URL (and so the ranked search on the server) follows the box 300 ms after typing stops.
    timer.current = setTimeout(() => search(value), 300);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const states = view.states.length ? view.states : DEFAULT_STATES;

  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="min-w-56 flex-1 text-sm font-medium">
        Search
        <input
          type="search"
          className={inputStyles}
          value={q}
          onFocus={() => setTyping(true)}
          onBlur={() => setTyping(false)}
          onChange={(e) => type(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && search(q)}
          placeholder="Search by meaning, e.g. “what do I like to eat”"
          maxLength={1000}
        />
      </label>
      {!props.lockedApp && props.apps.length > 0 && (
        <CheckFilter label="Filter by app" legend="Apps" options={props.apps.map((a) => ({ value: a.id, label: a.name }))} chosen={view.appIds} onChange={(appIds) => go({ appIds })} />
      )}
      <CheckFilter label="Filter by category" legend="Categories" columns={2} options={props.categories.map((c) => ({ value: c.id, label: c.name }))} chosen={view.categoryIds} onChange={(categoryIds) => go({ categoryIds })} />
      <CheckFilter
        label="Filter by state"
        legend="State"
        options={STATES.map((st) => ({ value: st, label: st === "deleted" ? "deleted (trash)" : st }))}
        chosen={states}
        // The default three are no filter at all: no count on the button.
        count={view.states.length && !sameStates(view.states, DEFAULT_STATES) ? view.states.length : 0}
        onChange={(next) => go({ states: next as MemoryState[] })}
      />
      <Popover label="Filter by date" trigger={view.from || view.to ? `${view.from || "…"} – ${view.to || "…"}` : "Dates"}>
        <DateRange from={view.from} to={view.to} onApply={(from, to) => go({ from, to })} />
      </Popover>
      <label className="text-sm font-medium">
        Sort
        <select
          className={inputStyles}
          value={`${view.sort}:${view.dir}`}
          disabled={!!view.q}
          onChange={(e) => {
            const [sort, dir] = e.target.value.split(":") as [ViewState["sort"], ViewState["dir"]];
            go({ sort, dir });
          }}
        >
          {view.q && <option value={`${view.sort}:${view.dir}`}>Relevance</option>}
          <option value="created_at:desc">Newest first</option>
          <option value="created_at:asc">Oldest first</option>
          <option value="content:asc">Text A–Z</option>
          <option value="app_name:asc">App A–Z</option>
        </select>
      </label>
      <AddMemoryButton />
    </div>
  );
}

/** A filter button whose popover is a list of checkboxes ("Filter by apps", …). */
function CheckFilter(props: { label: string; legend: string; options: { value: string; label: string }[]; chosen: string[]; onChange: (next: string[]) => void; columns?: 1 | 2; count?: number }) {
  const count = props.count ?? props.chosen.length;
  const toggle = (value: string) => props.onChange(props.chosen.includes(value) ? props.chosen.filter((v) => v !== value) : [...props.chosen, value]);
  return (
    <Popover label={props.label} trigger={`${props.legend}${count ? ` (${count})` : ""}`}>
      <fieldset className={props.columns === 2 ? "grid grid-cols-2 gap-2" : "space-y-2"}>
        <legend className={`text-sm font-semibold ${props.columns === 2 ? "col-span-2" : ""}`}>{props.legend}</legend>
        {props.options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={props.chosen.includes(o.value)} onChange={() => toggle(o.value)} />
            {o.label}
          </label>
        ))}
      </fieldset>
    </Popover>
  );
}

function DateRange({ from, to, onApply }: { from: string; to: string; onApply: (from: string, to: string) => void }) {
  const [f, setF] = useState(from);
  const [t, setT] = useState(to);
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(f, t);
      }}
    >
      <label className="block text-sm font-medium">
        From
        <input type="date" className={inputStyles} value={f} max={t || undefined} onChange={(e) => setF(e.target.value)} />
      </label>
      <label className="block text-sm font-medium">
        To
        <input type="date" className={inputStyles} value={t} min={f || undefined} onChange={(e) => setT(e.target.value)} />
      </label>
      <div className="flex justify-between gap-2">
        <button type="button" className={buttonStyles.ghost} onClick={() => onApply("", "")}>
          Any date
        </button>
        <button type="submit" className={buttonStyles.primary}>
          Apply dates
        </button>
      </div>
    </form>
  );
}

function Pagination({ view, pages, total, pathname }: { view: ViewState; pages: number; total: number; pathname: string }) {
  if (total === 0) return null;
  const at = (page: number) => pathname + toSearch({ ...view, page });
  return (
    <nav aria-label="Pages" className={`flex items-center justify-between gap-2 text-sm ${mutedText}`}>
      <span role="status">
        {total.toLocaleString("en")} {total === 1 ? "memory" : "memories"}
        {view.q ? " (best matches)" : ""} · page {view.page} of {Math.max(pages, 1)}
      </span>
      <span className="flex gap-2">
        {view.page > 1 ? (
          <Link className={buttonStyles.secondary} href={at(view.page - 1)} scroll={false}>
            Previous
          </Link>
        ) : null}
        {view.page < pages ? (
          <Link className={buttonStyles.secondary} href={at(view.page + 1)} scroll={false}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

function EmptyState({ view, lockedApp }: { view: ViewState; lockedApp?: Option }) {
  const filtered = view.q || view.appIds.length || view.categoryIds.length || view.from || view.to || view.states.length;
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700">
      {filtered ? (
        <p>No memories match this view. Try another search or clear some filters.</p>
      ) : lockedApp ? (
        <p>{lockedApp.name} has not written any memories yet.</p>
      ) : (
        <p>
          No memories yet. Add one, or connect an assistant on{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          .
        </p>
      )}
    </div>
  );
}

function ConfirmDelete({ count, onClose, onConfirm }: { count: number; onClose: () => void; onConfirm: () => Promise<void> }) {
  const { busy, run } = useAction();
  return (
    <Dialog
      title={count === 1 ? "Delete this memory?" : `Delete ${count} memories?`}
      description="Assistants stop seeing it at once. It goes to the trash, where you can restore it."
      onClose={onClose}
    >
      <DialogActions onCancel={onClose} busy={busy} label="Delete" busyLabel="Deleting…" danger onConfirm={() => run(onConfirm)} />
    </Dialog>
  );
}

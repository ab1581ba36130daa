"use client";
// The trash's table: each deleted memory with when it was deleted and when it will
// be purged; Restore per row and for a selection (then the server's page again).
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { trashApi, type TrashItem } from "../api-client";
import { Checkbox } from "../ui/checkbox";
import { DateTime } from "../ui/date-time";
import { messageOf } from "../ui/error-text";
import { buttonStyles } from "../ui/styles";
import { TableHead } from "../ui/table";
import { useToast } from "../ui/toast";

const short = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

export function TrashList({ items }: { items: TrashItem[] }) {
  const router = useRouter();
  const toast = useToast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [restored, setRestored] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const results = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(items);
  if (shown !== items) {
    setShown(items);
    setRestored(new Set());
    // Keep what the person ticked while the refreshed list was on its way (only ids still listed).
    setSelected((s) => new Set(items.filter((m) => s.has(m.id)).map((m) => m.id)));
  }

  const rows = items.filter((m) => !restored.has(m.id));
  const selectedIds = rows.filter((m) => selected.has(m.id)).map((m) => m.id);

  async function restore(ids: string[]) {
    setBusy(true);
    try {
      const { updated } = await trashApi.restore(ids);
      setRestored((r) => new Set([...r, ...ids]));
      setSelected(new Set());
      // The focused button may be gone with its row: keep focus on the table.
      requestAnimationFrame(() => (document.activeElement === document.body || !document.activeElement) && results.current?.focus());
      toast({ message: `Restored ${updated} ${updated === 1 ? "memory" : "memories"}.` });
      router.refresh();
    } catch (e) {
      toast({ message: messageOf(e), tone: "error" });
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  if (rows.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700">The trash is empty.</p>;
  }

  const allChecked = selectedIds.length === rows.length ? true : selectedIds.length ? "indeterminate" : false;

  return (
    <div className="space-y-4">
      <div role="region" aria-label="Restore several" className="flex flex-wrap items-center gap-3 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <span className="px-1" aria-live="polite">
          {selectedIds.length} selected
        </span>
        <button type="button" className={buttonStyles.secondary} disabled={busy || selectedIds.length === 0} onClick={() => void restore(selectedIds)}>
          Restore selected
        </button>
      </div>
      <div
        ref={results}
        tabIndex={-1}
        role="region"
        aria-label="Deleted memories"
        className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white focus:outline-2 focus:outline-blue-600 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Deleted memories, most recently deleted first</caption>
          <TableHead
            actions
            columns={[
              { key: "select", className: "w-8", label: <Checkbox checked={allChecked} onCheckedChange={(c) => setSelected(c ? new Set(rows.map((r) => r.id)) : new Set())} label="Select all on this page" /> },
              { label: "Memory" },
              { label: "App", hideBelow: "sm" },
              { label: "Categories", hideBelow: "md" },
              { label: "Deleted" },
              { label: "Purged on" },
            ]}
          />
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {rows.map((m) => (
              <tr key={m.id} data-testid="trash-row">
                <td className="px-3 py-2">
                  <Checkbox
                    checked={selected.has(m.id)}
                    onCheckedChange={(c) => setSelected((s) => (c ? new Set(s).add(m.id) : new Set([...s].filter((id) => id !== m.id))))}
                    label={`Select “${short(m.memory)}”`}
                  />
                </td>
                <th scope="row" className="max-w-md px-3 py-2 font-normal break-words">
                  {m.memory}
                </th>
                <td className="hidden px-3 py-2 text-xs whitespace-nowrap sm:table-cell">{m.app.name}</td>
                <td className="hidden px-3 py-2 text-xs md:table-cell">{m.categories.join(", ")}</td>
                <td className="px-3 py-2 text-xs whitespace-nowrap">
                  <DateTime iso={m.deleted_at} />
                </td>
                <td className="px-3 py-2 text-xs whitespace-nowrap" data-testid="purge-date">
                  <time dateTime={m.purge_at}>{m.purge_at.slice(0, 10)}</time>
                </td>
                <td className="px-3 py-2 text-right">
                  <button type="button" className={buttonStyles.secondary} disabled={busy} onClick={() => void restore([m.id])} aria-label={`Restore “${short(m.memory)}”`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// /memories/[id] — one memory: its text (editable), state and full history (who
// changed what, when), app and categories, which assistants read it, related memories.
import type { Metadata } from "next";
import Link from "next/link";
import { authorLabel, DateTime, StateBadge } from "@/components/memories/format";
import { MemoryEditor } from "@/components/memories/memory-editor";
import { cardStyles, mutedText } from "@/components/ui/styles";
import { TableHead } from "@/components/ui/table";
import { requirePageUser } from "@/lib/auth/page-session";
import { orNotFound } from "@/components/dashboard/or-not-found";
import { dashboardActor, getMemory, memoryAccessLog, memoryHistory, relatedMemories, type HistoryEntry } from "@/lib/memory";

export const metadata: Metadata = { title: "Memory · Jean Memory" };

/** A history row in words. `reason` holds the old text for edits (JSON), else the action. */
function describe(h: HistoryEntry): { what: string; before?: string } {
  if (h.old_state === null) return { what: h.reason === "imported" ? "Imported" : "Created" };
  if (h.reason?.startsWith("{")) {
    try {
      return { what: "Edited", before: String((JSON.parse(h.reason) as { updated_from?: unknown }).updated_from ?? "") };
    } catch {
      return { what: "Edited" };
    }
  }
  return { what: `${h.old_state} → ${h.new_state}${h.reason && !["archive", "pause", "restore", "delete"].includes(h.reason) ? ` (${h.reason})` : ""}` };
}

export default async function MemoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ edit?: string }> }) {
  const principal = await requirePageUser();
  const actor = dashboardActor(principal.user.id);
  const { id } = await params;
  // not_found from any of them (also a memory deleted between two of the reads) is a 404.
  const [memory, history, reads, related] = await orNotFound(
    Promise.all([getMemory(actor, id), memoryHistory(actor, id), memoryAccessLog(actor, id, 1, 50), relatedMemories(actor, id, 5)]),
  );
  const { edit } = await searchParams;

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <nav aria-label="Breadcrumb" className={`text-sm ${mutedText}`}>
        <Link href="/memories" className="underline-offset-2 hover:underline">
          Memories
        </Link>{" "}
        / this memory
      </nav>
      <h1 className="sr-only">Memory</h1>
      <section className={cardStyles}>
        <MemoryEditor key={memory.updated_at + memory.state} memory={memory} startEditing={edit === "1"} />
      </section>

      <dl className={`grid grid-cols-2 gap-4 text-sm sm:grid-cols-4 ${cardStyles}`}>
        <div>
          <dt className={mutedText}>State</dt>
          <dd className="mt-1">
            <StateBadge state={memory.state} />
          </dd>
        </div>
        <div>
          <dt className={mutedText}>App</dt>
          <dd className="mt-1">
            <Link href={`/apps/${memory.app.id}`} className="underline-offset-2 hover:underline">
              {memory.app.name}
            </Link>
          </dd>
        </div>
        <div>
          <dt className={mutedText}>Categories</dt>
          <dd className="mt-1">{memory.categories.join(", ") || "—"}</dd>
        </div>
        <div>
          <dt className={mutedText}>Added by</dt>
          <dd className="mt-1">{authorLabel(memory.created_by)}</dd>
        </div>
        <div>
          <dt className={mutedText}>Created</dt>
          <dd className="mt-1">
            <DateTime iso={memory.created_at} />
          </dd>
        </div>
        <div>
          <dt className={mutedText}>Updated</dt>
          <dd className="mt-1">
            <DateTime iso={memory.updated_at} />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="history-heading" className={cardStyles}>
        <h2 id="history-heading" className="text-sm font-semibold">
          History
        </h2>
        <ol className="mt-3 space-y-2 text-sm">
          {history.map((h) => {
            const d = describe(h);
            return (
              <li key={h.id} data-testid="history-entry" className="border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
                <span className="font-medium">{d.what}</span> by {authorLabel(h.changed_by)} · <DateTime iso={h.changed_at} />
                {d.before !== undefined && <p className={`mt-1 break-words ${mutedText}`}>Before: {d.before}</p>}
              </li>
            );
          })}
        </ol>
      </section>

      <section aria-labelledby="reads-heading" className={cardStyles}>
        <h2 id="reads-heading" className="text-sm font-semibold">
          Read by assistants
        </h2>
        {reads.items.length === 0 ? (
          <p className={`mt-2 text-sm ${mutedText}`}>No assistant has read this memory yet.</p>
        ) : (
          <div className="relative mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Which assistants read this memory, newest first</caption>
              <TableHead className={`text-xs ${mutedText}`} cell="py-1 pr-3" columns={[{ label: "App" }, { label: "Through" }, { label: "When" }]} />
              <tbody>
                {reads.items.map((r) => (
                  <tr key={r.id}>
                    <td className="py-1 pr-3">{r.app_name}</td>
                    <td className="py-1 pr-3 break-words">{r.query ? `${r.access_type}: “${r.query}”` : r.access_type}</td>
                    <td className="py-1 whitespace-nowrap">
                      <DateTime iso={r.accessed_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {reads.total > reads.items.length && <p className={`mt-2 text-xs ${mutedText}`}>The latest {reads.items.length} of {reads.total} reads.</p>}
          </div>
        )}
      </section>

      <section aria-labelledby="related-heading" className={cardStyles}>
        <h2 id="related-heading" className="text-sm font-semibold">
          Related memories
        </h2>
        {related.length === 0 ? (
          <p className={`mt-2 text-sm ${mutedText}`}>None yet.</p>
        ) : (
          <ul className="mt-3 space-y-1 text-sm">
            {related.map((r) => (
              <li key={r.id}>
                <Link href={`/memories/${r.id}`} className="underline-offset-2 hover:underline">
                  {r.memory}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

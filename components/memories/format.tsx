// Labels as the dashboard shows them: memory states and who wrote something.
import type { Author, MemoryState } from "@/lib/memory/types";

export { DateTime } from "../ui/date-time";

export const STATE_STYLE: Record<MemoryState, string> = {
  active: "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
  paused: "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
  archived: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200",
  deleted: "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
  pending_review: "bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200",
};

export function StateBadge({ state }: { state: MemoryState }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[state]}`}>{state}</span>;
}

const VIA: Record<Author["via"], string> = { dashboard: "you, in the dashboard", gateway: "Claude", agent: "an agent key", oauth: "a connected app" };

/** "Cursor key (an agent key)" — who wrote something. Always plain text: assistants choose these names. */
export function authorLabel(a: Author | null): string {
  if (!a) return "unknown (before authors were recorded)";
  if (a.via === "dashboard") return a.app && a.app !== "jean-memory" ? `you, in the dashboard (as ${a.app})` : VIA.dashboard;
  return a.app ? `${a.app} (${VIA[a.via]})` : VIA[a.via];
}

// Overview: totals, memories added per day, by app and by category, the latest
// memories — or, for a new user, how to connect an assistant.
import type { Metadata } from "next";
import Link from "next/link";
import { Breakdown, PerDayChart } from "@/components/dashboard/per-day-chart";
import { AddMemoryButton } from "@/components/memories/add-memory-dialog";
import { DateTime } from "@/components/memories/format";
import { cardStyles, mutedText } from "@/components/ui/styles";
import { requirePageUser } from "@/lib/auth/page-session";
import { dashboardActor, listMemories, memoryStats } from "@/lib/memory";

export const metadata: Metadata = { title: "Overview · Jean Memory" };

function Stat({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <div className={cardStyles}>
      <dt className={`text-sm ${mutedText}`}>{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
      {hint && <dd className={`mt-1 text-xs ${mutedText}`}>{hint}</dd>}
    </div>
  );
}

export default async function OverviewPage() {
  const principal = await requirePageUser();
  const actor = dashboardActor(principal.user.id);
  const [stats, recent] = await Promise.all([memoryStats(actor), listMemories(actor, { size: 5, states: ["active"] })]);

  if (stats.total_memories === 0 && stats.by_state.deleted === 0) {
    return (
      <div className="mx-auto max-w-2xl space-y-6">
        <h1 className="text-2xl font-semibold">Welcome to Jean Memory</h1>
        <p className={mutedText}>Nothing is remembered yet. Memories appear here as soon as you or an assistant add one.</p>
        <ol className="list-decimal space-y-3 pl-5 text-sm">
          <li>
            <strong>Connect Claude or an agent:</strong> create an API key on{" "}
            <Link href="/settings" className="underline">
              Settings
            </Link>{" "}
            and paste the snippet there into Claude Desktop, Cursor or any MCP client.
          </li>
          <li>
            <strong>Or add one yourself</strong> — anything your assistants should know about you.
          </li>
        </ol>
        <AddMemoryButton label="Add your first memory" />
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-6xl space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Overview</h1>
        <AddMemoryButton />
      </div>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Memories" value={stats.total_memories} hint={`${stats.by_state.active} active`} />
        <Stat label="Apps connected" value={stats.by_app.length} />
        <Stat label="Added this week" value={stats.added_last_7_days} />
        {stats.pending_embeddings > 0 ? (
          <Stat label="Waiting for embeddings" value={stats.pending_embeddings} hint="Found by keywords meanwhile" />
        ) : (
          <Stat label="In the trash" value={stats.by_state.deleted} />
        )}
      </dl>
      <section className={cardStyles} aria-labelledby="per-day-heading">
        <h2 id="per-day-heading" className="text-sm font-semibold">
          Added per day, last 30 days
        </h2>
        <PerDayChart days={stats.per_day} />
      </section>
      <div className="grid gap-4 md:grid-cols-2">
        <div className={cardStyles}>
          <Breakdown title="By app" rows={stats.by_app.map((a) => ({ key: a.app_id, label: a.app_name, count: a.count }))} hrefOf={(id) => `/apps/${id}`} />
        </div>
        <div className={cardStyles}>
          <Breakdown title="By category" rows={stats.by_category.map((c) => ({ key: c.category, label: c.category, count: c.count }))} />
        </div>
      </div>
      <section aria-labelledby="recent-heading" className={cardStyles}>
        <div className="flex items-center justify-between">
          <h2 id="recent-heading" className="text-sm font-semibold">
            Most recent
          </h2>
          <Link href="/memories" className="text-sm underline-offset-2 hover:underline">
            All memories
          </Link>
        </div>
        <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
          {recent.items.map((m) => (
            <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2 text-sm">
              <Link href={`/memories/${m.id}`} className="min-w-0 flex-1 truncate underline-offset-2 hover:underline">
                {m.memory}
              </Link>
              <span className={`text-xs ${mutedText}`}>
                {m.app.name} · <DateTime iso={m.created_at} />
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

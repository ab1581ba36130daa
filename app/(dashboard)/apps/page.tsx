// /apps — every app that writes or reads memories: Claude clients (by x-client-name),
// each agent key, the dashboard itself; counts, last write, last read, pause/resume.
import type { Metadata } from "next";
import Link from "next/link";
import { AppToggle } from "@/components/dashboard/app-toggle";
import { TableHead } from "@/components/ui/table";
import { HelpTip } from "@/components/ui/tooltip";
import { DateTime } from "@/components/memories/format";
import { mutedText } from "@/components/ui/styles";
import { requirePageUser } from "@/lib/auth/page-session";
import { dashboardActor, listApps } from "@/lib/memory";

export const metadata: Metadata = { title: "Apps · Jean Memory" };

export default async function AppsPage() {
  const principal = await requirePageUser();
  const apps = await listApps(dashboardActor(principal.user.id));
  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <h1 className="text-2xl font-semibold">Apps</h1>
      <p className={`text-sm ${mutedText}`}>Each assistant or key that used your memories. Pausing one stops it from writing, and hides what it wrote from every assistant.</p>
      {apps.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700">
          No apps yet. Connect one on{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          .
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Apps</caption>
            <TableHead
              actions
              columns={[
                { label: "App" },
                { label: "Memories" },
                {
                  key: "reads",
                  label: (
                    <>
                      Reads <HelpTip text="How many times an assistant was given one of your memories (search, list, ask, details)." />
                    </>
                  ),
                },
                { label: "Last write" },
                { label: "Last read" },
                { label: "Status" },
              ]}
            />
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {apps.map((a) => (
                <tr key={a.id} data-testid="app-row">
                  <th scope="row" className="px-3 py-2 font-medium">
                    <Link href={`/apps/${a.id}`} className="underline-offset-2 hover:underline">
                      {a.name}
                    </Link>
                  </th>
                  <td className="px-3 py-2 tabular-nums">{a.total_memories_created}</td>
                  <td className="px-3 py-2 tabular-nums">{a.total_memories_accessed}</td>
                  <td className="px-3 py-2 text-xs whitespace-nowrap">
                    <DateTime iso={a.last_write_at} empty="Never" />
                  </td>
                  <td className="px-3 py-2 text-xs whitespace-nowrap">
                    <DateTime iso={a.last_read_at} empty="Never" />
                  </td>
                  <td className="px-3 py-2">{a.is_active ? "active" : "paused"}</td>
                  <td className="px-3 py-2 text-right">
                    <AppToggle app={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

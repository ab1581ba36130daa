"use client";
// The Activity page: the period (7 / 30 days), a warning when a credential reads
// far more than usual today (the anomaly rule, in words), and one row per
// credential with what it read and wrote; a row opens to list those memories.
import Link from "next/link";
import { Fragment, useState } from "react";
import type { CredentialActivity } from "../api-client";
import { AppToggle } from "../dashboard/app-toggle";
import { DateTime } from "../ui/date-time";
import { buttonStyles, mutedText } from "../ui/styles";
import { TableHead } from "../ui/table";
import { CredentialDetails } from "./credential-details";
import { RevokeCredentialButton } from "./revoke-credential";

const KIND: Record<CredentialActivity["credential"]["kind"], string> = { key: "API key", connection: "Connected app", app: "Claude client" };

const periodStyles =
  "rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900";

/** "health 3, work 1", most read first. */
export function categoryCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length ? entries.map(([name, n]) => `${name} ${n}`).join(", ") : "—";
}

const rowKey = (c: CredentialActivity) => `${c.credential.kind}:${c.credential.id}`;

/** Pause (a Claude client's app) or revoke (a key, a connection); nothing once revoked or expired. */
function StopButton({ c }: { c: CredentialActivity }) {
  if (c.credential.kind === "app") return <AppToggle app={c.app} />;
  if (c.credential.status !== "active") return <span className={`text-xs ${mutedText}`}>{c.credential.status}</span>;
  return <RevokeCredentialButton credential={{ kind: c.credential.kind, id: c.credential.id, name: c.credential.name }} />;
}

export function ActivityView({ days, from, credentials, rule }: { days: 7 | 30; from: string; credentials: CredentialActivity[]; rule: { factor: number; min_reads: number } }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const flagged = credentials.filter((c) => c.anomaly.flagged);
  const toggle = (k: string) => setOpen((s) => (s.has(k) ? new Set([...s].filter((x) => x !== k)) : new Set(s).add(k)));

  return (
    <div className="mx-auto max-w-6xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Activity</h1>
        <p className={`mt-1 text-sm ${mutedText}`}>What each assistant read and wrote: one row per API key, connected app or Claude client. Your own use of the dashboard is not counted.</p>
      </div>

      {flagged.length > 0 && (
        <section role="alert" aria-labelledby="anomaly-heading" data-testid="anomaly-banner" className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/50 dark:text-amber-100">
          <h2 id="anomaly-heading" className="font-semibold">
            {flagged.length === 1 ? "An assistant is reading far more than usual today" : `${flagged.length} assistants are reading far more than usual today`}
          </h2>
          <p>
            An assistant is flagged when, today (UTC), it reads more than {rule.factor}× its median daily reads of the 7 days before and at least {rule.min_reads} memories. If you
            did not expect this, pause or revoke it.
          </p>
          <ul className="space-y-2">
            {flagged.map((c) => (
              <li key={rowKey(c)} className="flex flex-wrap items-center gap-3">
                <span>
                  <span className="font-medium">{c.credential.name}</span> ({KIND[c.credential.kind]}): {c.anomaly.today} reads today, 7-day median {c.anomaly.median_7d}
                </span>
                <StopButton c={c} />
              </li>
            ))}
          </ul>
        </section>
      )}

      <nav aria-label="Period" className="flex gap-2">
        {([7, 30] as const).map((d) => (
          <Link key={d} href={d === 7 ? "/activity" : "/activity?days=30"} aria-current={days === d ? "page" : undefined} className={periodStyles}>
            Last {d} days
          </Link>
        ))}
      </nav>

      {credentials.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm dark:border-zinc-700">No assistant read or wrote your memories in the last {days} days.</p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">What each assistant read and wrote in the last {days} days</caption>
            <TableHead
              actions
              columns={[
                { label: "Assistant" },
                { label: "Kind" },
                { label: "Reads" },
                { label: "Memories read" },
                { label: "Writes" },
                { label: "Categories read", hideBelow: "md" },
                { label: "Last read", hideBelow: "sm" },
              ]}
            />
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {credentials.map((c) => {
                const k = rowKey(c);
                const expanded = open.has(k);
                const detailsId = `details-${c.credential.kind}-${c.credential.id}`;
                return (
                  <Fragment key={k}>
                    <tr data-testid="activity-row" className={c.anomaly.flagged ? "bg-amber-50 dark:bg-amber-950/30" : undefined}>
                      <th scope="row" className="px-3 py-2 font-medium">
                        {c.credential.name}
                        {c.anomaly.flagged && <span className="ml-2 rounded-full bg-amber-200 px-2 py-0.5 text-xs text-amber-950">unusual today</span>}
                      </th>
                      <td className="px-3 py-2 text-xs whitespace-nowrap">{KIND[c.credential.kind]}</td>
                      <td className="px-3 py-2 tabular-nums" data-testid="reads">
                        {c.reads}
                      </td>
                      <td className="px-3 py-2 tabular-nums" data-testid="memories-read">
                        {c.memories_read}
                      </td>
                      <td className="px-3 py-2 tabular-nums" data-testid="writes">
                        {c.writes}
                      </td>
                      <td className="hidden px-3 py-2 text-xs md:table-cell">{categoryCounts(c.read_categories)}</td>
                      <td className="hidden px-3 py-2 text-xs whitespace-nowrap sm:table-cell">
                        <DateTime iso={c.last_read_at} empty="Never" />
                      </td>
                      <td className="px-3 py-2 text-right whitespace-nowrap">
                        <span className="inline-flex items-center gap-2">
                          <button type="button" className={buttonStyles.secondary} aria-expanded={expanded} aria-controls={expanded ? detailsId : undefined} onClick={() => toggle(k)}>
                            {expanded ? "Hide details" : "Show details"}
                            <span className="sr-only"> for {c.credential.name}</span>
                          </button>
                          <StopButton c={c} />
                        </span>
                      </td>
                    </tr>
                    {expanded && (
                      <tr id={detailsId} data-testid="activity-details">
                        <td colSpan={8} className="bg-zinc-50 px-3 py-3 dark:bg-zinc-950">
                          <CredentialDetails credential={{ kind: c.credential.kind, id: c.credential.id, name: c.credential.name }} from={from} writtenCategories={c.written_categories} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

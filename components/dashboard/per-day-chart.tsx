import Link from "next/link";

// Memories added per day as plain SVG bars: no chart library (a library would ship
// tens of KB for thirty rectangles). Each bar has a <title>; a visually hidden table
// carries the same numbers for screen readers.
export function PerDayChart({ days }: { days: { date: string; count: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const W = 600;
  const H = 120;
  const gap = 4;
  const bar = (W - gap * (days.length - 1)) / Math.max(days.length, 1);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H + 16}`} className="h-auto w-full" role="img" aria-label={`Memories added per day, last ${days.length} days: ${days.reduce((n, d) => n + d.count, 0)} in all`}>
        {days.map((d, i) => {
          const h = d.count === 0 ? 1 : Math.max(3, (d.count / max) * H);
          return (
            <rect key={d.date} x={i * (bar + gap)} y={H - h} width={bar} height={h} rx={2} className={d.count ? "fill-zinc-800 dark:fill-zinc-200" : "fill-zinc-200 dark:fill-zinc-800"}>
              <title>{`${d.date}: ${d.count}`}</title>
            </rect>
          );
        })}
        <text x={0} y={H + 14} className="fill-zinc-600 text-[11px] dark:fill-zinc-400">
          {days[0]?.date}
        </text>
        <text x={W} y={H + 14} textAnchor="end" className="fill-zinc-600 text-[11px] dark:fill-zinc-400">
          {days.at(-1)?.date}
        </text>
      </svg>
      <table className="sr-only">
        <caption>Memories added per day</caption>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A ranked list with proportional bars (memories by app, by category). */
export function Breakdown({ title, rows, hrefOf }: { title: string; rows: { label: string; count: number; key: string }[]; hrefOf?: (key: string) => string }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section aria-label={title}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Nothing yet.</p>
      ) : (
        <ul className="mt-3 space-y-2">
          {rows.map((r) => (
            <li key={r.key} className="text-sm">
              <div className="flex justify-between gap-2">
                {hrefOf ? (
                  <Link href={hrefOf(r.key)} className="truncate underline-offset-2 hover:underline">
                    {r.label}
                  </Link>
                ) : (
                  <span className="truncate">{r.label}</span>
                )}
                <span className="tabular-nums text-zinc-600 dark:text-zinc-400">{r.count}</span>
              </div>
              <div aria-hidden className="mt-1 h-1.5 rounded bg-zinc-100 dark:bg-zinc-800">
                <div className="h-1.5 rounded bg-zinc-700 dark:bg-zinc-300" style={{ width: `${(r.count / max) * 100}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

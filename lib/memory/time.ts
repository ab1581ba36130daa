// Time in memories and in queries. A memory's time is when what it says happened
// (`occurred_at`: given by the writer, or parsed from a date at the very start of
// the text, as chat logs and journals write them), else when it was stored.
// A query's time is a window parsed from expressions such as "in May 2023",
// "last week", "in 2022" (chrono-node, plus bare years, which it does not parse).
// Only expressions whose year is known count: "in March" or "on Tuesday" name no
// single window, and a wrong window would push the right memory down.
import * as chrono from "chrono-node";

export interface TimeWindow {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  /** The phrases of the query that named it (removed from the text the legs see). */
  phrases: string[];
}

const DAY_MS = 86_400_000;

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function windowOf(result: chrono.ParsedResult): { from: Date; to: Date } | null {
  const start = result.start;
  if (!start.isCertain("year") && !/\b(ago|last|this|next|yesterday|today|tomorrow)\b/i.test(result.text)) return null;
  if (result.end) return { from: startOfUtcDay(start.date()), to: new Date(startOfUtcDay(result.end.date()).getTime() + DAY_MS) };
  const d = start.date();
  if (/\bweek\b/i.test(result.text)) {
    const from = startOfUtcDay(d);
    return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
  }
  if (start.isCertain("day")) {
    const from = startOfUtcDay(d);
    return { from, to: new Date(from.getTime() + DAY_MS) };
  }
  if (start.isCertain("month") || /\bmonth\b/i.test(result.text)) {
    return { from: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), to: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)) };
  }
  return null;
}

const BARE_YEAR = /\b(?:in|of|during|since|from|around)\s+((?:19|20)\d\d)\b(?!\s*[-/:])/i;

/** The time window a query names, if any (`now` anchors "last week"). */
export function parseQueryWindow(query: string, now = new Date()): TimeWindow | null {
  const windows = chrono
    .parse(query, now)
    .map((r) => ({ w: windowOf(r), text: r.text }))
    .filter((x): x is { w: { from: Date; to: Date }; text: string } => x.w !== null);
  if (windows.length) {
    const from = new Date(Math.min(...windows.map((x) => x.w.from.getTime())));
    const to = new Date(Math.max(...windows.map((x) => x.w.to.getTime())));
    return { from, to, phrases: windows.map((x) => x.text) };
  }
  const year = BARE_YEAR.exec(query);
  if (year) {
    const y = Number(year[1]);
    return { from: new Date(Date.UTC(y, 0, 1)), to: new Date(Date.UTC(y + 1, 0, 1)), phrases: [year[1]!] };
  }
  return null;
}

// Words that reach chrono's parsers (relative and absolute dates, times, ordinals;
// words starting with "in", "on", "at").
const WARM_UP_TEXT = "invoice garden in 3 days on Monday at 5pm last week next month 2023-05-01 May 2023 yesterday today tomorrow since before after ago noon midnight tonight this morning 10/12/2024 the 3rd of June";

/**
 * Parses a text that reaches chrono's parsers once, so their patterns are compiled
 * before the first search rather than during it: on a fresh process the first few
 * queries spent up to ~150 ms in chrono alone ("invoice": 131 ms, then 0.0 ms),
 * and PGlite's requests wait on the same thread (bench:import). After this, 3,300
 * words and questions of bench/data parsed with none over 5 ms.
 */
export function warmUpTimeParsing(): void {
  for (const text of [WARM_UP_TEXT, "in", "on", "at"]) parseQueryWindow(text);
  leadingDate(WARM_UP_TEXT);
}

/** The query without the words that named its window (they would match every memory of that year). */
export function withoutWindowText(query: string, window: TimeWindow | null): string {
  if (!window) return query;
  let out = query;
  for (const phrase of window.phrases) out = out.replace(phrase, " ");
  return out.replace(/\s+/g, " ").trim() || query;
}

/**
 * A date at the start of a memory's text ("[2023-05-08] …", "1:56 pm on 8 May, 2023 …",
 * "On 8 May 2023, …"), with its year: the time the memory is about. Dates later in the text are what the memory mentions, not when it happened.
 */
export function leadingDate(text: string): Date | null {
  const head = text.slice(0, 80);
  const [first] = chrono.parse(head, new Date(), { forwardDate: false });
  if (!first || first.index > 4 || !/\b(19|20)\d\d\b/.test(first.text) || !first.start.isCertain("month")) return null;
  if (!/^[\s[(]*(on\s+)?$/i.test(head.slice(0, first.index))) return null;
  const date = first.start.date();
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A search bound from an ISO date (the start of that day, UTC) or date-time with offset. */
export function boundDate(iso: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00.000Z` : iso);
}

// Shared pieces of the dashboard memory REST API (app/api/v1/{memories,apps,stats}):
// zod schemas for bodies and query strings, their mapping onto lib/memory options,
// and response shaping for list pages, NDJSON export and import bodies.
import { z } from "zod";
import type { UserPrincipal } from "../auth/types";
import { log } from "../log";
import { readBodyText } from "../http/body";
import { dashboardActor, MAX_MEMORY_CHARS, MEMORY_STATES, type ListOptions, type MemoryActor } from "../memory";
import { ApiError } from "./errors";
import { isShallowJson, isStorableDate, isStorableDeep, isStorableText, JSON_TOO_DEEP_MESSAGE, STORABLE_DATE_MESSAGE, UNSTORABLE_TEXT_MESSAGE } from "../text";

/**
 * The signed-in person acting through the dashboard. Its reads are not logged as an
 * app's; its writes go to the app named in the body, "jean-memory" by default.
 */
export function sessionActor(principal: UserPrincipal, appName?: string): MemoryActor {
  return dashboardActor(principal.user.id, appName);
}

/** A route param, or "" (lib/memory answers not_found for anything that is not a uuid). */
export function idParam(params: Record<string, string | string[] | undefined>, name = "id"): string {
  const v = params[name];
  return typeof v === "string" ? v : "";
}

// ---------- query strings ----------

/**
 * Parses `request`'s query string with `schema`. Keys listed in `lists` may be
 * repeated or comma-separated (`app_ids=a,b&app_ids=c`); other keys take their
 * first value. Unknown keys are ignored.
 */
export function parseQuery<T extends z.ZodType>(request: Request, schema: T, lists: readonly string[] = []): z.infer<T> {
  return schema.parse(parseQueryParams(new URL(request.url).searchParams, lists));
}

function parseQueryParams(params: URLSearchParams, lists: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    raw[key] = lists.includes(key)
      ? params
          .getAll(key)
          .flatMap((v) => v.split(","))
          .map((v) => v.trim())
          .filter((v) => v !== "")
      : params.get(key);
  }
  return raw;
}

// Postgres text and jsonb cannot hold U+0000: refuse it as bad input rather than fail in the database.
const NUL_MESSAGE = UNSTORABLE_TEXT_MESSAGE;
const noNul = isStorableText;
const noNulDeep = isStorableDeep;

export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ message: "expected a whole number" })
    .int("expected a whole number")
    .min(min, `expected at least ${min}`)
    .max(max, `expected at most ${max}`);

const uuidList = z.array(z.uuid({ message: "expected a uuid" })).max(100, "at most 100 ids");

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `expected at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE)
    .optional()
    .transform((v) => (v ? v : undefined));

/** An ISO date (2024-05-01, the whole day) or a date-time with an offset (2024-05-01T12:00:00Z). */
export const dateParam = (end: "start" | "end") =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      let d: Date | undefined;
      if (z.iso.date().safeParse(s).success) d = new Date(`${s}T${end === "start" ? "00:00:00.000" : "23:59:59.999"}Z`);
      else if (z.iso.datetime({ offset: true }).safeParse(s).success) d = new Date(s);
      if (d && isStorableDate(d)) return d;
      if (d) {
        ctx.addIssue({ code: "custom", message: STORABLE_DATE_MESSAGE });
        return z.NEVER;
      }
      ctx.addIssue({ code: "custom", message: "expected an ISO date (2024-05-01) or date-time with offset (2024-05-01T12:00:00Z)" });
      return z.NEVER;
    });

export const pageQuery = z.object({
  page: wholeNumber(1, 100_000).default(1),
  size: wholeNumber(1, 100).default(10),
});

const listFields = {
  search_query: optionalText(1000),
  app_ids: uuidList.optional(),
  category_ids: uuidList.optional(),
  state: z.array(z.enum(MEMORY_STATES, { message: `expected one of ${MEMORY_STATES.join(", ")}` })).optional(),
  from_date: dateParam("start").optional(),
  to_date: dateParam("end").optional(),
  sort_column: z.enum(["created_at", "content", "app_name"], { message: "expected created_at, content or app_name" }).default("created_at"),
  sort_direction: z.enum(["asc", "desc"], { message: "expected asc or desc" }).default("desc"),
};
const datesInOrder = (q: { from_date?: Date; to_date?: Date }) => !q.from_date || !q.to_date || q.from_date <= q.to_date;
const datesInOrderIssue = { path: ["to_date"], message: "must not be before from_date" };

export const listQuery = pageQuery.extend(listFields).refine(datesInOrder, datesInOrderIssue);

export const LIST_QUERY_LISTS = ["app_ids", "category_ids", "state"] as const;

/**
 * The dashboard's /memories URL: the list query's parameters (same names, same
 * rules) plus `q`, a hybrid search that ranks (not a substring match), 25 a page.
 */
export const memoriesViewQuery = pageQuery
  .extend({ ...listFields, size: wholeNumber(1, 100).default(25), q: optionalText(1000) })
  .refine(datesInOrder, datesInOrderIssue);
export type MemoriesView = z.infer<typeof memoriesViewQuery>;

/** A page's searchParams as the view, or the default view (with `invalid` set) when the link is malformed. */
export function parseMemoriesView(searchParams: Record<string, string | string[] | undefined>): { view: MemoriesView; invalid: boolean } {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(searchParams)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, one);
  const parsed = memoriesViewQuery.safeParse(parseQueryParams(params, LIST_QUERY_LISTS));
  return parsed.success ? { view: parsed.data, invalid: false } : { view: memoriesViewQuery.parse({}), invalid: true };
}

export function toListOptions(q: z.infer<typeof listQuery>): ListOptions {
  return {
    page: q.page,
    size: q.size,
    searchQuery: q.search_query,
    appIds: q.app_ids,
    categoryIds: q.category_ids,
    states: q.state,
    fromDate: q.from_date,
    toDate: q.to_date,
    sortColumn: q.sort_column,
    sortDirection: q.sort_direction,
  };
}

export const accessLogQuery = pageQuery.extend({ size: wholeNumber(1, 100).default(20) });
export const relatedQuery = z.object({ limit: wholeNumber(1, 50).default(5) });

// ---------- bodies ----------

const memoryText = z
  .string({ message: "expected a string" })
  .trim()
  .min(1, "must not be empty")
  .max(MAX_MEMORY_CHARS, `expected at most ${MAX_MEMORY_CHARS} characters`)
  .refine(noNul, NUL_MESSAGE);

export const addBody = z.object({
  text: memoryText,
  app: z.string({ message: "expected a string" }).trim().min(1, "must not be empty").max(100, "expected at most 100 characters").refine(noNul, NUL_MESSAGE).optional(),
  metadata: z
    .record(z.string(), z.unknown(), { message: "expected an object" })
    .refine(isShallowJson, { message: JSON_TOO_DEEP_MESSAGE, abort: true })
    .refine(noNulDeep, NUL_MESSAGE)
    .optional(),
  infer: z.boolean({ message: "expected true or false" }).optional(),
  /** When what it says happened (default: a date at the start of the text, if any). */
  occurred_at: dateParam("start").optional(),
});

export const updateBody = z.object({ text: memoryText });

export const searchBody = z.object({
  query: z.string({ message: "expected a string" }).trim().min(1, "must not be empty").max(1000, "expected at most 1000 characters").refine(noNul, NUL_MESSAGE),
  limit: z.number({ message: "expected a whole number" }).int("expected a whole number").min(1, "expected at least 1").max(100, "expected at most 100").optional(),
  app_ids: uuidList.optional(),
  category_ids: uuidList.optional(),
  /** What the memory is about happened on or after `after` and before `before` (dates are whole days, UTC). */
  after: dateParam("start").optional(),
  before: dateParam("start").optional(),
}).refine((b) => !b.after || !b.before || b.after < b.before, { message: "must be later than after", path: ["before"] });

export const idsBody = z.object({
  memory_ids: z
    .array(z.uuid({ message: "expected a uuid" }), { message: "expected an array of memory ids" })
    .min(1, "expected at least one id")
    .max(1000, "at most 1000 ids"),
});

export const appPatchBody = z
  .object({
    is_active: z.boolean({ message: "expected true or false" }).optional(),
    description: z
      .string({ message: "expected a string or null" })
      .trim()
      .max(1000, "expected at most 1000 characters")
      .refine(noNul, NUL_MESSAGE)
      .nullable()
      .optional()
      .transform((v) => (v === "" ? null : v)),
    /** Trust settings of the Claude gateway client of this name (x-client-name). */
    gateway_hide_sensitive: z.boolean({ message: "expected true or false" }).optional(),
    gateway_review_writes: z.boolean({ message: "expected true or false" }).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "expected is_active, description, gateway_hide_sensitive or gateway_review_writes" });

// ---------- export / import ----------

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const IMPORT_TYPES = ["application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"];

/** The body of an import as text: JSON Lines, at most MAX_IMPORT_BYTES, streamed (never buffered past the cap). */
export async function readImportBody(request: Request, maxBytes = MAX_IMPORT_BYTES): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!IMPORT_TYPES.includes(type)) {
    throw new ApiError("unsupported_media_type", "Send the export file as application/x-ndjson (or text/plain)");
  }
  return readBodyText(request, maxBytes, `Import files are limited to ${maxBytes / 1024 / 1024} MB`);
}

/** Streams an async generator of text chunks as an NDJSON download. The first chunk is read up front so a failure is a proper error response. */
export async function ndjsonDownload(chunks: AsyncGenerator<string>, filename: string): Promise<Response> {
  const encoder = new TextEncoder();
  const first = await chunks.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      if (first.done) return;
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (e) {
        log.error("export stream failed", { error: e });
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
}

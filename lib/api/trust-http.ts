// Request schemas of the trust-control routes (sensitive categories, reviews,
// trash, activity): parsed here, so the route handlers stay thin.
import "server-only";
import { z } from "zod";
import { CATEGORY_NAMES } from "../memory/categories";
import { dateParam, pageQuery } from "./memory-http";

export const sensitiveCategoriesBody = z.strictObject({
  categories: z
    .array(z.enum(CATEGORY_NAMES as unknown as [string, ...string[]], { message: `expected some of ${CATEGORY_NAMES.join(", ")}` }), {
      message: "expected an array of category names",
    })
    .max(CATEGORY_NAMES.length),
});

export const reviewsQuery = pageQuery.extend({
  status: z.enum(["open", "decided"], { message: "expected open or decided" }).default("open"),
  size: pageQuery.shape.size.default(50),
});

export const decisionBody = z.strictObject({
  review_ids: z.array(z.uuid({ message: "expected a uuid" }), { message: "expected an array of review ids" }).min(1, "expected at least one id").max(500, "at most 500 ids"),
  /** Edit-then-approve: the text to approve instead of the proposal (one add or update). */
  text: z.string({ message: "expected a string" }).min(1, "must not be empty").max(10_000, "expected at most 10000 characters").optional(),
});

const DAY_MS = 86_400_000;

/** A period for the Activity page: from/to (ISO dates or date-times), default the last 7 days. */
export const periodQuery = z
  .object({ from: dateParam("start").optional(), to: dateParam("end").optional() })
  .transform(({ from, to }) => {
    const end = to ? new Date(to.getTime() + 1) : new Date(); // `to` is inclusive (the end of that day)
    return { from: from ?? new Date(end.getTime() - 7 * DAY_MS), to: end };
  })
  .refine((p) => p.from < p.to, { message: "from must be before to", path: ["to"] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= 366 * DAY_MS, { message: "at most a year at a time", path: ["from"] });

export const activityMemoriesQuery = z.object({
  kind: z.enum(["key", "connection", "app"], { message: "expected key, connection or app" }),
  id: z.uuid({ message: "expected a uuid" }),
  what: z.enum(["read", "written"], { message: "expected read or written" }).default("read"),
  from: z.string().optional(),
  to: z.string().optional(),
});

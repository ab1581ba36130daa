// What every REST route wrapper shares: the arguments a handler gets, and reading
// a JSON body. The wrappers themselves are one per credential kind, in their own
// files (session-route.ts, agent-route.ts), so ESLint can keep each app/ folder to
// its own auth path.
import { z } from "zod";
import { readBodyText } from "../http/body";
import { ApiError } from "./errors";

export type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export interface HandlerArgs<P> {
  request: Request;
  principal: P;
  params: Record<string, string | string[] | undefined>;
}

export const MAX_JSON_BYTES = 1_000_000;

/** Reads (streamed, capped) and validates a JSON body; bad JSON, wrong types and oversize bodies become 4xx. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, maxBytes = MAX_JSON_BYTES): Promise<z.infer<T>> {
  const text = await readBodyText(request, maxBytes);
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "Body is not valid JSON");
  }
  return schema.parse(body);
}

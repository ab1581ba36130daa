// One error shape for the REST API: `{error: {code, message, details?}}`, with a
// code → status table so handlers throw meaning, not numbers.
import { z } from "zod";
import { log } from "../log";
import { MemoryError } from "../memory/types";

const STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_error: 400,
  invalid_client_name: 400,
  unauthenticated: 401,
  invalid_token: 401,
  token_expired: 401,
  session_not_found: 401,
  invalid_api_key: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: HeadersInit,
): Response {
  return Response.json({ error: details === undefined ? { code, message } : { code, message, details } }, { status, headers });
}

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
}

/** The memory engine's errors, in API terms (a paused app may not write: 403). */
const MEMORY_ERROR_CODE: Record<MemoryError["code"], ErrorCode> = {
  not_found: "not_found",
  app_paused: "forbidden",
  forbidden: "forbidden",
  conflict: "conflict",
  bad_request: "bad_request",
};

/** Turns anything thrown by a handler into a response; unknown errors are logged, never returned. */
export function handleApiError(e: unknown): Response {
  if (e instanceof ApiError) return errorResponse(e.status, e.code, e.message, e.details);
  if (e instanceof MemoryError) return errorResponse(STATUS[MEMORY_ERROR_CODE[e.code]], MEMORY_ERROR_CODE[e.code], e.message);
  if (e instanceof z.ZodError) {
    const details = zodDetails(e);
    return errorResponse(400, "validation_error", `Invalid ${details[0]?.field ?? "input"}: ${details[0]?.message ?? ""}`.trim(), details);
  }
  log.error("unhandled error in route handler", { error: e, stack: (e as Error)?.stack });
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}

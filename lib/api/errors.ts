// The REST rendering of errors: `{error: {code, message, details?}}` with the HTTP
// status of lib/http/status.ts. Domain errors (lib/errors.ts) are mapped here; the
// errors that only REST has (bad JSON, unknown media type, zod validation) are ApiErrors.
import { z } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "../db/errors";
import { DomainError, type DomainErrorCode } from "../errors";
import { errorHeaders, httpStatusOf, UNAVAILABLE_RETRY_AFTER_SECONDS } from "../http/status";
import { log } from "../log";

const API_ONLY_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  validation_error: 400,
  not_found: 404,
  unsupported_media_type: 415,
} as const;

export type ApiErrorCode = keyof typeof API_ONLY_STATUS;

/** An error of the REST layer itself (request parsing), not of the domain. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return API_ONLY_STATUS[this.code];
  }
}

/**
 * The public `code` of a domain error where it differs from the domain's own: the
 * REST contract predates some domain codes (a paused app, a missing scope: 403
 * "forbidden"; an invalid import: "validation_error").
 */
const PUBLIC_CODE: Partial<Record<DomainErrorCode, string>> = {
  app_paused: "forbidden",
  insufficient_scope: "forbidden",
  key_not_found: "not_found",
  key_limit_reached: "conflict",
  invalid_import: "validation_error",
};

export function errorResponse(status: number, code: string, message: string, details?: unknown, headers?: HeadersInit): Response {
  return Response.json({ error: details === undefined ? { code, message } : { code, message, details } }, { status, headers });
}

/** A domain error as a REST response (Retry-After for rate limits; WWW-Authenticate when `bearer` and the credential is missing or bad). */
export function domainErrorResponse(e: DomainError, opts: { bearer?: boolean } = {}): Response {
  return errorResponse(httpStatusOf(e.code), PUBLIC_CODE[e.code] ?? e.code, e.message, e.details, errorHeaders(e, opts));
}

export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ field: i.path.join(".") || "(body)", message: i.message }));
}

/** Turns anything thrown by a handler into a response; unknown errors are logged, never returned. */
export function handleApiError(e: unknown): Response {
  if (e instanceof ApiError) return errorResponse(e.status, e.code, e.message, e.details);
  if (e instanceof DomainError) return domainErrorResponse(e);
  if (isDatabaseUnavailable(e)) {
    log.warn("database unavailable", { error: e });
    return errorResponse(503, "unavailable", DATABASE_UNAVAILABLE_MESSAGE, undefined, { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
  }
  if (e instanceof z.ZodError) {
    const details = zodDetails(e);
    return errorResponse(400, "validation_error", `Invalid ${details[0]?.field ?? "input"}: ${details[0]?.message ?? ""}`.trim(), details);
  }
  log.error("unhandled error in route handler", { error: e, stack: (e as Error)?.stack });
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}

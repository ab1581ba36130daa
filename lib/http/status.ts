// The HTTP status of every domain error, in one table. Both transports answer over
// HTTP — REST with {error:{code,message}}, MCP with JSON-RPC errors — so both read
// their status here; each renders the body its own way (lib/api, lib/mcp).
import type { DomainError, DomainErrorCode } from "../errors";

export const HTTP_STATUS = {
  bad_request: 400,
  invalid_import: 400,
  invalid_client_name: 400,
  unauthenticated: 401,
  invalid_token: 401,
  token_expired: 401,
  session_not_found: 401,
  invalid_api_key: 401,
  invalid_gateway_secret: 401,
  missing_user_id: 401,
  invalid_user_id: 401,
  // A paused app may not write; a key may lack a scope.
  app_paused: 403,
  insufficient_scope: 403,
  cross_site_request: 403,
  untrusted_address: 403,
  not_found: 404,
  key_not_found: 404,
  // The scheduled routes do not exist until CRON_SECRET is set.
  cron_not_configured: 404,
  conflict: 409,
  key_limit_reached: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  gateway_not_configured: 503,
} as const satisfies Record<DomainErrorCode, number>;

export type DomainHttpStatus = (typeof HTTP_STATUS)[DomainErrorCode];

export function httpStatusOf(code: DomainErrorCode): DomainHttpStatus {
  return HTTP_STATUS[code];
}

/** What 503 answers tell clients to wait, in seconds. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** The headers a domain error's answer carries, whatever the transport: Retry-After (rate limits, 503s), WWW-Authenticate on a Bearer path's 401. */
export function errorHeaders(e: DomainError, opts: { bearer?: boolean } = {}): Record<string, string> {
  const status = httpStatusOf(e.code);
  const headers: Record<string, string> = {};
  const retryAfter = e.retryAfterSeconds ?? (status === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined);
  if (retryAfter) headers["Retry-After"] = String(retryAfter);
  if (opts.bearer && status === 401) headers["WWW-Authenticate"] = "Bearer";
  return headers;
}

// The domain's errors: what went wrong, in the domain's words, with one typed code
// union. lib/ throws (or, for auth, returns) them and knows nothing of transports;
// lib/api renders them as REST JSON with an HTTP status, lib/mcp as MCP tool errors
// or JSON-RPC errors. A new code fails to compile until lib/http/status.ts has its
// HTTP status.
import { httpStatusOf } from "./http/status";

/** lib/memory */
export type MemoryErrorCode = "not_found" | "app_paused" | "conflict" | "bad_request";
/** lib/keys */
export type KeyErrorCode = "key_not_found" | "key_limit_reached";
/** lib/memory/transfer (an import is refused as a whole; details name the lines) */
export type ImportErrorCode = "invalid_import";
/** Credentials and what they allow (lib/auth, lib/keys/scopes, the agent rate limit). */
export type AuthErrorCode =
  | "unauthenticated"
  | "invalid_token"
  | "token_expired"
  | "session_not_found"
  | "invalid_api_key"
  | "invalid_gateway_secret"
  | "missing_user_id"
  | "invalid_user_id"
  | "invalid_client_name"
  | "gateway_not_configured"
  | "cron_not_configured"
  | "untrusted_address"
  | "insufficient_scope"
  | "cross_site_request"
  | "rate_limited"
  | "unavailable";
/** Reading a request body (lib/http/body.ts), whatever the transport. */
export type BodyErrorCode = "payload_too_large" | "unsupported_media_type";

export type DomainErrorCode = MemoryErrorCode | KeyErrorCode | ImportErrorCode | AuthErrorCode | BodyErrorCode;

export interface ErrorDetail {
  field: string;
  message: string;
  line?: number;
}

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetail[],
    /** For rate_limited: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class MemoryError extends DomainError<MemoryErrorCode> {}
export class KeyError extends DomainError<KeyErrorCode> {}
/** Auth helpers return these (a result, not a throw); `status` is the HTTP status both transports answer with. */
export class AuthError extends DomainError<AuthErrorCode> {
  get status() {
    return httpStatusOf(this.code);
  }
}

/** An import refused as a whole: nothing was written; `errors` name the bad lines. */
export class ImportError extends DomainError<ImportErrorCode> {
  constructor(readonly errors: { line: number; message: string }[]) {
    const first = errors[0];
    super(
      "invalid_import",
      `Import rejected: ${errors.length} invalid line(s); nothing was imported${first ? ` (line ${first.line}: ${first.message})` : ""}`,
      errors.map((x) => ({ field: `line ${x.line}`, line: x.line, message: x.message })),
    );
  }
}

export class BodyTooLargeError extends DomainError<BodyErrorCode> {
  constructor(readonly maxBytes: number, message = `Body is larger than ${maxBytes} bytes`) {
    super("payload_too_large", message);
  }
}

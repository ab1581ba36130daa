// Structured logs: pino, one JSON line per event on stderr. Callers pass fields,
// never secrets; two guards catch the ones that slip through anyway:
//   - fields named like a secret (token, secret, password, authorization, cookie,
//     api key, key hash), at the top level or one level down, are "[redacted]"
//     (pino's own redaction);
//   - any string — the message and every field value, errors' messages included —
//     has API keys, JWTs and Bearer credentials cut out (scrubSecrets).
// A full test run's server log is grepped for secrets (scripts/check-log-secrets.mjs).
import pino from "pino";
import { getConfig } from "./config";

type Level = "debug" | "info" | "warn" | "error";

const SECRET_NAMES = ["token", "access_token", "refresh_token", "code_verifier", "client_secret", "consent_token", "secret", "password", "authorization", "cookie", "api_key", "apiKey", "key_hash", "keyHash"];

const SECRET_TEXT: [RegExp, string][] = [
  [/jean_sk_[0-9A-Za-z]+/g, "jean_sk_[redacted]"],
  // The OAuth server's codes, refresh tokens and client secrets (lib/oauth/secrets.ts).
  [/jean_(ac|rt|cs|dc)_[0-9A-Za-z_-]+/g, "jean_$1_[redacted]"],
  // Starts only where no base64url character precedes, so "eyJ-eyJ-…" is scanned once, not once per "eyJ".
  [/(?<![0-9A-Za-z_-])eyJ[0-9A-Za-z_-]{4,}\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]*/g, "[redacted jwt]"],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, "$1 [redacted]"],
];

/** Logs carry no essays: a longer string is cut (and the patterns below never see more). */
const MAX_LOGGED_CHARS = 4_000;

/** The text with API keys, JWTs and Bearer/Basic credentials replaced (linear: lib/adversarial-input.test.ts). */
export function scrubSecrets(text: string): string {
  let out = text.length > MAX_LOGGED_CHARS ? text.slice(0, MAX_LOGGED_CHARS) + "…[truncated]" : text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (value instanceof Error) return { name: value.name, message: scrubSecrets(value.message) };
  if (depth >= 4 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

// process.stderr itself (not a file descriptor): tests capture it by replacing its write.
const logger = pino(
  {
    level: "info",
    base: undefined, // no pid/hostname on every line
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), log: (fields) => scrubValue(fields) as Record<string, unknown> },
    redact: { paths: SECRET_NAMES.flatMap((name) => [name, `*.${name}`]), censor: "[redacted]" },
  },
  process.stderr,
);

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  let threshold: Level | "silent" = "info";
  try {
    threshold = getConfig().logLevel;
  } catch {
    // Config errors are reported elsewhere; logging must never throw.
  }
  if (logger.level !== threshold) logger.level = threshold;
  logger[level](fields, scrubSecrets(msg));
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

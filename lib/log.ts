// Minimal structured logger: one JSON line per event on stderr. Callers pass
// fields, never secrets (keys, tokens, cookies); `redact` guards the usual names.
import { getConfig } from "./config";

type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const secretField = /(token|secret|password|authorization|cookie|key_?hash|api_?key)$/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (secretField.test(k)) out[k] = "[redacted]";
    else if (v instanceof Error) out[k] = { name: v.name, message: v.message };
    else out[k] = v;
  }
  return out;
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  let threshold: Level | "silent" = "info";
  try {
    threshold = getConfig().logLevel;
  } catch {
    // Config errors are reported elsewhere; logging must never throw.
  }
  if (order[level] < order[threshold]) return;
  process.stderr.write(JSON.stringify({ level, time: new Date().toISOString(), msg, ...redact(fields) }) + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

// What PostgreSQL can store: `text` and `jsonb` refuse NUL characters and unpaired
// UTF-16 surrogates, and timestamps only cover years 1-9999. Validation rejects
// such input with a 400; the engine also cleans text that reaches it another way
// (MCP tool arguments), so none of it can turn into a 500.

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL (\\u0000) characters or unpaired surrogates";

export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/** Every string (and key) in a JSON-like value is storable. */
export function isStorableDeep(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableDeep);
  if (value && typeof value === "object") return Object.entries(value).every(([k, v]) => isStorableText(k) && isStorableDeep(v));
  return true;
}

export function storableText(s: string): string {
  return s.replace(/\u0000/g, "").toWellFormed();
}

export function storableDeep<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storableDeep) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableDeep(v)])) as T;
  }
  return value;
}

export function isStorableDate(d: Date): boolean {
  const year = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && year >= 1 && year <= 9999;
}

export const STORABLE_DATE_MESSAGE = "expected a date between the years 1 and 9999";

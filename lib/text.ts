// What PostgreSQL can store: `text` and `jsonb` refuse NUL characters and unpaired
// UTF-16 surrogates, and timestamps only cover years 1-9999. Validation rejects
// such input with a 400; the engine also cleans text that reaches it another way
// (MCP tool arguments), so none of it can turn into a 500.

export const UNSTORABLE_TEXT_MESSAGE = "must not contain NUL (\\u0000) characters or unpaired surrogates";

export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/** How deep metadata and other stored JSON may nest (a 2,500-level object overflowed the stack). */
export const MAX_JSON_DEPTH = 32;
export const JSON_TOO_DEEP_MESSAGE = `must not be nested more than ${MAX_JSON_DEPTH} levels deep`;

/**
 * Walks a JSON-like value without recursion (any depth is safe to check), calling
 * `visit` on every string and key; false when `visit` refuses one or the value
 * nests deeper than MAX_JSON_DEPTH.
 */
function walkJson(value: unknown, visit: (s: string) => boolean): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") {
      if (!visit(v)) return false;
    } else if (v && typeof v === "object") {
      if (depth >= MAX_JSON_DEPTH) return false;
      if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
      else
        for (const [k, x] of Object.entries(v)) {
          if (!visit(k)) return false;
          stack.push([x, depth + 1]);
        }
    }
  }
  return true;
}

/** Nested at most MAX_JSON_DEPTH levels. */
export function isShallowJson(value: unknown): boolean {
  return walkJson(value, () => true);
}

/** Every string (and key) in a JSON-like value is storable (and it is not nested too deep). */
export function isStorableDeep(value: unknown): boolean {
  return walkJson(value, isStorableText);
}

/**
 * `text` without trailing characters from `chars`, in linear time. (A regex like
 * /[.!?;,\s]+$/ retries from every position of a long run: quadratic — 131 ms on
 * "." × 9,999 + "x".)
 */
export function trimEnd(text: string, chars: (c: string) => boolean): string {
  let end = text.length;
  while (end > 0 && chars(text[end - 1]!)) end--;
  return text.slice(0, end);
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

// No user input reaches a super-linear regex or unbounded recursion: the text
// functions that see raw user input are run on 100k-character adversarial strings
// and must scale linearly (time at 100k ≤ 40 × time at 10k; a quadratic one is
// ~100×), and deeply nested JSON is refused, not a stack overflow.
import { describe, expect, it } from "vitest";
import { toOrTsQuery } from "./memory/search";
import { contentHash, normaliseForDedupe } from "./memory/shared";
import { isNearDuplicate } from "./memory/add";
import { scrubSecrets } from "./log";
import { isShallowJson, isStorableDeep, storableText, trimEnd } from "./text";

const ADVERSARIAL: [name: string, make: (n: number) => string][] = [
  ["dots then a letter", (n) => ".".repeat(n - 1) + "x"],
  ["spaces then a letter", (n) => " ".repeat(n - 1) + "x"],
  ["mixed punctuation then a letter", (n) => ".!?;, ".repeat(Math.ceil(n / 6)).slice(0, n - 1) + "x"],
  ["apostrophes", (n) => "'".repeat(n)],
  ["one long word", (n) => "a".repeat(n)],
  ["tabs and newlines", (n) => "\t\n".repeat(n / 2)],
  ["JWT-looking prefixes", (n) => "eyJ-".repeat(n / 4)],
  ["JWT-looking segments", (n) => "eyJaaaa.".repeat(n / 8)],
  ["API-key prefixes", (n) => "jean_sk_".repeat(n / 8)],
  ["Bearer words", (n) => "Bearer ".repeat(Math.ceil(n / 7)).slice(0, n)],
];

const FUNCTIONS: [name: string, run: (s: string) => unknown][] = [
  ["normaliseForDedupe", normaliseForDedupe],
  ["contentHash", contentHash],
  ["isNearDuplicate", (s) => isNearDuplicate(s, s + ".", 0.99, 0.95)],
  ["toOrTsQuery", toOrTsQuery],
  ["storableText", storableText],
  // Log lines carry error messages that may quote user input.
  ["scrubSecrets (logs)", scrubSecrets],
];

function ms(fn: () => unknown, repeat = 5): number {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe.each(FUNCTIONS)("%s on adversarial input", (_name, run) => {
  it.each(ADVERSARIAL)("%s: linear, not quadratic", (_label, make) => {
    const small = make(10_000);
    const large = make(100_000);
    run(small); // warm up the JIT
    const tSmall = Math.max(ms(() => run(small)), 0.05);
    const tLarge = ms(() => run(large));
    expect(tLarge / tSmall).toBeLessThan(40);
    expect(tLarge).toBeLessThan(1000);
  });
});

describe("the trailing-punctuation rule is unchanged (hashes of stored memories must not move)", () => {
  it.each([
    ["I like tea.", "i like tea"],
    ["  I like   tea!!  ", "i like tea"],
    ["Tea?;, . ", "tea"],
    ["...", ""],
    ["e.g. tea", "e.g. tea"],
  ])("%j → %j", (input, expected) => {
    expect(normaliseForDedupe(input)).toBe(expected);
    expect(normaliseForDedupe(input)).toBe(input.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim().replace(/[.!?;,\s]+$/, ""));
  });
  it("trimEnd trims only the given characters", () => {
    expect(trimEnd("abc..", (c) => c === ".")).toBe("abc");
    expect(trimEnd("", () => true)).toBe("");
  });
});

describe("deeply nested JSON", () => {
  const nested = (depth: number) => {
    let v: unknown = "leaf";
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };
  it("is checked without recursion: 100,000 levels return false, no stack overflow", () => {
    expect(isShallowJson(nested(100_000))).toBe(false);
    expect(isStorableDeep(nested(100_000))).toBe(false);
  });
  it("32 levels are fine, 33 are not", () => {
    expect(isShallowJson(nested(32))).toBe(true);
    expect(isShallowJson(nested(33))).toBe(false);
    expect(isShallowJson([[[["x"]]]])).toBe(true);
  });
});

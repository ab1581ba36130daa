import { describe, expect, it } from "vitest";
import { isNearDuplicate } from "./add";
import { contentHash } from "./shared";

describe("duplicate detection", () => {
  it("treats case, whitespace and trailing punctuation as the same text", () => {
    expect(contentHash("I am allergic to peanuts")).toBe(contentHash("  i am ALLERGIC to   peanuts. "));
    expect(contentHash("I am allergic to peanuts")).not.toBe(contentHash("I am allergic to cashews"));
  });

  it.each([
    ["I'm allergic to peanuts", "I am allergic to peanuts", 0.97, true],
    ["I have 2 cats", "I have 3 cats", 0.99, false],
    ["Meeting with Sam on Friday", "Meeting with Sam on Monday", 0.98, false],
    ["I love hiking in the Alps", "I love hiking in the Alps", 0.5, false],
  ])("%s ~ %s (cos %s) → %s", (a, b, cos, expected) => {
    expect(isNearDuplicate(a, b, cos, 0.95)).toBe(expected);
  });
});

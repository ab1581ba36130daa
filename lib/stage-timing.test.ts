import { afterEach, describe, expect, it } from "vitest";
import { recordStages, stage } from "./stage-timing";

afterEach(() => recordStages(undefined));

describe("stage timing", () => {
  it("records nothing and changes nothing without a recorder", async () => {
    await expect(stage("work", async () => 42)).resolves.toBe(42);
  });

  it("reports each stage's duration to the recorder, also when the stage fails", async () => {
    const seen: [string, number][] = [];
    recordStages((name, ms) => seen.push([name, ms]));
    await expect(stage("slow", () => new Promise((resolve) => setTimeout(() => resolve("done"), 20)))).resolves.toBe("done");
    await expect(stage("fails", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(seen.map(([name]) => name)).toEqual(["slow", "fails"]);
    expect(seen[0]![1]).toBeGreaterThanOrEqual(15);
  });
});

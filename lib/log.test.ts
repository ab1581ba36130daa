// The logger: JSON lines on stderr, level from LOG_LEVEL, secrets never written —
// by field name (pino's redaction) or by what a string looks like (scrubSecrets).
import { describe, expect, it } from "vitest";
import { log, scrubSecrets } from "./log";
import { captureStderr } from "./testing/harness";

const linesOf = (text: string) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("log", () => {
  it("writes one JSON line with level, time and message, and honours LOG_LEVEL", async () => {
    const out = await captureStderr(async () => {
      log.debug("not shown at warn");
      log.info("not shown either");
      log.warn("shown", { count: 3 });
    }, "warn");
    const [line, ...rest] = linesOf(out);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ level: "warn", msg: "shown", count: 3 });
    expect(new Date(line.time as string).toString()).not.toBe("Invalid Date");
  });

  it("fields named like secrets are redacted, at the top level and one level down", async () => {
    const out = await captureStderr(async () => {
      log.warn("x", { token: "t-1", access_token: "t-2", authorization: "Basic abc", cookie: "jean-session=abc", keyHash: "h", nested: { secret: "s", password: "p", api_key: "k", fine: "kept" } });
    });
    const [line] = linesOf(out);
    expect(line).toMatchObject({ token: "[redacted]", access_token: "[redacted]", authorization: "[redacted]", cookie: "[redacted]", keyHash: "[redacted]", nested: { secret: "[redacted]", password: "[redacted]", api_key: "[redacted]", fine: "kept" } });
  });

  it("API keys, JWTs and Bearer credentials are cut out of messages, values and errors", async () => {
    const key = "jean_sk_" + "A1b2C3d4".repeat(5);
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";
    const out = await captureStderr(async () => {
      log.error(`failed for ${key}`, { error: new Error(`upstream said: invalid token ${jwt}`), detail: `Authorization: Bearer ${jwt}`, list: [key] });
    });
    expect(out).not.toContain(key);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain("c2lnbmF0dXJl");
    const [line] = linesOf(out);
    expect(line.msg).toBe("failed for jean_sk_[redacted]");
    expect(line.error).toEqual({ name: "Error", message: "upstream said: invalid token [redacted jwt]" });
    expect(line.list).toEqual(["jean_sk_[redacted]"]);
  });

  it("scrubSecrets leaves ordinary text alone and cuts very long strings", () => {
    expect(scrubSecrets("eyJ alone, a jean_sk_ prefix alone, Bearer")).toBe("eyJ alone, a jean_sk_ prefix alone, Bearer");
    expect(scrubSecrets("Bearer abc.def")).toBe("Bearer [redacted]");
    const long = scrubSecrets("x".repeat(50_000));
    expect(long.length).toBeLessThan(4_100);
    expect(long.endsWith("…[truncated]")).toBe(true);
  });
});

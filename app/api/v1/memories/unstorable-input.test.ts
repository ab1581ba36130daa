// Input Postgres cannot store (NUL, unpaired surrogates, years outside 1-9999) must
// be a 400 naming the field — or, where it arrives through MCP, be cleaned — never a 500.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createKey } from "@/app/api/v1/keys/route";
import { addMemory, gatewayActor, searchMemories } from "@/lib/memory";
import { useFreshDb } from "@/lib/testing/harness";
import { isStorableDate, isStorableDeep, storableDeep } from "@/lib/text";
import { GET as exportGet } from "./export/route";
import { POST as importPost } from "./import/route";
import { GET as list, POST as add } from "./route";
import { signIn, type ApiUser } from "@/lib/testing/harness";

let alice: ApiUser;
beforeAll(async () => {
  await useFreshDb();
  alice = await signIn("unstorable@example.com");
});

describe("unstorable input", () => {
  it("rejects NUL and unpaired surrogates in text and metadata with a 400", async () => {
    for (const body of [{ text: "a\u0000b" }, { text: "ok", metadata: { note: "\ud800" } }, { text: "ok", metadata: { ["k\udc00"]: 1 } }]) {
      const r = await alice.post(add, "/api/v1/memories", { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe("validation_error");
    }
  });

  it("refuses metadata nested 2,500 levels deep (5 KB) with a 400 naming the field, in a body and in an import line", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 2500; i++) deep = { a: deep };
    const r = await alice.post(add, "/api/v1/memories", { body: { text: "deep metadata", metadata: deep } });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ field: "metadata", message: expect.stringContaining("nested") });
    const line = JSON.stringify({ id: crypto.randomUUID(), content: "deep", metadata: deep });
    const imported = await alice.post(importPost, "/api/v1/memories/import", { body: line, headers: { "content-type": "application/x-ndjson" } });
    expect(imported.status).toBe(400);
    expect(imported.body.error.details[0]).toMatchObject({ line: 1, message: expect.stringContaining("nested") });
  });

  it("rejects dates outside years 1-9999 in filters and imports with a 400, and the list keeps working", async () => {
    expect((await alice.get(list, "/api/v1/memories?from_date=0000-01-01")).status).toBe(400);
    const line = (created_at: string) =>
      JSON.stringify({ id: crypto.randomUUID(), content: "poison", created_at });
    for (const created of ["9999-12-31T23:00:00-14:00", "0000-01-01T00:00:00Z"]) {
      const r = await alice.post(importPost, "/api/v1/memories/import", {
        body: line(created),
        headers: { "content-type": "application/x-ndjson" },
      });
      expect(r.status, created).toBe(400);
      expect(JSON.stringify(r.body.error)).toMatch(/line/);
    }
    expect((await alice.get(list, "/api/v1/memories")).status).toBe(200);
    expect((await alice.get(exportGet, "/api/v1/memories/export")).status).toBe(200);
  });

  it("rejects a NUL in an API key name with a 400", async () => {
    const r = await alice.post(createKey, "/api/v1/keys", { body: { name: "a\u0000b" } });
    expect(r.status).toBe(400);
  });

  it("cleans queries that reach the engine directly (MCP arguments) instead of failing", async () => {
    await addMemory(gatewayActor(alice.id, "claude"), "I have two cats\u0000 named Miso and Tofu");
        // With an app, the query is written to the access log (jsonb), which refuses NUL.
    const hits = await searchMemories(gatewayActor(alice.id, "claude"), "cats\u0000 \ud800");
    expect(hits[0].memory).toBe("I have two cats named Miso and Tofu");
  });

  it("text helpers", () => {
    expect(isStorableDeep({ a: ["x", { b: "y" }] })).toBe(true);
    expect(isStorableDeep({ a: ["x", { b: "\u0000" }] })).toBe(false);
    expect(storableDeep({ "k\u0000": ["\ud800"] })).toEqual({ k: ["\ufffd"] });
    expect(isStorableDate(new Date("9999-12-31T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("9999-12-31T23:00:00-14:00"))).toBe(false);
  });
});

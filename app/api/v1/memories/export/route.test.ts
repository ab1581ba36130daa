// Export (GET /api/v1/memories/export) and import (POST /api/v1/memories/import) together: a round trip.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { getOrCreateApp } from "@/lib/memory";
import { call, reply, signInLocally, useFreshDb } from "@/lib/testing/harness";
import { GET as getHistory } from "../[id]/history/route";
import { POST as act } from "../actions/[action]/route";
import { POST as importPost } from "../import/route";
import { DELETE as deleteMany, POST as addPost } from "../route";
import { POST as searchPost } from "../search/route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { GET } from "./route";

let db: Db;
let alice: ApiUser;
let bob: ApiUser;
let aliceIds: string[];

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  bob = await signIn("bob@example.com");
  aliceIds = await addAll(alice, addPost, ["Commutes by train to Leeds", "Married to Sam since 2015", "Keeps a sourdough starter called Bubbles"]);
  await addAll(alice, addPost, ["Uses Neovim with a custom config"], "cursor");
  await alice.post(addPost, "/api/v1/memories", { body: { text: "Prefers aisle seats", app: "claude", metadata: { source: "chat", n: 3 } } });
  await alice.post(act, "/x", { params: { action: "archive" }, body: { memory_ids: [aliceIds[0]] } });
  await alice.del(deleteMany, "/x", { body: { memory_ids: [aliceIds[1]] } });
});

const exportOf = (user: ApiUser) => user.get(GET, "/api/v1/memories/export");
const importInto = (user: ApiUser, text: string, contentType = "application/x-ndjson") =>
  user.post(importPost, "/api/v1/memories/import", { body: text, headers: { "content-type": contentType } });
const lines = (text: string) => text.split("\n").filter(Boolean).map((l) => JSON.parse(l));
/** What must survive a round trip (ids may differ across accounts). */
const contents = (text: string) =>
  lines(text)
    .map((l) => ({ ...l, id: undefined, updated_at: undefined }))
    .sort((a, b) => a.content.localeCompare(b.content));

describe("GET /api/v1/memories/export", () => {
  it("downloads every memory of the user, any state, as JSON Lines", async () => {
    const r = await exportOf(alice);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="jean-memory-export-\d{4}-\d{2}-\d{2}\.jsonl"$/);
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.text.endsWith("\n")).toBe(true);
    const rows = lines(r.text);
    expect(rows).toHaveLength(5);
    expect(rows.map((l) => l.state).sort()).toEqual(["active", "active", "active", "archived", "deleted"]);
    const aisle = rows.find((l) => l.content === "Prefers aisle seats");
    expect(aisle).toMatchObject({ app: "claude", metadata: { source: "chat", n: 3 }, archived_at: null, deleted_at: null });
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(["app", "archived_at", "categories", "content", "created_at", "deleted_at", "id", "metadata", "state", "updated_at"]);
    }
  });

  it("is an empty file for a user with no memories", async () => {
    const carol = await signIn("carol@example.com");
    const r = await exportOf(carol);
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
  });

  it("streams large exports past the engine's 500-row pages", async () => {
    const dave = await signIn("dave@example.com");
    const app = await getOrCreateApp(dave.id, "bulk");
    // Inserted directly (the import path is exercised below): 1001 rows = two full pages and one more.
    await db.prisma.memory.createMany({
      data: Array.from({ length: 1001 }, (_, i) => ({ userId: dave.id, appId: app.id, content: `Numbered memory ${i}`, contentHash: `h${i}` })),
    });
    const r = await exportOf(dave);
    expect(lines(r.text)).toHaveLength(1001);
    expect(new Set(lines(r.text).map((l) => l.id)).size).toBe(1001);
  });
});

describe("POST /api/v1/memories/import", () => {
  it("round trip: alice's export imported by bob gives bob the same contents; alice's memories are untouched", async () => {
    const file = (await exportOf(alice)).text;
    const r = await importInto(bob, file);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imported: 5, skipped: 0, embedding_pending: 0 });
    const bobs = (await exportOf(bob)).text;
    expect(contents(bobs)).toEqual(contents(file));
    // Bob got his own rows: none of alice's ids, none of alice's rows moved.
    const aliceFileIds = new Set(lines(file).map((l) => l.id));
    for (const l of lines(bobs)) expect(aliceFileIds.has(l.id)).toBe(false);
    expect(await db.prisma.memory.count({ where: { userId: alice.id } })).toBe(5);
    expect((await exportOf(alice)).text).toBe(file);
    // Imported memories are searchable (embedded) and have an "imported" history row.
    const hits = await bob.post(searchPost, "/api/v1/memories/search", { body: { query: "sourdough starter" } });
    const hit = hits.body.results[0];
    expect(hit.memory).toBe("Keeps a sourdough starter called Bubbles");
    const h = await bob.get(getHistory, "/x", { params: { id: hit.id } });
    expect(h.body.items).toEqual([expect.objectContaining({ old_state: null, new_state: "active", reason: "imported" })]);
  });

  it("re-importing is idempotent: everything skipped, nothing duplicated", async () => {
    const file = (await exportOf(alice)).text;
    const before = await db.prisma.memory.count();
    expect((await importInto(bob, file)).body).toEqual({ imported: 0, skipped: 5, embedding_pending: 0 });
    expect((await importInto(alice, file)).body).toEqual({ imported: 0, skipped: 5, embedding_pending: 0 });
    expect((await importInto(bob, (await exportOf(bob)).text)).body).toEqual({ imported: 0, skipped: 5, embedding_pending: 0 });
    expect(await db.prisma.memory.count()).toBe(before);
  });

  it("a malformed line 3 → 400 naming line 3, and nothing is imported", async () => {
    const erin = await signIn("erin@example.com");
    const good = (content: string) => JSON.stringify({ id: crypto.randomUUID(), content });
    const file = [good("First fine line"), good("Second fine line"), "{not json", good("Fourth fine line")].join("\n");
    const r = await importInto(erin, file);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_error");
    expect(r.body.error.message).toMatch(/line 3/);
    expect(r.body.error.details).toEqual([{ field: "line 3", line: 3, message: "not valid JSON" }]);
    expect(await db.prisma.memory.count({ where: { userId: erin.id } })).toBe(0);

    const several = [
      good("ok"),
      JSON.stringify({ id: "nope", content: "x" }),
      JSON.stringify({ id: crypto.randomUUID(), content: "" }),
      "",
      "[]",
      good("a\u0000b"),
    ].join("\n");
    const r2 = await importInto(erin, several);
    expect(r2.status).toBe(400);
    expect(r2.body.error.details.map((d: { line: number }) => d.line)).toEqual([2, 3, 5, 6]);
    expect(r2.body.error.details[3].message).toMatch(/NUL/);
    expect(r2.body.error.details[0].message).toMatch(/^id:/);
    expect(r2.body.error.details[1].message).toMatch(/^content:/);
    expect(await db.prisma.memory.count({ where: { userId: erin.id } })).toBe(0);
  });

  it("an empty file imports nothing", async () => {
    expect((await importInto(bob, "")).body).toEqual({ imported: 0, skipped: 0, embedding_pending: 0 });
    expect((await importInto(bob, "\n\n")).body).toEqual({ imported: 0, skipped: 0, embedding_pending: 0 });
  });

  it("accepts text/plain with a Bearer session only (a cross-site form can send text/plain with the cookie), refuses other content types (415) and bodies over 10 MB (413)", async () => {
    const line = JSON.stringify({ id: crypto.randomUUID(), content: "Imported as plain text" });
    const viaCookie = await importInto(bob, line, "text/plain; charset=utf-8");
    expect(viaCookie.status).toBe(415);
    expect(viaCookie.body.error.code).toBe("unsupported_media_type");
    const { token } = await signInLocally(bob.email);
    const viaBearer = await reply(await call(importPost, { method: "POST", path: "/api/v1/memories/import", body: line, headers: { authorization: `Bearer ${token}`, "content-type": "text/plain; charset=utf-8" } }));
    expect(viaBearer.body).toMatchObject({ imported: 1 });
    const wrongType = await importInto(bob, line, "application/json");
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe("unsupported_media_type");

    const before = await db.prisma.memory.count();
    const big = (line + "\n").repeat(Math.ceil((10 * 1024 * 1024 + 1) / (line.length + 1)));
    const tooBig = await importInto(bob, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe("payload_too_large");
    const declared = await bob.post(importPost, "/x", { body: line, headers: { "content-type": "application/x-ndjson", "content-length": String(11 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(await db.prisma.memory.count()).toBe(before);
  });
});

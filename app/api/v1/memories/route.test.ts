import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { call, useFreshDb } from "@/lib/testing/harness";
import { GET as getCategories } from "./categories/route";
import { GET as getHistory } from "./[id]/history/route";
import { DELETE, GET, POST } from "./route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";

let db: Db;
let alice: ApiUser;
/** Alice's 12 memories, created on 2024-01-01 … 2024-01-12 (index i → day i+1). */
let ids: string[];
const TEXTS = [
  "I love sushi and ramen",
  "My sister lives in Lisbon",
  "Working on the quarterly budget report",
  "Allergic to peanuts",
  "Plays guitar on weekends",
  "Bought a new laptop for coding",
  "Zebra crossings make me nervous",
  "Favourite film is Spirited Away",
  "Learning Spanish with a tutor",
  "Adopted a cat named Miso",
  "Runs a marathon every spring",
  "Prefers window seats on flights",
];

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  ids = await addAll(alice, POST, TEXTS);
  for (const [i, id] of ids.entries()) {
    await db.prisma.memory.update({ where: { id }, data: { createdAt: new Date(Date.UTC(2024, 0, i + 1, 12)) } });
  }
});

const list = (query = "") => alice.get(GET, `/api/v1/memories${query}`);

describe("GET /api/v1/memories", () => {
  it("lists the newest first, 10 per page, with totals", async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 12, page: 1, size: 10, pages: 2 });
    expect(r.body.items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse().slice(0, 10));
    const first = r.body.items[0];
    expect(first).toMatchObject({ memory: TEXTS[11], state: "active", app: { name: "jean-memory" }, metadata: {}, archived_at: null, deleted_at: null });
    expect(first.categories.length).toBeGreaterThan(0);
    expect(Object.keys(first).sort()).toEqual(["app", "archived_at", "categories", "created_at", "created_by", "deleted_at", "id", "memory", "metadata", "state", "updated_at"]);
    expect(first.created_by).toEqual({ via: "dashboard", app: "jean-memory", api_key_id: null });
  });

  it("pages: the last page is partial, a page past the end is empty, size 100 is allowed", async () => {
    expect((await list("?page=2")).body.items).toHaveLength(2);
    const past = await list("?page=3&size=10");
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ items: [], total: 12, page: 3, pages: 2 });
    const big = await list("?size=100");
    expect(big.status).toBe(200);
    expect(big.body).toMatchObject({ size: 100, pages: 1 });
    expect(big.body.items).toHaveLength(12);
  });

  it("sorts by content ascending and descending", async () => {
    const sorted = [...TEXTS].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const asc = await list("?sort_column=content&sort_direction=asc&size=100");
    const desc = await list("?sort_column=content&sort_direction=desc&size=100");
    expect(asc.body.items.map((m: { memory: string }) => m.memory)).toEqual(sorted);
    expect(desc.body.items.map((m: { memory: string }) => m.memory)).toEqual([...sorted].reverse());
    const oldest = await list("?sort_column=created_at&sort_direction=asc&size=1");
    expect(oldest.body.items[0].id).toBe(ids[0]);
  });

  it("filters by a date range (whole days, inclusive) and by date-times", async () => {
    const days = await list("?from_date=2024-01-03&to_date=2024-01-05&sort_direction=asc");
    expect(days.body.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(2, 5));
    const times = await list(`?from_date=${encodeURIComponent("2024-01-10T00:00:00+00:00")}&sort_direction=asc`);
    expect(times.body.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(9));
    const before = await list("?to_date=2024-01-01T12:00:00Z");
    expect(before.body.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    expect((await list("?from_date=2030-01-01")).body).toMatchObject({ items: [], total: 0, pages: 0 });
  });

  it("filters by text, category, app and state", async () => {
    const text = await list("?search_query=SUSHI");
    expect(text.body.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);

    const categories = await alice.get(getCategories, "/api/v1/memories/categories");
    const food = categories.body.items.find((c: { name: string }) => c.name === "food");
    const byCategory = await list(`?category_ids=${food.id}&size=100`);
    expect(byCategory.body.items.length).toBeGreaterThan(0);
    for (const m of byCategory.body.items) expect(m.categories).toContain("food");

    const other = await addAll(alice, POST, ["Keeps bees in the garden"], "cursor");
    const appId = (await alice.get(GET, "/api/v1/memories?search_query=bees")).body.items[0].app.id;
    const byApp = await list(`?app_ids=${appId}`);
    expect(byApp.body.items.map((m: { id: string }) => m.id)).toEqual(other);
    const repeated = await list(`?app_ids=${appId}&app_ids=${crypto.randomUUID()}`);
    expect(repeated.body.total).toBe(1);
    const commaList = await list(`?app_ids=${appId},${crypto.randomUUID()}`);
    expect(commaList.body.total).toBe(1);

    await db.prisma.memory.update({ where: { id: other[0] }, data: { state: "archived" } });
    expect((await list("?size=100")).body.total).toBe(13); // active, paused and archived by default
    const archived = await list("?state=archived");
    expect(archived.body.items.map((m: { id: string }) => m.id)).toEqual(other);
    expect((await list("?state=active,archived")).body.total).toBe(13);
    expect((await list("?state=active&state=archived")).body.total).toBe(13);
    expect((await list("?state=deleted")).body.total).toBe(0);
    await db.prisma.memory.update({ where: { id: other[0] }, data: { state: "deleted" } });
  });

  it.each([
    ["?size=101", "size"],
    ["?size=0", "size"],
    ["?size=ten", "size"],
    ["?size=1.5", "size"],
    ["?page=0", "page"],
    ["?page=-1", "page"],
    ["?page=abc", "page"],
    ["?sort_column=memory", "sort_column"],
    ["?sort_direction=up", "sort_direction"],
    ["?state=gone", "state.0"],
    ["?state=active,gone", "state.1"],
    ["?app_ids=not-a-uuid", "app_ids.0"],
    ["?category_ids=123", "category_ids.0"],
    ["?from_date=yesterday", "from_date"],
    ["?to_date=2024-13-01", "to_date"],
    ["?to_date=2024-01-01T10:00:00", "to_date"],
    ["?from_date=2024-02-01&to_date=2024-01-01", "to_date"],
    ["?search_query=<1001 characters>", "search_query"],
    ["?search_query=a%00b", "search_query"],
  ])("%s → 400 naming %s", async (query, field) => {
    const r = await list(query.replace("<1001 characters>", "x".repeat(1001)));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_error");
    expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(r.body.error.message).toContain(field);
  });

  it("is 401 without a session", async () => {
    const r = await call(GET, { path: "/api/v1/memories" });
    expect(r.status).toBe(401);
    expect((await r.json()).error.code).toBe("unauthenticated");
  });
});

describe("POST /api/v1/memories", () => {
  it("adds a memory: 201 with its id and event ADD, attributed to the named app", async () => {
    const r = await alice.post(POST, "/api/v1/memories", { body: { text: "  Drinks oat milk lattes  ", app: "claude", metadata: { source: "test" } } });
    expect(r.status).toBe(201);
    expect(r.body.results).toEqual([{ id: expect.any(String), memory: "Drinks oat milk lattes", event: "ADD" }]);
    const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: r.body.results[0].id }, include: { app: true } });
    expect(row).toMatchObject({ content: "Drinks oat milk lattes", embeddingStatus: "ready", metadata: { source: "test" }, userId: alice.id });
    expect(row.app.name).toBe("claude");
  });

  it("dedupes: the same text twice (or differing only in case and punctuation) is event NONE and one row", async () => {
    const first = await alice.post(POST, "/api/v1/memories", { body: { text: "Has two kids, Ana and Ben" } });
    const again = await alice.post(POST, "/api/v1/memories", { body: { text: "Has two kids, Ana and Ben" } });
    const variant = await alice.post(POST, "/api/v1/memories", { body: { text: "has two kids, ana and ben!" } });
    expect(again.status).toBe(201);
    expect(again.body.results).toEqual([{ id: first.body.results[0].id, memory: "Has two kids, Ana and Ben", event: "NONE" }]);
    expect(variant.body.results[0]).toMatchObject({ id: first.body.results[0].id, event: "NONE" });
    expect(await db.prisma.memory.count({ where: { userId: alice.id, content: { contains: "two kids", mode: "insensitive" } } })).toBe(1);
  });

  it("takes text of exactly 10000 characters", async () => {
    const r = await alice.post(POST, "/api/v1/memories", { body: { text: "word ".repeat(2000).trim() + "!" } });
    expect(r.status).toBe(201);
  });

  it.each([
    ["no text", "text", {}],
    ["empty text", "text", { text: "" }],
    ["blank text", "text", { text: "   " }],
    ["a number", "text", { text: 42 }],
    ["10001 characters", "text", { text: "x".repeat(10_001) }],
    ["empty app", "app", { text: "ok", app: "" }],
    ["101-character app", "app", { text: "ok", app: "a".repeat(101) }],
    ["array metadata", "metadata", { text: "ok", metadata: [1, 2] }],
    ["string metadata", "metadata", { text: "ok", metadata: "x" }],
    ["string infer", "infer", { text: "ok", infer: "yes" }],
    ["a NUL character in text", "text", { text: "a\u0000b" }],
    ["a NUL character in app", "app", { text: "ok", app: "a\u0000b" }],
    ["a NUL character deep in metadata", "metadata", { text: "ok", metadata: { a: [{ b: "x\u0000" }] } }],
  ])("%s → 400 naming %s, nothing stored", async (_label, field, body) => {
    const before = await db.prisma.memory.count();
    const r = await alice.post(POST, "/api/v1/memories", { body });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_error");
    expect(r.body.error.details[0].field).toBe(field);
    expect(await db.prisma.memory.count()).toBe(before);
  });

  it("bad JSON is 400 invalid_json", async () => {
    const r = await alice.post(POST, "/api/v1/memories", { body: "{text:", headers: { "content-type": "application/json" } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("invalid_json");
  });
});

describe("DELETE /api/v1/memories", () => {
  it("soft-deletes the listed memories: gone from lists, kept with state deleted and a history row", async () => {
    const [a, b, keep] = await addAll(alice, POST, ["Delete me one", "Delete me two", "Keep me around"]);
    const r = await alice.del(DELETE, "/api/v1/memories", { body: { memory_ids: [a, b, a] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, updated: 2 });
    const listed = (await list("?search_query=me&size=100")).body.items.map((m: { id: string }) => m.id);
    expect(listed).toContain(keep);
    expect(listed).not.toContain(a);
    expect((await list("?state=deleted&size=100")).body.items.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([a, b]));
    const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: a } });
    expect(row.state).toBe("deleted");
    expect(row.deletedAt).not.toBeNull();
    const history = await alice.get(getHistory, `/api/v1/memories/${a}/history`, { params: { id: a } });
    expect(history.body.items.map((h: { old_state: string | null; new_state: string }) => [h.old_state, h.new_state])).toEqual([
      [null, "active"],
      ["active", "deleted"],
    ]);
    // Deleting again changes nothing.
    expect((await alice.del(DELETE, "/api/v1/memories", { body: { memory_ids: [a] } })).body).toEqual({ ok: true, updated: 0 });
  });

  it("is all or nothing: one unknown id → 404 and nothing deleted", async () => {
    const [a] = await addAll(alice, POST, ["Survives a bad batch"]);
    const r = await alice.del(DELETE, "/api/v1/memories", { body: { memory_ids: [a, crypto.randomUUID()] } });
    expect(r.status).toBe(404);
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: a } })).state).toBe("active");
  });

  it.each([
    ["no ids", "memory_ids", {}],
    ["an empty list", "memory_ids", { memory_ids: [] }],
    ["a string", "memory_ids", { memory_ids: "abc" }],
    ["a malformed id", "memory_ids.0", { memory_ids: ["abc"] }],
    ["1001 ids", "memory_ids", { memory_ids: Array.from({ length: 1001 }, () => crypto.randomUUID()) }],
  ])("%s → 400 naming %s", async (_label, field, body) => {
    const r = await alice.del(DELETE, "/api/v1/memories", { body });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe(field);
  });
});

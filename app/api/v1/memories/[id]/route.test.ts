import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { gatewayActor, getOrCreateApp, searchMemories, getMemory as engineGetMemory } from "@/lib/memory";
import { useFreshDb } from "@/lib/testing/harness";
import { POST as searchPost } from "../search/route";
import { POST as addPost } from "../route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { GET as getAccessLog } from "./access-log/route";
import { GET as getHistory } from "./history/route";
import { GET as getRelated } from "./related/route";
import { DELETE, GET, PUT } from "./route";

let db: Db;
let alice: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
});

const one = (id: string) => alice.get(GET, `/api/v1/memories/${id}`, { params: { id } });
const history = (id: string) => alice.get(getHistory, `/api/v1/memories/${id}/history`, { params: { id } });

describe("GET /api/v1/memories/{id}", () => {
  it("returns the memory", async () => {
    const r0 = await alice.post(addPost, "/api/v1/memories", { body: { text: "Grows tomatoes on the balcony", metadata: { mood: "happy" } } });
    const id = r0.body.results[0].id;
    const r = await one(id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, memory: "Grows tomatoes on the balcony", state: "active", metadata: { mood: "happy" }, app: { name: "jean-memory" } });
    expect(r.body.categories.length).toBeGreaterThan(0);
  });

  it.each(["not-a-uuid", "123", crypto.randomUUID(), "00000000-0000-0000-0000-000000000000'; DROP TABLE memories; --"])("%s → 404 JSON", async (id) => {
    const r = await one(id);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
  });
});

describe("PUT /api/v1/memories/{id}", () => {
  it("edits the text, re-embeds it and records the edit in history", async () => {
    const [id] = await addAll(alice, addPost, ["Drives a red bicycle"]);
    const r = await alice.put(PUT, `/api/v1/memories/${id}`, { params: { id }, body: { text: "  Drives a green scooter " } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, memory: "Drives a green scooter", state: "active" });
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id } })).embeddingStatus).toBe("ready");
    const h = await history(id);
    expect(h.body.items).toHaveLength(2);
    expect(h.body.items[1]).toMatchObject({ old_state: "active", new_state: "active" });
    expect(JSON.parse(h.body.items[1].reason)).toEqual({ updated_from: "Drives a red bicycle" });
    const found = await alice.post(searchPost, "/api/v1/memories/search", { body: { query: "scooter" } });
    expect(found.body.results[0].id).toBe(id);
    const old = await alice.post(searchPost, "/api/v1/memories/search", { body: { query: "bicycle" } });
    expect(old.body.results.map((x: { memory: string }) => x.memory)).not.toContain("Drives a red bicycle");
  });

  it.each([
    ["no text", {}],
    ["empty text", { text: "" }],
    ["blank text", { text: " \n " }],
    ["10001 characters", { text: "y".repeat(10_001) }],
    ["a number", { text: 7 }],
    ["a NUL character", { text: "a\u0000b" }],
  ])("%s → 400 naming text, memory unchanged", async (_label, body) => {
    const [id] = await addAll(alice, addPost, [`Unchanged by a bad edit ${_label}`]);
    const r = await alice.put(PUT, `/api/v1/memories/${id}`, { params: { id }, body });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe("text");
    expect((await one(id)).body.memory).toBe(`Unchanged by a bad edit ${_label}`);
  });

  it("a deleted memory cannot be edited (409), an unknown or malformed id is 404", async () => {
    const [id] = await addAll(alice, addPost, ["About to be deleted then edited"]);
    await alice.del(DELETE, `/api/v1/memories/${id}`, { params: { id } });
    const r = await alice.put(PUT, `/api/v1/memories/${id}`, { params: { id }, body: { text: "new" } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("conflict");
    for (const bad of ["nope", crypto.randomUUID()]) {
      expect((await alice.put(PUT, `/api/v1/memories/${bad}`, { params: { id: bad }, body: { text: "x" } })).status).toBe(404);
    }
  });
});

describe("DELETE /api/v1/memories/{id}", () => {
  it("soft-deletes: the memory keeps its row with state deleted, leaves lists and search, and history has the change", async () => {
    const [id] = await addAll(alice, addPost, ["Owns a yellow kayak"]);
    const r = await alice.del(DELETE, `/api/v1/memories/${id}`, { params: { id } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, updated: 1 });
    expect((await one(id)).body).toMatchObject({ state: "deleted", deleted_at: expect.any(String) });
    const search = await alice.post(searchPost, "/api/v1/memories/search", { body: { query: "yellow kayak" } });
    expect(search.body.results.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await history(id)).body.items.at(-1)).toMatchObject({ old_state: "active", new_state: "deleted", reason: "delete" });
    expect((await alice.del(DELETE, `/api/v1/memories/${id}`, { params: { id } })).body).toEqual({ ok: true, updated: 0 });
  });

  it("is 404 for an unknown or malformed id", async () => {
    for (const bad of ["nope", crypto.randomUUID()]) {
      expect((await alice.del(DELETE, `/api/v1/memories/${bad}`, { params: { id: bad } })).status).toBe(404);
    }
  });
});

describe("GET /api/v1/memories/{id}/history", () => {
  it("lists creation and every change, oldest first; 404 for unknown ids", async () => {
    const [id] = await addAll(alice, addPost, ["Speaks three languages"]);
    const h = await history(id);
    expect(h.status).toBe(200);
    expect(h.body.items).toEqual([
      {
        id: expect.any(String),
        old_state: null,
        new_state: "active",
        reason: "created",
        changed_at: expect.any(String),
        // The dashboard wrote it, as the app named in the body (default jean-memory).
        changed_by: { via: "dashboard", app: "jean-memory", api_key_id: null },
      },
    ]);
    expect((await history("nope")).status).toBe(404);
    expect((await history(crypto.randomUUID())).status).toBe(404);
  });
});

describe("GET /api/v1/memories/{id}/access-log", () => {
  it("lists app reads newest first, paginated; the dashboard's own reads are not logged", async () => {
    const [id] = await addAll(alice, addPost, ["Collects vintage postcards"]);
    await one(id); // a dashboard read: not an app
    const claude = await getOrCreateApp(alice.id, "claude");
    const cursor = await getOrCreateApp(alice.id, "cursor");
    for (let i = 0; i < 3; i++) await searchMemories(gatewayActor(alice.id, claude.name), "vintage postcards");
    await engineGetMemory(gatewayActor(alice.id, cursor.name), id);

    const path = (q: string) => alice.get(getAccessLog, `/api/v1/memories/${id}/access-log${q}`, { params: { id } });
    const all = await path("");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 4, page: 1, size: 20, pages: 1 });
    expect(all.body.items[0]).toMatchObject({ app_name: "cursor", access_type: "get", app_id: cursor.id });
    expect(all.body.items.filter((x: { app_name: string }) => x.app_name === "claude")).toHaveLength(3);
    const page2 = await path("?page=2&size=3");
    expect(page2.body).toMatchObject({ total: 4, page: 2, size: 3, pages: 2 });
    expect(page2.body.items).toHaveLength(1);
    expect((await path("?page=5")).body.items).toEqual([]);
    for (const [q, field] of [["?size=101", "size"], ["?page=0", "page"], ["?size=x", "size"]]) {
      const bad = await path(q);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe(field);
    }
    expect((await alice.get(getAccessLog, "/x", { params: { id: "nope" } })).status).toBe(404);
  });
});

describe("GET /api/v1/memories/{id}/related", () => {
  it("returns the nearest other active memories, most similar first, up to limit", async () => {
    const [sushi, ramen, tax, archived] = await addAll(alice, addPost, [
      "Loves eating sushi at Japanese restaurants",
      "Enjoys Japanese ramen and sushi for dinner",
      "Files income tax returns every April",
      "Japanese sushi restaurants are a favourite treat",
    ]);
    await db.prisma.memory.update({ where: { id: archived }, data: { state: "archived" } });
    const r = await alice.get(getRelated, `/api/v1/memories/${sushi}/related?limit=50`, { params: { id: sushi } });
    expect(r.status).toBe(200);
    const ids = r.body.items.map((m: { id: string }) => m.id);
    expect(ids[0]).toBe(ramen);
    expect(ids).not.toContain(sushi);
    expect(ids).not.toContain(archived);
    expect(ids.indexOf(tax)).toBeGreaterThan(0);
    const sims = r.body.items.map((m: { similarity: number }) => m.similarity);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    const two = await alice.get(getRelated, `/api/v1/memories/${sushi}/related?limit=2`, { params: { id: sushi } });
    expect(two.body.items).toHaveLength(2);
    const dflt = await alice.get(getRelated, `/api/v1/memories/${sushi}/related`, { params: { id: sushi } });
    expect(dflt.body.items.length).toBeLessThanOrEqual(5);
  });

  it("validates limit and is 404 for unknown ids", async () => {
    const [id] = await addAll(alice, addPost, ["Knits scarves in winter"]);
    for (const q of ["?limit=0", "?limit=51", "?limit=abc"]) {
      const r = await alice.get(getRelated, `/api/v1/memories/${id}/related${q}`, { params: { id } });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].field).toBe("limit");
    }
    expect((await alice.get(getRelated, "/x", { params: { id: "nope" } })).status).toBe(404);
    expect((await alice.get(getRelated, "/x", { params: { id: crypto.randomUUID() } })).status).toBe(404);
  });
});

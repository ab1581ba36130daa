// GET /api/v1/apps, GET|PUT /api/v1/apps/{id}, GET /api/v1/apps/{id}/memories.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { gatewayActor, getOrCreateApp, searchMemories } from "@/lib/memory";
import { useFreshDb } from "@/lib/testing/harness";
import { POST as addPost } from "../memories/route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { GET as appMemories } from "./[id]/memories/route";
import { GET as getApp, PUT as putApp } from "./[id]/route";
import { GET } from "./route";

let db: Db;
let alice: ApiUser;
let claudeId: string;

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  await addAll(alice, addPost, ["Takes the dog to the park daily", "Reads sci-fi novels"]);
  await addAll(alice, addPost, ["Deploys with Docker on a small VPS", "Writes Rust at work", "Prefers dark mode"], "claude");
  claudeId = (await getOrCreateApp(alice.id, "claude")).id;
  await searchMemories(gatewayActor(alice.id, "claude"), "Rust"); // reads by an app are counted
});

const put = (id: string, body: unknown) => alice.put(putApp, `/api/v1/apps/${id}`, { params: { id }, body });
const memoriesOf = (id: string, query = "") => alice.get(appMemories, `/api/v1/apps/${id}/memories${query}`, { params: { id } });

describe("GET /api/v1/apps", () => {
  it("lists the user's apps, oldest first, with counts", async () => {
    const r = await alice.get(GET, "/api/v1/apps");
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(2);
    const [dashboard, claude] = r.body.items;
    expect(dashboard).toMatchObject({ name: "jean-memory", is_active: true, total_memories_created: 2, total_memories_accessed: 0, description: null });
    expect(claude).toMatchObject({ id: claudeId, name: "claude", is_active: true, total_memories_created: 3 });
    expect(claude.total_memories_accessed).toBeGreaterThan(0);
    expect(Object.keys(claude).sort()).toEqual(["created_at", "description", "gateway_hide_sensitive", "gateway_review_writes", "id", "is_active", "last_read_at", "last_write_at", "name", "total_memories_accessed", "total_memories_created"]);
    // Last write and last read: the dashboard app has written but never been read by an assistant.
    expect(Date.parse(claude.last_write_at)).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(claude.last_read_at)).toBeGreaterThanOrEqual(Date.parse(claude.last_write_at));
    expect(dashboard.last_read_at).toBeNull();
  });
});

describe("GET /api/v1/apps/{id}", () => {
  it("returns one app; 404 for unknown or malformed ids", async () => {
    const r = await alice.get(getApp, "/x", { params: { id: claudeId } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: claudeId, name: "claude" });
    for (const id of ["claude", "123", crypto.randomUUID()]) {
      const bad = await alice.get(getApp, "/x", { params: { id } });
      expect(bad.status).toBe(404);
      expect(bad.body.error.code).toBe("not_found");
    }
  });
});

describe("PUT /api/v1/apps/{id}", () => {
  it("pausing an app stops it writing (403) without hiding its memories; resuming lets it write again", async () => {
    const paused = await put(claudeId, { is_active: false });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id: claudeId, is_active: false });

    const before = await db.prisma.memory.count();
    const refused = await alice.post(addPost, "/api/v1/memories", { body: { text: "Written while paused", app: "claude" } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: "forbidden", message: expect.stringContaining("is paused") });
    expect(await db.prisma.memory.count()).toBe(before);
    // Other apps still write, and the paused app's memories are still listed.
    expect((await alice.post(addPost, "/api/v1/memories", { body: { text: "Written by the dashboard meanwhile" } })).status).toBe(201);
    expect((await memoriesOf(claudeId)).body.total).toBe(3);

    expect((await put(claudeId, { is_active: true })).body.is_active).toBe(true);
    const accepted = await alice.post(addPost, "/api/v1/memories", { body: { text: "Written after resuming", app: "claude" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.results[0].event).toBe("ADD");
  });

  it("sets and clears the description", async () => {
    expect((await put(claudeId, { description: "  Claude Desktop via supergateway " })).body.description).toBe("Claude Desktop via supergateway");
    expect((await alice.get(getApp, "/x", { params: { id: claudeId } })).body.description).toBe("Claude Desktop via supergateway");
    expect((await put(claudeId, { description: null })).body.description).toBeNull();
    expect((await put(claudeId, { description: "x" })).body.description).toBe("x");
    expect((await put(claudeId, { description: "  " })).body.description).toBeNull();
  });

  it.each([
    ["an empty body", "(body)", {}],
    ["a string is_active", "is_active", { is_active: "no" }],
    ["a numeric description", "description", { description: 5 }],
    ["a 1001-character description", "description", { description: "d".repeat(1001) }],
  ])("%s → 400 naming %s", async (_label, field, body) => {
    const r = await put(claudeId, body);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe(field);
  });

  it("is 404 for unknown or malformed ids", async () => {
    for (const id of ["nope", crypto.randomUUID()]) expect((await put(id, { is_active: false })).status).toBe(404);
  });
});

describe("GET /api/v1/apps/{id}/memories", () => {
  it("lists only that app's memories, with the same query parameters as /memories", async () => {
    const r = await memoriesOf(claudeId, "?sort_column=content&sort_direction=asc&size=2");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 4, page: 1, size: 2, pages: 2 });
    expect(r.body.items.map((m: { memory: string }) => m.memory)).toEqual(["Deploys with Docker on a small VPS", "Prefers dark mode"]);
    for (const m of r.body.items) expect(m.app).toEqual({ id: claudeId, name: "claude" });
    expect((await memoriesOf(claudeId, "?page=3&size=2")).body.items).toEqual([]);
    expect((await memoriesOf(claudeId, "?search_query=rust")).body.total).toBe(1);
    // app_ids in the query cannot widen it to another app.
    const dashboardId = (await alice.get(GET, "/api/v1/apps")).body.items[0].id;
    expect((await memoriesOf(claudeId, `?app_ids=${dashboardId}`)).body.total).toBe(4);
  });

  it("validates its query and is 404 for unknown apps", async () => {
    const r = await memoriesOf(claudeId, "?size=101");
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].field).toBe("size");
    expect((await memoriesOf("nope")).status).toBe(404);
    expect((await memoriesOf(crypto.randomUUID())).status).toBe(404);
  });
});

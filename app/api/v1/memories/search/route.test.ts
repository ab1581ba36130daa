import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { useFreshDb } from "@/lib/testing/harness";
import { GET as getCategories } from "../categories/route";
import { POST as importPost } from "../import/route";
import { GET as list, POST as addPost } from "../route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { POST } from "./route";

let db: Db;
let alice: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  await addAll(alice, addPost, [
    "Training for a half marathon in October",
    "Allergic to shellfish and peanuts",
    "Favourite cuisine is Thai food, especially green curry",
    "Works as a nurse on night shifts",
  ]);
  await addAll(alice, addPost, ["Learning to play the piano with an online course"], "cursor");
});

const search = (body: unknown) => alice.post(POST, "/api/v1/memories/search", { body });
const memories = (r: { body: { results: { memory: string }[] } }) => r.body.results.map((h) => h.memory);

describe("POST /api/v1/memories/search", () => {
  it("finds memories by words and by meaning, best first, with scores", async () => {
    const byWord = await search({ query: "shellfish allergy" });
    expect(byWord.status).toBe(200);
    expect(byWord.body.results[0]).toEqual({
      id: expect.any(String),
      memory: "Allergic to shellfish and peanuts",
      score: expect.any(Number),
      created_at: expect.any(String),
      app: "jean-memory",
      categories: expect.arrayContaining(["health"]),
    });
    const scores = byWord.body.results.map((h: { score: number }) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(memories(await search({ query: "what does she like to eat?", limit: 2 })).join(" | ")).toMatch(/Thai food/);
    expect(memories(await search({ query: "running race", limit: 2 })).join(" | ")).toMatch(/marathon/);
  });

  it("limits, and filters by app and category", async () => {
    expect((await search({ query: "food", limit: 2 })).body.results).toHaveLength(2);
    expect((await search({ query: "food", limit: 100 })).body.results).toHaveLength(5);
    const cursorApp = (await alice.get(list, "/api/v1/memories?search_query=piano")).body.items[0].app;
    const onlyCursor = await search({ query: "food", app_ids: [cursorApp.id] });
    expect(memories(onlyCursor)).toEqual(["Learning to play the piano with an online course"]);
    const cats = (await alice.get(getCategories, "/api/v1/memories/categories")).body.items;
    const work = cats.find((c: { name: string }) => c.name === "work");
    const inWork = await search({ query: "job", category_ids: [work.id], limit: 100 });
    expect(memories(inWork)).toContain("Works as a nurse on night shifts");
    for (const hit of inWork.body.results) expect(hit.categories).toContain("work");
    expect(inWork.body.results.length).toBe(await db.prisma.memory.count({ where: { userId: alice.id, categories: { some: { categoryId: work.id } } } }));
    expect((await search({ query: "food", app_ids: [crypto.randomUUID()] })).body.results).toEqual([]);
  });

  it.each([
    ["no query", "query", {}],
    ["an empty query", "query", { query: "" }],
    ["a blank query", "query", { query: "   " }],
    ["a 1001-character query", "query", { query: "q".repeat(1001) }],
    ["limit 0", "limit", { query: "a", limit: 0 }],
    ["limit 101", "limit", { query: "a", limit: 101 }],
    ["limit as a string", "limit", { query: "a", limit: "3" }],
    ["limit 2.5", "limit", { query: "a", limit: 2.5 }],
    ["a malformed app id", "app_ids.0", { query: "a", app_ids: ["x"] }],
    ["a NUL character in the query", "query", { query: "a\u0000b" }],
    ["a malformed category id", "category_ids.0", { query: "a", category_ids: [1] }],
  ])("%s → 400 naming %s", async (_label, field, body) => {
    const r = await search(body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_error");
    expect(r.body.error.details[0].field).toBe(field);
  });

  it("queries made only of punctuation or stop words answer 200, not 500", async () => {
    for (const query of ["!!!", "the of and", "'; DROP TABLE memories; --", "ä ö ü 東京", "a | b & c"]) {
      const r = await search({ query });
      expect(r.status).toBe(200);
    }
  });
});

describe("search with many users in one table", () => {
  it("30 users × 30 memories with the same texts: each user's query returns only that user's memories", async () => {
    const topics = [
      "hiking in the Alps", "baking sourdough bread", "learning Japanese", "playing chess online", "a golden retriever named Max",
      "allergic to cats", "a trip to Lisbon in May", "running a 10k race", "the jazz album Kind of Blue", "a vegetarian diet",
      "saving for a house deposit", "a Python side project", "a sister in Toronto", "growing tomatoes", "yoga every morning",
      "a fear of flying", "a vintage camera collection", "night shifts at the hospital", "the podcast Hardcore History", "a blue Vespa scooter",
      "a weekly book club", "climbing at the bouldering gym", "a gluten intolerance", "volunteering at the food bank", "a Spanish tutor",
      "mechanical keyboards", "a marathon in Berlin", "spicy Sichuan food", "a cottage by the lake", "birdwatching at dawn",
    ];
    const users: { user: ApiUser; ids: Set<string> }[] = [];
    for (let u = 0; u < 30; u++) {
      const user = u === 0 ? alice : await signIn(`crowd-${u}@example.com`);
      const lines = topics.map((t) => ({ id: crypto.randomUUID(), content: `Memory about ${t}`, app: "seed" }));
      const r = await user.post(importPost, "/api/v1/memories/import", { body: lines.map((l) => JSON.stringify(l)).join("\n"), headers: { "content-type": "application/x-ndjson" } });
      expect(r.body).toEqual({ imported: 30, skipped: 0, embedding_pending: 0 });
      users.push({ user, ids: new Set(lines.map((l) => l.id)) });
    }
    expect(await db.prisma.memory.count({ where: { app: { name: "seed" } } })).toBe(900);

    for (const u of [1, 7, 18, 29]) {
      const { user, ids } = users[u];
      for (const query of ["hiking in the Alps", "bread", "dog", "what food does this person eat?"]) {
        const r = await user.post(POST, "/api/v1/memories/search", { body: { query, limit: 100 } });
        expect(r.status).toBe(200);
        expect(r.body.results.length).toBeGreaterThan(0);
        for (const hit of r.body.results) expect(ids.has(hit.id)).toBe(true);
      }
      const top = await user.post(POST, "/api/v1/memories/search", { body: { query: "Memory about hiking in the Alps", limit: 1 } });
      expect(top.body.results[0].memory).toBe("Memory about hiking in the Alps");
      expect(ids.has(top.body.results[0].id)).toBe(true);
    }
  });
});

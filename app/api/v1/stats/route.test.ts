// GET /api/v1/stats, and GET /api/v1/memories/categories (the other per-user aggregate).
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { useFreshDb } from "@/lib/testing/harness";
import { GET as getCategories } from "../memories/categories/route";
import { DELETE as deleteMany, POST as addPost } from "../memories/route";
import { POST as act } from "../memories/actions/[action]/route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { GET } from "./route";

let db: Db;
let alice: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  const ids = await addAll(alice, addPost, ["Eats pizza every Friday", "Goes to the gym at 6am", "Visits Japan every spring", "Has a cat called Tofu"]);
  await addAll(alice, addPost, ["Codes in TypeScript"], "cursor");
  await alice.post(act, "/x", { params: { action: "archive" }, body: { memory_ids: [ids[1]] } });
  await alice.post(act, "/x", { params: { action: "pause" }, body: { memory_ids: [ids[2]] } });
  await alice.del(deleteMany, "/x", { body: { memory_ids: [ids[3]] } });
  const old = await db.prisma.memory.findFirstOrThrow({ where: { content: "Eats pizza every Friday" } });
  await db.prisma.memory.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
});

/** Category → number of alice's non-deleted memories in it, straight from the database. */
async function categoryCounts(): Promise<Record<string, number>> {
  const links = await db.prisma.memoryCategory.findMany({ where: { memory: { userId: alice.id, state: { not: "deleted" } } }, include: { category: true } });
  const out: Record<string, number> = {};
  for (const l of links) out[l.category.name] = (out[l.category.name] ?? 0) + 1;
  return out;
}

describe("GET /api/v1/stats", () => {
  it("counts by state, app, category and day (deleted ones only under by_state)", async () => {
    const r = await alice.get(GET, "/api/v1/stats");
    expect(r.status).toBe(200);
    expect(r.body.total_memories).toBe(4);
    expect(r.body.by_state).toEqual({ active: 2, paused: 1, archived: 1, deleted: 1 });
    // All were added just now; none is deleted-and-counted; the local embedder never leaves one pending.
    expect(r.body.added_last_7_days).toBe(4);
    expect(r.body.pending_embeddings).toBe(0);
    expect(r.body.by_app).toEqual([
      { app_id: expect.any(String), app_name: "jean-memory", count: 3 },
      { app_id: expect.any(String), app_name: "cursor", count: 1 },
    ]);
    // by_category counts the categories of every memory that is not deleted.
    expect(Object.fromEntries(r.body.by_category.map((c: { category: string; count: number }) => [c.category, c.count]))).toEqual(await categoryCounts());
    expect(r.body.by_category.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBeGreaterThanOrEqual(4);
    expect(r.body.per_day).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    // per_day, like the other totals, leaves the deleted memory out.
    expect(r.body.per_day.at(-1)).toEqual({ date: today, count: 3 });
    expect(r.body.per_day.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(4);
  });

  it("is all zeros for a new user", async () => {
    const bob = await signIn("bob@example.com");
    const r = await bob.get(GET, "/api/v1/stats");
    expect(r.body).toMatchObject({ total_memories: 0, by_state: { active: 0, paused: 0, archived: 0, deleted: 0 }, by_app: [], by_category: [] });
    expect(r.body.per_day.every((d: { count: number }) => d.count === 0)).toBe(true);
  });
});

describe("GET /api/v1/memories/categories", () => {
  it("lists the 15 categories with the user's non-deleted memory counts", async () => {
    const r = await alice.get(getCategories, "/api/v1/memories/categories");
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(15);
    for (const c of r.body.items) expect(c).toEqual({ id: expect.any(String), name: expect.any(String), description: expect.any(String), memory_count: expect.any(Number) });
    const counts = await categoryCounts();
    expect(Object.fromEntries(r.body.items.map((c: { name: string; memory_count: number }) => [c.name, c.memory_count]))).toEqual(
      Object.fromEntries(r.body.items.map((c: { name: string }) => [c.name, counts[c.name] ?? 0])),
    );
  });
});

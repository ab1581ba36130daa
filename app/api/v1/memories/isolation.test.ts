// Cross-user isolation across every memory, app and stats route: bob can never read,
// change, export, relate, see the history or access log of, or infer anything about
// alice's memories and apps. Her ids answer exactly like ids that do not exist.
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { gatewayActor, getOrCreateApp, searchMemories } from "@/lib/memory";
import { useFreshDb } from "@/lib/testing/harness";
import { GET as appMemories } from "../apps/[id]/memories/route";
import { GET as getApp, PUT as putApp } from "../apps/[id]/route";
import { GET as listApps } from "../apps/route";
import { GET as getStats } from "../stats/route";
import { GET as accessLog } from "./[id]/access-log/route";
import { GET as history } from "./[id]/history/route";
import { GET as related } from "./[id]/related/route";
import { DELETE as deleteOne, GET as getOne, PUT as putOne } from "./[id]/route";
import { POST as act } from "./actions/[action]/route";
import { GET as categories } from "./categories/route";
import { GET as exportGet } from "./export/route";
import { POST as importPost } from "./import/route";
import { DELETE as deleteMany, GET as list, POST as addPost } from "./route";
import { POST as search } from "./search/route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";

let db: Db;
let alice: ApiUser;
let bob: ApiUser;
let aliceIds: string[];
let aliceAppId: string;
let bobIds: string[];
const ALICE_TEXTS = ["Secret: my bank PIN hint is the cat's birthday", "Has a rare allergy to kiwi fruit", "Planning a surprise party for Jo"];

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
  bob = await signIn("bob@example.com");
  aliceIds = await addAll(alice, addPost, ALICE_TEXTS, "claude");
  aliceAppId = (await getOrCreateApp(alice.id, "claude")).id;
  await alice.post(act, "/x", { params: { action: "archive" }, body: { memory_ids: [aliceIds[2]] } });
  await searchMemories(gatewayActor(alice.id, "claude"), "kiwi allergy"); // access-log rows exist
  bobIds = await addAll(bob, addPost, ["Has an allergy to kiwi fruit too", "Likes kiwi smoothies"]);
});

const snapshot = () => db.prisma.memory.findMany({ where: { userId: alice.id }, orderBy: { id: "asc" } });
const notFoundBody = { error: { code: "not_found", message: "Memory not found" } };

describe("bob and alice's memories", () => {
  it("every per-memory route answers 404 for alice's ids, exactly as for ids that do not exist, and changes nothing", async () => {
    const before = await snapshot();
    const historyRows = await db.prisma.memoryStatusHistory.count();
    for (const id of [...aliceIds, crypto.randomUUID()]) {
      const params = { id };
      const replies = [
        await bob.get(getOne, "/x", { params }),
        await bob.put(putOne, "/x", { params, body: { text: "bob was here" } }),
        await bob.del(deleteOne, "/x", { params }),
        await bob.get(history, "/x", { params }),
        await bob.get(accessLog, "/x", { params }),
        await bob.get(related, "/x", { params }),
        await bob.del(deleteMany, "/x", { body: { memory_ids: [id] } }),
        ...(await Promise.all(["archive", "pause", "restore"].map((action) => bob.post(act, "/x", { params: { action }, body: { memory_ids: [id] } })))),
      ];
      for (const r of replies) {
        expect(r.status).toBe(404);
        expect(r.body).toEqual(notFoundBody);
      }
    }
    expect(await snapshot()).toEqual(before);
    expect(await db.prisma.memoryStatusHistory.count()).toBe(historyRows);
  });

  it("a batch mixing bob's own ids with one of alice's is refused whole: 404, bob's memories unchanged too", async () => {
    const r = await bob.post(act, "/x", { params: { action: "archive" }, body: { memory_ids: [bobIds[0], aliceIds[0]] } });
    expect(r.status).toBe(404);
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: bobIds[0] } })).state).toBe("active");
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: aliceIds[0] } })).state).toBe("active");
  });

  it("alice's memories are absent from bob's lists, search, related, categories, stats and export", async () => {
    const all = await bob.get(list, "/api/v1/memories?size=100&state=active,paused,archived,deleted");
    expect(all.body.items.map((m: { id: string }) => m.id).sort()).toEqual([...bobIds].sort());
    expect((await bob.get(list, `/api/v1/memories?app_ids=${aliceAppId}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await bob.get(list, "/api/v1/memories?search_query=PIN")).body.total).toBe(0);

    for (const query of [...ALICE_TEXTS, "kiwi", "bank PIN", "surprise party"]) {
      const hits = (await bob.post(search, "/x", { body: { query, limit: 100 } })).body.results.map((h: { id: string }) => h.id);
      for (const id of hits) expect(bobIds).toContain(id);
    }
    expect((await bob.post(search, "/x", { body: { query: "kiwi", app_ids: [aliceAppId] } })).body.results).toEqual([]);

    const near = await bob.get(related, "/x?limit=50", { params: { id: bobIds[0] } });
    expect(near.body.items.map((m: { id: string }) => m.id)).toEqual([bobIds[1]]);

    // Category counts are bob's own: they add up to his memories' category links, none of alice's.
    const bobCats = (await bob.get(categories, "/x")).body.items;
    const bobLinks = await db.prisma.memoryCategory.count({ where: { memory: { userId: bob.id } } });
    expect(bobCats.reduce((n: number, c: { memory_count: number }) => n + c.memory_count, 0)).toBe(bobLinks);

    const stats = (await bob.get(getStats, "/x")).body;
    expect(stats.total_memories).toBe(2);
    expect(stats.by_app.map((a: { app_name: string }) => a.app_name)).toEqual(["jean-memory"]);

    const file = (await bob.get(exportGet, "/x")).text;
    for (const text of ALICE_TEXTS) expect(file).not.toContain(text);
    expect(file.split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("dedupe is per user: bob adding alice's exact text gets his own new memory (ADD), not hers", async () => {
    const r = await bob.post(addPost, "/x", { body: { text: ALICE_TEXTS[1] } });
    expect(r.body.results[0].event).toBe("ADD");
    expect(aliceIds).not.toContain(r.body.results[0].id);
    bobIds.push(r.body.results[0].id);
  });

  it("importing a line carrying one of alice's ids imports it for bob (under a new id); alice's row is untouched", async () => {
    const before = await snapshot();
    const line = JSON.stringify({ id: aliceIds[0], content: "Bob's line with alice's id" });
    const unknown = JSON.stringify({ id: crypto.randomUUID(), content: "Bob's line with a fresh id" });
    const r = await bob.post(importPost, "/x", { body: `${line}\n${unknown}`, headers: { "content-type": "application/x-ndjson" } });
    expect(r.body).toEqual({ imported: 2, skipped: 0, embedding_pending: 0 }); // same answer as for ids nobody has
    expect(await snapshot()).toEqual(before);
    const mine = await db.prisma.memory.findFirstOrThrow({ where: { userId: bob.id, content: "Bob's line with alice's id" } });
    expect(mine.id).not.toBe(aliceIds[0]);
  });
});

describe("bob and alice's apps", () => {
  it("bob cannot see, read or pause alice's apps; a same-named app of his own is separate", async () => {
    const apps = (await bob.get(listApps, "/x")).body.items;
    expect(apps.map((a: { id: string }) => a.id)).not.toContain(aliceAppId);
    const appNotFound = { error: { code: "not_found", message: "App not found" } };
    expect((await bob.get(getApp, "/x", { params: { id: aliceAppId } })).body).toEqual(appNotFound);
    expect((await bob.put(putApp, "/x", { params: { id: aliceAppId }, body: { is_active: false } })).body).toEqual(appNotFound);
    expect((await bob.get(appMemories, "/x", { params: { id: aliceAppId } })).body).toEqual(appNotFound);
    expect((await db.prisma.app.findUniqueOrThrow({ where: { id: aliceAppId } })).isActive).toBe(true);

    // Alice pauses her "claude": bob's own "claude" still writes, into his own app.
    await alice.put(putApp, "/x", { params: { id: aliceAppId }, body: { is_active: false } });
    const r = await bob.post(addPost, "/x", { body: { text: "Bob writes through his claude", app: "claude" } });
    expect(r.status).toBe(201);
    const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: r.body.results[0].id }, include: { app: true } });
    expect(row.app.ownerId).toBe(bob.id);
    expect(row.appId).not.toBe(aliceAppId);
    expect((await alice.post(addPost, "/x", { body: { text: "Alice's paused claude", app: "claude" } })).status).toBe(403);
  });
});

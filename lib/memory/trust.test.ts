// Trust controls (issue 19) end to end through the real routes: the defaults of new
// credentials, reviewed writes (propose → invisible to every reader → approve or
// reject, staged updates and deletions), the trash (restore, purge, the cron route),
// the two-step delete_all_memories, and the Activity page with its anomaly rule.
// The hidden-category matrix is in hidden-categories.test.ts and scope.test.ts.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as cronRoute from "../../app/api/cron/purge/route";
import * as activityRoute from "../../app/api/v1/activity/route";
import * as activityList from "../../app/api/v1/activity/memories/route";
import * as keysRoute from "../../app/api/v1/keys/route";
import * as keyRoute from "../../app/api/v1/keys/[id]/route";
import * as oneMemory from "../../app/api/v1/memories/[id]/route";
import * as actions from "../../app/api/v1/memories/actions/[action]/route";
import * as memoriesRoute from "../../app/api/v1/memories/route";
import * as searchRoute from "../../app/api/v1/memories/search/route";
import * as decideRoute from "../../app/api/v1/reviews/[decision]/route";
import * as reviewsRoute from "../../app/api/v1/reviews/route";
import * as sensitiveRoute from "../../app/api/v1/settings/sensitive-categories/route";
import * as trashRoute from "../../app/api/v1/trash/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import type { Db } from "../db";
import { addAll, call, reply, signIn, useFreshDb, withEnv, type ApiUser } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { connectMcp, textOf } from "../testing/mcp";
import { readAnomaly } from "./activity";

let db: Db;
let server: Awaited<ReturnType<typeof serveRoutes>>;

beforeAll(async () => {
  db = await useFreshDb();
  server = await serveRoutes({ "/agent/v1/mcp": agentMcp, "/mcp/messages": gatewayMcp });
});
afterAll(async () => server?.close());

const json = <T = unknown>(r: unknown): T => JSON.parse((r as CallToolResult).content[0].type === "text" ? ((r as CallToolResult).content[0] as { text: string }).text : "null") as T;

/** A key made as the settings page makes it (POST /api/v1/keys), with the defaults unless told. */
async function newKey(user: ApiUser, body: Record<string, unknown> = {}) {
  const r = await user.post(keysRoute.POST, "/api/v1/keys", { body: { name: "Helper bot", ...body } });
  expect(r.status).toBe(201);
  return r.body as { id: string; key: string; hide_sensitive: boolean; review_writes: boolean };
}

const agent = (key: string) => connectMcp(server.url + "/agent/v1/mcp", { authorization: `Bearer ${key}` });

async function dashboardSees(user: ApiUser, query: string): Promise<string[]> {
  const r = await user.post(searchRoute.POST, "/api/v1/memories/search", { body: { query, limit: 50 } });
  expect(r.status).toBe(200);
  return (r.body.results ?? r.body).map((h: { memory: string }) => h.memory);
}

async function listed(user: ApiUser, state?: string): Promise<string[]> {
  const r = await user.get(memoriesRoute.GET, `/api/v1/memories?size=100${state ? `&state=${state}` : ""}`);
  expect(r.status).toBe(200);
  return r.body.items.map((m: { memory: string }) => m.memory);
}

async function openReviews(user: ApiUser) {
  const r = await user.get(reviewsRoute.GET, "/api/v1/reviews?status=open");
  expect(r.status).toBe(200);
  return r.body as { total: number; items: { id: string; action: string; proposed_text: string | null; memory: { id: string; text: string }; proposed_by: { via: string; api_key: { id: string; name: string } | null } }[] };
}

const decide = (user: ApiUser, decision: "approve" | "reject", body: Record<string, unknown>) =>
  user.post(decideRoute.POST, `/api/v1/reviews/${decision}`, { params: { decision }, body });

describe("defaults", () => {
  it("new keys hide sensitive categories and review writes; the person starts with health and finance sensitive", async () => {
    const user = await signIn("trust-defaults@example.com");
    const key = await newKey(user);
    expect(key).toMatchObject({ hide_sensitive: true, review_writes: true });
    const open = await newKey(user, { name: "Open bot", hide_sensitive: false, review_writes: false });
    expect(open).toMatchObject({ hide_sensitive: false, review_writes: false });

    const got = await user.get(sensitiveRoute.GET, "/api/v1/settings/sensitive-categories");
    expect(got.body.categories).toEqual(["finance", "health"]);
    expect(got.body.available.map((c: { name: string }) => c.name)).toContain("travel");
    const put = await user.put(sensitiveRoute.PUT, "/api/v1/settings/sensitive-categories", { body: { categories: ["health", "family"] } });
    expect(put.body.categories).toEqual(["family", "health"]);
    const bad = await user.put(sensitiveRoute.PUT, "/api/v1/settings/sensitive-categories", { body: { categories: ["health", "secrets"] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_error");
    expect((await user.get(sensitiveRoute.GET, "/x")).body.categories).toEqual(["family", "health"]);
    // Another person's settings are their own.
    const other = await signIn("trust-defaults-2@example.com");
    expect((await other.get(sensitiveRoute.GET, "/x")).body.categories).toEqual(["finance", "health"]);
  });

  it("a key's settings change at once, cache on (PATCH); bad bodies are 400", async () => {
    await withEnv({ AGENT_KEY_CACHE_SECONDS: "30" }, async () => {
      const user = await signIn("trust-patch@example.com");
      await addAll(user, memoriesRoute.POST, ["My doctor prescribed 20mg of lisinopril for my blood pressure"]);
      const key = await newKey(user);
      const client = await agent(key.key);
      try {
        const search = async () => json<{ memory: string }[]>(await client.callTool({ name: "search_memory", arguments: { query: "lisinopril blood pressure" } }));
        expect(await search()).toEqual([]);
        const patched = await user.put(keyRoute.PATCH, `/api/v1/keys/${key.id}`, { params: { id: key.id }, body: { hide_sensitive: false } });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({ hide_sensitive: false, review_writes: true, name: "Helper bot" });
        expect((await search()).map((h) => h.memory)).toEqual(["My doctor prescribed 20mg of lisinopril for my blood pressure"]);
        const empty = await user.put(keyRoute.PATCH, `/api/v1/keys/${key.id}`, { params: { id: key.id }, body: {} });
        expect(empty.status).toBe(400);
        const wrong = await user.put(keyRoute.PATCH, `/api/v1/keys/${key.id}`, { params: { id: key.id }, body: { hide_sensitive: "no" } });
        expect(wrong.status).toBe(400);
      } finally {
        await client.close();
      }
    });
  });
});

describe("reviewed writes", () => {
  let user: ApiUser;
  let key: { id: string; key: string };
  let client: Client;
  beforeAll(async () => {
    user = await signIn("trust-review@example.com");
    key = await newKey(user, { name: "Reviewed bot", hide_sensitive: false });
    client = await agent(key.key);
  });
  afterAll(async () => client?.close());

  it("a proposed memory is invisible to every reader until approved, then visible and attributed; a rejected one goes to the trash", async () => {
    const first = await client.callTool({ name: "add_memories", arguments: { text: "I am learning to play the cello on Sundays" } });
    const added = json<{ results: { id: string; event: string; pending_review?: boolean }[] }>(first);
    expect(added.results).toEqual([{ id: expect.any(String), memory: "I am learning to play the cello on Sundays", event: "ADD", pending_review: true }]);
    expect(textOf(first)).toMatch(/awaits the user's approval/);
    // A retry of the same text is the same proposal, not a second one.
    const retry = json<{ results: unknown[] }>(await client.callTool({ name: "add_memories", arguments: { text: "I am learning to play the cello on Sundays" } }));
    expect(retry.results).toEqual([{ id: added.results[0].id, memory: "I am learning to play the cello on Sundays", event: "NONE", pending_review: true }]);
    json(await client.callTool({ name: "add_memories", arguments: { text: "My favourite cheese is an aged gouda" } }));

    // Nobody reads a proposal: not the key that wrote it, not another assistant, not the dashboard's list or search.
    expect(json<unknown[]>(await client.callTool({ name: "search_memory", arguments: { query: "cello" } }))).toEqual([]);
    expect(json<unknown[]>(await client.callTool({ name: "list_memories", arguments: {} }))).toEqual([]);
    expect((await client.callTool({ name: "get_memory_details", arguments: { memory_id: added.results[0].id } })).isError).toBe(true);
    const { userId: sub } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const claude = await connectMcp(server.url + "/mcp/messages", { "x-user-id": sub, "x-client-name": "claude" });
    expect(textOf(await claude.callTool({ name: "search_memory", arguments: { query: "cello" } }))).not.toContain("cello");
    await claude.close();
    expect(await dashboardSees(user, "cello")).toEqual([]);
    expect(await listed(user)).toEqual([]);

    // The Review page lists both, newest first, with who proposed them.
    const open = await openReviews(user);
    expect(open.total).toBe(2);
    expect(open.items.map((r) => [r.action, r.proposed_text])).toEqual([
      ["add", "My favourite cheese is an aged gouda"],
      ["add", "I am learning to play the cello on Sundays"],
    ]);
    expect(open.items[0].proposed_by).toMatchObject({ via: "agent", api_key: { id: key.id, name: "Reviewed bot" } });

    const cello = open.items[1];
    const cheese = open.items[0];
    expect((await decide(user, "approve", { review_ids: [cello.id] })).body).toEqual({ ok: true, decided: 1 });
    expect((await decide(user, "reject", { review_ids: [cheese.id] })).body).toEqual({ ok: true, decided: 1 });
    // Decided once only.
    expect((await decide(user, "approve", { review_ids: [cheese.id] })).status).toBe(404);

    expect(json<{ memory: string }[]>(await client.callTool({ name: "search_memory", arguments: { query: "cello" } })).map((h) => h.memory)).toEqual([
      "I am learning to play the cello on Sundays",
    ]);
    const approved = await user.get(oneMemory.GET, "/x", { params: { id: cello.memory.id } });
    expect(approved.body).toMatchObject({ state: "active", app: { name: "Reviewed bot" }, created_by: { via: "agent", app: "Reviewed bot", api_key_id: key.id } });
    expect(await listed(user)).toEqual(["I am learning to play the cello on Sundays"]);
    expect(await listed(user, "deleted")).toEqual(["My favourite cheese is an aged gouda"]);
    expect((await openReviews(user)).total).toBe(0);
  });

  it("edit-then-approve stores the person's text (re-embedded, searchable by its new words)", async () => {
    json(await client.callTool({ name: "add_memories", arguments: { text: "My sister lives in Lyon" } }));
    const [proposal] = (await openReviews(user)).items;
    // An edit goes with one proposal only, and never with a rejection.
    expect((await decide(user, "reject", { review_ids: [proposal.id], text: "x" })).status).toBe(400);
    const r = await decide(user, "approve", { review_ids: [proposal.id], text: "My sister Camille lives in Marseille since 2021" });
    expect(r.status).toBe(200);
    expect((await dashboardSees(user, "Marseille"))[0]).toBe("My sister Camille lives in Marseille since 2021");
    expect(await dashboardSees(user, "Lyon")).not.toContain("My sister lives in Lyon");
  });

  it("update_memory and delete_memories are staged: nothing changes until approval", async () => {
    const cello = (await user.get(memoriesRoute.GET, "/api/v1/memories?size=100")).body.items.find((m: { memory: string }) => m.memory.includes("cello"));
    const upd = await client.callTool({ name: "update_memory", arguments: { memory_id: cello.id, text: "I play the cello on Sundays and Wednesdays" } });
    expect(json(upd)).toEqual({ id: cello.id, updated: false, pending_review: true });
    const del = await client.callTool({ name: "delete_memories", arguments: { memory_ids: [cello.id] } });
    expect(json(del)).toEqual({ deleted: 0, proposed_deletions: 1 });
    expect((await user.get(oneMemory.GET, "/x", { params: { id: cello.id } })).body).toMatchObject({ memory: "I am learning to play the cello on Sundays", state: "active" });

    const open = await openReviews(user);
    const update = open.items.find((r) => r.action === "update")!;
    const deletion = open.items.find((r) => r.action === "delete")!;
    expect(update).toMatchObject({ proposed_text: "I play the cello on Sundays and Wednesdays", memory: { id: cello.id, text: "I am learning to play the cello on Sundays" } });
    expect((await decide(user, "approve", { review_ids: [update.id] })).status).toBe(200);
    expect((await user.get(oneMemory.GET, "/x", { params: { id: cello.id } })).body.memory).toBe("I play the cello on Sundays and Wednesdays");
    expect(await dashboardSees(user, "Wednesdays")).toContain("I play the cello on Sundays and Wednesdays");
    expect((await decide(user, "approve", { review_ids: [deletion.id] })).status).toBe(200);
    expect((await user.get(oneMemory.GET, "/x", { params: { id: cello.id } })).body.state).toBe("deleted");
  });

  it("many at once, all or nothing: a bad id refuses the whole batch", async () => {
    for (const t of ["I drink oolong tea", "I run 10 km on Saturdays", "I keep bees in the garden"]) await client.callTool({ name: "add_memories", arguments: { text: t } });
    const ids = (await openReviews(user)).items.map((r) => r.id);
    expect(ids).toHaveLength(3);
    const refused = await decide(user, "approve", { review_ids: [...ids, "00000000-0000-4000-8000-000000000000"] });
    expect(refused.status).toBe(404);
    expect((await openReviews(user)).total).toBe(3);
    expect((await decide(user, "approve", { review_ids: ids })).body).toEqual({ ok: true, decided: 3 });
    expect(await listed(user)).toEqual(expect.arrayContaining(["I drink oolong tea", "I run 10 km on Saturdays", "I keep bees in the garden"]));
    // Another person cannot decide these.
    const other = await signIn("trust-review-other@example.com");
    await client.callTool({ name: "add_memories", arguments: { text: "I collect fountain pens" } });
    const [pen] = (await openReviews(user)).items;
    expect((await decide(other, "approve", { review_ids: [pen.id] })).status).toBe(404);
    expect((await openReviews(user)).total).toBe(1);
  });
});

describe("delete_all_memories in two steps", () => {
  it("answers counts and a token; only a second call with it deletes, once, by the same credential, within 5 minutes", async () => {
    const user = await signIn("trust-delete-all@example.com");
    await addAll(user, memoriesRoute.POST, ["I fly to Lisbon in March for a conference", "My favourite board game is Azul"]);
    const key = await newKey(user, { hide_sensitive: false, review_writes: false });
    const other = await newKey(user, { name: "Other bot", hide_sensitive: false, review_writes: false });
    const client = await agent(key.key);
    const otherClient = await agent(other.key);
    try {
      const preview = json<{ deleted: number; would_delete: number; by_app: Record<string, number>; by_category: Record<string, number>; confirmation_token: string; expires_at: string }>(
        await client.callTool({ name: "delete_all_memories", arguments: {} }),
      );
      expect(preview).toMatchObject({ deleted: 0, would_delete: 2, by_app: { "jean-memory": 2 } });
      expect(preview.by_category.travel).toBe(1);
      expect(preview.confirmation_token).toMatch(/^jean_dc_/);
      expect(Date.parse(preview.expires_at) - Date.now()).toBeGreaterThan(4 * 60_000);
      expect(await listed(user)).toHaveLength(2);
      // Only the token's own hash is stored.
      const rows = await db.prisma.deleteConfirmation.findMany();
      expect(JSON.stringify(rows)).not.toContain(preview.confirmation_token);

      // Another credential of the same person cannot spend it; a made-up one is refused.
      const stolen = await otherClient.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } });
      expect(stolen.isError).toBe(true);
      expect((await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: "jean_dc_made-up" } })).isError).toBe(true);
      expect(await listed(user)).toHaveLength(2);

      // A memory added after the preview is not deleted by it.
      await addAll(user, memoriesRoute.POST, ["I started a sourdough starter yesterday"]);
      const done = json<{ deleted: number }>(await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } }));
      expect(done.deleted).toBe(2);
      expect(await listed(user)).toEqual(["I started a sourdough starter yesterday"]);
      // Once only.
      const again = await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: preview.confirmation_token } });
      expect(again.isError).toBe(true);
      expect(textOf(again)).toMatch(/invalid, expired or already used/);

      // Expired: refused, nothing deleted.
      const second = json<{ confirmation_token: string }>(await client.callTool({ name: "delete_all_memories", arguments: {} }));
      await db.prisma.deleteConfirmation.updateMany({ where: { usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await client.callTool({ name: "delete_all_memories", arguments: { confirmation_token: second.confirmation_token } })).isError).toBe(true);
      expect(await listed(user)).toHaveLength(1);
    } finally {
      await client.close();
      await otherClient.close();
    }
    // A read-only credential never can, not even the first step.
    const readOnly = await newKey(user, { name: "Reader", scopes: ["memories:read"] });
    const reader = await agent(readOnly.key);
    const refused = await reader.callTool({ name: "delete_all_memories", arguments: {} });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/memories:write/);
    await reader.close();
  });
});

describe("the trash", () => {
  it("keeps deletions from every path, restores them, and only the purge removes them for good (rows and vectors)", async () => {
    const user = await signIn("trust-trash@example.com");
    const [a, b] = await addAll(user, memoriesRoute.POST, ["I parked the car on level 3", "My locker code is 4471"]);
    expect((await user.del(oneMemory.DELETE, "/x", { params: { id: a } })).status).toBe(200);
    const key = await newKey(user, { hide_sensitive: false, review_writes: false });
    const client = await agent(key.key);
    expect(json(await client.callTool({ name: "delete_memories", arguments: { memory_ids: [b] } }))).toEqual({ deleted: 1 });
    await client.close();

    const trash = await user.get(trashRoute.GET, "/api/v1/trash");
    expect(trash.body.retention_days).toBe(30);
    expect(trash.body.items.map((m: { id: string }) => m.id)).toEqual([b, a]);
    const item = trash.body.items[1];
    expect(Date.parse(item.purge_at) - Date.parse(item.deleted_at)).toBe(30 * 86_400_000);

    expect((await user.post(actions.POST, "/x", { params: { action: "restore" }, body: { memory_ids: [a] } })).body).toEqual({ ok: true, updated: 1 });
    expect(await dashboardSees(user, "parked car level")).toEqual(["I parked the car on level 3"]);

    // Nothing younger than the retention is purged; the cron route needs its secret.
    const { purgeTrash } = await import("./trash");
    expect((await purgeTrash()).purged).toBe(0);
    const cron = (headers: Record<string, string> = {}) => call(cronRoute.GET, { path: "/api/cron/purge", headers }).then(reply);
    await withEnv({ CRON_SECRET: undefined }, async () => expect((await cron({ authorization: "Bearer whatever-it-is-123" })).status).toBe(404));
    await withEnv({ CRON_SECRET: "a-cron-secret-of-some-length" }, async () => {
      expect((await cron()).status).toBe(401);
      expect((await cron({ authorization: "Bearer wrong-secret-of-some-length" })).status).toBe(401);
      // No other path's credential opens it: the person's session (cookie or JWT), an agent key.
      expect((await cron({ cookie: user.cookie })).status).toBe(401);
      expect((await cron({ authorization: `Bearer ${key.key}` })).status).toBe(401);
      // Deleted 31 days ago: purged by the scheduled route, row, vector, categories and history with it.
      await db.prisma.memory.update({ where: { id: b }, data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) } });
      const ok = await cron({ authorization: "Bearer a-cron-secret-of-some-length" });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ ok: true, purged: 1 });
    });
    expect(await db.prisma.memory.findUnique({ where: { id: b } })).toBeNull();
    expect(await db.prisma.memoryCategory.count({ where: { memoryId: b } })).toBe(0);
    expect(await db.prisma.memoryStatusHistory.count({ where: { memoryId: b } })).toBe(0);
    const vectors = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "memories" WHERE "embedding" IS NOT NULL AND "user_id" = ${user.id}::uuid`;
    expect(Number(vectors[0].n)).toBe(1); // the restored one's
    expect((await user.get(trashRoute.GET, "/api/v1/trash")).body.items).toEqual([]);
    expect(await listed(user)).toEqual(["I parked the car on level 3"]);
  });
});

describe("activity and the anomaly rule", () => {
  it("the rule: more than 5× the 7-day median and at least 50 reads in the day", () => {
    expect(readAnomaly(50, [0, 0, 0, 0, 0, 0, 0]).flagged).toBe(true);
    expect(readAnomaly(49, [0, 0, 0, 0, 0, 0, 0]).flagged).toBe(false);
    expect(readAnomaly(100, [20, 20, 20, 20, 0, 0, 0])).toEqual({ flagged: false, today: 100, median_7d: 20 });
    expect(readAnomaly(101, [20, 20, 20, 20, 0, 0, 0]).flagged).toBe(true);
    // One busy day before does not hide today's burst (the median, not the mean).
    expect(readAnomaly(60, [500, 2, 2, 2, 2, 2, 2]).flagged).toBe(true);
    expect(readAnomaly(60, [])).toMatchObject({ flagged: true, median_7d: 0 });
  });

  it("lists per credential what it read and wrote, by category, and flags a burst on constructed read logs", async () => {
    const user = await signIn("trust-activity@example.com");
    const ids = await addAll(user, memoriesRoute.POST, ["I fly to Tokyo in April", "I have a dentist appointment on Friday", "I like jazz records"]);
    const calm = await newKey(user, { name: "Calm bot", hide_sensitive: false, review_writes: false });
    const busy = await newKey(user, { name: "Busy bot", hide_sensitive: false, review_writes: false });
    const client = await agent(calm.key);
    await client.callTool({ name: "search_memory", arguments: { query: "Tokyo flight" } });
    await client.callTool({ name: "add_memories", arguments: { text: "I am allergic to penicillin" } });
    await client.close();

    // Busy bot: 3 reads a day for the last 7 days, then 80 today.
    const app = await db.prisma.app.findFirstOrThrow({ where: { ownerId: user.id, name: "Calm bot" } });
    const busyApp = await db.prisma.app.create({ data: { ownerId: user.id, name: "Busy bot" } });
    const day = 86_400_000;
    const startOfToday = Math.floor(Date.now() / day) * day;
    const rows = [];
    for (let d = 1; d <= 7; d++) for (let i = 0; i < 3; i++) rows.push({ memoryId: ids[i % 3], appId: busyApp.id, apiKeyId: busy.id, accessType: "search", accessedAt: new Date(startOfToday - d * day + 3_600_000) });
    for (let i = 0; i < 80; i++) rows.push({ memoryId: ids[i % 3], appId: busyApp.id, apiKeyId: busy.id, accessType: "search", accessedAt: new Date(Math.min(Date.now() - 1000, startOfToday + 60_000 + i)) });
    await db.prisma.memoryAccessLog.createMany({ data: rows });

    const r = await user.get(activityRoute.GET, `/api/v1/activity?from=${new Date(startOfToday - 8 * day).toISOString().slice(0, 10)}`);
    expect(r.status).toBe(200);
    expect(r.body.anomaly_rule).toEqual({ factor: 5, min_reads: 50 });
    const byName = new Map(r.body.credentials.map((c: { credential: { name: string } }) => [c.credential.name, c]));
    expect(byName.get("Busy bot")).toMatchObject({ credential: { kind: "key", id: busy.id, status: "active" }, reads: 101, memories_read: 3, anomaly: { flagged: true, today: 80, median_7d: 3 } });
    const calmRow = byName.get("Calm bot") as { reads: number; writes: number; anomaly: { flagged: boolean }; written_categories: Record<string, number>; read_categories: Record<string, number>; app: { id: string } };
    expect(calmRow).toMatchObject({ credential: { kind: "key", id: calm.id }, writes: 1, anomaly: { flagged: false }, app: { id: app.id } });
    expect(calmRow.reads).toBeGreaterThan(0);
    expect(calmRow.read_categories.travel).toBeGreaterThan(0);
    expect(calmRow.written_categories.health).toBe(1);
    // The flagged one comes first.
    expect(r.body.credentials[0].credential.name).toBe("Busy bot");

    const read = await user.get(activityList.GET, `/api/v1/activity/memories?kind=key&id=${calm.id}&what=read`);
    expect(read.status).toBe(200);
    // A search logs every hit it returned: the Tokyo memory (the best hit) is among them.
    expect(read.body.items).toContainEqual(expect.objectContaining({ memory: expect.objectContaining({ memory: "I fly to Tokyo in April" }), reads: 1, access_types: ["search"] }));
    const written = await user.get(activityList.GET, `/api/v1/activity/memories?kind=key&id=${calm.id}&what=written`);
    expect(written.body.items.map((i: { memory: { memory: string } }) => i.memory.memory)).toEqual(["I am allergic to penicillin"]);
    // A period without activity lists nothing read or written; a credential flagged today is listed whatever the period.
    const old = (await user.get(activityRoute.GET, "/api/v1/activity?from=2020-01-01&to=2020-01-31")).body.credentials;
    expect(old.map((c: { credential: { name: string }; reads: number; anomaly: { flagged: boolean } }) => [c.credential.name, c.reads, c.anomaly.flagged])).toEqual([["Busy bot", 0, true]]);
    // Bad periods: 400.
    expect((await user.get(activityRoute.GET, "/api/v1/activity?from=2024-02-01&to=2024-01-01")).status).toBe(400);
    expect((await user.get(activityList.GET, "/api/v1/activity/memories?kind=nope&id=x")).status).toBe(400);
    // Someone else's activity is not listed.
    const other = await signIn("trust-activity-other@example.com");
    expect((await other.get(activityRoute.GET, "/api/v1/activity")).body.credentials).toEqual([]);
    expect((await other.get(activityList.GET, `/api/v1/activity/memories?kind=key&id=${calm.id}&what=read`)).body.items).toEqual([]);
  });
});

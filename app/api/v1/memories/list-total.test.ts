// The dashboard's unfiltered list reads its total from the per-user statistics
// (lib/memory/read.ts listTotal) instead of counting: the total must still be the
// number of rows the list would show, whatever states the user's memories are in.
import { beforeAll, describe, expect, it } from "vitest";
import * as memories from "./route";
import type { Db } from "../../../../lib/db";
import { signIn, useFreshDb, type ApiUser } from "../../../../lib/testing/harness";

let db: Db;
let person: ApiUser;
let other: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  person = await signIn("list-total@example.com");
  other = await signIn("list-total-other@example.com");
  for (const who of [person, other]) {
    for (let i = 0; i < 12; i++) expect((await who.post(memories.POST, "/api/v1/memories", { body: { text: `Note number ${i} about list totals for ${who.id}`, infer: false } })).status).toBe(201);
  }
  // Every state the table can hold, for this person only.
  const ids = (await db.sql.query<{ id: string }>(`SELECT "id" FROM "memories" WHERE "user_id" = $1::uuid ORDER BY "created_at", "id"`, [person.id])).map((r) => r.id);
  const set = (state: string, some: string[]) => db.sql.query(`UPDATE "memories" SET "state" = $1::memory_state WHERE "id" = ANY($2::uuid[])`, [state, some]);
  await set("paused", ids.slice(0, 2));
  await set("archived", ids.slice(2, 4));
  await set("deleted", ids.slice(4, 7));
  await set("pending_review", ids.slice(7, 9));
});

async function counted(states?: string[]): Promise<number> {
  const [{ n }] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "memories" WHERE "user_id" = $1::uuid AND "state"::text = ANY($2::text[])`,
    [person.id, states ?? ["active", "paused", "archived"]],
  );
  return n;
}

describe("the dashboard list's total", () => {
  it("is the number of memories the unfiltered list shows: not the trash, not writes awaiting review", async () => {
    const r = await person.get(memories.GET, "/api/v1/memories?size=5");
    expect(r.status).toBe(200);
    expect(await counted()).toBe(7);
    expect(r.body.total).toBe(7);
    expect(r.body.pages).toBe(2);
  });

  it("is counted as before for a filtered list (here, one state)", async () => {
    const r = await person.get(memories.GET, "/api/v1/memories?state=paused&size=5");
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(await counted(["paused"]));
  });

  it("follows the trash: a memory deleted and restored moves the total both ways", async () => {
    const [victim] = (await db.sql.query<{ id: string }>(`SELECT "id" FROM "memories" WHERE "user_id" = $1::uuid AND "state" = 'active' LIMIT 1`, [person.id])).map((r) => r.id);
    await db.sql.query(`UPDATE "memories" SET "state" = 'deleted' WHERE "id" = $1::uuid`, [victim]);
    expect((await person.get(memories.GET, "/api/v1/memories")).body.total).toBe(6);
    await db.sql.query(`UPDATE "memories" SET "state" = 'active' WHERE "id" = $1::uuid`, [victim]);
    expect((await person.get(memories.GET, "/api/v1/memories")).body.total).toBe(7);
  });

  it("is each person's own", async () => {
    expect((await other.get(memories.GET, "/api/v1/memories")).body.total).toBe(12);
  });
});

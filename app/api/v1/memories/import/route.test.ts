// Large imports: chunked, all or nothing, and never one long transaction.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { fillPendingEmbeddings } from "@/lib/memory/embedding-jobs";
import { signIn, useFreshDb, type ApiUser } from "@/lib/testing/harness";
import { GET as listMemories } from "../route";
import { POST } from "./route";

let db: Db;
let user: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  user = await signIn("importer@example.com");
});

const fileOf = (n: number, content = (i: number) => `Imported note number ${i} about the garden`) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: crypto.randomUUID(), content: content(i), categories: i % 2 ? ["work"] : [] })).join("\n");
const importFile = (text: string) => user.post(POST, "/api/v1/memories/import", { body: text, headers: { "content-type": "application/x-ndjson" } });
const countOf = async (where = "") =>
  (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "memories" WHERE "user_id" = $1::uuid ${where}`, [user.id]))[0]!.n;

describe("POST /api/v1/memories/import at the 10,000-line cap", () => {
  it("imports every line (one transaction for the file used to run past PostgreSQL's transaction timeout above ~4,000), with categories and history", async () => {
    const r = await importFile(fileOf(10_000));
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(10_000);
    expect(await countOf()).toBe(10_000);
    const [{ n: linked }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "memory_categories" mc JOIN "memories" m ON m."id" = mc."memory_id" WHERE m."user_id" = $1::uuid`, [user.id]);
    expect(linked).toBe(5_000);
    const [{ n: history }] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "memory_status_history" h JOIN "memories" m ON m."id" = h."memory_id" WHERE m."user_id" = $1::uuid AND h."reason" = 'imported'`, [user.id]);
    expect(history).toBe(10_000);
    // What was not embedded inline is pending (the background fill has already begun) and being filled.
    expect(r.body.embedding_pending).toBeGreaterThan(0);
    expect(await countOf(`AND "embedding_status" = 'pending'`)).toBeLessThanOrEqual(r.body.embedding_pending);
    const pendingBefore = await countOf(`AND "embedding_status" = 'pending'`);
    const filled = await fillPendingEmbeddings(user.id, { budgetMs: 1_000 });
    expect(filled).toBeGreaterThan(0);
    expect(await countOf(`AND "embedding_status" = 'pending'`)).toBeLessThanOrEqual(pendingBefore - filled);
  }, 120_000);

  it("another user is answered while a long import runs (it never holds the database for the whole file)", async () => {
    // Ordering, not timing: one transaction for the file would answer the other user only after the import.
    const other = await signIn("bystander@example.com");
    const before = await countOf();
    let importDone = false;
    const running = importFile(fileOf(5_000, (i) => `Bystander test note ${i}`)).then((r) => ((importDone = true), r));
    while ((await countOf()) === before && !importDone) await new Promise((resolve) => setTimeout(resolve, 5));
    const listed = await other.get(listMemories, "/api/v1/memories");
    const answeredDuringImport = !importDone;
    expect(listed.status).toBe(200);
    expect(answeredDuringImport).toBe(true);
    expect((await running).status).toBe(200);
  }, 120_000);

  it("a database failure in a late chunk leaves nothing of the file behind", async () => {
    const before = await countOf();
    // A real fault, injected in the database: the 900th line's insert raises.
    await db.sql.query(`CREATE FUNCTION test_fail_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW."content" = 'fail here' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$`);
    await db.sql.query(`CREATE TRIGGER test_fail_import BEFORE INSERT ON "memories" FOR EACH ROW EXECUTE FUNCTION test_fail_import()`);
    try {
      const r = await importFile(fileOf(1_200, (i) => (i === 899 ? "fail here" : `Doomed note ${i}`)));
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(await countOf()).toBe(before);
      expect(await countOf(`AND "content" LIKE 'Doomed note %'`)).toBe(0);
    } finally {
      await db.sql.query(`DROP TRIGGER test_fail_import ON "memories"`);
      await db.sql.query(`DROP FUNCTION test_fail_import()`);
    }
  }, 60_000);
});

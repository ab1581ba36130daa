import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { useFreshDb } from "@/lib/testing/harness";
import { GET as getHistory } from "../../[id]/history/route";
import { DELETE as deleteOne } from "../../[id]/route";
import { GET as list, POST as addPost } from "../../route";
import { POST as searchPost } from "../../search/route";
import { addAll, signIn, type ApiUser } from "@/lib/testing/harness";
import { POST } from "./route";

let db: Db;
let alice: ApiUser;

beforeAll(async () => {
  db = await useFreshDb();
  alice = await signIn("alice@example.com");
});

const act = (action: string, memory_ids: unknown) =>
  alice.post(POST, `/api/v1/memories/actions/${action}`, { params: { action }, body: { memory_ids } });
const transitions = async (id: string) =>
  (await alice.get(getHistory, `/api/v1/memories/${id}/history`, { params: { id } })).body.items.map(
    (h: { old_state: string | null; new_state: string; reason: string }) => `${h.old_state ?? "-"}→${h.new_state} (${h.reason})`,
  );
const searchIds = async (query: string) =>
  (await alice.post(searchPost, "/api/v1/memories/search", { body: { query, limit: 100 } })).body.results.map((h: { id: string }) => h.id);
const state = async (id: string) => (await db.prisma.memory.findUniqueOrThrow({ where: { id } })).state;

describe("POST /api/v1/memories/actions/{action}", () => {
  it("archive, pause, restore and delete move memories between states, each with a history row", async () => {
    const [a, b, c] = await addAll(alice, addPost, ["Plays the cello in an orchestra", "Volunteers at the animal shelter", "Brews kombucha at home"]);

    const archived = await act("archive", [a, b]);
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ ok: true, updated: 2 });
    expect(await state(a)).toBe("archived");
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: a } })).archivedAt).not.toBeNull();
    expect((await act("archive", [a])).body).toEqual({ ok: true, updated: 0 }); // already archived: no new history row

    expect((await act("pause", [c])).body).toEqual({ ok: true, updated: 1 });
    expect(await state(c)).toBe("paused");

    const listed = await alice.get(list, "/api/v1/memories?state=archived,paused&sort_column=content&sort_direction=asc");
    expect(listed.body.items.map((m: { id: string; state: string }) => [m.id, m.state])).toEqual([
      [c, "paused"],
      [a, "archived"],
      [b, "archived"],
    ]);

    expect((await act("restore", [a, c])).body).toEqual({ ok: true, updated: 2 });
    expect(await state(a)).toBe("active");
    expect(await state(c)).toBe("active");
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: a } })).archivedAt).toBeNull();

    await alice.del(deleteOne, `/api/v1/memories/${b}`, { params: { id: b } });
    expect(await state(b)).toBe("deleted");
    expect((await act("restore", [b])).body).toEqual({ ok: true, updated: 1 });
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: b } })).deletedAt).toBeNull();

    expect(await transitions(a)).toEqual(["-→active (created)", "active→archived (archive)", "archived→active (restore)"]);
    expect(await transitions(b)).toEqual(["-→active (created)", "active→archived (archive)", "archived→deleted (delete)", "deleted→active (restore)"]);
    expect(await transitions(c)).toEqual(["-→active (created)", "active→paused (pause)", "paused→active (restore)"]);
  });

  it("paused, archived and deleted memories are never returned by search; restored ones are again", async () => {
    const texts = ["Quokka sightings on Rottnest island", "Quokka photos from the ferry", "Quokka plush toy collection", "Quokka facts for the quiz"];
    const [active, paused, archived, deleted] = await addAll(alice, addPost, texts);
    await act("pause", [paused]);
    await act("archive", [archived]);
    await alice.del(deleteOne, `/api/v1/memories/${deleted}`, { params: { id: deleted } });
    for (const query of ["quokka", "Quokka plush toy collection", "ferry photos", "quiz facts", "Rottnest"]) {
      const ids = await searchIds(query);
      expect(ids).not.toContain(paused);
      expect(ids).not.toContain(archived);
      expect(ids).not.toContain(deleted);
    }
    expect(await searchIds("quokka")).toContain(active);
    await act("restore", [paused, archived, deleted]);
    expect(await searchIds("quokka")).toEqual(expect.arrayContaining([active, paused, archived, deleted]));
  });

  it("is all or nothing: an unknown id → 404 and no memory changes state", async () => {
    const [a] = await addAll(alice, addPost, ["Never archived by a bad batch"]);
    const r = await act("archive", [a, crypto.randomUUID()]);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
    expect(await state(a)).toBe("active");
  });

  it.each(["explode", "delete", "ARCHIVE", "archive;drop"])("unknown action %s → 404 JSON", async (action) => {
    const [a] = await addAll(alice, addPost, [`Untouched by action ${action}`]);
    const r = await act(action, [a]);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("archive, pause, restore") });
    expect(await state(a)).toBe("active");
  });

  it.each([
    ["no ids", "memory_ids", undefined],
    ["an empty list", "memory_ids", []],
    ["a malformed id", "memory_ids.0", ["abc"]],
    ["a number", "memory_ids", 5],
  ])("%s → 400 naming %s", async (_label, field, ids) => {
    const r = await act("pause", ids);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_error");
    expect(r.body.error.details[0].field).toBe(field);
  });
});

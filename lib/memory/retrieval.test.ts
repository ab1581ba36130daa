// Retrieval (issue 15): the BM25 leg and its per-user statistics, names and rare
// words, time in memories and queries, and after/before on REST and MCP.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as gatewayMcp from "../../app/mcp/messages/route";
import { POST as addPost } from "../../app/api/v1/memories/route";
import { POST as searchPost } from "../../app/api/v1/memories/search/route";
import type { Db } from "../db";
import { signIn, useFreshDb, type ApiUser } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { getOrCreateUser } from "../users";
import { dashboardActor, gatewayActor } from "./actor";
import { addMemory } from "./add";
import { exactScanBeatsHnsw, nameAndNumberWords, searchMemories, withoutWords } from "./search";
import { changeState, updateMemoryText } from "./state";
import { leadingDate, parseQueryWindow, withoutWindowText } from "./time";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});

/** The statistics the triggers keep, next to the same numbers counted from scratch. */
async function statsAndRecount(userId: string) {
  const kept = await db.sql.query<{ lexeme: string; doc_freq: number }>(
    `SELECT "lexeme", "doc_freq" FROM "memory_term_stats" WHERE "user_id" = $1::uuid AND "doc_freq" <> 0 ORDER BY 1`,
    [userId],
  );
  const counted = await db.sql.query<{ lexeme: string; doc_freq: number }>(
    `SELECT l AS "lexeme", count(*)::int AS "doc_freq" FROM "memories" m, unnest(tsvector_to_array(m."content_tsv")) l
     WHERE m."user_id" = $1::uuid AND m."state" <> 'deleted' GROUP BY 1 ORDER BY 1`,
    [userId],
  );
  const [docs] = await db.sql.query<{ doc_count: number; total_length: string }>(`SELECT "doc_count", "total_length"::text FROM "memory_search_stats" WHERE "user_id" = $1::uuid`, [userId]);
  const [recount] = await db.sql.query<{ doc_count: number; total_length: string }>(
    `SELECT count(*)::int AS "doc_count", coalesce(sum(length("content_tsv")), 0)::text AS "total_length" FROM "memories" WHERE "user_id" = $1::uuid AND "state" <> 'deleted'`,
    [userId],
  );
  return { kept: { terms: kept, docs: docs ?? { doc_count: 0, total_length: "0" } }, counted: { terms: counted, docs: recount } };
}

describe("BM25 statistics kept by triggers", () => {
  it("match a recount after adds, edits, deletes, restores, hard deletes and multi-row inserts", async () => {
    const user = await getOrCreateUser("stats-user");
    const me = dashboardActor(user.id, "tests");
    const ids: string[] = [];
    for (const t of ["Priyanka runs the bakery on Elm Street", "The bakery sells sourdough on Sundays", "I walk the dog by the river"]) {
      ids.push((await addMemory(me, t, { infer: false })).results[0]!.id);
    }
    const check = async () => {
      const { kept, counted } = await statsAndRecount(user.id);
      expect(kept).toEqual(counted);
    };
    await check();
    await updateMemoryText(me, ids[1]!, "The bakery closed for good in March");
    await check();
    await changeState(me, [ids[0]!], "delete");
    await check();
    await changeState(me, [ids[0]!], "restore");
    await check();
    await changeState(me, [ids[2]!], "archive");
    await check(); // archived still counts: the dashboard searches it
    await db.prisma.memory.delete({ where: { id: ids[1]! } });
    await check();
    const app = await db.prisma.app.findFirstOrThrow({ where: { ownerId: user.id } });
    await db.sql.query(
      `INSERT INTO "memories" ("user_id", "app_id", "content", "content_hash", "updated_at")
       SELECT $1::uuid, $2::uuid, 'bulk note number ' || g, md5(g::text), now() FROM generate_series(1, 50) g`,
      [user.id, app.id],
    );
    await check();
    // Deleting the user takes its statistics with it (no failure from the cascade).
    await db.prisma.user.delete({ where: { id: user.id } });
    expect(await db.sql.query(`SELECT 1 FROM "memory_term_stats" WHERE "user_id" = $1::uuid`, [user.id])).toEqual([]);
  });
});

describe("the lexical leg", () => {
  it("ranks partial matches by how rare their words are (OR semantics, idf), per user", async () => {
    const user = await getOrCreateUser("bm25-user");
    const me = dashboardActor(user.id, "tests");
    const common = ["Went to the shop with a friend after work", "A friend came over after work for dinner", "Had a long day at work with a friend", "Work was busy, then I saw a friend"];
    // Everyday notes around them, as in any real store (a name in one memory of 25 is rare).
    const everyday = ["Bought oat milk", "Booked the car service for Tuesday", "Started reading a novel about sailors", "Watered the tomato plants", "Paid the electricity bill", "Called mum about the holidays",
      "Tried a new pasta recipe", "Ran five kilometres by the canal", "The cat knocked over a plant", "Ordered new running shoes", "Cleaned out the garage", "Planning a trip to the coast",
      "Fixed the squeaky door hinge", "Renewed the library card", "Swapped the winter tyres", "Learned three chords on the guitar", "Baked banana bread", "Went to a pottery class",
      "Replaced the kitchen light bulb", "Signed up for a first aid course"];
    for (const t of [...common, ...everyday]) await addMemory(me, t, { infer: false });
    const { id: rare } = (await addMemory(me, "Okonkwo recommended a new physiotherapist", { infer: false })).results[0]!;
    // Shares one rare word with the query; every other memory shares two common ones.
    for (const mode of ["text", "hybrid"] as const) {
      const hits = await searchMemories(me, "what did my friend Okonkwo say after work", { mode });
      expect(hits[0]?.id, mode).toBe(rare);
    }
    // Another user writing "Okonkwo" a hundred times does not change my scores.
    const before = await searchMemories(me, "Okonkwo friend", { mode: "text" });
    const other = await getOrCreateUser("bm25-other");
    for (let i = 0; i < 20; i++) await addMemory(dashboardActor(other.id, "tests"), `Okonkwo note ${i} about work`, { infer: false });
    expect(await searchMemories(me, "Okonkwo friend", { mode: "text" })).toEqual(before);
  });

  it("treats names and numbers in the query as strong evidence", async () => {
    const user = await getOrCreateUser("names-user");
    const me = dashboardActor(user.id, "tests");
    const { id: locker } = (await addMemory(me, "Locker 117 at the gym", { infer: false })).results[0]!;
    await addMemory(me, "The gym locker room was crowded today", { infer: false });
    await addMemory(me, "Gym membership renews in the autumn, locker included", { infer: false });
    const hits = await searchMemories(me, "which gym locker is 117", { mode: "hybrid" });
    expect(hits[0]?.id).toBe(locker);
  });

  it("matches lexemes with punctuation (addresses, paths, codes) and finds nothing for symbols alone", async () => {
    // Each query lexeme is tested against a memory as a tsquery literal: these are the
    // lexemes whose characters mean something in tsquery syntax.
    const user = await getOrCreateUser("lexeme-user");
    const me = dashboardActor(user.id, "tests");
    const texts = ["Invoices go to billing@acme-corp.example.com", "The wiki is at https://wiki.example.org/team?id=42", "Backups live in /srv/backups/2024-q3.tar", "The door code is 7:15&B! (ask Dana)", "Tea with O'Neill at the café on Rue d'Hauteville"];
    const ids: string[] = [];
    for (const t of texts) ids.push((await addMemory(me, t, { infer: false })).results[0]!.id);
    const queries = ["billing@acme-corp.example.com", "wiki.example.org/team?id=42", "/srv/backups/2024-q3.tar", "code 7:15&B!", "O'Neill café d'Hauteville"];
    for (const [i, q] of queries.entries()) expect((await searchMemories(me, q, { mode: "text" }))[0]?.id, q).toBe(ids[i]);
    expect(await searchMemories(me, `'\\":&|!()<>*`, { mode: "text" })).toEqual([]);
  });

  it("ranks memories that all hold a query's only word by length (shorter first), however many hold it", async () => {
    const user = await getOrCreateUser("common-word-user");
    const me = dashboardActor(user.id, "tests");
    const filler = (i: number) => `Notes from the garden ${i}: ${"weeded the beds and watered the roses along the fence ".repeat(1 + (i % 3))}`;
    for (let i = 0; i < 60; i++) await addMemory(me, filler(i), { infer: false });
    const { id: short } = (await addMemory(me, "Garden gate", { infer: false })).results[0]!;
    const hits = await searchMemories(me, "garden", { mode: "text", limit: 5 });
    expect(hits[0]?.id).toBe(short);
    expect(hits).toHaveLength(5);
  });
});

describe("the vector leg's scan", () => {
  it("is exact for a user who is a small share of a large table, HNSW for a large share", () => {
    // The cases measured (search.ts): 10k memories of 1M (HNSW 175 ms, exact 17 ms), 10k of
    // 100k (about even: the index), and bench:memory's 100k of 110k (the index).
    expect(exactScanBeatsHnsw(10_000, 1_000_000, 50)).toBe(true);
    expect(exactScanBeatsHnsw(5_000, 100_000, 50)).toBe(true);
    expect(exactScanBeatsHnsw(10_000, 100_000, 50)).toBe(false);
    expect(exactScanBeatsHnsw(100_000, 110_000, 50)).toBe(false);
    expect(exactScanBeatsHnsw(5_000, 0, 50)).toBe(false); // table size not known yet (never analysed)
  });
});

describe("words most of the user's memories contain", () => {
  it("do not decide the vector leg (a speaker's name on every chat turn)", async () => {
    const user = await getOrCreateUser("speaker-user");
    const me = dashboardActor(user.id, "tests");
    const small = ["Talk soon!", "Did you get up to anything fun?", "For you, always. Go!", "How's the job going?", "So what's new with you?", "Love you, talk later!", "Yes, soon! Bye!", "Haha, fair enough.", "Wait, really?", "Let's catch up again soon."];
    const content = ["The new flat has a tiny balcony", "I burnt the risotto again", "My sister is visiting in spring", "The bus was late three times this week", "I started learning the cello", "We painted the kitchen yellow"];
    const turns: string[] = [];
    for (let i = 0; i < 60; i++) turns.push(`[${(i % 28) + 1} ${i < 28 ? "March" : "April"} 2021] ${i % 2 ? "Nadia" : "Chloe"}: ${i % 3 === 2 ? content[i % content.length] : small[i % small.length]}`);
    for (const t of turns) await addMemory(me, t, { infer: false });
    const { id: answer } = (await addMemory(me, "[30 April 2021] Chloe: Celeste, our new boss, literally timed my lunch break yesterday.", { infer: false })).results[0]!;
    const hits = await searchMemories(me, "Who is Chloe's new manager?", { mode: "vector", limit: 3 });
    expect(hits.map((h) => h.id), hits.map((h) => h.memory).join(" / ")).toContain(answer);
    // A word in a few memories is kept; the whole text is kept when nothing else would be left.
    expect(withoutWords("Who is Chloe's new manager?", new Set(["Chloe"]))).toBe("Who is 's new manager?");
    expect(withoutWords("Chloe?", new Set(["Chloe"]))).toBe("Chloe?");
  });

  it("a memory sharing a rare word with the question is not outranked by the embedder's generic turns", async () => {
    // The answer shares only "Malik" (on every other turn) and "cockapoo" (a word the local
    // embedder does not know) with the question, not "health" or "problem": a partial
    // match, but on the rarest word the question has, while the vector leg can only
    // offer generic turns.
    const user = await getOrCreateUser("rare-word-user");
    const me = dashboardActor(user.id, "tests");
    const small = ["Random question, but how are you really?", "And how do you feel about it?", "How's work treating you these days?", "Okay, I have to run. Talk soon!", "Did you get up to anything fun?", "Hard to say yet, ask me next week."];
    for (let i = 0; i < 120; i++) await addMemory(me, `[${(i % 28) + 1} May 2021] ${i % 2 ? "Freya" : "Malik"}: ${small[i % small.length]} (${i})`, { infer: false });
    const { id: answer } = (await addMemory(me, "[3 August 2021] Malik: Total cockapoo, only ten weeks old, and already the boss of me.", { infer: false })).results[0]!;
    const hits = await searchMemories(me, "What health problem did Malik's cockapoo have?", { limit: 3 });
    expect(hits[0]?.id, hits.map((h) => h.memory).join(" / ")).toBe(answer);
  });

  it("a quoted phrase is found word for word, and its words are not a time ('today')", async () => {
    const user = await getOrCreateUser("phrase-user");
    const me = dashboardActor(user.id, "tests");
    const everyday = ["Today was long", "Yesterday I cooked", "More rain today", "Felt better than yesterday", "Today I met Sam", "Yesterday the bus was late"];
    for (let i = 0; i < 40; i++) await addMemory(me, `${everyday[i % everyday.length]} (${i})`, { infer: false });
    const { id: ring } = (await addMemory(me, "The engraving on the wedding ring says 'more today than yesterday', in tiny letters along the inside of the band", { infer: false })).results[0]!;
    for (const mode of ["text", "hybrid"] as const) {
      const hits = await searchMemories(me, '"today than yesterday"', { mode, limit: 5 });
      expect(hits[0]?.id, mode).toBe(ring);
    }
  });

  it("names at the start of a keyword query count as names; request words do not", () => {
    expect(nameAndNumberWords("Thistlewood address")).toContain("Thistlewood");
    expect(nameAndNumberWords("Tell me about our pet")).toBe("");
    expect(nameAndNumberWords("which gym locker is 117")).toBe("117");
    expect(nameAndNumberWords("What did Priyanka say? Anna agreed")).toContain("Priyanka");
  });
});

describe("time", () => {
  it("parses windows from queries, only when the year is known", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    expect(parseQueryWindow("What did Maya do in May 2023?", now)).toMatchObject({ from: new Date("2023-05-01T00:00:00Z"), to: new Date("2023-06-01T00:00:00Z") });
    expect(parseQueryWindow("trips in 2022", now)).toMatchObject({ from: new Date("2022-01-01T00:00:00Z"), to: new Date("2023-01-01T00:00:00Z") });
    expect(parseQueryWindow("what did I eat last week", now)?.to.getTime()).toBeLessThanOrEqual(now.getTime() + 86_400_000);
    expect(parseQueryWindow("what happened on 14 March 2023", now)).toMatchObject({ from: new Date("2023-03-14T00:00:00Z"), to: new Date("2023-03-15T00:00:00Z") });
    expect(parseQueryWindow("what did I do in March", now)).toBeNull();
    expect(parseQueryWindow("when did I adopt Waffles?", now)).toBeNull();
    expect(withoutWindowText("What did Maya do in May 2023?", parseQueryWindow("What did Maya do in May 2023?", now))).toBe("What did Maya do in ?");
    expect(withoutWindowText("trips in 2022", parseQueryWindow("trips in 2022", now))).toBe("trips in");
  });

  it("reads a date at the start of a memory, not one it mentions later", () => {
    expect(leadingDate("[14 March 2023] Maya: we adopted a puppy")?.toISOString().slice(0, 10)).toBe("2023-03-14");
    expect(leadingDate("1:56 pm on 8 May, 2023 Sam: hi")?.toISOString().slice(0, 10)).toBe("2023-05-08");
    expect(leadingDate("2023-05-08: dentist")?.toISOString().slice(0, 10)).toBe("2023-05-08");
    expect(leadingDate("My flight on 12 June 2024 leaves at 7")).toBeNull();
    expect(leadingDate("Yesterday was fun")).toBeNull();
  });

  it("favours memories inside the window a query names, and filters by after/before on REST", async () => {
    const alice: ApiUser = await signIn("time-alice@example.com");
    for (const text of ["[3 July 2023] Went hiking in the Dolomites with my sister", "[20 January 2024] Went hiking in the Pyrenees with my sister", "[2 March 2024] Bought new hiking boots"]) {
      expect((await alice.post(addPost, "/api/v1/memories", { body: { text } })).status).toBe(201);
    }
    const { status: s1 } = await alice.post(addPost, "/api/v1/memories", { body: { text: "Ran a 10k along the canal", occurred_at: "2022-09-10" } });
    expect(s1).toBe(201);
    const search = (body: object) => alice.post(searchPost, "/api/v1/memories/search", { body });
    const inJanuary = await search({ query: "Where did I go hiking with my sister in January 2024?" });
    expect(inJanuary.body.results[0].memory).toMatch(/Pyrenees/);
    expect(inJanuary.body.results[0].occurred_at).toBe("2024-01-20T12:00:00.000Z");
    const inJuly = await search({ query: "Where did I go hiking with my sister in July 2023?" });
    expect(inJuly.body.results[0].memory).toMatch(/Dolomites/);

    const filtered = await search({ query: "hiking", after: "2024-01-01", before: "2024-02-01" });
    expect(filtered.body.results.map((h: { memory: string }) => h.memory)).toEqual(["[20 January 2024] Went hiking in the Pyrenees with my sister"]);
    const run = await search({ query: "running", before: "2023-01-01" });
    expect(run.body.results.map((h: { memory: string; occurred_at: string }) => [h.memory, h.occurred_at])).toEqual([["Ran a 10k along the canal", "2022-09-10T00:00:00.000Z"]]);

    for (const [body, field] of [
      [{ query: "x", after: "yesterday" }, "after"],
      [{ query: "x", before: "2024-13-01" }, "before"],
      [{ query: "x", after: "2024-02-01", before: "2024-01-01" }, "before"],
    ] as const) {
      const r = await search(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("validation_error");
      expect(r.body.error.message).toContain(field);
    }
    expect((await alice.post(addPost, "/api/v1/memories", { body: { text: "x", occurred_at: 5 } })).status).toBe(400);
  });
});

describe("search_memory after/before over MCP (the Claude path)", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  beforeAll(async () => {
    server = await serveRoutes({ "/mcp/messages": gatewayMcp });
  });
  afterAll(async () => server?.close());

  it("filters by the memory's time; the old arguments still work; a bad date is an invalid-params error", async () => {
    const user = await getOrCreateUser("mcp-time-user");
    const claude = gatewayActor(user.id, "claude");
    await addMemory(claude, "[5 May 2023] Adopted a cat called Miso", { infer: false });
    await addMemory(claude, "[9 September 2024] Adopted a rabbit called Biscuit", { infer: false });
    const client = new Client({ name: "jean-test", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url + "/mcp/messages"), { requestInit: { headers: { "x-user-id": "mcp-time-user", "x-client-name": "claude" } } }));
    const text = (r: unknown) => (r as CallToolResult).content.map((c) => (c.type === "text" ? c.text : "")).join("");
    const all = JSON.parse(text(await client.callTool({ name: "search_memory", arguments: { query: "adopted a pet", limit: 5 } })));
    expect(all).toHaveLength(2);
    const later = JSON.parse(text(await client.callTool({ name: "search_memory", arguments: { query: "adopted a pet", after: "2024-01-01" } })));
    expect(later.map((h: { memory: string }) => h.memory)).toEqual(["[9 September 2024] Adopted a rabbit called Biscuit"]);
    const earlier = JSON.parse(text(await client.callTool({ name: "search_memory", arguments: { query: "adopted a pet", before: "2024-01-01T00:00:00Z" } })));
    expect(earlier.map((h: { memory: string }) => h.memory)).toEqual(["[5 May 2023] Adopted a cat called Miso"]);
    const bad = (await client.callTool({ name: "search_memory", arguments: { query: "pet", after: "last year" } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/after/);
    const yearZero = (await client.callTool({ name: "search_memory", arguments: { query: "pet", before: "0000-01-01" } })) as CallToolResult;
    expect(yearZero.isError).toBe(true);
    expect(text(yearZero)).toMatch(/years 1 and 9999/);
    await client.close();
  });
});

// POST /api/v1/memories against remote OpenAI-compatible services. The "remote
// service" here is a STUB: a plain HTTP server started by this test on 127.0.0.1
// (port 0) that answers /v1/chat/completions and /v1/embeddings the way an
// OpenAI-compatible server would, switched into failure modes on demand.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { addMemory, agentActor, dashboardActor, decideReviews, listReviews, retryPendingEmbeddings, searchMemories } from "@/lib/memory";
import { ensureVectorIndex } from "@/lib/memory/vector";
import { BREAKER_FAILURES, BREAKER_OPEN_MS, resetRemoteBreakersForTests } from "@/lib/remote/openai-compatible";
import { captureStderr, createAgentKey, useFreshDb, withEnv } from "@/lib/testing/harness";
import { GET as getHistory } from "./[id]/history/route";
import { GET as getOne } from "./[id]/route";
import { POST } from "./route";
import { POST as searchPost } from "./search/route";
import { signIn, type ApiUser } from "@/lib/testing/harness";
import { serveRoutes } from "@/lib/testing/http-server";
import { connectMcp } from "@/lib/testing/mcp";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as gatewayMcp from "../../../mcp/messages/route";

type ChatReply = (messages: { role: string; content: string }[]) => { status: number; body: string } | "hang";
type EmbedMode = "ok" | "fail" | "wrong-dim" | "hang";

/** A stub of a remote OpenAI-compatible service (chat completions + embeddings). */
async function startStubService() {
  const state = {
    chat: (() => ({ status: 500, body: "{}" })) as ChatReply,
    embed: "ok" as EmbedMode,
    chatCalls: [] as { model: string; messages: { role: string; content: string }[] }[],
    embedCalls: 0,
    /** The inputs of each embeddings call, in order. */
    embedInputs: [] as string[][],
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (req.url === "/v1/chat/completions") {
      state.chatCalls.push({ model: body.model, messages: body.messages });
      const reply = state.chat(body.messages);
      if (reply === "hang") return; // never answers: the caller's deadline must end the wait
      res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
    } else if (req.url === "/v1/embeddings") {
      state.embedCalls++;
      state.embedInputs.push(body.input);
      if (state.embed === "hang") return;
      if (state.embed === "fail") {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":"overloaded"}');
        return;
      }
      const dim = state.embed === "wrong-dim" ? 5 : 8;
      const data = (body.input as string[]).map((text, index) => ({ index, embedding: stubVector(text, dim) }));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    close: () => {
      server.closeAllConnections(); // hanging answers
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Deterministic bag-of-letters vectors: the same text always gets the same vector. */
function stubVector(text: string, dim: number): number[] {
  const v = Array.from({ length: dim }, () => 0.01);
  for (const ch of text.toLowerCase()) if (/[a-z]/.test(ch)) v[ch.charCodeAt(0) % dim] += 1;
  return v;
}

const chatAnswer = (content: unknown) => ({
  status: 200,
  body: JSON.stringify({ choices: [{ message: { role: "assistant", content: typeof content === "string" ? content : JSON.stringify(content) } }] }),
});

let db: Db;
let stub: Awaited<ReturnType<typeof startStubService>>;

beforeAll(async () => {
  db = await useFreshDb();
  stub = await startStubService();
});
afterAll(() => stub.close());
// Each test starts with the stub's endpoints trusted again (the circuit breaker is per process).
beforeEach(() => resetRemoteBreakersForTests());

describe("with an LLM (stub of a remote chat-completions service)", () => {
  const llmEnv = () => ({ LLM_BASE_URL: stub.url, LLM_MODEL: "stub" });
  let user: ApiUser;
  beforeAll(async () => {
    user = await signIn("llm@example.com");
  });

  it("extracts facts, then ADDs one and UPDATEs an existing memory as the LLM decides", async () => {
    await withEnv(llmEnv(), async () => {
      const seeded = await user.post(POST, "/api/v1/memories", { body: { text: "Lives in Berlin", infer: false } });
      expect(seeded.body.results[0].event).toBe("ADD");
      const existingId = seeded.body.results[0].id;
      expect(stub.state.chatCalls).toHaveLength(0); // infer: false skips the LLM

      let decisionInput: { existing: { id: string; text: string }[]; new_facts: string[] } | undefined;
      stub.state.chat = (messages) => {
        if (messages[0].content.includes("extract durable personal facts")) {
          return chatAnswer({ facts: [{ text: "Works as a pilot", categories: ["work"] }, { text: "Moved to Hamburg", categories: ["home"] }] });
        }
        decisionInput = JSON.parse(messages[1].content);
        return chatAnswer("```json\n" + JSON.stringify({
          memory: [
            { id: "new", text: "Works as a pilot", event: "ADD" },
            { id: "0", text: "Lives in Hamburg (moved from Berlin)", event: "UPDATE" },
          ],
        }) + "\n```");
      };
      const r = await user.post(POST, "/api/v1/memories", { body: { text: "I'm a pilot and I just moved to Hamburg!" } });
      expect(r.status).toBe(201);
      expect(r.body.results).toEqual([
        { id: expect.any(String), memory: "Works as a pilot", event: "ADD" },
        { id: existingId, memory: "Lives in Hamburg (moved from Berlin)", event: "UPDATE" },
      ]);
      expect(stub.state.chatCalls).toHaveLength(2);
      expect(stub.state.chatCalls.every((c) => c.model === "stub")).toBe(true);
      expect(decisionInput).toEqual({ existing: [{ id: "0", text: "Lives in Berlin" }], new_facts: ["Works as a pilot", "Moved to Hamburg"] });

      const updated = await user.get(getOne, "/x", { params: { id: existingId } });
      expect(updated.body.memory).toBe("Lives in Hamburg (moved from Berlin)");
      const h = await user.get(getHistory, "/x", { params: { id: existingId } });
      expect(JSON.parse(h.body.items.at(-1).reason)).toEqual({ updated_from: "Lives in Berlin" });
      const added = await user.get(getOne, "/x", { params: { id: r.body.results[0].id } });
      expect(added.body).toMatchObject({ memory: "Works as a pilot", categories: ["work"], app: { name: "jean-memory" } });
    });
  });

  it.each([
    ["answers 500", () => ({ status: 500, body: '{"error":"boom"}' })],
    ["answers garbage", () => ({ status: 200, body: "<html>not json</html>" })],
    ["answers prose instead of JSON", () => chatAnswer("Sure! Here are the facts: ...")],
    ["answers JSON of the wrong shape", () => chatAnswer({ facts: "pilot" })],
  ])("when the LLM %s, the text is still stored as given (ADD), never lost", async (_label, reply) => {
    await withEnv(llmEnv(), async () => {
      stub.state.chat = reply;
      const text = `Keeps bees on the roof (${_label})`;
      const r = await user.post(POST, "/api/v1/memories", { body: { text } });
      expect(r.status).toBe(201);
      expect(r.body.results).toEqual([{ id: expect.any(String), memory: text, event: "ADD" }]);
      const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: r.body.results[0].id } });
      expect(row).toMatchObject({ content: text, state: "active", metadata: { inference: "failed" } });
    });
  });
  it("under review, the LLM's UPDATE and DELETE of existing memories are staged, applied only on approval", async () => {
    await withEnv(llmEnv(), async () => {
      const seeded = await user.post(POST, "/api/v1/memories", { body: { text: "Works at Acme as a designer", infer: false } });
      const other = await user.post(POST, "/api/v1/memories", { body: { text: "Drives a red Fiat", infer: false } });
      const jobId = seeded.body.results[0].id;
      const carId = other.body.results[0].id;
      stub.state.chat = (messages) => {
        if (messages[0].content.includes("extract durable personal facts")) {
          return chatAnswer({ facts: [{ text: "Works at Globex as a lead designer", categories: ["work"] }, { text: "Sold the car", categories: ["personal"] }] });
        }
        const input = JSON.parse(messages[1].content) as { existing: { id: string; text: string }[] };
        const idOf = (t: string) => input.existing.find((e) => e.text === t)!.id;
        return chatAnswer({
          memory: [
            { id: idOf("Works at Acme as a designer"), text: "Works at Globex as a lead designer", event: "UPDATE" },
            { id: idOf("Drives a red Fiat"), text: "", event: "DELETE" },
          ],
        });
      };
      const key = await createAgentKey(user.id, { name: "Reviewed LLM bot", reviewWrites: true });
      const actor = agentActor(user.id, { keyId: key.id, appName: "Reviewed LLM bot", scopes: ["memories:read", "memories:write"], policy: { hideSensitive: false, reviewWrites: true } });
      const { results } = await addMemory(actor, "I moved to Globex as lead designer and sold my car");
      expect(results).toEqual([
        { id: jobId, memory: "Works at Globex as a lead designer", event: "UPDATE", pending_review: true },
        { id: carId, memory: "Drives a red Fiat", event: "DELETE", pending_review: true },
      ]);
      // Nothing applied yet.
      expect((await user.get(getOne, "/x", { params: { id: jobId } })).body).toMatchObject({ memory: "Works at Acme as a designer", state: "active" });
      expect((await user.get(getOne, "/x", { params: { id: carId } })).body.state).toBe("active");
      const open = await listReviews(user.id);
      expect(open.items.map((r) => [r.action, r.memory.id, r.proposed_text]).sort()).toEqual([
        ["delete", carId, null],
        ["update", jobId, "Works at Globex as a lead designer"],
      ]);
      await decideReviews(user.id, open.items.map((r) => r.id), "approve");
      expect((await user.get(getOne, "/x", { params: { id: jobId } })).body.memory).toBe("Works at Globex as a lead designer");
      expect((await user.get(getOne, "/x", { params: { id: carId } })).body.state).toBe("deleted");
    });
  });

});

describe("with a remote embedder (stub of a remote embeddings service)", () => {
  const embedEnv = () => ({ EMBEDDER: "openai", EMBEDDINGS_BASE_URL: stub.url, EMBEDDINGS_MODEL: "stub", EMBEDDINGS_DIM: "8" });

  it("an outage leaves the memory stored with its embedding pending; once the service recovers the retry fills it in", async () => {
    const user = await signIn("embed@example.com");
    await withEnv(embedEnv(), async () => {
      await ensureVectorIndex();
      stub.state.embed = "fail";
      const callsBefore = stub.state.embedCalls;
      let r!: Awaited<ReturnType<ApiUser["post"]>>;
      const logs = await captureStderr(async () => {
        r = await user.post(POST, "/api/v1/memories", { body: { text: "Plays the violin in a string quartet" } });
        // addMemory also retries pending embeddings in the background: let that (failing) attempt finish.
        await vi.waitFor(() => expect(stub.state.embedCalls).toBe(callsBefore + 2));
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      expect(r.status).toBe(201);
      expect(r.body.results).toEqual([{ id: expect.any(String), memory: "Plays the violin in a string quartet", event: "ADD", embedding_pending: true }]);
      expect(logs).toMatch(/embedding failed; memory stored with embedding pending/);
      const id = r.body.results[0].id;
      const pending = await db.prisma.memory.findUniqueOrThrow({ where: { id } });
      expect(pending).toMatchObject({ embeddingStatus: "pending", embeddingModel: null });

      // While the embedder is down, search degrades to full text instead of failing.
      const degraded = await user.post(searchPost, "/x", { body: { query: "violin" } });
      expect(degraded.status).toBe(200);
      expect(degraded.body.results.map((h: { id: string }) => h.id)).toEqual([id]);
      expect(await searchMemories(dashboardActor(user.id), "Plays the violin in a string quartet", { mode: "vector" })).toEqual([]);

      stub.state.embed = "ok";
      expect(await retryPendingEmbeddings({ userId: user.id })).toBe(1);
      const ready = await db.prisma.memory.findUniqueOrThrow({ where: { id } });
      expect(ready).toMatchObject({ embeddingStatus: "ready", embeddingModel: "openai:stub:8" });
      const byVector = await searchMemories(dashboardActor(user.id), "Plays the violin in a string quartet", { mode: "vector" });
      expect(byVector.map((h) => h.id)).toEqual([id]);
      const viaRoute = await user.post(searchPost, "/x", { body: { query: "Plays the violin in a string quartet" } });
      expect(viaRoute.body.results[0].id).toBe(id);
    });
  });

  it("vectors of the wrong dimension: stored pending with a clear log line, not a crash", async () => {
    const user = await signIn("dims@example.com");
    await withEnv(embedEnv(), async () => {
      stub.state.embed = "wrong-dim";
      let r!: Awaited<ReturnType<ApiUser["post"]>>;
      const logs = await captureStderr(async () => {
        r = await user.post(POST, "/api/v1/memories", { body: { text: "Collects rare stamps" } });
        await new Promise((resolve) => setTimeout(resolve, 100));
      });
      expect(r.status).toBe(201);
      expect(r.body.results[0]).toMatchObject({ event: "ADD", embedding_pending: true });
      expect(logs).toContain("embedding dimension mismatch: expected 8 (EMBEDDINGS_DIM), got 5");
      const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: r.body.results[0].id } });
      expect(row.embeddingStatus).toBe("pending");
      expect(await retryPendingEmbeddings({ userId: user.id })).toBe(0);
      // Search still answers (text only).
      const s = await user.post(searchPost, "/x", { body: { query: "stamps" } });
      expect(s.status).toBe(200);
      expect(s.body.results[0].id).toBe(r.body.results[0].id);
      stub.state.embed = "ok";
    });
  });

  it("after a switch of embedder, the reindex re-embeds what another model made, and only that", async () => {
    const user = await signIn("switch@example.com");
    const local = await user.post(POST, "/api/v1/memories", { body: { text: "Keeps bees on the roof" } });
    expect(local.status).toBe(201);
    const localId = local.body.results[0].id;
    expect((await db.prisma.memory.findUniqueOrThrow({ where: { id: localId } })).embeddingModel).toMatch(/^local:/);
    await withEnv(embedEnv(), async () => {
      stub.state.embed = "ok";
      const remote = await user.post(POST, "/api/v1/memories", { body: { text: "Runs on Sunday mornings" } });
      const remoteId = remote.body.results[0].id;
      await new Promise((resolve) => setTimeout(resolve, 100)); // the add's own background retry
      expect(await retryPendingEmbeddings({ userId: user.id })).toBe(0); // nothing pending
      expect(await retryPendingEmbeddings({ userId: user.id, includeOtherModels: true })).toBe(1);
      expect(stub.state.embedInputs.at(-1)).toEqual(["Keeps bees on the roof"]);
      const rows = await db.prisma.memory.findMany({ where: { id: { in: [localId, remoteId] } }, select: { id: true, embeddingModel: true, embeddingStatus: true } });
      expect(rows.map((r) => [r.id === localId ? "local" : "remote", r.embeddingModel, r.embeddingStatus]).sort()).toEqual([
        ["local", "openai:stub:8", "ready"],
        ["remote", "openai:stub:8", "ready"],
      ]);
      expect(await retryPendingEmbeddings({ userId: user.id, includeOtherModels: true })).toBe(0);
    });
  });
});

// Finding 6 of issue 16: a hanging embedder or LLM made an add take 30-75 s (each
// call had its own REMOTE_TIMEOUT_MS, the text was embedded twice, facts one by one)
// and every search 15 s. Now one deadline per request: REMOTE_TIMEOUT_MS in all for
// an add, SEARCH_EMBED_BUDGET_MS before a search answers by text alone. The bounds
// below (1.5 × the budget) are far under what the old code took (2-3 × the budget).
describe("deadlines when a remote service hangs (stub that never answers)", () => {
  const T = 800;
  const env = (extra: Record<string, string> = {}) => ({ EMBEDDER: "openai", EMBEDDINGS_BASE_URL: stub.url, EMBEDDINGS_MODEL: "stub", EMBEDDINGS_DIM: "8", REMOTE_TIMEOUT_MS: String(T), ...extra });
  const timed = async <R>(fn: () => Promise<R>): Promise<{ ms: number; value: R }> => {
    const started = performance.now();
    const value = await fn();
    return { ms: performance.now() - started, value };
  };
  let user: ApiUser;
  beforeAll(async () => {
    user = await signIn("deadlines@example.com");
  });

  it("a hanging embedder: the add answers within REMOTE_TIMEOUT_MS, stored pending, after one embed call", async () => {
    await withEnv(env(), async () => {
      stub.state.embed = "hang";
      const before = stub.state.embedInputs.length;
      let r!: Awaited<ReturnType<ApiUser["post"]>>;
      const { ms } = await timed(() => captureStderr(async () => { r = await user.post(POST, "/api/v1/memories", { body: { text: "Rides a red bicycle to work" } }); }));
      expect(ms).toBeLessThan(T * 1.5);
      expect(r.body.results).toEqual([{ id: expect.any(String), memory: "Rides a red bicycle to work", event: "ADD", embedding_pending: true }]);
      // The add made one call (the text once; categories reuse it), plus at most the background retry.
      const addCalls = stub.state.embedInputs.slice(before).filter((input) => input.includes("Rides a red bicycle to work"));
      expect(addCalls.length).toBeGreaterThanOrEqual(1);
      expect(addCalls.length).toBeLessThanOrEqual(2);
      const row = await db.prisma.memory.findFirstOrThrow({ where: { userId: user.id, content: "Rides a red bicycle to work" } });
      expect(row.embeddingStatus).toBe("pending");
      expect(row.state).toBe("active");
      stub.state.embed = "ok";
    });
  });

  it("a hanging LLM and a hanging embedder: the text is stored as given within REMOTE_TIMEOUT_MS", async () => {
    await withEnv(env({ LLM_BASE_URL: stub.url, LLM_MODEL: "stub" }), async () => {
      stub.state.embed = "hang";
      stub.state.chat = () => "hang";
      const text = "Grows tomatoes on the balcony";
      let r!: Awaited<ReturnType<ApiUser["post"]>>;
      const { ms } = await timed(() => captureStderr(async () => { r = await user.post(POST, "/api/v1/memories", { body: { text } }); }));
      expect(ms).toBeLessThan(T * 1.5);
      expect(r.status).toBe(201);
      expect(r.body.results).toEqual([{ id: expect.any(String), memory: text, event: "ADD", embedding_pending: true }]);
      const row = await db.prisma.memory.findUniqueOrThrow({ where: { id: r.body.results[0].id } });
      expect(row).toMatchObject({ content: text, embeddingStatus: "pending", metadata: { inference: "failed" } });
      stub.state.embed = "ok";
    });
  });

  it("an LLM that finds 3 facts: they are embedded in one call; with a hanging embedder the add still ends within REMOTE_TIMEOUT_MS", async () => {
    const facts = ["Owns a grey parrot", "Speaks Portuguese", "Runs marathons"];
    const replies = (messages: { role: string; content: string }[]) =>
      messages[0].content.includes("extract durable personal facts")
        ? chatAnswer({ facts: facts.map((text) => ({ text, categories: [] })) })
        : chatAnswer({ memory: facts.map((text) => ({ id: "new", text, event: "ADD" })) });
    await withEnv(env({ LLM_BASE_URL: stub.url, LLM_MODEL: "stub" }), async () => {
      stub.state.embed = "ok";
      stub.state.chat = replies;
      const before = stub.state.embedInputs.length;
      const r = await user.post(POST, "/api/v1/memories", { body: { text: "I own a grey parrot, speak Portuguese and run marathons." } });
      expect(r.status).toBe(201);
      expect(r.body.results.map((x: { memory: string; event: string }) => [x.memory, x.event])).toEqual(facts.map((f) => [f, "ADD"]));
      const factCalls = stub.state.embedInputs.slice(before).filter((input) => input.some((t) => facts.includes(t)));
      expect(factCalls).toEqual([facts]);

      stub.state.embed = "hang";
      const again = ["Owns a grey parrot named Kiwi", "Speaks Portuguese fluently", "Runs two marathons a year"];
      stub.state.chat = (messages) =>
        messages[0].content.includes("extract durable personal facts")
          ? chatAnswer({ facts: again.map((text) => ({ text, categories: [] })) })
          : chatAnswer({ memory: again.map((text) => ({ id: "new", text, event: "ADD" })) });
      let slow!: Awaited<ReturnType<ApiUser["post"]>>;
      const { ms } = await timed(() => captureStderr(async () => { slow = await user.post(POST, "/api/v1/memories", { body: { text: "Kiwi the parrot, fluent Portuguese, two marathons a year." } }); }));
      expect(ms).toBeLessThan(T * 1.5);
      expect(slow.status).toBe(201);
      stub.state.embed = "ok";
    });
  });

  it("a hanging embedder: search answers by text alone after SEARCH_EMBED_BUDGET_MS and says so (REST and MCP)", async () => {
    await withEnv(env({ REMOTE_TIMEOUT_MS: "10000", SEARCH_EMBED_BUDGET_MS: "300", MCP_GATEWAY_TRUST_HEADER: "true" }), async () => {
      stub.state.embed = "ok";
      const added = await user.post(POST, "/api/v1/memories", { body: { text: "Learning to play the bagpipes" } });
      const id = added.body.results[0].id;
      const healthy = await user.post(searchPost, "/x", { body: { query: "bagpipes" } });
      expect(healthy.body).toEqual({ results: expect.any(Array) });

      stub.state.embed = "hang";
      const { ms, value: s } = await timed(() => user.post(searchPost, "/x", { body: { query: "bagpipes" } }));
      expect(ms).toBeLessThan(2_000);
      expect(s.status).toBe(200);
      expect(s.body.degraded).toBe("text_only");
      expect(s.body.results.map((h: { id: string }) => h.id)).toEqual([id]);

      const server = await serveRoutes({ "/mcp/messages": gatewayMcp });
      try {
        const { userId: externalId } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
        const client = await connectMcp(server.url + "/mcp/messages", { "x-user-id": externalId, "x-client-name": "claude" });
        const result = (await client.callTool({ name: "search_memory", arguments: { query: "bagpipes" } })) as CallToolResult;
        const [answer, note] = result.content as { type: "text"; text: string }[];
        // The first block is the JSON array clients parse, unchanged; the note comes after it.
        expect(JSON.parse(answer.text).map((h: { id: string }) => h.id)).toEqual([id]);
        expect(note.text).toMatch(/keyword matches only/);
        await client.close();
      } finally {
        await server.close();
      }
      stub.state.embed = "ok";
    });
  });
});

describe("a remote service that keeps failing is skipped for a while (circuit breaker)", () => {
  const env = () => ({ EMBEDDER: "openai", EMBEDDINGS_BASE_URL: stub.url, EMBEDDINGS_MODEL: "stub", EMBEDDINGS_DIM: "8", REMOTE_TIMEOUT_MS: "800" });
  afterEach(() => {
    vi.useRealTimers();
    stub.state.embed = "ok";
  });

  it(`after ${BREAKER_FAILURES} failures in a row, adds and searches stop calling it; one trial after ${BREAKER_OPEN_MS / 1000} s, and it is used again once it answers`, async () => {
    const user = await signIn("breaker@example.com");
    await withEnv(env(), async () => {
      stub.state.embed = "fail";
      const add = (text: string) => user.post(POST, "/api/v1/memories", { body: { text } });
      await captureStderr(async () => {
        // Adds fail to embed (and so do their background retries) until the breaker opens.
        for (let i = 0; i < BREAKER_FAILURES; i++) {
          expect((await add(`Breaker note ${i} about kayaks`)).body.results[0].embedding_pending).toBe(true);
        }
        await new Promise((resolve) => setTimeout(resolve, 100)); // background retries settle
        const callsWhenOpen = stub.state.embedCalls;
        const r = await add("Breaker note while open about canoes");
        expect(r.status).toBe(201);
        expect(r.body.results[0].embedding_pending).toBe(true);
        const search = await user.post(searchPost, "/x", { body: { query: "canoes" } });
        expect(search.status).toBe(200);
        expect(search.body.results.map((h: { memory: string }) => h.memory)).toContain("Breaker note while open about canoes");
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(stub.state.embedCalls).toBe(callsWhenOpen); // not called at all while open

        // Later: the service is back; the first call after the pause is let through and closes the breaker.
        stub.state.embed = "ok";
        vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + BREAKER_OPEN_MS + 1_000 });
        const back = await add("Breaker note after recovery about rafts");
        expect(back.body.results[0].embedding_pending).toBeUndefined();
        expect(stub.state.embedCalls).toBeGreaterThan(callsWhenOpen);
        expect(await retryPendingEmbeddings({ userId: user.id })).toBeGreaterThan(0);
      });
    });
  });
});

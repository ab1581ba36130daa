// POST /api/v1/memories against remote OpenAI-compatible services. The "remote
// service" here is a STUB: a plain HTTP server started by this test on 127.0.0.1
// (port 0) that answers /v1/chat/completions and /v1/embeddings the way an
// OpenAI-compatible server would, switched into failure modes on demand.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/db";
import { dashboardActor, retryPendingEmbeddings, searchMemories } from "@/lib/memory";
import { ensureVectorIndex } from "@/lib/memory/vector";
import { captureStderr, useFreshDb, withEnv } from "@/lib/testing/harness";
import { GET as getHistory } from "./[id]/history/route";
import { GET as getOne } from "./[id]/route";
import { POST } from "./route";
import { POST as searchPost } from "./search/route";
import { signIn, type ApiUser } from "@/lib/testing/harness";

type ChatReply = (messages: { role: string; content: string }[]) => { status: number; body: string };
type EmbedMode = "ok" | "fail" | "wrong-dim";

/** A stub of a remote OpenAI-compatible service (chat completions + embeddings). */
async function startStubService() {
  const state = {
    chat: (() => ({ status: 500, body: "{}" })) as ChatReply,
    embed: "ok" as EmbedMode,
    chatCalls: [] as { model: string; messages: { role: string; content: string }[] }[],
    embedCalls: 0,
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (req.url === "/v1/chat/completions") {
      state.chatCalls.push({ model: body.model, messages: body.messages });
      const reply = state.chat(body.messages);
      res.writeHead(reply.status, { "content-type": "application/json" }).end(reply.body);
    } else if (req.url === "/v1/embeddings") {
      state.embedCalls++;
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
  return { url, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
});

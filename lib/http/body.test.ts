// Body caps that hold for chunked bodies: a 5 MB body sent without Content-Length
// to every endpoint that reads a body gets 413, and the server stops reading at the
// cap — it never pulls (so never buffers) the rest. Measured by counting the bytes
// the handler pulls from the request stream, then over real HTTP with chunked
// transfer encoding.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as agentMcpMessages from "../../app/agent/v1/mcp/messages/route";
import * as agentMcp from "../../app/agent/v1/mcp/route";
import * as signIn from "../../app/auth/local/sign-in/route";
import * as app from "../../app/api/v1/apps/[id]/route";
import * as key from "../../app/api/v1/keys/[id]/route";
import * as keys from "../../app/api/v1/keys/route";
import * as memory from "../../app/api/v1/memories/[id]/route";
import * as actions from "../../app/api/v1/memories/actions/[action]/route";
import * as importRoute from "../../app/api/v1/memories/import/route";
import * as memories from "../../app/api/v1/memories/route";
import * as search from "../../app/api/v1/memories/search/route";
import * as gatewayMcp from "../../app/mcp/messages/route";
import { createAgentKey, signInLocally, useFreshDb, userTest, type Handler } from "../testing/harness";
import { serveRoutes } from "../testing/http-server";
import { getOrCreateUser } from "../users";

const FIVE_MB = 5 * 1024 * 1024;
const CHUNK = 64 * 1024;
const uuid = "00000000-0000-4000-8000-000000000000";

/** A 5 MB body produced on demand, counting what the reader pulled. */
function chunkedBody(total = FIVE_MB) {
  const meter = { pulled: 0 };
  const chunk = new TextEncoder().encode("[" + " ".repeat(CHUNK - 1));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (meter.pulled >= total) return controller.close();
      meter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, meter };
}

let cookie: string;
let agentKey: string;
const credentials = () => ({
  session: { cookie },
  gateway: { "x-user-id": "body-cap-user", "x-client-name": "claude" },
  agent: { authorization: `Bearer ${agentKey}` },
  none: {} as Record<string, string>,
});

beforeAll(async () => {
  await useFreshDb();
  ({ cookie } = await signInLocally("body-cap@example.com"));
  agentKey = (await createAgentKey((await getOrCreateUser("body-cap-agent")).id)).key;
});

type Case = [label: string, handler: Handler, method: string, auth: keyof ReturnType<typeof credentials>, params: Record<string, string>, cap: number, contentType?: string];

const JSON_CAP = 1_000_000;
const CASES: Case[] = [
  ["POST /api/v1/memories", memories.POST, "POST", "session", {}, JSON_CAP],
  ["DELETE /api/v1/memories", memories.DELETE, "DELETE", "session", {}, JSON_CAP],
  ["PUT /api/v1/memories/{id}", memory.PUT, "PUT", "session", { id: uuid }, JSON_CAP],
  ["POST /api/v1/memories/actions/archive", actions.POST, "POST", "session", { action: "archive" }, JSON_CAP],
  ["POST /api/v1/memories/search", search.POST, "POST", "session", {}, JSON_CAP],
  ["PUT /api/v1/apps/{id}", app.PUT, "PUT", "session", { id: uuid }, JSON_CAP],
  ["POST /api/v1/keys", keys.POST, "POST", "session", {}, 10_000],
  ["PATCH /api/v1/keys/{id}", key.PATCH, "PATCH", "session", { id: uuid }, 10_000],
  ["POST /api/v1/memories/import", importRoute.POST, "POST", "session", {}, 10 * 1024 * 1024, "application/x-ndjson"],
  ["POST /auth/local/sign-in (JSON)", signIn.POST, "POST", "none", {}, JSON_CAP],
  ["POST /auth/local/sign-in (form)", signIn.POST, "POST", "none", {}, 10_000, "application/x-www-form-urlencoded"],
  ["POST /mcp/messages", gatewayMcp.POST, "POST", "gateway", {}, 1_000_000],
  ["POST /agent/v1/mcp", agentMcp.POST, "POST", "agent", {}, 1_000_000],
  ["POST /agent/v1/mcp/messages", agentMcpMessages.POST, "POST", "agent", {}, 1_000_000],
];

describe("a chunked body without Content-Length, larger than the cap", () => {
  it.each(CASES)("%s: 413, and reading stops at the cap", async (label, handler, method, auth, params, cap, contentType = "application/json") => {
    // The import cap is 10 MB: send 12 MB there.
    const { stream, meter } = chunkedBody(Math.max(FIVE_MB, cap + 2 * 1024 * 1024));
    const request = new Request("http://localhost:3000/x", {
      method,
      headers: { "content-type": contentType, ...credentials()[auth] },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await handler(request, { params: Promise.resolve(params) });
    expect(res.status, label).toBe(413);
    const body = await res.json();
    if (label.includes("/mcp")) expect(body).toMatchObject({ jsonrpc: "2.0", error: { code: -32600 } });
    else expect(body.error.code).toBe("payload_too_large");
    // At most the cap and a couple of chunks in flight were ever pulled into memory.
    expect(meter.pulled, label).toBeLessThanOrEqual(cap + 2 * CHUNK);
  });

  userTest("a body under the cap is still read whole (the cap is not off by a chunk)", async ({ user }) => {
    const text = JSON.stringify({ text: "Likes long walks " + "x".repeat(9000) });
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const res = await memories.POST(
      new Request("http://localhost:3000/api/v1/memories", { method: "POST", headers: { "content-type": "application/json", cookie: user.cookie }, body: stream, duplex: "half" } as RequestInit),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(201);
    const [added] = (await res.json()).results;
    expect(added.memory).toHaveLength(JSON.parse(text).text.length);
  });
});

describe("over real HTTP, chunked transfer encoding", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  beforeAll(async () => {
    server = await serveRoutes({ "/api/v1/memories": memories, "/mcp/messages": gatewayMcp, "/agent/v1/mcp": agentMcp });
  });
  afterAll(async () => server?.close());

  /** POSTs 5 MB in chunks (no Content-Length) until the server answers; resolves with its status and body. */
  function sendChunked(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = http.request(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
        answered = true;
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent }));
      });
      // The server may close the connection once it has answered; that is expected.
      req.on("error", (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(CHUNK, " ");
      const write = () => {
        while (!answered && sent < FIVE_MB) {
          sent += CHUNK;
          if (!req.write(chunk)) return void req.once("drain", write);
        }
        if (!answered) req.end();
      };
      write();
    });
  }

  it.each([
    ["/api/v1/memories", () => ({ cookie })],
    ["/mcp/messages", () => credentials().gateway],
    ["/agent/v1/mcp", () => credentials().agent],
  ])("%s answers 413 JSON", async (path, headers) => {
    const { status, body } = await sendChunked(path, headers());
    expect(status).toBe(413);
    expect(() => JSON.parse(body)).not.toThrow();
  });
});

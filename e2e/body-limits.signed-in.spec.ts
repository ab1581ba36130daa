// Body caps through the production server (`next start`): a body streamed without
// Content-Length (chunked) to a JSON endpoint, the import and both MCP paths is
// answered 413 once it passes the cap — the client is still sending, so the server
// cannot have buffered the rest. (lib/http/body.test.ts counts the bytes read.)
import http from "node:http";
import { expect, test } from "@playwright/test";

const secret = { "x-gateway-secret": "e2e-gateway-secret-0123456789" };
const UP_TO = 200 * 1024 * 1024;

/** Streams up to 200 MB in 64 KiB chunks until the server answers. */
function sendChunked(url: string, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers }, (res) => {
      answered = true;
      const at = sent;
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, sent: at }));
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, " ");
    const write = () => {
      while (!answered && sent < UP_TO) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

test("chunked bodies over the cap get 413 JSON while the client is still sending", async ({ context, request, baseURL }) => {
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const created = await request.post("/api/v1/keys", { data: { name: "e2e body caps" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();

  const cases: [path: string, headers: Record<string, string>, mcp: boolean][] = [
    ["/api/v1/memories", { cookie, "content-type": "application/json" }, false],
    ["/api/v1/memories/search", { cookie, "content-type": "application/json" }, false],
    ["/api/v1/memories/import", { cookie, "content-type": "application/x-ndjson" }, false],
    ["/mcp/messages/", { ...secret, "x-user-id": "e2e-body-caps", "content-type": "application/json" }, true],
    ["/agent/v1/mcp", { authorization: `Bearer ${key}`, "content-type": "application/json" }, true],
  ];
  for (const [path, headers, mcp] of cases) {
    const { status, body, sent } = await sendChunked(baseURL + path, headers);
    expect(status, path).toBe(413);
    const json = JSON.parse(body);
    if (mcp) expect(json.error.code, path).toBe(-32600);
    else expect(json.error.code, path).toBe("payload_too_large");
    // Answered long before 200 MB were sent: reading stopped at the cap (1 MB; 10 MB for import).
    expect(sent, path).toBeLessThan(64 * 1024 * 1024);
  }
});

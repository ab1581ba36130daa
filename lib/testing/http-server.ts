// Serves route handlers over real HTTP on loopback so HTTP clients (the MCP SDK's
// Streamable HTTP client, supergateway) can talk to them in integration tests.
// It only maps a path (with or without trailing slash) to the route module's
// exported method handlers; `next start` is exercised by the Playwright suite.
import http from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type Handler = (request: Request) => Promise<Response>;
export type Routes = Record<string, Partial<Record<"GET" | "POST" | "DELETE" | "PUT" | "PATCH", Handler>>>;

export async function serveRoutes(routes: Routes): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      const path = (req.url ?? "/").split("?")[0].replace(/(.)\/$/, "$1");
      const handler = routes[path]?.[req.method as "GET"];
      if (!handler) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "not_found", message: "no route" } }));
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      // The body is streamed to the handler as it arrives, as Next does: a handler
      // that stops reading (a size cap) leaves the rest unread.
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const body = hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined;
      const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body, duplex: "half" } as RequestInit));
      const out = Buffer.from(await response.arrayBuffer());
      // Answered before the whole body arrived (413): close the connection after the
      // answer rather than read the rest.
      const unread = hasBody && !req.readableEnded;
      res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...(unread ? { connection: "close" } : {}) });
      res.end(out);
      if (unread) res.on("finish", () => req.destroy());
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

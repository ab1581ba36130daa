// One debug line per API/MCP request — which path, how it answered, how long it took;
// never headers or bodies (that is where credentials and memories are).
import { log } from "../log";

export async function loggedRequest(via: "session" | "agent" | "gateway" | "agent-mcp" | "connector-mcp" | "oauth" | "cron", request: Request, answer: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const response = await answer();
  log.debug("request", { via, method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - started) });
  return response;
}

// What scripts/e2e-server.mjs and scripts/check-log-secrets.mjs share (importing the
// server script itself would start a server).
import path from "node:path";

// The gateway secret the trusted proxy would send (e2e/mcp-contract.spec.ts has the same value).
export const E2E_GATEWAY_SECRET = "e2e-gateway-secret-0123456789";
/** Everything the e2e server logs during a run. */
export const E2E_SERVER_LOG = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "e2e", ".logs", "server.log");

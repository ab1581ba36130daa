// The server Playwright tests run against: the production build (`next start`)
// on a fresh, throwaway embedded database, local sign-in allowed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Run Next directly (not through npx) so signals reach the server itself and no
// orphaned server keeps the port and the database directory.
const NEXT_BIN = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", "next", "dist", "bin", "next");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-e2e-"));
const port = process.env.E2E_PORT ?? "3210";
// The gateway secret the trusted proxy would send (e2e/mcp-contract.spec.ts uses it).
export const E2E_GATEWAY_SECRET = "e2e-gateway-secret-0123456789";
const env = { ...process.env, JEAN_DATA_DIR: dataDir, JEAN_ALLOW_LOCAL_AUTH: "true", NODE_ENV: "production", MCP_GATEWAY_SECRET: E2E_GATEWAY_SECRET };
for (const name of ["DATABASE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "SUPABASE_JWT_SECRET"]) {
  delete env[name];
}
const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", port], { stdio: "inherit", env });
const stop = () => {
  server.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { stop(); process.exit(0); });
server.on("exit", (code) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});

// The server Playwright tests run against: the production build (`next start`)
// on a fresh, throwaway embedded database, local sign-in allowed.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_GATEWAY_SECRET, E2E_SERVER_LOG } from "./e2e-server-env.mjs";

// Run Next directly (not through npx) so signals reach the server itself and no
// orphaned server keeps the port and the database directory.
const NEXT_BIN = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", "next", "dist", "bin", "next");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-e2e-"));
const port = process.env.E2E_PORT ?? "3210";
// Client ID Metadata Documents may be served on loopback: e2e/oauth.signed-in.spec.ts serves one.
const env = { ...process.env, JEAN_DATA_DIR: dataDir, JEAN_ALLOW_LOCAL_AUTH: "true", NODE_ENV: "production", MCP_GATEWAY_SECRET: E2E_GATEWAY_SECRET, OAUTH_ALLOW_LOOPBACK_CLIENT_METADATA: "true" };
for (const name of ["DATABASE_URL", "NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY", "SUPABASE_JWT_SECRET"]) {
  delete env[name];
}
// Everything the server logs (at debug level) also goes to a file that
// scripts/check-log-secrets.mjs greps for secrets after the browser tests.
fs.mkdirSync(path.dirname(E2E_SERVER_LOG), { recursive: true });
const logFile = fs.createWriteStream(E2E_SERVER_LOG);
env.LOG_LEVEL = "debug";
const server = spawn(process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", port], { stdio: ["ignore", "pipe", "pipe"], env });
server.stdout.on("data", (chunk) => { process.stdout.write(chunk); logFile.write(chunk); });
server.stderr.on("data", (chunk) => { process.stderr.write(chunk); logFile.write(chunk); });
const stop = () => {
  server.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => { stop(); process.exit(0); });
server.on("exit", (code) => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});

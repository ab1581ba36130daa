// The production server (`next start`) for a benchmark: on a port, with the given
// environment, waited for until /api/health answers; stop() ends it.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.join(import.meta.dirname, "..", "..");

export async function startNextServer(port: number, env: Record<string, string>, nodeArgs: string[] = []): Promise<{ base: string; stop: () => Promise<void> }> {
  const server = spawn(process.execPath, [...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", JEAN_ALLOW_LOCAL_AUTH: "true", LOG_LEVEL: "error", DATABASE_URL: "", ...env },
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
  };
  for (let i = 0; ; i++) {
    if (i > 120) {
      await stop();
      throw new Error("server did not start");
    }
    try {
      if ((await fetch(base + "/api/health")).ok) return { base, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

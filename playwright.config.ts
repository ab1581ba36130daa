import { defineConfig } from "@playwright/test";
import { CHROMIUM_HELP, findChromium } from "./scripts/find-chromium.mjs";

const executablePath = findChromium();
if (!executablePath) throw new Error(CHROMIUM_HELP);
const port = process.env.E2E_PORT ?? "3210";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
    trace: "off",
  },
  // "setup" signs in once and saves the session; specs named *.signed-in.spec.ts
  // start from it. The others manage sessions themselves (sign in, sign out).
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "signed in", testMatch: /\.signed-in\.spec\.ts/, dependencies: ["setup"], use: { storageState: "e2e/.auth/user.json" } },
    { name: "default", testMatch: /\.spec\.ts/, testIgnore: /\.signed-in\.spec\.ts/ },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});

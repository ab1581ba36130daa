// Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's package.
import fs from "node:fs";

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p));
}

export const CHROMIUM_HELP =
  "No Chromium found for the browser tests. Install Debian's package (sudo apt-get install -y chromium) " +
  "or set CHROMIUM_PATH to a Chromium/Chrome binary. (`npx playwright install` cannot download browsers here.)";

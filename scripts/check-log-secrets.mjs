// After the browser tests: the server's whole log of that run (scripts/e2e-server.mjs,
// at debug level) must hold no secret — no API key, session JWT, OAuth code or token, Bearer credential,
// session cookie or the gateway secret — although the run created keys, signed in,
// used the gateway secret and sent bad credentials. Exits 1 naming what it found.
import fs from "node:fs";
import path from "node:path";
import { E2E_GATEWAY_SECRET, E2E_SERVER_LOG } from "./e2e-server-env.mjs";

const LEAKS = [
  ["an API key", /jean_sk_[0-9A-Za-z]{8,}/],
  ["an OAuth code, refresh token or client secret", /jean_(ac|rt|cs)_[0-9A-Za-z_-]{8,}/],
  ["a JWT", /eyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\.[0-9A-Za-z_-]+/],
  ["a Bearer credential", /Bearer (?!\[redacted\])\S{8,}/],
  ["a session cookie", /jean-session=[^;\s"]{8,}/],
  ["the gateway secret", new RegExp(E2E_GATEWAY_SECRET)],
];

const file = path.resolve(E2E_SERVER_LOG);
if (!fs.existsSync(file)) {
  console.error(`check-log-secrets: ${file} is missing: did the browser tests run?`);
  process.exit(1);
}
const lines = fs.readFileSync(file, "utf8").split("\n");
const jsonLines = lines.filter((l) => l.startsWith("{")).length;
// A log with nothing in it would pass any grep.
if (jsonLines < 20) {
  console.error(`check-log-secrets: only ${jsonLines} log lines in ${file}; expected a full run's`);
  process.exit(1);
}
let found = 0;
for (const [what, pattern] of LEAKS) {
  const hits = lines.filter((l) => pattern.test(l));
  if (hits.length) {
    found += hits.length;
    console.error(`check-log-secrets: ${what} in ${hits.length} line(s), e.g.: ${hits[0].slice(0, 300)}`);
  }
}
if (found) process.exit(1);
console.log(`check-log-secrets: ${lines.length} lines (${jsonLines} JSON log lines) of the e2e server log, no secret found`);

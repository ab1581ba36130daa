/**
 * Agent key verification benchmark: `npm run bench:keys`.
 *
 * Times getCurrentAgent (lib/auth/agent-key.ts) on an in-memory PGlite for:
 *   valid (uncached)  first lookup of a key: hash + database read (+ background last_used_at write)
 *   valid (cached)    a key verified within AGENT_KEY_CACHE_SECONDS (default 30 s)
 *   revoked           always read from the database (only valid keys are cached)
 *   unknown           well-formed, checksum right, no such key: one database read
 *   malformed         wrong checksum / shape / scheme: rejected before any hashing or I/O
 * and prints verifications per second and p50 / p99 latency. Targets: malformed
 * < 10 µs, cached p99 < 50 µs.
 */
import { getCurrentAgent } from "../lib/auth/agent-key";
import { openDb, setDbForTests } from "../lib/db";
import { verifiedKeyCache } from "../lib/keys/cache";
import { displayParts, generateKey, hashKey } from "../lib/keys/format";
import { settleKeyUseWrites } from "../lib/keys/usage";

process.env.LOG_LEVEL ??= "warn";

interface Row {
  name: string;
  n: number;
  opsPerSec: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
}

const toReq = (authorization: string) => new Request("http://bench.local/agent/v1/me", { headers: { authorization } });

async function measure(name: string, requests: Request[], expectOk: boolean): Promise<Row> {
  const samples = new Float64Array(requests.length);
  let ok = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < requests.length; i++) {
    const t0 = process.hrtime.bigint();
    const r = await getCurrentAgent(requests[i]);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (r.ok) ok++;
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  if (ok !== (expectOk ? requests.length : 0)) {
    throw new Error(`${name}: ${ok}/${requests.length} accepted, expected ${expectOk ? "all" : "none"}`);
  }
  samples.sort();
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { name, n: requests.length, opsPerSec: requests.length / total, p50: q(0.5), p99: q(0.99), max: samples[samples.length - 1], ok };
}

function print(rows: Row[]) {
  const fmt = (us: number) => (us < 10 ? us.toFixed(2) : us < 1000 ? us.toFixed(1) : us.toFixed(0));
  const header = ["case", "n", "verif/s", "p50 µs", "p99 µs", "max µs", "accepted"];
  const lines = rows.map((r) => [r.name, String(r.n), Math.round(r.opsPerSec).toLocaleString("en-US"), fmt(r.p50), fmt(r.p99), fmt(r.max), String(r.ok)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  console.log(row(header));
  console.log("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const l of lines) console.log(row(l));
}

async function main() {
  const db = await openDb({ dataDir: "memory://" });
  setDbForTests(db);
  const user = await db.prisma.user.create({ data: { userId: "bench-user", email: "bench@example.com" } });

  async function makeKeys(n: number, revoked: boolean): Promise<string[]> {
    const keys = Array.from({ length: n }, generateKey);
    for (let i = 0; i < keys.length; i += 500) {
      await db.prisma.apiKey.createMany({
        data: keys.slice(i, i + 500).map((key, j) => ({
          userId: user.id,
          name: `bench-${i + j}`,
          keyHash: hashKey(key),
          ...displayParts(key),
          scopes: ["memories:read", "memories:write"],
          revokedAt: revoked ? new Date() : null,
        })),
      });
    }
    return keys;
  }

  const UNCACHED = 3_000;
  const CACHED_KEYS = 1_000;
  const CACHED_N = 200_000;
  const REVOKED_N = 3_000;
  const MALFORMED_N = 200_000;

  const fresh = await makeKeys(UNCACHED + 500, false);
  const warm = await makeKeys(CACHED_KEYS, false);
  const revoked = await makeKeys(500, true);

  // Warm up the JIT and the database's caches on keys not measured.
  for (const k of fresh.slice(UNCACHED)) await getCurrentAgent(toReq(`Bearer ${k}`));
  await settleKeyUseWrites();
  verifiedKeyCache().clear();

  const rows: Row[] = [];
  rows.push(await measure("valid (uncached, first lookup)", fresh.slice(0, UNCACHED).map((k) => toReq(`Bearer ${k}`)), true));
  await settleKeyUseWrites();

  for (const k of warm) await getCurrentAgent(toReq(`Bearer ${k}`));
  await settleKeyUseWrites();
  const warmReqs = warm.map((k) => toReq(`Bearer ${k}`));
  rows.push(await measure("valid (cached)", Array.from({ length: CACHED_N }, (_, i) => warmReqs[i % warmReqs.length]), true));

  const revokedReqs = revoked.map((k) => toReq(`Bearer ${k}`));
  rows.push(await measure("revoked", Array.from({ length: REVOKED_N }, (_, i) => revokedReqs[i % revokedReqs.length]), false));

  rows.push(await measure("unknown (well-formed)", Array.from({ length: REVOKED_N }, () => toReq(`Bearer ${generateKey()}`)), false));

  const good = generateKey();
  const malformedHeaders = [
    `Bearer ${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`, // bad checksum
    `Bearer jean_sk_${"A".repeat(49)}`, // right shape, made up
    `Bearer ${good.slice(0, 40)}`, // truncated
    `Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln`, // a session JWT
    `Basic ${Buffer.from("user:pass").toString("base64")}`,
    `Bearer ${"x".repeat(5_000)}`, // oversized
  ];
  const malformedReqs = malformedHeaders.map(toReq);
  rows.push(await measure("malformed", Array.from({ length: MALFORMED_N }, (_, i) => malformedReqs[i % malformedReqs.length]), false));

  print(rows);
  const cached = rows.find((r) => r.name === "valid (cached)")!;
  const malformed = rows.find((r) => r.name === "malformed")!;
  console.log(
    `\ntargets: malformed p99 ${malformed.p99.toFixed(2)} µs (< 10: ${malformed.p99 < 10 ? "met" : "MISSED"}), ` +
      `cached p99 ${cached.p99.toFixed(2)} µs (< 50: ${cached.p99 < 50 ? "met" : "MISSED"})`,
  );
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, PGlite in memory; cache TTL ${process.env.AGENT_KEY_CACHE_SECONDS ?? "30"} s`);
  await settleKeyUseWrites();
  setDbForTests(undefined);
  await db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

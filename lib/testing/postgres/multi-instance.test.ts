// The PostgreSQL pass: three production servers (`next start`) on different ports,
// one PostgreSQL with pgvector at TEST_DATABASE_URL, as many stateless instances
// share one Supabase database. Runs only when TEST_DATABASE_URL is set (the vitest
// project "postgres", after `next build`: `npm test` does both); without it the run
// says loudly that this pass did not run.
//
//   TEST_DATABASE_URL=postgres://…             the database (direct connection); its
//                                              schema is migrated by the instances
//   TEST_DATABASE_POOLER_URL=postgres://…      optional: the same database behind a
//                                              transaction-mode pooler (PgBouncer,
//                                              Supavisor :6543); then the instances use
//                                              it as DATABASE_URL and TEST_DATABASE_URL
//                                              as DIRECT_URL
//   TEST_DATABASE_RESTART_COMMAND="…"          optional: a shell command that restarts
//                                              the server (e.g. `docker restart pg`);
//                                              without it the restart test ends every
//                                              other session (what a restart does to
//                                              the instances' connections)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILED_KEY_ATTEMPTS_PER_MINUTE, SIGN_INS_PER_MINUTE } from "../../auth/address-limits";

const root = path.resolve(import.meta.dirname, "..", "..", "..");
const DATABASE = process.env.TEST_DATABASE_URL!;
const POOLER = process.env.TEST_DATABASE_POOLER_URL;
const RESTART = process.env.TEST_DATABASE_RESTART_COMMAND;
const run = crypto.randomBytes(4).toString("hex"); // this run's users, keys and texts
const GATEWAY_SECRET = `gateway-${run}-${crypto.randomBytes(12).toString("hex")}`;
const RATE_LIMIT = 30;
const PUBLIC_ORIGIN = "https://memory.multi-instance.test";

interface Instance {
  base: string;
  child: ChildProcess;
  output: string[];
}
let instances: Instance[] = [];
let db: pg.Pool;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

function startInstance(port: number, dataDir: string): Instance {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "production",
    DATABASE_URL: POOLER ?? DATABASE,
    ...(POOLER ? { DIRECT_URL: DATABASE } : {}),
    DATABASE_POOL_MAX: "5",
    JEAN_AUTO_MIGRATE: "true", // all three migrate the database at once
    JEAN_DATA_DIR: dataDir,
    JEAN_ALLOW_LOCAL_AUTH: "true",
    // One signing secret for the local sessions, so a session from A is valid on B and C.
    SUPABASE_JWT_SECRET: crypto.createHash("sha256").update(`jwt-${run}`).digest("hex"),
    MCP_GATEWAY_SECRET: GATEWAY_SECRET,
    // One origin for the three, as behind one domain: the OAuth issuer and the /mcp resource.
    PUBLIC_URL: PUBLIC_ORIGIN,
    AGENT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    AGENT_KEY_CACHE_SECONDS: "30",
    EMBEDDER: "local",
    LOG_LEVEL: "warn",
  };
  const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return { base: `http://127.0.0.1:${port}`, child, output };
}

async function waitHealthy(instance: Instance, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (instance.child.exitCode !== null) throw new Error(`instance ${instance.base} exited (${instance.child.exitCode}):\n${instance.output.join("")}`);
    try {
      if ((await fetch(`${instance.base}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`instance ${instance.base} not healthy after ${timeoutMs} ms:\n${instance.output.join("")}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(instance: Instance, email: string): Promise<{ cookie: string; sub: string }> {
  const r = await fetch(`${instance.base}/auth/local/sign-in`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
  expect(r.status, await r.clone().text()).toBe(200);
  return { cookie: (r.headers.get("set-cookie") ?? "").split(";")[0]!, sub: ((await r.json()) as { user_id: string }).user_id };
}

async function createKey(instance: Instance, cookie: string, name = "multi-instance"): Promise<{ id: string; key: string }> {
  const r = await fetch(`${instance.base}/api/v1/keys`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name }) });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as { id: string; key: string };
}

async function rpc(instance: Instance, urlPath: string, body: unknown, headers: Record<string, string>) {
  const r = await fetch(`${instance.base}${urlPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, text, json: text ? JSON.parse(text) : undefined };
}

const toolsList = { jsonrpc: "2.0", id: 1, method: "tools/list" };
const agentMe = (instance: Instance, key: string) => fetch(`${instance.base}/agent/v1/me`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);

beforeAll(async () => {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("No production build: run `npx next build` first (npm test does).");
  db = new pg.Pool({ connectionString: DATABASE, max: 2 });
  db.on("error", () => {});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jean-multi-"));
  const ports = [await freePort(), await freePort(), await freePort()];
  instances = ports.map((port) => startInstance(port, dataDir)); // at once: they race to migrate
  await Promise.all(instances.map((i) => waitHealthy(i)));
}, 180_000);

afterAll(async () => {
  for (const i of instances) i.child.kill("SIGTERM");
  await Promise.all(instances.map((i) => (i.child.exitCode === null ? new Promise((resolve) => i.child.once("exit", resolve)) : undefined)));
  await db?.end();
});

describe("three instances on one PostgreSQL", () => {
  it("started at once on one database: each migration is applied exactly once, no instance crashed", async () => {
    const migrations = fs.readdirSync(path.join(root, "prisma", "migrations")).filter((d) => fs.existsSync(path.join(root, "prisma", "migrations", d, "migration.sql")));
    const { rows } = await db.query<{ migration_name: string; n: number }>(
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name).sort()).toEqual(migrations.sort());
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    for (const i of instances) expect(i.child.exitCode).toBeNull();
  });

  it("a key revoked through A is refused by B and C within 1 s", async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const { cookie } = await signIn(a, `revoke-${run}@example.com`);
    const { id, key } = await createKey(a, cookie);
    // B and C have verified (and cached) the key.
    for (const i of [b, c]) {
      expect(await agentMe(i, key)).toBe(200);
      expect(await agentMe(i, key)).toBe(200);
    }
    const revoked = await fetch(`${a.base}/api/v1/keys/${id}`, { method: "DELETE", headers: { cookie } });
    expect(revoked.status).toBe(200);
    const t0 = performance.now();
    const refusedAfter = await Promise.all(
      [b, c].map(async (i) => {
        while (performance.now() - t0 < 5_000) {
          if ((await agentMe(i, key)) === 401) return performance.now() - t0;
          await sleep(20);
        }
        return Infinity;
      }),
    );
    console.log(`revocation seen by B after ${refusedAfter[0]!.toFixed(0)} ms, by C after ${refusedAfter[1]!.toFixed(0)} ms`);
    for (const ms of refusedAfter) expect(ms).toBeLessThanOrEqual(1_000);
  });

  it("an OAuth connection approved on A, exchanged on B, used on C; revoked on A, refused by B and C at once", async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const { cookie } = await signIn(a, `oauth-${run}@example.com`);
    const redirectUri = "http://127.0.0.1:9/callback";
    const reg = await fetch(`${a.base}/oauth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ redirect_uris: [redirectUri], client_name: "Multi-instance connector" }) });
    expect(reg.status).toBe(201);
    const clientId = ((await reg.json()) as { client_id: string }).client_id;
    const verifier = crypto.randomBytes(32).toString("base64url");
    const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
    const query = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: "S256", state: "st", resource: `${PUBLIC_ORIGIN}/mcp` });
    const authorize = await fetch(`${b.base}/oauth/authorize?${query}`, { redirect: "manual" });
    expect(authorize.status).toBe(303);
    // The consent page as A renders it; its form posted back to A, as a browser would.
    const page = await (await fetch(`${a.base}${authorize.headers.get("location")}`, { headers: { cookie } })).text();
    const unescape = (v: string) => v.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    const fields = new URLSearchParams([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)] as [string, string]));
    expect(fields.get("consent_token")).toBeTruthy();
    fields.set("decision", "approve");
    fields.set("allow_write", "on");
    const decided = await fetch(`${a.base}/oauth/authorize/decision`, { method: "POST", headers: { cookie, origin: a.base, "content-type": "application/x-www-form-urlencoded" }, body: fields.toString(), redirect: "manual" });
    expect(decided.status, await decided.clone().text()).toBe(303);
    const code = new URL(decided.headers.get("location")!).searchParams.get("code")!;
    const tokenRes = await fetch(`${b.base}/oauth/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier, client_id: clientId, resource: `${PUBLIC_ORIGIN}/mcp` }).toString() });
    expect(tokenRes.status).toBe(200);
    const { access_token: accessToken } = (await tokenRes.json()) as { access_token: string };
    const bearer = { authorization: `Bearer ${accessToken}` };
    for (const i of [a, b, c]) expect((await rpc(i, "/mcp", toolsList, bearer)).status).toBe(200);
    const listed = await (await fetch(`${c.base}/api/v1/connections`, { headers: { cookie } })).json() as { connections: { id: string; client_name: string }[] };
    const connection = listed.connections.find((x) => x.client_name === "Multi-instance connector")!;
    expect((await fetch(`${a.base}/api/v1/connections/${connection.id}`, { method: "DELETE", headers: { cookie } })).status).toBe(200);
    // Each /mcp request reads the grant: refused at once everywhere, no cache to wait out.
    for (const i of [a, b, c]) expect((await rpc(i, "/mcp", toolsList, bearer)).status).toBe(401);
  });

  it("the per-key rate limit holds across the three: the limit in total, not three times it", async () => {
    const { cookie } = await signIn(instances[0]!, `limit-${run}@example.com`);
    const { key } = await createKey(instances[0]!, cookie);
    const statuses: number[] = [];
    for (let n = 0; n < RATE_LIMIT * 2; n++) statuses.push((await rpc(instances[n % 3]!, "/agent/v1/mcp", toolsList, { authorization: `Bearer ${key}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(RATE_LIMIT);
  });

  it("per-address limits hold across the three: failed key attempts and sign-ins count once in total", async () => {
    // A documentation address of this run only: the windows are rows in rate_limit_windows.
    const from = { "x-forwarded-for": `198.51.100.${crypto.randomInt(1, 250)}` };
    const badKey = "jean_sk_" + "0".repeat(40);
    const guesses: number[] = [];
    for (let n = 0; n < FAILED_KEY_ATTEMPTS_PER_MINUTE + 6; n++) {
      guesses.push((await fetch(`${instances[n % 3]!.base}/agent/v1/me`, { headers: { authorization: `Bearer ${badKey}`, ...from } })).status);
    }
    expect(guesses.filter((s) => s === 401)).toHaveLength(FAILED_KEY_ATTEMPTS_PER_MINUTE);
    expect(guesses.filter((s) => s === 429)).toHaveLength(6);
    const signIns: number[] = [];
    for (let n = 0; n < SIGN_INS_PER_MINUTE + 3; n++) {
      const r = await fetch(`${instances[n % 3]!.base}/auth/local/sign-in`, { method: "POST", headers: { "content-type": "application/json", ...from }, body: JSON.stringify({ email: `addr-${n}-${run}@example.com` }) });
      signIns.push(r.status);
    }
    expect(signIns.filter((s) => s === 200)).toHaveLength(SIGN_INS_PER_MINUTE);
    expect(signIns.filter((s) => s === 429)).toHaveLength(3);
  });

  it("30 users writing at once through all three paths and all three instances: nothing lost, nothing duplicated", async () => {
    // Set up one by one; only the writes below run at once.
    const users: { u: number; cookie: string; sub: string; key: string }[] = [];
    for (let u = 0; u < 30; u++) {
      const { cookie, sub } = await signIn(instances[u % 3]!, `writer-${run}-${u}@example.com`);
      const { key } = await createKey(instances[(u + 1) % 3]!, cookie, `writer-${u}`);
      users.push({ u, cookie, sub, key });
    }
    const words = ["harbour", "violin", "quince", "glacier", "lantern", "meadow", "saffron", "tundra", "orchid", "canyon", "walnut", "ember"];
    const textOf = (u: number, n: number) => `Writer ${run} user ${u} note ${n}: ${words[(u + n) % words.length]} ${words[(u * 7 + n * 5) % words.length]} code-${run}-${u}-${n}`;
    const PER_USER = 6;
    const acked: { u: number; text: string }[] = [];
    const failures: string[] = [];
    await Promise.all(
      users.flatMap((user) =>
        Array.from({ length: PER_USER }, async (_, n) => {
          const instance = instances[(user.u + n) % 3]!;
          const text = textOf(user.u, n);
          const via = n % 3;
          let ok = false;
          if (via === 0) {
            const r = await fetch(`${instance.base}/api/v1/memories`, { method: "POST", headers: { cookie: user.cookie, "content-type": "application/json" }, body: JSON.stringify({ text }) });
            ok = r.status === 201;
            if (!ok) failures.push(`REST ${r.status} ${await r.text()}`);
          } else {
            const call = { jsonrpc: "2.0", id: n, method: "tools/call", params: { name: "add_memories", arguments: { text } } };
            const headers: Record<string, string> =
              via === 1 ? { "x-user-id": user.sub, "x-client-name": "claude", "x-gateway-secret": GATEWAY_SECRET } : { authorization: `Bearer ${user.key}` };
            const r = await rpc(instance, via === 1 ? "/mcp/messages/" : "/agent/v1/mcp", call, headers);
            ok = r.status === 200 && !r.json?.error && !r.json?.result?.isError;
            if (!ok) failures.push(`${via === 1 ? "Claude" : "agent"} ${r.status} ${r.text.slice(0, 300)}`);
          }
          if (ok) acked.push({ u: user.u, text });
        }),
      ),
    );
    expect(failures).toEqual([]);
    expect(acked).toHaveLength(30 * PER_USER);
    const { rows } = await db.query<{ content: string; n: number }>(
      `SELECT m."content", count(*)::int AS n FROM "memories" m WHERE m."content" LIKE $1 AND m."state" <> 'deleted' GROUP BY m."content"`,
      [`Writer ${run} user %`],
    );
    const stored = new Map(rows.map((r) => [r.content, r.n]));
    expect(acked.filter((a) => stored.get(a.text) !== 1).map((a) => `${a.text}: ${stored.get(a.text) ?? 0}`)).toEqual([]);
    expect(rows).toHaveLength(30 * PER_USER);
  }, 180_000);

  it("the database restarting mid-run gives 503s (never 500s) for a moment; every instance resumes by itself", async () => {
    const { cookie } = await signIn(instances[0]!, `restart-${run}@example.com`);
    // Status 0: the instance itself did not answer (it must, whatever the database does).
    const list = (i: Instance) =>
      fetch(`${i.base}/api/v1/memories`, { headers: { cookie } }).then(
        (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after") }),
        () => ({ status: 0, retryAfter: null }),
      );
    for (const i of instances) expect((await list(i)).status).toBe(200);
    const seen: { status: number; retryAfter: string | null }[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        seen.push(...(await Promise.all(instances.map(list))));
        await sleep(50);
      }
    })();
    if (RESTART) {
      const r = spawnSync(RESTART, { shell: true, stdio: "inherit", timeout: 120_000 });
      expect(r.status, `TEST_DATABASE_RESTART_COMMAND failed: ${RESTART}`).toBe(0);
    } else {
      // What a restart does to the instances: every session of theirs ends at once. Only
      // this role's sessions: on a hosted database (Supabase) other roles' are not ours to end.
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND usename = current_user AND pid <> pg_backend_pid()`,
      );
    }
    // Service resumes without restarting any instance.
    const until = Date.now() + 60_000;
    const resumed = new Set<number>();
    while (resumed.size < instances.length && Date.now() < until) {
      for (const [n, i] of instances.entries()) if ((await list(i)).status === 200) resumed.add(n);
      await sleep(200);
    }
    polling = false;
    await poller.catch(() => {});
    expect(resumed.size).toBe(instances.length);
    const statuses = [...new Set(seen.map((s) => s.status))].sort();
    console.log(`statuses seen across the restart: ${statuses.join(", ")} (${seen.length} requests, ${seen.filter((s) => s.status === 503).length} × 503)`);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    for (const s of seen.filter((x) => x.status === 503)) expect(Number(s.retryAfter)).toBeGreaterThan(0);
    for (const i of instances) expect(i.child.exitCode).toBeNull();
  }, 180_000);
});

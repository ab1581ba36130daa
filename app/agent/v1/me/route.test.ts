// Integration: the agent path (/agent/v1/me) with real keys made through the real
// /api/v1/keys handlers — the verified-key cache, last_used_at, and what reaches the logs.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE } from "@/app/api/v1/keys/[id]/route";
import { POST } from "@/app/api/v1/keys/route";
import type { Db } from "@/lib/db";
import { CHECK_EVERY_MS } from "@/lib/auth/revocation";
import { verifiedKeyCache } from "@/lib/keys/cache";
import { generateKey } from "@/lib/keys/format";
import { settleKeyUseWrites } from "@/lib/keys/usage";
import { call, signInLocally, useFreshDb, withEnv } from "@/lib/testing/harness";
import { GET } from "./route";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});
afterEach(() => {
  vi.useRealTimers();
});

const CACHE_ON = { AGENT_KEY_CACHE_SECONDS: "30" };
const credentialVersion = async () => Number((await db.sql.query<{ v: string }>(`SELECT "version"::text AS v FROM "credential_changes"`))[0]!.v);

async function makeKey(email: string, body: Record<string, unknown> = {}) {
  const session = await signInLocally(email);
  const res = await call(POST, { method: "POST", path: "/api/v1/keys", headers: { cookie: session.cookie }, body: { name: "agent", ...body } });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; key: string };
  return { session, ...created };
}

const me = (authorization?: string) => call(GET, { path: "/agent/v1/me", headers: authorization === undefined ? {} : { authorization } });
const revokeViaApi = (cookie: string, id: string) => call(DELETE, { method: "DELETE", path: `/api/v1/keys/${id}`, headers: { cookie }, params: { id } });

describe("GET /agent/v1/me", () => {
  it("answers with the user and the key, nothing more", async () => {
    const { session, id, key } = await makeKey("me-shape@example.com", { name: "cursor" });
    const res = await me(`Bearer ${key}`);
    expect(res.status).toBe(200);
    const user = await (await import("@/lib/db")).getPrisma().then((p) => p.user.findUniqueOrThrow({ where: { userId: session.userId } }));
    // Not the Supabase id, which the Claude path accepts as x-user-id.
    expect(user.id).not.toBe(session.userId);
    expect(await res.json()).toEqual({
      user_id: user.id,
      key: { id, name: "cursor", prefix: key.slice(0, 12), scopes: ["memories:read", "memories:write"] },
    });
  });

  it.each<[string, string, string | undefined]>([
    ["no Authorization header", "unauthenticated", undefined],
    ["an empty header", "invalid_api_key", ""],
    ["Basic auth", "invalid_api_key", "Basic dXNlcjpwYXNz"],
    ["a made-up key", "invalid_api_key", `Bearer jean_sk_${"a".repeat(49)}`],
    ["an unknown well-formed key", "invalid_api_key", `Bearer ${generateKey()}`],
    ["a key with a bad checksum", "invalid_api_key", `Bearer ${((k) => k.slice(0, -1) + (k.endsWith("0") ? "1" : "0"))(generateKey())}`],
    ["a 100 KB header", "invalid_api_key", `Bearer ${"x".repeat(100_000)}`],
    ["non-ASCII characters", "invalid_api_key", "Bearer jean_sk_\u00e9t\u00e9"],
  ])("%s → 401 %s with WWW-Authenticate: Bearer", async (_label, code, header) => {
    const res = await me(header);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
  });
});

describe("the verified-key cache (AGENT_KEY_CACHE_SECONDS=30)", () => {
  it("revoking through the API takes effect at once on this instance", async () => {
    await withEnv(CACHE_ON, async () => {
      const { session, id, key } = await makeKey("cache-revoke@example.com");
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      expect((await me(`Bearer ${key}`)).status).toBe(200); // now served from the cache
      expect((await revokeViaApi(session.cookie, id)).status).toBe(200);
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });

  it("a revocation made elsewhere (another instance, SQL by hand) is honoured within the watermark's interval, not the TTL", async () => {
    await withEnv(CACHE_ON, async () => {
      const { id, key } = await makeKey("cache-elsewhere@example.com");
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      const before = await credentialVersion();
      await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      expect(await credentialVersion()).toBeGreaterThan(before);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + CHECK_EVERY_MS + 1 });
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });

  it("the TTL is the backstop: a change the watermark missed is seen once the entry is older than the TTL", async () => {
    await withEnv(CACHE_ON, async () => {
      const { id, key } = await makeKey("cache-ttl@example.com");
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      // Triggers off for this one transaction: the version does not move.
      await db.sql.withConnection((conn) =>
        conn.transaction(async (tx) => {
          await tx.exec("SET LOCAL session_replication_role = replica");
          await tx.query(`UPDATE "api_keys" SET "revoked_at" = now() WHERE "id" = $1::uuid`, [id]);
        }),
      );
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + CHECK_EVERY_MS + 1 });
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31_000 });
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });

  it("recording a key's use moves no watermark (only changes that end a credential do)", async () => {
    const { id, key } = await makeKey("watermark-quiet@example.com");
    const before = await credentialVersion();
    await db.sql.query(`UPDATE "api_keys" SET "last_used_at" = now() WHERE "id" = $1::uuid`, [id]);
    expect((await me(`Bearer ${key}`)).status).toBe(200);
    await settleKeyUseWrites();
    expect(await credentialVersion()).toBe(before);
    await db.sql.query(`UPDATE "api_keys" SET "name" = 'renamed' WHERE "id" = $1::uuid`, [id]);
    expect(await credentialVersion()).toBe(before + 1);
  });

  it("still checks the key's own expiry on every cached hit", async () => {
    await withEnv(CACHE_ON, async () => {
      const { key } = await makeKey("cache-expiry@example.com", { expires_in_days: 1 });
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 86_400_000 + 1_000 });
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });

  it("is off with AGENT_KEY_CACHE_SECONDS=0: a revocation written by anyone is seen on the next request", async () => {
    await withEnv({ AGENT_KEY_CACHE_SECONDS: "0" }, async () => {
      const { id, key } = await makeKey("cache-off@example.com");
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });

  it("a revocation racing an in-flight verification is not undone by the cache", async () => {
    await withEnv(CACHE_ON, async () => {
      const { session, id, key } = await makeKey("cache-race@example.com");
      verifiedKeyCache().clear();
      const inFlight = me(`Bearer ${key}`); // reads the row, then would cache it
      const revoked = revokeViaApi(session.cookie, id);
      await Promise.all([inFlight, revoked]);
      expect((await me(`Bearer ${key}`)).status).toBe(401);
    });
  });
});

describe("last_used_at", () => {
  it("is set after use, in the background, and not rewritten within a minute", async () => {
    await withEnv(CACHE_ON, async () => {
      const { id, key } = await makeKey("last-used@example.com");
      const before = await db.prisma.apiKey.findUniqueOrThrow({ where: { id } });
      expect(before.lastUsedAt).toBeNull();

      expect((await me(`Bearer ${key}`)).status).toBe(200);
      await settleKeyUseWrites();
      const first = (await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
      expect(first).toBeInstanceOf(Date);
      expect(Math.abs(first!.getTime() - Date.now())).toBeLessThan(10_000);

      for (let i = 0; i < 5; i++) expect((await me(`Bearer ${key}`)).status).toBe(200);
      await settleKeyUseWrites();
      expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toEqual(first);

      // A minute later (the database's clock agrees: the stored value is moved back too).
      await db.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 61_000 });
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      await settleKeyUseWrites();
      vi.useRealTimers();
      const later = (await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt!;
      expect(Date.now() - later.getTime()).toBeLessThan(10_000);
    });
  });

  it("a failed write is logged, never an unhandled rejection, and the request still succeeds", async () => {
    const { id, key } = await makeKey("last-used-fail@example.com");
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    const spy = vi.spyOn(db.prisma, "$executeRaw").mockRejectedValueOnce(new Error("database went away"));
    try {
      expect((await me(`Bearer ${key}`)).status).toBe(200);
      await settleKeyUseWrites();
      await new Promise((r) => setTimeout(r, 20));
      expect(spy).toHaveBeenCalled();
      expect(unhandled).not.toHaveBeenCalled();
      expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    } finally {
      spy.mockRestore();
      process.off("unhandledRejection", unhandled);
    }
  });
});

describe("logs", () => {
  it("a full create → use → rename → revoke → refused cycle never writes the key to the logs (LOG_LEVEL=debug)", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => {
      written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }) as typeof process.stderr.write);
    let key = "";
    try {
      await withEnv({ ...CACHE_ON, LOG_LEVEL: "debug" }, async () => {
        const made = await makeKey("logs@example.com", { name: "logged agent" });
        key = made.key;
        const cookie = made.session.cookie;
        const { GET: list } = await import("@/app/api/v1/keys/route");
        const { PATCH } = await import("@/app/api/v1/keys/[id]/route");
        expect((await call(list, { path: "/api/v1/keys", headers: { cookie } })).status).toBe(200);
        expect((await me(`Bearer ${key}`)).status).toBe(200);
        await settleKeyUseWrites();
        expect((await call(PATCH, { method: "PATCH", path: `/api/v1/keys/${made.id}`, headers: { cookie }, body: { name: "renamed" }, params: { id: made.id } })).status).toBe(200);
        expect((await revokeViaApi(cookie, made.id)).status).toBe(200);
        expect((await me(`Bearer ${key}`)).status).toBe(401);
        expect((await me(`Bearer ${key.slice(0, -1)}x`)).status).toBe(401);
        // A failing database while the key is being checked: the error is logged, the key is not.
        const failing = vi.spyOn(db.prisma.apiKey, "findUnique").mockRejectedValueOnce(new Error(`lookup failed`));
        expect((await me(`Bearer ${key}`)).status).toBe(503);
        failing.mockRestore();
      });
    } finally {
      spy.mockRestore();
    }
    const logs = written.join("");
    expect(logs).toContain("API key created");
    expect(logs).toContain("API key revoked");
    expect(logs).toContain("could not verify an API key");
    expect(key).toMatch(/^jean_sk_/);
    expect(logs).not.toContain(key);
    expect(logs).not.toContain(key.slice(8, 51)); // the random part alone
    expect(logs).not.toContain(key.slice(12, 40)); // any long stretch of it
  });
});

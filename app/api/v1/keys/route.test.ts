// Integration: the real /api/v1/keys handlers and /agent/v1/me on a real (PGlite)
// database, signed in through the real local sign-in handler.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as agentMe } from "@/app/agent/v1/me/route";
import { GET as apiMe } from "@/app/api/v1/me/route";
import type { Db } from "@/lib/db";
import { hashKey, isWellFormedKey } from "@/lib/keys/format";
import { MAX_ACTIVE_KEYS } from "@/lib/keys/service";
import { call, signInLocally, useFreshDb, withEnv } from "@/lib/testing/harness";
import { DELETE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

let db: Db;
beforeAll(async () => {
  db = await useFreshDb();
});

type Session = { cookie: string; token: string; userId: string };
type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: { field: string; message: string }[] } };

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

const create = (s: Session, body: unknown) => call(POST, { method: "POST", path: "/api/v1/keys", headers: { cookie: s.cookie }, body });
const list = async (s: Session) => (await json(await call(GET, { path: "/api/v1/keys", headers: { cookie: s.cookie } }))).keys as Json[];
const rename = (s: Session, id: string, body: unknown) =>
  call(PATCH, { method: "PATCH", path: `/api/v1/keys/${id}`, headers: { cookie: s.cookie }, body, params: { id } });
const revoke = (s: Session, id: string) => call(DELETE, { method: "DELETE", path: `/api/v1/keys/${id}`, headers: { cookie: s.cookie }, params: { id } });
const useKey = (key: string) => call(agentMe, { path: "/agent/v1/me", headers: { authorization: `Bearer ${key}` } });

async function newKey(s: Session, body: Record<string, unknown> = {}): Promise<{ id: string; key: string } & Json> {
  const res = await create(s, { name: "agent", ...body });
  const out = await json(res);
  expect(res.status, JSON.stringify(out)).toBe(201);
  return out as { id: string; key: string } & Json;
}

/** /agent/v1/me answers the internal users.id, not the Supabase id. */
async function internalId(supabaseId: string): Promise<string> {
  const { getPrisma } = await import("@/lib/db");
  return (await (await getPrisma()).user.findUniqueOrThrow({ where: { userId: supabaseId } })).id;
}

describe("create → list → use → rename → revoke", () => {
  it("works end to end, the key shown only once, and is refused after revocation (cache on)", async () => {
    await withEnv({ AGENT_KEY_CACHE_SECONDS: "30" }, async () => {
      const alice = await signInLocally("keys-cycle@example.com");
      const res = await create(alice, { name: "  My agent  ", expires_in_days: 30, scopes: ["memories:read"] });
      expect(res.status).toBe(201);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const created = await json(res);
      expect(Object.keys(created).sort()).toEqual(["created_at", "expires_at", "hide_sensitive", "id", "key", "last_four", "name", "prefix", "review_writes", "scopes"]);
      const key = created.key as string;
      expect(isWellFormedKey(key)).toBe(true);
      expect(created).toMatchObject({ name: "My agent", prefix: key.slice(0, 12), last_four: key.slice(-4), scopes: ["memories:read"] });
      // Trust controls: a new key does not see sensitive categories and its writes wait for review.
      expect(created).toMatchObject({ hide_sensitive: true, review_writes: true });
      const expiresIn = Date.parse(created.expires_at as string) - Date.parse(created.created_at as string);
      expect(Math.abs(expiresIn - 30 * 86_400_000)).toBeLessThan(5_000);

      // Listed without the key or its hash.
      const keys = await list(alice);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ id: created.id, name: "My agent", status: "active", last_used_at: null, revoked_at: null });
      expect(JSON.stringify(keys)).not.toContain(key);
      expect(JSON.stringify(keys)).not.toContain(hashKey(key));
      // Stored: the hash, never the key.
      const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id as string } });
      expect(row.keyHash).toBe(hashKey(key));
      expect(JSON.stringify(row)).not.toContain(key.slice(8, 51));

      const me = await useKey(key);
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ user_id: await internalId(alice.userId), key: { id: created.id, name: "My agent", prefix: key.slice(0, 12), scopes: ["memories:read"] } });

      const renamed = await rename(alice, created.id as string, { name: "Renamed agent" });
      expect(renamed.status).toBe(200);
      const renamedBody = await json(renamed);
      expect(renamedBody).toMatchObject({ id: created.id, name: "Renamed agent", status: "active" });
      expect(JSON.stringify(renamedBody)).not.toContain(key);
      // The cached principal was evicted: the new name shows at once.
      expect(((await json(await useKey(key))).key as Json).name).toBe("Renamed agent");

      const revoked = await revoke(alice, created.id as string);
      expect(revoked.status).toBe(200);
      const revokedBody = await json(revoked);
      expect(revokedBody).toMatchObject({ id: created.id, status: "revoked", revoked_at: expect.any(String) });

      const refused = await useKey(key);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe("Bearer");
      expect(await refused.json()).toEqual({ error: { code: "invalid_api_key", message: "Invalid or expired API key" } });
      expect((await list(alice))[0]).toMatchObject({ status: "revoked" });

      // Revoking again is harmless and keeps the first revocation time.
      const again = await json(await revoke(alice, created.id as string));
      expect(again).toMatchObject({ status: "revoked", revoked_at: revokedBody.revoked_at });
    });
  });

  it("defaults: both scopes, no expiry; list is newest first", async () => {
    const s = await signInLocally("keys-defaults@example.com");
    const first = await newKey(s, { name: "first" });
    const second = await newKey(s, { name: "second", expires_in_days: null });
    expect(first).toMatchObject({ scopes: ["memories:read", "memories:write"], expires_at: null });
    expect(second.expires_at).toBeNull();
    expect((await list(s)).map((k) => k.name)).toEqual(["second", "first"]);
    expect(((await json(await useKey(first.key))).key as Json).scopes).toEqual(["memories:read", "memories:write"]);
  });

  it("an expired key is refused and listed as expired", async () => {
    const s = await signInLocally("keys-expired@example.com");
    const { id, key } = await newKey(s, { expires_in_days: 1 });
    expect((await useKey(key)).status).toBe(200);
    await db.prisma.apiKey.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const res = await useKey(key);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    expect((await list(s)).find((k) => k.id === id)).toMatchObject({ status: "expired" });
  });
});

describe("isolation between users and between auth paths", () => {
  it("a key of user A acts as A only; B cannot see, rename or revoke it", async () => {
    const a = await signInLocally("keys-iso-a@example.com");
    const b = await signInLocally("keys-iso-b@example.com");
    const ka = await newKey(a, { name: "a-agent" });
    const kb = await newKey(b, { name: "b-agent" });
    expect((await json(await useKey(ka.key))).user_id).toBe(await internalId(a.userId));
    expect((await json(await useKey(kb.key))).user_id).toBe(await internalId(b.userId));
    expect((await list(b)).map((k) => k.id)).toEqual([kb.id]);
    for (const res of [await rename(b, ka.id, { name: "stolen" }), await revoke(b, ka.id)]) {
      expect(res.status).toBe(404);
      expect((await json(res)).error?.code).toBe("not_found");
    }
    expect((await useKey(ka.key)).status).toBe(200);
    expect((await list(a))[0]).toMatchObject({ name: "a-agent", status: "active" });
  });

  it("a session JWT (header or cookie) is refused on the agent path", async () => {
    const s = await signInLocally("keys-paths@example.com");
    for (const headers of [{ authorization: `Bearer ${s.token}` }, { cookie: s.cookie }] as Record<string, string>[]) {
      const res = await call(agentMe, { path: "/agent/v1/me", headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(JSON.stringify(await res.json())).not.toContain(s.userId);
    }
  });

  it("an API key is refused on /api/v1/* (and cannot manage keys)", async () => {
    const s = await signInLocally("keys-paths-2@example.com");
    const { key } = await newKey(s);
    const headers = { authorization: `Bearer ${key}` };
    expect((await call(apiMe, { path: "/api/v1/me", headers })).status).toBe(401);
    expect((await call(GET, { path: "/api/v1/keys", headers })).status).toBe(401);
    expect((await call(POST, { method: "POST", path: "/api/v1/keys", headers, body: { name: "x" } })).status).toBe(401);
    // Even alongside a valid session cookie, a non-JWT Authorization header is refused, not ignored.
    expect((await call(GET, { path: "/api/v1/keys", headers: { ...headers, cookie: s.cookie } })).status).toBe(401);
  });

  it("signed out: 401 JSON on every keys endpoint", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const res of [
      await call(GET, { path: "/api/v1/keys" }),
      await call(POST, { method: "POST", path: "/api/v1/keys", body: { name: "x" } }),
      await call(PATCH, { method: "PATCH", path: `/api/v1/keys/${id}`, body: { name: "x" }, params: { id } }),
      await call(DELETE, { method: "DELETE", path: `/api/v1/keys/${id}`, params: { id } }),
    ]) {
      expect(res.status).toBe(401);
      expect((await json(res)).error?.code).toBe("unauthenticated");
    }
  });
});

describe("ids and validation", () => {
  it.each(["not-a-uuid", "00000000-0000-4000-8000-000000000000", "' OR 1=1 --", "x".repeat(500), ""])("id %j → 404", async (id) => {
    const s = await signInLocally("keys-ids@example.com");
    for (const res of [await rename(s, id, { name: "x" }), await revoke(s, id)]) {
      expect(res.status).toBe(404);
      expect((await json(res)).error).toEqual({ code: "not_found", message: "API key not found" });
    }
  });

  it.each<[string, unknown, string]>([
    ["no name", {}, "name"],
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a 101-character name", { name: "x".repeat(101) }, "name"],
    ["a numeric name", { name: 5 }, "name"],
    ["expires_in_days 0", { name: "k", expires_in_days: 0 }, "expires_in_days"],
    ["expires_in_days 366", { name: "k", expires_in_days: 366 }, "expires_in_days"],
    ["fractional expires_in_days", { name: "k", expires_in_days: 1.5 }, "expires_in_days"],
    ["expires_in_days as a string", { name: "k", expires_in_days: "7" }, "expires_in_days"],
    ["an unknown scope", { name: "k", scopes: ["memories:read", "admin"] }, "scopes.1"],
    ["no scopes", { name: "k", scopes: [] }, "scopes"],
    ["scopes not an array", { name: "k", scopes: "memories:read" }, "scopes"],
    ["a misspelt field", { name: "k", expiresInDays: 7 }, "(body)"],
    ["an array body", [], "(body)"],
  ])("POST with %s → 400 validation_error naming the field", async (_label, body, field) => {
    const s = await signInLocally("keys-validation@example.com");
    const res = await create(s, body);
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error?.code).toBe("validation_error");
    expect(error?.message.length).toBeGreaterThan(0);
    expect(error?.details?.[0]).toEqual({ field, message: expect.any(String) });
  });

  it("invalid JSON → 400 invalid_json; a 100-character name is fine; PATCH validates too", async () => {
    const s = await signInLocally("keys-validation-2@example.com");
    const bad = await create(s, "{nope");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error?.code).toBe("invalid_json");
    const ok = await newKey(s, { name: "y".repeat(100) });
    const res = await rename(s, ok.id, { name: "" });
    expect(res.status).toBe(400);
    expect((await json(res)).error?.details?.[0].field).toBe("name");
    expect((await list(s)).length).toBe(1);
  });
});

describe(`at most ${MAX_ACTIVE_KEYS} active keys`, () => {
  it("the 26th is refused with 409; revoked and expired keys do not count", async () => {
    const s = await signInLocally("keys-limit@example.com");
    const made = [];
    for (let i = 0; i < MAX_ACTIVE_KEYS; i++) made.push(await newKey(s, { name: `k${i}` }));
    const over = await create(s, { name: "one too many" });
    expect(over.status).toBe(409);
    const { error } = await json(over);
    expect(error?.code).toBe("conflict");
    expect(error?.message).toMatch(/25 active API keys.*Revoke/);

    expect((await revoke(s, made[0].id)).status).toBe(200);
    const replacement = await newKey(s, { name: "replacement" });
    expect((await create(s, { name: "over again" })).status).toBe(409);

    await db.prisma.apiKey.update({ where: { id: replacement.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await create(s, { name: "after expiry" })).status).toBe(201);
  });

  it("30 concurrent creations give unique keys and never more than 25 active", async () => {
    const s = await signInLocally("keys-race@example.com");
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => create(s, { name: `race-${i}` })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 201)).toHaveLength(MAX_ACTIVE_KEYS);
    expect(statuses.filter((x) => x === 409)).toHaveLength(30 - MAX_ACTIVE_KEYS);
    const keys = await Promise.all(results.filter((r) => r.status === 201).map(async (r) => (await json(r)).key as string));
    expect(new Set(keys).size).toBe(MAX_ACTIVE_KEYS);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { userId: s.userId } });
    expect(await db.prisma.apiKey.count({ where: { userId: user.id, revokedAt: null } })).toBe(MAX_ACTIVE_KEYS);
  });
});

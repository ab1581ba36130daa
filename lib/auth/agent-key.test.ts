import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db";
import { checksumOf, displayParts, generateKey, hashKey, isWellFormedKey, KEY_LENGTH, KEY_PREFIX } from "../keys/format";
import { useFreshDb } from "../testing/harness";
import { getOrCreateUser, type User } from "../users";
import { getCurrentAgent, parseAgentKeyHeader } from "./agent-key";
import type { AuthResult, AgentPrincipal } from "./types";

const BASE62 = /^[0-9A-Za-z]+$/;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** The same key with the character at `index` replaced by a different base62 character. */
function changeCharAt(key: string, index: number): string {
  const current = key[index];
  const replacement = ALPHABET[(ALPHABET.indexOf(current) + 1) % ALPHABET.length];
  expect(replacement).not.toBe(current);
  return key.slice(0, index) + replacement + key.slice(index + 1);
}

const SUPABASE_STYLE_JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
  "eyJpc3MiOiJodHRwczovL2FiYy5zdXBhYmFzZS5jby9hdXRoL3YxIiwic3ViIjoiMTIzIiwiYXVkIjoiYXV0aGVudGljYXRlZCIsInJvbGUiOiJhdXRoZW50aWNhdGVkIn0." +
  "c2lnbmF0dXJlLWdvZXMtaGVyZQ";

describe("key format", () => {
  it("generateKey: jean_sk_ + 49 base62 characters (57 in all), different every time", () => {
    const keys = Array.from({ length: 200 }, () => generateKey());
    for (const key of keys) {
      expect(key.startsWith("jean_sk_")).toBe(true);
      expect(key).toHaveLength(57);
      expect(KEY_LENGTH).toBe(57);
      expect(key.slice(KEY_PREFIX.length)).toMatch(BASE62);
      expect(key.slice(KEY_PREFIX.length)).toHaveLength(49);
      // The last 6 characters are the checksum of the 43 random ones.
      expect(key.slice(-6)).toBe(checksumOf(key.slice(8, 51)));
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("isWellFormedKey accepts every generated key", () => {
    for (let i = 0; i < 200; i++) expect(isWellFormedKey(generateKey())).toBe(true);
  });

  const key = generateKey();
  it.each([
    ["one changed character at the start of the random part", changeCharAt(key, KEY_PREFIX.length)],
    ["one changed character in the middle of the random part", changeCharAt(key, KEY_PREFIX.length + 20)],
    ["one changed character at the end of the random part", changeCharAt(key, KEY_PREFIX.length + 42)],
    ["one changed checksum character", changeCharAt(key, key.length - 1)],
    ["the first checksum character changed", changeCharAt(key, key.length - 6)],
    ["one character too short", key.slice(0, -1)],
    ["one character too long", key + "0"],
    ["an empty string", ""],
    ["just the prefix", KEY_PREFIX],
    ["another vendor's prefix", "sk_live_" + key.slice(KEY_PREFIX.length)],
    ["the prefix in upper case", "JEAN_SK_" + key.slice(KEY_PREFIX.length)],
    ["a non-base62 character", key.slice(0, 20) + "-" + key.slice(21)],
    ["surrounding whitespace", ` ${key}`],
    ["a Supabase-style JWT", SUPABASE_STYLE_JWT],
  ])("isWellFormedKey rejects %s", (_label, candidate) => {
    expect(candidate).not.toBe(key);
    expect(isWellFormedKey(candidate)).toBe(false);
  });

  it("hashKey is the hex SHA-256 of the key and never the key itself", () => {
    const k = generateKey();
    const h = hashKey(k);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(crypto.createHash("sha256").update(k).digest("hex"));
    expect(h).not.toBe(k);
    expect(h).not.toContain(k.slice(KEY_PREFIX.length));
    expect(hashKey(k)).toBe(h);
    expect(hashKey(generateKey())).not.toBe(h);
  });

  it("displayParts shows the prefix plus 4 characters and the last 4, nothing in between", () => {
    const k = generateKey();
    const { prefix, lastFour } = displayParts(k);
    expect(prefix).toBe(k.slice(0, 12));
    expect(prefix.startsWith("jean_sk_")).toBe(true);
    expect(lastFour).toBe(k.slice(-4));
    expect(lastFour).toHaveLength(4);
    expect(prefix.length + lastFour.length).toBeLessThan(k.length / 2);
  });
});

describe("parseAgentKeyHeader", () => {
  const key = generateKey();
  it.each<[string, string | null, string | undefined]>([
    ["no header", null, undefined],
    ["Bearer <key>", `Bearer ${key}`, key],
    ["the key without a scheme", key, undefined],
    ["lowercase bearer", `bearer ${key}`, undefined],
    ["two spaces after Bearer", `Bearer  ${key}`, undefined],
    ["a trailing space", `Bearer ${key} `, undefined],
    ["a leading space", ` Bearer ${key}`, undefined],
    ["the Token scheme", `Token ${key}`, undefined],
    ["Basic auth", `Basic ${Buffer.from("user:" + key).toString("base64")}`, undefined],
    ["a JWT in place of the key", `Bearer ${SUPABASE_STYLE_JWT}`, undefined],
    ["a key with a bad checksum", `Bearer ${changeCharAt(key, key.length - 1)}`, undefined],
    ["two keys", `Bearer ${key} ${key}`, undefined],
    ["Bearer with nothing after it", "Bearer ", undefined],
    ["a 10 KB header", `Bearer ${key}${"a".repeat(10_000)}`, undefined],
    ["a 10 KB header of repeated valid keys", `Bearer ${(key + ",").repeat(180)}`, undefined],
  ])("%s", (_label, header, expected) => {
    expect(parseAgentKeyHeader(header)).toBe(expected);
  });
});

describe("getCurrentAgent (real database)", () => {
  let db: Db;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    db = await useFreshDb();
    alice = await getOrCreateUser("agent-test-alice", "alice@example.com");
    bob = await getOrCreateUser("agent-test-bob", "bob@example.com");
  });

  async function insertKey(
    user: User,
    opts: { name?: string; scopes?: string[]; revokedAt?: Date; expiresAt?: Date } = {},
  ): Promise<{ key: string; id: string }> {
    const key = generateKey();
    const { prefix, lastFour } = displayParts(key);
    const row = await db.prisma.apiKey.create({
      data: {
        userId: user.id,
        name: opts.name ?? "agent-1",
        keyHash: hashKey(key),
        prefix,
        lastFour,
        scopes: opts.scopes ?? ["memories:read", "memories:write"],
        revokedAt: opts.revokedAt,
        expiresAt: opts.expiresAt,
      },
    });
    return { key, id: row.id };
  }

  function request(headers: Record<string, string> = {}): Request {
    return new Request("http://localhost:3000/agent/v1/memories", { headers });
  }

  async function authWith(key: string): Promise<AuthResult<AgentPrincipal>> {
    return getCurrentAgent(request({ authorization: `Bearer ${key}` }));
  }

  function expectRejected(result: AuthResult<AgentPrincipal>, code: string): { message: string } {
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error("unreachable");
    expect(result.error.status).toBe(401);
    expect(result.error.code).toBe(code);
    return result.error;
  }

  it("a valid key gives an agent principal for its user, key id, scopes and name", async () => {
    const { key, id } = await insertKey(alice, { name: "agent-1" });
    const result = await authWith(key);
    expect(result.ok).toBe(true);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.principal).toMatchObject({
      kind: "agent",
      keyId: id,
      scopes: ["memories:read", "memories:write"],
      appName: "agent-1",
    });
    expect(result.principal.user.id).toBe(alice.id);
    expect(result.principal.user.userId).toBe("agent-test-alice");
    expect(result.principal.user.email).toBe("alice@example.com");
  });

  it("passes the stored scopes through as they are (read-only key)", async () => {
    const { key } = await insertKey(alice, { name: "reader", scopes: ["memories:read"] });
    const result = await authWith(key);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.principal.scopes).toEqual(["memories:read"]);
    expect(result.principal.appName).toBe("reader");
  });

  it("a key of user B gives B's principal and a key of user A gives A's, never the other", async () => {
    const a = await insertKey(alice, { name: "shared-name" });
    const b = await insertKey(bob, { name: "shared-name" });
    const ra = await authWith(a.key);
    const rb = await authWith(b.key);
    if (!ra.ok || !rb.ok) throw new Error("expected both keys to be accepted");
    expect(ra.principal.user.id).toBe(alice.id);
    expect(ra.principal.keyId).toBe(a.id);
    expect(rb.principal.user.id).toBe(bob.id);
    expect(rb.principal.keyId).toBe(b.id);
    expect(ra.principal.user.id).not.toBe(rb.principal.user.id);
  });

  it("an unknown but well-formed key is rejected with invalid_api_key", async () => {
    const key = generateKey();
    expect(isWellFormedKey(key)).toBe(true);
    expectRejected(await authWith(key), "invalid_api_key");
  });

  it("a revoked key is rejected", async () => {
    const { key } = await insertKey(alice, { revokedAt: new Date(Date.now() - 1_000) });
    expectRejected(await authWith(key), "invalid_api_key");
  });

  it("a key revoked after it was used is rejected from then on", async () => {
    const { key, id } = await insertKey(alice);
    expect((await authWith(key)).ok).toBe(true);
    await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expectRejected(await authWith(key), "invalid_api_key");
  });

  it("an expired key is rejected", async () => {
    const { key } = await insertKey(alice, { expiresAt: new Date(Date.now() - 60_000) });
    expectRejected(await authWith(key), "invalid_api_key");
  });

  it("a key that has not expired yet is accepted", async () => {
    const { key, id } = await insertKey(alice, { expiresAt: new Date(Date.now() + 60 * 60_000) });
    const result = await authWith(key);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.principal.keyId).toBe(id);
  });

  it("unknown, revoked, expired and malformed keys get the identical message (no existence oracle)", async () => {
    const unknown = expectRejected(await authWith(generateKey()), "invalid_api_key");
    const revoked = expectRejected(
      await authWith((await insertKey(alice, { revokedAt: new Date() })).key),
      "invalid_api_key",
    );
    const expired = expectRejected(
      await authWith((await insertKey(alice, { expiresAt: new Date(Date.now() - 1_000) })).key),
      "invalid_api_key",
    );
    const malformed = expectRejected(await authWith("jean_sk_nope"), "invalid_api_key");
    expect(unknown.message.length).toBeGreaterThan(0);
    expect(revoked).toEqual(unknown);
    expect(expired).toEqual(unknown);
    expect(malformed).toEqual(unknown);
  });

  it("a stored key with one checksum character changed is rejected", async () => {
    const { key } = await insertKey(alice);
    expect((await authWith(key)).ok).toBe(true);
    expectRejected(await authWith(changeCharAt(key, key.length - 1)), "invalid_api_key");
  });

  it.each<[string, Record<string, string>, string]>([
    ["no Authorization header", {}, "unauthenticated"],
    ["a key in x-api-key instead of Authorization", { "x-api-key": "PLACEHOLDER" }, "unauthenticated"],
    ["lowercase bearer", { authorization: "bearer PLACEHOLDER" }, "invalid_api_key"],
    ["the key without a scheme", { authorization: "PLACEHOLDER" }, "invalid_api_key"],
    ["a Supabase session JWT", { authorization: `Bearer ${SUPABASE_STYLE_JWT}` }, "invalid_api_key"],
  ])("%s is rejected with %s", async (_label, headers, code) => {
    const { key } = await insertKey(alice);
    const withKey = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace("PLACEHOLDER", key)]));
    expectRejected(await getCurrentAgent(request(withKey)), code);
  });
});

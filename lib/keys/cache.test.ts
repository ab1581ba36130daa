import { describe, expect, it } from "vitest";
import type { AgentPrincipal } from "../auth/types";
import { VerifiedKeyCache, verifiedKeyCache } from "./cache";

function principal(keyId: string): AgentPrincipal {
  return {
    kind: "agent",
    keyId,
    scopes: ["memories:read"],
    appName: keyId,
    policy: { hideSensitive: true, reviewWrites: true },
    user: { id: "u", userId: "s", email: null, name: null, createdAt: new Date(0), updatedAt: new Date(0) },
  };
}
const entry = (keyId: string, now: number, ttl = 30_000, keyExpiresAt: number | null = null) => ({
  principal: principal(keyId),
  keyExpiresAt,
  cachedUntil: now + ttl,
});

describe("VerifiedKeyCache", () => {
  it("returns an entry within its TTL and forgets it after", () => {
    const c = new VerifiedKeyCache();
    const now = Date.now();
    c.set("h1", entry("k1", now), c.epoch);
    expect(c.get("h1", now + 29_999)?.keyId).toBe("k1");
    expect(c.get("h1", now + 30_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("checks the key's own expiry on every hit", () => {
    const c = new VerifiedKeyCache();
    const now = Date.now();
    c.set("h1", entry("k1", now, 30_000, now + 5_000), c.epoch);
    expect(c.get("h1", now + 4_999)).toBeDefined();
    expect(c.get("h1", now + 5_000)).toBeUndefined();
  });

  it("evicting by key id removes it at once", () => {
    const c = new VerifiedKeyCache();
    c.set("h1", entry("k1", Date.now()), c.epoch);
    c.set("h2", entry("k2", Date.now()), c.epoch);
    c.evictKeyId("k1");
    expect(c.get("h1")).toBeUndefined();
    expect(c.get("h2")?.keyId).toBe("k2");
    c.evictKeyId("unknown"); // harmless
  });

  it("a verification that started before an eviction is not stored", () => {
    const c = new VerifiedKeyCache();
    const started = c.epoch;
    c.evictKeyId("k1"); // a revocation lands while the lookup is in flight
    c.set("h1", entry("k1", Date.now()), started);
    expect(c.get("h1")).toBeUndefined();
    c.set("h1", entry("k1", Date.now()), c.epoch);
    expect(c.get("h1")).toBeDefined();
  });

  it("is bounded: the least recently used entry goes first", () => {
    const c = new VerifiedKeyCache(3);
    const now = Date.now();
    for (const id of ["a", "b", "c"]) c.set(`h-${id}`, entry(id, now), c.epoch);
    expect(c.get("h-a")).toBeDefined(); // a is now the most recently used
    c.set("h-d", entry("d", now), c.epoch);
    expect(c.size).toBe(3);
    expect(c.get("h-b")).toBeUndefined();
    for (const id of ["a", "c", "d"]) expect(c.get(`h-${id}`)?.keyId).toBe(id);
  });

  it("stays at 10 000 entries by default under 20 000 distinct keys", () => {
    const c = new VerifiedKeyCache();
    const now = Date.now();
    for (let i = 0; i < 20_000; i++) c.set(`h${i}`, entry(`k${i}`, now), c.epoch);
    expect(c.size).toBe(10_000);
    expect(c.get("h0")).toBeUndefined();
    expect(c.get("h19999")).toBeDefined();
    c.evictKeyId("k19999");
    expect(c.get("h19999")).toBeUndefined();
  });

  it("the process-wide cache is one instance", () => {
    expect(verifiedKeyCache()).toBe(verifiedKeyCache());
  });
});

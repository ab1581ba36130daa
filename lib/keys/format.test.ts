// Unit tests for the key format beyond lib/auth/agent-key.test.ts: the CRC32 and
// base62 encoding underneath, and properties over many keys.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { checksumOf, crc32, displayParts, generateKey, hashKey, isWellFormedKey, KEY_LENGTH, KEY_PREFIX } from "./format";

describe("crc32", () => {
  it.each<[string, number]>([
    ["", 0x00000000],
    ["a", 0xe8b7be43],
    ["123456789", 0xcbf43926], // the standard CRC-32/IEEE check value
    ["The quick brown fox jumps over the lazy dog", 0x414fa339],
  ])("crc32(%j)", (text, expected) => {
    expect(crc32(text)).toBe(expected);
  });

  it("agrees with zlib.crc32 where Node has it", async () => {
    const zlib = (await import("node:zlib")) as { crc32?: (data: string) => number };
    if (!zlib.crc32) return;
    for (let i = 0; i < 200; i++) {
      const s = crypto.randomBytes(32).toString("base64");
      expect(crc32(s)).toBe(zlib.crc32(s));
    }
  });
});

describe("checksumOf", () => {
  it("is 6 base62 characters, zero-padded, and deterministic", () => {
    expect(checksumOf("")).toBe("000000");
    for (let i = 0; i < 500; i++) {
      const r = crypto.randomBytes(16).toString("hex");
      expect(checksumOf(r)).toMatch(/^[0-9A-Za-z]{6}$/);
      expect(checksumOf(r)).toBe(checksumOf(r));
    }
  });

  it("6 base62 characters hold every 32-bit CRC (62^6 > 2^32)", () => {
    expect(62 ** 6).toBeGreaterThan(2 ** 32);
    expect(checksumOf("123456789")).toHaveLength(6);
  });
});

describe("generateKey", () => {
  it("43 random base62 characters can hold 32 random bytes (62^43 > 2^256)", () => {
    expect(43 * Math.log2(62)).toBeGreaterThan(256);
    expect(KEY_LENGTH).toBe(KEY_PREFIX.length + 43 + 6);
  });

  it("10 000 keys: all well formed, all distinct, characters spread over the alphabet", () => {
    const keys = Array.from({ length: 10_000 }, generateKey);
    expect(new Set(keys).size).toBe(keys.length);
    const counts = new Map<string, number>();
    for (const k of keys) {
      expect(isWellFormedKey(k)).toBe(true);
      // Skip the first random character: 32 bytes do not fill 43 base62 digits, so it is biased towards 0–3.
      for (const c of k.slice(KEY_PREFIX.length + 1, KEY_PREFIX.length + 43)) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    const expected = (10_000 * 42) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.1);
  });

  it("every single-character substitution in the random part or checksum is caught (sampled)", () => {
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const key = generateKey();
    let caught = 0;
    let tried = 0;
    for (let i = KEY_PREFIX.length; i < key.length; i++) {
      for (const c of alphabet) {
        if (c === key[i]) continue;
        tried++;
        if (!isWellFormedKey(key.slice(0, i) + c + key.slice(i + 1))) caught++;
      }
    }
    expect(caught).toBe(tried);
  });
});

describe("hashKey and displayParts", () => {
  it("hashKey is the SHA-256 hex of the whole key, prefix included", () => {
    const key = generateKey();
    expect(hashKey(key)).toBe(crypto.createHash("sha256").update(key, "utf8").digest("hex"));
    expect(hashKey(key)).not.toBe(hashKey(key.slice(KEY_PREFIX.length)));
  });

  it("displayParts reveals 8 random characters of 49 at most", () => {
    const key = generateKey();
    const { prefix, lastFour } = displayParts(key);
    expect(prefix).toBe(`jean_sk_${key.slice(8, 12)}`);
    expect(lastFour).toBe(key.slice(-4));
    expect(prefix.length - KEY_PREFIX.length + lastFour.length).toBe(8);
  });
});

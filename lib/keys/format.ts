// Agent API key format: `jean_sk_` + 43 base62 chars (32 random bytes) + a 6-char
// base62 CRC32 of those 43 chars — GitHub's token scheme, so a mistyped or made-up
// key is rejected without touching the database, and secret scanners can match it.
import "server-only";
import crypto from "node:crypto";

export const KEY_PREFIX = "jean_sk_";
const RANDOM_LEN = 43;
const CHECKSUM_LEN = 6;
export const KEY_LENGTH = KEY_PREFIX.length + RANDOM_LEN + CHECKSUM_LEN;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_SHAPE = /^jean_sk_[0-9A-Za-z]{49}$/;

function toBase62(n: bigint, width: number): string {
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(width, "0");
}

// CRC32 (IEEE). Node 20 has no crypto CRC32 and zlib.crc32 arrived in 20.15+/22;
// this table version is 10 lines and works everywhere.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32(text: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) c = CRC_TABLE[(c ^ text.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function checksumOf(randomPart: string): string {
  return toBase62(BigInt(crc32(randomPart)), CHECKSUM_LEN);
}

export function generateKey(): string {
  const random = toBase62(BigInt("0x" + crypto.randomBytes(32).toString("hex")), RANDOM_LEN);
  return KEY_PREFIX + random + checksumOf(random);
}

/** Shape and checksum only; no database. */
export function isWellFormedKey(key: string): boolean {
  if (key.length !== KEY_LENGTH || !KEY_SHAPE.test(key)) return false;
  const random = key.slice(KEY_PREFIX.length, KEY_PREFIX.length + RANDOM_LEN);
  return checksumOf(random) === key.slice(KEY_PREFIX.length + RANDOM_LEN);
}

export function hashKey(key: string): string {
  return crypto.createHash("sha256").update(key).digest("hex");
}

/** What may be shown of a key after creation. */
export function displayParts(key: string): { prefix: string; lastFour: string } {
  return { prefix: key.slice(0, KEY_PREFIX.length + 4), lastFour: key.slice(-4) };
}

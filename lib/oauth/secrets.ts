// The OAuth server's random secrets (authorization codes, refresh tokens, client
// secrets): 256 random bits with a prefix that says what each is, stored only as
// SHA-256 (with this much entropy a slow hash adds nothing).
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type SecretKind = "code" | "refresh" | "client";
const PREFIX: Record<SecretKind, string> = { code: "jean_ac_", refresh: "jean_rt_", client: "jean_cs_" };

export function newSecret(kind: SecretKind): string {
  return PREFIX[kind] + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Whether `secret` hashes to `hash` (constant time). */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** PKCE S256 (RFC 7636): base64url(SHA-256(verifier)). */
export function pkceChallengeOf(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

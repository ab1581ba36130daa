// The keys access tokens (and consent forms) are signed with: ES256 through jose,
// generated on first use and kept in the database so every instance signs and
// verifies with the same ones. The newest key signs; every key not retired
// verifies. Rotation: insert a new key (generateSigningKey), then after the access
// token lifetime set `retired_at` on the old one (docs/oauth.md).
import "server-only";
import { randomUUID } from "node:crypto";
import { errors, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTHeaderParameters } from "jose";
import { getPrisma, type PrismaClient } from "../db";

export const SIGNING_ALG = "ES256";
const RELOAD_MS = 5 * 60_000;
// A token naming an unknown kid may reload the set at most this often (forged kids cost no query).
const FORCED_RELOAD_MS = 10_000;

interface KeySet {
  signing: { kid: string; key: CryptoKey };
  verifying: Map<string, CryptoKey>;
  publicJwks: JWK[];
  loadedAt: number;
}

// Per database handle: tests open a fresh database per file.
const keySets = new WeakMap<PrismaClient, Promise<KeySet>>();

/** Creates and stores a new signing key (the next to sign). */
export async function generateSigningKey(prisma?: PrismaClient): Promise<string> {
  const db = prisma ?? (await getPrisma());
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG };
  await db.oAuthSigningKey.create({ data: { kid, privateJwk, publicJwk } });
  keySets.delete(db);
  return kid;
}

async function loadKeySet(prisma: PrismaClient): Promise<KeySet> {
  let rows = await prisma.oAuthSigningKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  if (rows.length === 0) {
    // Two instances starting at once may each create one: both stay valid, the newer signs.
    await generateSigningKey(prisma);
    rows = await prisma.oAuthSigningKey.findMany({ where: { retiredAt: null }, orderBy: { createdAt: "desc" } });
  }
  const verifying = new Map<string, CryptoKey>();
  for (const row of rows) verifying.set(row.kid, (await importJWK(row.publicJwk as JWK, SIGNING_ALG)) as CryptoKey);
  const newest = rows[0];
  return {
    signing: { kid: newest.kid, key: (await importJWK(newest.privateJwk as JWK, SIGNING_ALG)) as CryptoKey },
    verifying,
    publicJwks: rows.map((r) => r.publicJwk as JWK),
    loadedAt: Date.now(),
  };
}

async function keySet(prisma: PrismaClient, forceReload = false): Promise<KeySet> {
  const cached = keySets.get(prisma);
  if (cached && !forceReload) {
    const set = await cached.catch(() => undefined);
    if (set && Date.now() - set.loadedAt < RELOAD_MS) return set;
  }
  const loading = loadKeySet(prisma);
  keySets.set(prisma, loading);
  loading.catch(() => keySets.delete(prisma));
  return loading;
}

export async function signingKey(): Promise<{ kid: string; key: CryptoKey }> {
  return (await keySet(await getPrisma())).signing;
}

/** The public keys (the JWKS document). */
export async function publicJwks(): Promise<{ keys: JWK[] }> {
  return { keys: (await keySet(await getPrisma())).publicJwks };
}

/**
 * jose's key resolver: the key a token's `kid` names. An unknown kid reloads once
 * (another instance may have rotated); a retired or unknown key is refused.
 */
export async function verificationKey(header: JWTHeaderParameters): Promise<CryptoKey> {
  const prisma = await getPrisma();
  const kid = header.kid ?? "";
  let key = (await keySet(prisma)).verifying.get(kid);
  if (!key && Date.now() - ((await keySet(prisma)).loadedAt) > FORCED_RELOAD_MS) key = (await keySet(prisma, true)).verifying.get(kid);
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

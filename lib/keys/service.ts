// Agent API keys for the signed-in user: create, list, rename, revoke. Every
// function takes the owning user's id explicitly and only ever touches that user's
// rows. The key is returned once, by createKey; only its SHA-256 is stored.
import "server-only";
import { z } from "zod";
import { getPrisma } from "../db";
import { KeyError } from "../errors";
import type { ApiKey } from "../generated/prisma/client";
import { log } from "../log";
import { verifiedKeyCache } from "./cache";
import { displayParts, generateKey, hashKey } from "./format";
import { KEY_SCOPES, keyScopeSchema, parseStoredScopes } from "./scopes";
import type { CreatedKey, KeyStatus, KeyView } from "./types";
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from "../text";

export type { CreatedKey, KeyStatus, KeyView };

/** A key row as lib/keys reads it: never with its hash (every query says `omit: OMIT_HASH`). */
type KeyRow = Omit<ApiKey, "keyHash">;
const OMIT_HASH = { keyHash: true } as const;

/** Active (not revoked, not expired) keys a user may hold at once. */
export const MAX_ACTIVE_KEYS = 25;

const keyName = z
  .string({ message: "expected a string" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

export const createKeyInput = z.strictObject({
  name: keyName,
  expires_in_days: z
    .number({ message: "expected a whole number of days or null" })
    .int("expected a whole number of days")
    .min(1, "must be at least 1")
    .max(365, "must be at most 365")
    .nullable()
    .optional(),
  scopes: z
    .array(keyScopeSchema, { message: `expected an array of ${KEY_SCOPES.join(", ")}` })
    .min(1, "a key needs at least one scope")
    .max(KEY_SCOPES.length)
    .optional(),
  /** Trust controls: whether the key sees sensitive categories / its writes wait for review (default: hidden, reviewed). */
  hide_sensitive: z.boolean({ message: "expected true or false" }).optional(),
  review_writes: z.boolean({ message: "expected true or false" }).optional(),
});
export type CreateKeyInput = z.infer<typeof createKeyInput>;

/** PATCH: rename, and/or change the key's trust settings (at least one). */
export const renameKeyInput = z
  .strictObject({
    name: keyName.optional(),
    hide_sensitive: z.boolean({ message: "expected true or false" }).optional(),
    review_writes: z.boolean({ message: "expected true or false" }).optional(),
  })
  .refine((b) => b.name !== undefined || b.hide_sensitive !== undefined || b.review_writes !== undefined, { message: "expected name, hide_sensitive or review_writes" });
export type KeyPatch = z.infer<typeof renameKeyInput>;

export function keyStatus(row: Pick<ApiKey, "revokedAt" | "expiresAt">, now = new Date()): KeyStatus {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

export function toKeyView(row: KeyRow, now = new Date()): KeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    last_four: row.lastFour,
    scopes: parseStoredScopes(row.scopes),
    status: keyStatus(row, now),
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    hide_sensitive: row.hideSensitive,
    review_writes: row.reviewWrites,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new KeyError("key_not_found", "API key not found");

/**
 * Creates a key. The count of active keys and the insert run in one transaction
 * holding a row lock on the user (SELECT … FOR UPDATE), so concurrent creations
 * for one user queue up and can never pass MAX_ACTIVE_KEYS together.
 */
export async function createKey({ userId, input }: { userId: string; input: CreateKeyInput }): Promise<CreatedKey> {
  const prisma = await getPrisma();
  const key = generateKey();
  const { prefix, lastFour } = displayParts(key);
  const scopes = KEY_SCOPES.filter((s) => (input.scopes ?? KEY_SCOPES).includes(s));
  const expiresAt = input.expires_in_days ? new Date(Date.now() + input.expires_in_days * 86_400_000) : null;

  const row = await prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "users" WHERE "id" = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFound();
    const active = await tx.apiKey.count({
      where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    });
    if (active >= MAX_ACTIVE_KEYS) {
      throw new KeyError(
        "key_limit_reached",
        `You already have ${MAX_ACTIVE_KEYS} active API keys, the most allowed. Revoke one you no longer use, then create a new one.`,
      );
    }
    return tx.apiKey.create({
      data: { userId, name: input.name, keyHash: hashKey(key), prefix, lastFour, scopes, expiresAt, hideSensitive: input.hide_sensitive ?? true, reviewWrites: input.review_writes ?? true },
      omit: OMIT_HASH,
    });
  });
  log.info("API key created", { keyId: row.id, userId, prefix, scopes });
  return {
    id: row.id,
    name: row.name,
    key,
    prefix: row.prefix,
    last_four: row.lastFour,
    scopes: parseStoredScopes(row.scopes),
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt?.toISOString() ?? null,
    hide_sensitive: row.hideSensitive,
    review_writes: row.reviewWrites,
  };
}

/** The user's keys, newest first, without secrets. */
export async function listKeys({ userId }: { userId: string }): Promise<KeyView[]> {
  const prisma = await getPrisma();
  const rows = await prisma.apiKey.findMany({ where: { userId }, omit: OMIT_HASH, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  const now = new Date();
  return rows.map((r) => toKeyView(r, now));
}

async function ownedKey(userId: string, id: string): Promise<KeyRow> {
  if (!UUID.test(id)) throw notFound();
  const prisma = await getPrisma();
  const row = await prisma.apiKey.findFirst({ where: { id, userId }, omit: OMIT_HASH });
  if (!row) throw notFound();
  return row;
}

export async function renameKey({ userId, id, patch }: { userId: string; id: string; patch: KeyPatch }): Promise<KeyView> {
  await ownedKey(userId, id);
  const prisma = await getPrisma();
  const row = await prisma.apiKey.update({
    where: { id },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.hide_sensitive !== undefined ? { hideSensitive: patch.hide_sensitive } : {}),
      ...(patch.review_writes !== undefined ? { reviewWrites: patch.review_writes } : {}),
    },
    omit: OMIT_HASH,
  });
  // The cached principal carries the name (memories are attributed to it) and the trust settings;
  // other instances drop theirs through the credential_changes trigger.
  verifiedKeyCache().evictKeyId(id);
  log.info("API key updated", { keyId: id, userId, fields: Object.keys(patch) });
  return toKeyView(row);
}

/** Soft-revokes a key (sets revoked_at once; revoking again changes nothing). Effective at once on this instance. */
export async function revokeKey({ userId, id }: { userId: string; id: string }): Promise<KeyView> {
  await ownedKey(userId, id);
  const prisma = await getPrisma();
  await prisma.apiKey.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  verifiedKeyCache().evictKeyId(id);
  log.info("API key revoked", { keyId: id, userId });
  return toKeyView(await prisma.apiKey.findUniqueOrThrow({ where: { id }, omit: OMIT_HASH }));
}

/** The display prefix of one of the user's keys (for /agent/v1/me), or null if it is gone. */
export async function keyPrefix({ userId, id }: { userId: string; id: string }): Promise<string | null> {
  const prisma = await getPrisma();
  const row = await prisma.apiKey.findFirst({ where: { id, userId }, select: { prefix: true } });
  return row?.prefix ?? null;
}

// Grants: a person's consent to one connector client. Listed and revoked on
// /settings ("Connected apps"); revoked by the token endpoint on code or refresh
// token reuse. Every /mcp request reads its grant (lib/auth/connector-token.ts),
// so a revocation ends the grant's access tokens at once on every instance.
import "server-only";
import type { ConnectionView } from "./types";
import { getPrisma } from "../db";
import { parseStoredScopes } from "../keys/scopes";
import { keepAlive } from "../background";
import { log } from "../log";

export type { ConnectionView };

export type RevokedReason = "user" | "code_reuse" | "refresh_reuse" | "token_revocation";


function hostOf(uri: string | undefined): string {
  if (!uri) return "";
  try {
    const url = new URL(uri);
    return url.host || url.protocol.replace(/:$/, "");
  } catch {
    return "";
  }
}

/** The user's active grants, newest first. */
export async function listConnections(userId: string): Promise<ConnectionView[]> {
  const rows = await (await getPrisma()).oAuthGrant.findMany({
    where: { userId, revokedAt: null },
    include: { client: { select: { kind: true, redirectUris: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((g) => ({
    id: g.id,
    client_name: g.appName,
    client_host: hostOf(g.client.redirectUris[0]),
    client_id_kind: g.client.kind === "cimd" ? "metadata_document" : "registered",
    scopes: parseStoredScopes(g.scopes),
    created_at: g.createdAt.toISOString(),
    last_used_at: g.lastUsedAt?.toISOString() ?? null,
    hide_sensitive: g.hideSensitive,
    review_writes: g.reviewWrites,
  }));
}

/** Sets a connection's trust settings (each /mcp request reads the grant: effective at once everywhere). False when it is not the user's active grant. */
export async function setGrantPolicy(userId: string, grantId: string, patch: { hide_sensitive?: boolean; review_writes?: boolean }): Promise<boolean> {
  const { count } = await (await getPrisma()).oAuthGrant.updateMany({
    where: { id: grantId, userId, revokedAt: null },
    data: {
      ...(patch.hide_sensitive !== undefined ? { hideSensitive: patch.hide_sensitive } : {}),
      ...(patch.review_writes !== undefined ? { reviewWrites: patch.review_writes } : {}),
    },
  });
  return count > 0;
}

/** Revokes a grant (its refresh tokens and access tokens stop working). False when it is not active. */
export async function revokeGrant(grantId: string, reason: RevokedReason, userId?: string): Promise<boolean> {
  const { count } = await (await getPrisma()).oAuthGrant.updateMany({
    where: { id: grantId, revokedAt: null, ...(userId ? { userId } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  });
  if (count > 0 && reason !== "user") log.warn("OAuth grant revoked", { grant_id: grantId, reason });
  return count > 0;
}

const USE_NOTE_INTERVAL_MS = 60_000;

/** Records that a grant was used, at most once a minute (fire and forget). */
export function noteGrantUse(grantId: string, lastUsedAt: Date | null): void {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < USE_NOTE_INTERVAL_MS) return;
  const write = getPrisma()
    .then((prisma) => prisma.oAuthGrant.update({ where: { id: grantId }, data: { lastUsedAt: new Date() } }))
    .then(() => undefined)
    .catch((e) => log.debug("could not record an OAuth grant's use", { error: e }));
  keepAlive(write); // a serverless response's end would cut it off
}

// The read log: one row per memory returned to an assistant (which app, which key,
// through which tool or query). The person's own dashboard reads are not logged.
import "server-only";
import { sqlRows } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isAssistant, type MemoryActor } from "./actor";
import { actorAppId } from "./apps";

/**
 * One INSERT for every memory returned to an assistant. Written in SQL over
 * unnest: Prisma's createMany of the same rows took 2.5 ms of a 14 ms search over
 * MCP (bench:stages), this takes well under one (on the driver itself: sqlRows).
 */
export async function logAccess(actor: MemoryActor, memoryIds: string[], accessType: string, metadata: Record<string, unknown> = {}): Promise<void> {
  if (!isAssistant(actor) || memoryIds.length === 0) return;
  const appId = await actorAppId(actor);
  await sqlRows(Prisma.sql`
    INSERT INTO "memory_access_logs" ("memory_id", "app_id", "api_key_id", "oauth_grant_id", "access_type", "metadata")
    SELECT id, ${appId}::uuid, ${actor.apiKeyId ?? null}::uuid, ${actor.oauthGrantId ?? null}::uuid, ${accessType}, ${JSON.stringify(metadata)}::jsonb
    FROM unnest(${memoryIds}::uuid[]) AS id`);
}

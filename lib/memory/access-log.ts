// The read log: one row per memory returned to an assistant (which app, which key,
// through which tool or query). The person's own dashboard reads are not logged.
import "server-only";
import { getPrisma } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isAssistant, type MemoryActor } from "./actor";
import { actorAppId } from "./apps";

/** One batched insert for every memory returned to an assistant. */
export async function logAccess(actor: MemoryActor, memoryIds: string[], accessType: string, metadata: Record<string, unknown> = {}): Promise<void> {
  if (!isAssistant(actor) || memoryIds.length === 0) return;
  const appId = await actorAppId(actor);
  const prisma = await getPrisma();
  await prisma.memoryAccessLog.createMany({
    data: memoryIds.map((memoryId) => ({
      memoryId,
      appId,
      apiKeyId: actor.apiKeyId ?? null,
      oauthGrantId: actor.oauthGrantId ?? null,
      accessType,
      metadata: metadata as Prisma.InputJsonValue,
    })),
  });
}

// Auth for third-party agents (app/agent/v1/*): `Authorization: Bearer jean_sk_…`.
// Shape and checksum are checked before any database work; the key itself is never
// stored or logged, only its SHA-256.
import { getPrisma } from "../db";
import { hashKey, isWellFormedKey } from "../keys/format";
import { log } from "../log";
import { authFailure, type AgentPrincipal, type AuthResult, type KeyScope } from "./types";

// One message for every failure, so a caller cannot tell a revoked key from one
// that never existed.
const REJECTED = "Invalid or expired API key";
const MAX_HEADER = 200;

/** The key in an Authorization header, or undefined when there is none of the right shape. */
export function parseAgentKeyHeader(header: string | null): string | undefined {
  if (header === null || header.length > MAX_HEADER) return undefined;
  const match = /^Bearer (jean_sk_[0-9A-Za-z]+)$/.exec(header);
  if (!match || !isWellFormedKey(match[1])) return undefined;
  return match[1];
}

export async function getCurrentAgent(request: Request): Promise<AuthResult<AgentPrincipal>> {
  const header = request.headers.get("authorization");
  if (header === null) return authFailure(401, "unauthenticated", "Missing Authorization: Bearer <API key>");
  const key = parseAgentKeyHeader(header);
  if (key === undefined) return authFailure(401, "invalid_api_key", REJECTED);

  try {
    const prisma = await getPrisma();
    const row = await prisma.apiKey.findUnique({ where: { keyHash: hashKey(key) }, include: { user: true } });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) {
      return authFailure(401, "invalid_api_key", REJECTED);
    }
    return {
      ok: true,
      principal: {
        kind: "agent",
        user: row.user,
        keyId: row.id,
        scopes: row.scopes as KeyScope[],
        appName: row.name,
      },
    };
  } catch (e) {
    log.error("could not verify an API key", { error: e });
    return authFailure(503, "unavailable", "The service is temporarily unavailable");
  }
}

// Scopes an agent API key can carry, and the check the memory/MCP code calls
// before doing something on a key's behalf.
import { z } from "zod";
import { ApiError } from "../api/errors";
import type { AgentPrincipal, KeyScope } from "../auth/types";

export const KEY_SCOPES = ["memories:read", "memories:write"] as const satisfies readonly KeyScope[];

export const keyScopeSchema = z.enum(KEY_SCOPES, { message: `expected one of ${KEY_SCOPES.join(", ")}` });

/** Whether the principal's key carries `scope`. */
export function hasScope(principal: Pick<AgentPrincipal, "scopes">, scope: KeyScope): boolean {
  return principal.scopes.includes(scope);
}

/**
 * Throws a 403 `forbidden` ApiError unless the key carries `scope`.
 * `requireScope(principal, "memories:write")` before any write made for an agent.
 */
export function requireScope(principal: Pick<AgentPrincipal, "scopes">, scope: KeyScope): void {
  if (!hasScope(principal, scope)) throw new ApiError("forbidden", `This API key lacks the ${scope} scope`);
}

/** Stored scopes, filtered to the ones this server knows (a stray value in the row grants nothing). */
export function parseStoredScopes(stored: readonly string[] | null | undefined): KeyScope[] {
  return (stored ?? []).filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
}

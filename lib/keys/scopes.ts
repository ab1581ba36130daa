// Scopes an agent API key can carry, and the one check everything uses before
// acting on a key's behalf: the agent auth core (REST routes' `scopes` option) and
// the MCP tools (each tool's scope) both call requireScope.
import "server-only";
import { z } from "zod";
import type { KeyScope } from "../auth/types";
import { AuthError } from "../errors";

export const KEY_SCOPES = ["memories:read", "memories:write"] as const satisfies readonly KeyScope[];

export const keyScopeSchema = z.enum(KEY_SCOPES, { message: `expected one of ${KEY_SCOPES.join(", ")}` });

/** Whether the principal's key carries `scope`. */
export function hasScope(principal: { scopes: readonly KeyScope[] }, scope: KeyScope): boolean {
  return principal.scopes.includes(scope);
}

/** Throws an `insufficient_scope` AuthError (403) unless the key carries `scope`. */
export function requireScope(principal: { scopes: readonly KeyScope[] }, scope: KeyScope, what = "do this", credential = "This API key"): void {
  if (!hasScope(principal, scope)) throw new AuthError("insufficient_scope", `${credential} does not have the ${scope} scope, so it cannot ${what}.`);
}

/** Stored scopes, filtered to the ones this server knows (a stray value in the row grants nothing). */
export function parseStoredScopes(stored: readonly string[] | null | undefined): KeyScope[] {
  return (stored ?? []).filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
}

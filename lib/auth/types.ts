// The only things the auth helpers share: the shapes they return.
import { AuthError, type AuthErrorCode } from "../errors";
import type { User } from "../users";

export { AuthError };

export interface UserPrincipal {
  kind: "user";
  user: User;
  sessionId: string | undefined;
}

export interface GatewayPrincipal {
  kind: "gateway";
  user: User;
  /** The app memories are attributed to (x-client-name, default "claude"). */
  appName: string;
}

export type KeyScope = "memories:read" | "memories:write";

/**
 * What the person allows one credential (a key, a grant, a Claude client name):
 * whether it sees their sensitive categories, whether its writes wait for review.
 */
export interface CredentialPolicy {
  hideSensitive: boolean;
  reviewWrites: boolean;
}

export interface AgentPrincipal {
  kind: "agent";
  user: User;
  keyId: string;
  scopes: KeyScope[];
  /** The app memories are attributed to: the key's name. */
  appName: string;
  policy: CredentialPolicy;
}

/** An MCP connector acting through an OAuth grant (/mcp). */
export interface ConnectorPrincipal {
  kind: "connector";
  user: User;
  grantId: string;
  clientId: string;
  /** What the access token may do: its scopes that the grant still has. */
  scopes: KeyScope[];
  /** The app memories are attributed to: the client's registered name. */
  appName: string;
  policy: CredentialPolicy;
}

export type AuthResult<P> = { ok: true; principal: P } | { ok: false; error: AuthError };

export const authFailure = (code: AuthErrorCode, message: string, retryAfterSeconds?: number) =>
  ({ ok: false, error: new AuthError(code, message, undefined, retryAfterSeconds) }) as const;

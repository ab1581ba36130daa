// The only things the three auth helpers share: the shapes they return.
import type { User } from "../users";

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

export interface AgentPrincipal {
  kind: "agent";
  user: User;
  keyId: string;
  scopes: KeyScope[];
  /** The app memories are attributed to: the key's name. */
  appName: string;
}

export interface AuthError {
  status: 400 | 401 | 503;
  code: string;
  message: string;
}

export type AuthResult<P> = { ok: true; principal: P } | { ok: false; error: AuthError };

export const authFailure = (status: AuthError["status"], code: string, message: string) =>
  ({ ok: false, error: { status, code, message } }) as const;

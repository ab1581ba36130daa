// Who is acting on memories, and how they came in. Every engine call, read or
// write, takes one; the engine keeps no user state of its own (the original leaked
// memories between users through exactly such shared state). Built once per
// request by the route, from its own auth path's principal.
import "server-only";
import type { CredentialPolicy, KeyScope } from "../auth/types";
import type { App } from "../generated/prisma/client";

export type { CredentialPolicy };
import { KEY_SCOPES } from "../keys/scopes";

/** How the actor came in: one value per auth path. */
export type ActorVia = "dashboard" | "gateway" | "agent" | "oauth";

export interface MemoryActor {
  /** Internal users.id (not the Supabase id). */
  userId: string;
  via: ActorVia;
  /**
   * The app this actor writes as, created on first use: x-client-name for the
   * gateway, the key's name for an agent, the app named in the request (default
   * "jean-memory") for the dashboard. Assistants' reads are logged under it.
   */
  appName: string;
  /** The API key acting (agents). */
  apiKeyId?: string;
  /** The OAuth grant acting (connectors). */
  oauthGrantId?: string;
  /** What the credential allows; the dashboard and the gateway may do everything. */
  scopes: readonly KeyScope[];
  /** The person's trust settings for this credential (trust.ts); the dashboard's are open. */
  policy: CredentialPolicy;
  /**
   * Set when `policy` is a closed placeholder still to be read (a Claude client's
   * settings live in the database: read when a tool runs, so a protocol exchange
   * works without it). resolvedActor (trust.ts) replaces the placeholder. The read
   * may also give the actor's app, read in the same statement.
   */
  loadPolicy?: () => Promise<{ policy: CredentialPolicy; app?: App }>;
}

/** Sees everything, writes directly: the dashboard, and anything set up before trust controls. */
export const OPEN_POLICY: CredentialPolicy = Object.freeze({ hideSensitive: false, reviewWrites: false });
/** Until a policy is read, the strictest: nothing sensitive, nothing written directly. */
export const CLOSED_POLICY: CredentialPolicy = Object.freeze({ hideSensitive: true, reviewWrites: true });

export const DASHBOARD_APP = "jean-memory";

export function dashboardActor(userId: string, appName: string = DASHBOARD_APP): MemoryActor {
  return { userId, via: "dashboard", appName, scopes: KEY_SCOPES, policy: OPEN_POLICY };
}

/** A Claude client; its policy is its app's gateway settings (default open, as before trust controls). */
export function gatewayActor(userId: string, clientName: string, policy: CredentialPolicy = OPEN_POLICY): MemoryActor {
  return { userId, via: "gateway", appName: clientName, scopes: KEY_SCOPES, policy };
}

export function agentActor(userId: string, key: { keyId: string; appName: string; scopes: readonly KeyScope[]; policy: CredentialPolicy }): MemoryActor {
  return { userId, via: "agent", appName: key.appName, apiKeyId: key.keyId, scopes: key.scopes, policy: key.policy };
}

export function connectorActor(userId: string, grant: { grantId: string; appName: string; scopes: readonly KeyScope[]; policy: CredentialPolicy }): MemoryActor {
  return { userId, via: "oauth", appName: grant.appName, oauthGrantId: grant.grantId, scopes: grant.scopes, policy: grant.policy };
}

/**
 * An assistant (anything but the person's own dashboard) sees only what the scope
 * allows it, and its reads are written to the access log.
 */
export function isAssistant(actor: MemoryActor): boolean {
  return actor.via !== "dashboard";
}

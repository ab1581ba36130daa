// Test helpers for the connector path: a connection (client registered, consent
// approved, code exchanged) made through lib/oauth's real functions, without the
// browser — the consent page itself is driven in Playwright (e2e/oauth.signed-in.spec.ts).
import { createHash, randomBytes } from "node:crypto";
import type { KeyScope } from "../auth/types";
import { approve, validateAuthorizationRequest } from "../oauth/authorize";
import { registerClient } from "../oauth/clients";
import { exchangeToken, type TokenResponse } from "../oauth/token-endpoint";

export const pkcePair = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

export interface TestConnection extends TokenResponse {
  clientId: string;
  grantId: string;
}

/** A fresh client, approved by `userId` (internal users.id) for `scopes`, its code exchanged at `origin`. */
export async function connectClient(userId: string, opts: { origin?: string; scopes?: KeyScope[]; clientName?: string } = {}): Promise<TestConnection> {
  const origin = opts.origin ?? "http://localhost:3000";
  const redirectUri = "http://127.0.0.1:9/callback";
  const client = (await registerClient({ redirect_uris: [redirectUri], client_name: opts.clientName ?? "Test Connector" })) as { client_id: string };
  const { verifier, challenge } = pkcePair();
  const params = new URLSearchParams({ response_type: "code", client_id: client.client_id, redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: "S256", resource: `${origin}/mcp` });
  const checked = await validateAuthorizationRequest(params, origin);
  if (!checked.ok) throw new Error(`authorization request refused: ${JSON.stringify(checked)}`);
  const back = new URL(await approve(origin, userId, checked.request, opts.scopes ?? ["memories:read", "memories:write"]));
  const form = new URLSearchParams({ grant_type: "authorization_code", code: back.searchParams.get("code")!, redirect_uri: redirectUri, code_verifier: verifier, client_id: client.client_id });
  const tokens = await exchangeToken(new Request(`${origin}/oauth/token`, { method: "POST" }), form, origin);
  const { getPrisma } = await import("../db");
  const grant = await (await getPrisma()).oAuthGrant.findFirstOrThrow({ where: { userId, clientId: client.client_id, revokedAt: null } });
  return { ...tokens, clientId: client.client_id, grantId: grant.id };
}

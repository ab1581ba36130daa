// Auth for the Claude path (app/mcp/messages): the trusted-proxy contract. A proxy
// (the Cloudflare Worker in front of supergateway) sends `x-user-id` and optionally
// `x-client-name`. No Bearer token is expected and any Authorization header is
// ignored: this contract predates API keys and must not change.
import "server-only";
import crypto from "node:crypto";
import { getConfig } from "../config";
import { log } from "../log";
import { trimEnd } from "../text";
import { getOrCreateUser } from "../users";
import { addressInList, requestAddress } from "./client-address";
import { authFailure, type AuthResult, type GatewayPrincipal } from "./types";

export const DEFAULT_CLIENT_NAME = "claude";
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,254}$/;
const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * One app per client, however its name is spelled: NFKC, lower case, and no trailing
 * ".", "_", "-" or spaces — so pausing "claude" cannot be bypassed by sending
 * "claude." or "Claude_" (each used to write as a new, active app).
 */
export function normaliseClientName(name: string): string {
  return trimEnd(name.normalize("NFKC").toLowerCase(), (c) => c === "." || c === "_" || c === "-" || c === " ");
}

export async function getGatewayUser(request: Request): Promise<AuthResult<GatewayPrincipal>> {
  const { gateway, isProduction } = getConfig();
  if (gateway.trustedProxies.length > 0) {
    // Optional and checked first: only the proxy's addresses may speak for a user here.
    const address = requestAddress(request);
    if (!address || !addressInList(address, gateway.trustedProxies)) {
      return authFailure("untrusted_address", "Requests to this endpoint must come through the configured proxy");
    }
  }
  if (gateway.secret) {
    const given = request.headers.get("x-gateway-secret");
    if (given === null || !sameSecret(given, gateway.secret)) {
      return authFailure("invalid_gateway_secret", "Missing or wrong x-gateway-secret");
    }
  } else if (isProduction && !gateway.trustHeader) {
    return authFailure(
      "gateway_not_configured",
      "This endpoint is disabled: set MCP_GATEWAY_SECRET or MCP_GATEWAY_TRUST_HEADER=true",
    );
  }

  const userId = request.headers.get("x-user-id")?.trim();
  if (!userId) return authFailure("missing_user_id", "Missing x-user-id header");
  if (!USER_ID.test(userId)) return authFailure("invalid_user_id", "Malformed x-user-id header");

  const clientName = request.headers.get("x-client-name")?.trim() || DEFAULT_CLIENT_NAME;
  if (!CLIENT_NAME.test(clientName)) {
    return authFailure("invalid_client_name", "x-client-name must be 1-64 letters, digits, spaces, '.', '_' or '-'");
  }

  try {
    const user = await getOrCreateUser(userId);
    return { ok: true, principal: { kind: "gateway", user, appName: normaliseClientName(clientName) } };
  } catch (e) {
    log.error("could not load the gateway user", { error: e });
    return authFailure("unavailable", "The service is temporarily unavailable");
  }
}

// Where the OAuth server and the connector endpoint live. The issuer is this
// server's origin: PUBLIC_URL when configured (production), else the origin the
// request was addressed to (Host / X-Forwarded-Host, as Next itself sees it).
import "server-only";
import { getConfig } from "../config";

export const MCP_RESOURCE_PATH = "/mcp";

/** This server's origin, without a trailing slash. */
export function serverOrigin(request: Request): string {
  const configured = getConfig().publicUrl;
  if (configured) return configured;
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** The resource (RFC 8707) access tokens are bound to: the connector endpoint. */
export const mcpResource = (origin: string) => `${origin}${MCP_RESOURCE_PATH}`;

export const protectedResourceMetadataUrl = (origin: string) => `${origin}/.well-known/oauth-protected-resource${MCP_RESOURCE_PATH}`;

/**
 * Whether a `resource` a client sent names our resource. Compared as URLs with
 * scheme and host lowercased, a trailing slash ignored (clients differ on it);
 * anything else — another path, port, query, fragment — is another resource.
 */
export function isOurResource(resource: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    return false;
  }
  if (url.hash || url.search || url.username || url.password) return false;
  return `${url.origin}${url.pathname.replace(/\/$/, "")}` === mcpResource(origin);
}

// The discovery documents: authorization server metadata (RFC 8414, also served as
// OpenID configuration) and protected resource metadata for /mcp (RFC 9728).
// Parsed through the MCP SDK's own schemas, so what we publish is what its client reads.
import "server-only";
import { OAuthMetadataSchema, OAuthProtectedResourceMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import { SCOPES_SUPPORTED } from "./authorize";
import { TOKEN_ENDPOINT_AUTH_METHODS } from "./clients";
import { SIGNING_ALG } from "./signing-keys";
import { mcpResource } from "./urls";

export function authorizationServerMetadata(origin: string) {
  return OAuthMetadataSchema.parse({
    issuer: origin,
    authorization_endpoint: `${origin}/oauth/authorize`,
    token_endpoint: `${origin}/oauth/token`,
    registration_endpoint: `${origin}/oauth/register`,
    revocation_endpoint: `${origin}/oauth/revoke`,
    jwks_uri: `${origin}/oauth/jwks`,
    scopes_supported: [...SCOPES_SUPPORTED],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code", "refresh_token"],
    token_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...TOKEN_ENDPOINT_AUTH_METHODS],
    code_challenge_methods_supported: ["S256"],
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
    service_documentation: `${origin}/settings`,
  });
}

/**
 * The same content as OpenID Provider metadata, for clients that look there first.
 * No ID tokens are issued (no `openid` scope); the fields OpenID requires are
 * present so strict parsers accept the document.
 */
export function openIdConfiguration(origin: string) {
  return { ...authorizationServerMetadata(origin), subject_types_supported: ["public"], id_token_signing_alg_values_supported: [SIGNING_ALG] };
}

export function protectedResourceMetadata(origin: string) {
  return OAuthProtectedResourceMetadataSchema.parse({
    resource: mcpResource(origin),
    authorization_servers: [origin],
    scopes_supported: [...SCOPES_SUPPORTED],
    bearer_methods_supported: ["header"],
    resource_name: "Jean Memory",
    resource_documentation: `${origin}/settings`,
  });
}

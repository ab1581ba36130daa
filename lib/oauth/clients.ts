// OAuth clients, known two ways (the MCP authorization spec's two): registered
// dynamically (RFC 7591; client_id `jmc_…`, kept in oauth_clients) or by a Client ID
// Metadata Document (the client_id is an https URL; its JSON is fetched through the
// guarded fetch, cached in oauth_clients for an hour and used stale for a week when
// the client's host is down).
import "server-only";
import { randomBytes } from "node:crypto";
import { OAuthClientMetadataSchema } from "@modelcontextprotocol/sdk/shared/auth.js";
import { InvalidClientError, InvalidClientMetadataError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { z } from "zod";
import { getPrisma } from "../db";
import { log } from "../log";
import { isStorableText } from "../text";
import { ClientMetadataFetchError, fetchClientMetadataDocument, isMetadataDocumentUrl } from "./client-metadata-document";
import { hashSecret, newSecret } from "./secrets";

export type TokenEndpointAuthMethod = "none" | "client_secret_post" | "client_secret_basic";
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ["none", "client_secret_post", "client_secret_basic"];

export interface OAuthClient {
  id: string;
  kind: "dcr" | "cimd";
  name: string;
  redirectUris: string[];
  /** Confidential clients (registered with a secret) only. */
  secretHash: string | null;
}

const FRESH_MS = 60 * 60_000;
const STALE_MAX_MS = 7 * 24 * 60 * 60_000;
const MAX_REDIRECT_URIS = 10;
const MAX_URI_LENGTH = 2_000;
const MAX_NAME_LENGTH = 100;
export const MAX_REGISTRATION_BYTES = 16 * 1024;

// Schemes a redirect must never use, even from a native app.
const FORBIDDEN_SCHEMES = new Set(["javascript:", "data:", "vbscript:", "file:", "blob:", "about:", "ftp:", "ws:", "wss:"]);
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Whether a redirect URI may be registered: https; http only to a loopback host
 * (RFC 8252 §7.3); or a native app's private-use scheme (RFC 8252 §7.1, e.g.
 * Cursor's cursor://). Never a fragment. Matched exactly at authorization time.
 */
export function isAllowedRedirectUri(uri: string): boolean {
  if (uri.length > MAX_URI_LENGTH || !isStorableText(uri)) return false;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash || uri.includes("#")) return false;
  if (url.protocol === "https:") return url.hostname !== "";
  if (url.protocol === "http:") return LOOPBACK_HOSTS.has(url.hostname);
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && !FORBIDDEN_SCHEMES.has(url.protocol);
}

/** The name shown on the consent page and given to the app its writes go to. */
function displayName(name: unknown, redirectUris: string[]): string {
  const trimmed = typeof name === "string" ? name.replace(/\s+/g, " ").trim() : "";
  if (trimmed && trimmed.length <= MAX_NAME_LENGTH && isStorableText(trimmed)) return trimmed;
  const host = (() => {
    try {
      return new URL(redirectUris[0]).host || new URL(redirectUris[0]).protocol.replace(/:$/, "");
    } catch {
      return "unknown";
    }
  })();
  return `MCP client (${host})`;
}

const redirectUrisSchema = z
  .array(z.string(), { message: "redirect_uris must be an array of URLs" })
  .min(1, "redirect_uris must name at least one URI")
  .max(MAX_REDIRECT_URIS, `at most ${MAX_REDIRECT_URIS} redirect_uris`)
  .refine((uris) => uris.every(isAllowedRedirectUri), "every redirect URI must be https, http on a loopback host (127.0.0.1, [::1], localhost) or a native app's own scheme, without a fragment");

const registrationSchema = OAuthClientMetadataSchema.extend({
  redirect_uris: redirectUrisSchema,
  token_endpoint_auth_method: z.enum(TOKEN_ENDPOINT_AUTH_METHODS as [TokenEndpointAuthMethod, ...TokenEndpointAuthMethod[]], { message: `token_endpoint_auth_method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(", ")}` }).optional(),
  // Other grant or response types a client lists are not refused (RFC 7591 §3.2.1 lets the
  // server answer with what it grants): the answer says authorization_code + refresh_token, code.
  client_name: z.string().max(MAX_NAME_LENGTH, `client_name is longer than ${MAX_NAME_LENGTH} characters`).optional(),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".");
  return field ? `${field}: ${issue.message}` : (issue?.message ?? "invalid client metadata");
}

/** RFC 7591 registration: the client information to answer with (201). Throws InvalidClientMetadataError. */
export async function registerClient(body: unknown): Promise<Record<string, unknown>> {
  const parsed = registrationSchema.safeParse(body);
  if (!parsed.success) throw new InvalidClientMetadataError(firstIssue(parsed.error));
  const metadata = parsed.data;
  // Omitted: a public client, as MCP clients are (RFC 7591's default would be a secret).
  const method = metadata.token_endpoint_auth_method ?? "none";
  const id = "jmc_" + randomBytes(16).toString("base64url");
  const secret = method === "none" ? undefined : newSecret("client");
  const name = displayName(metadata.client_name, metadata.redirect_uris);
  const prisma = await getPrisma();
  const row = await prisma.oAuthClient.create({
    data: {
      id,
      kind: "dcr",
      clientName: name,
      redirectUris: metadata.redirect_uris,
      secretHash: secret ? hashSecret(secret) : null,
      metadata: { token_endpoint_auth_method: method, ...(metadata.client_uri ? { client_uri: metadata.client_uri } : {}), ...(metadata.software_id ? { software_id: metadata.software_id } : {}) },
    },
  });
  return {
    client_id: id,
    ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
    client_name: name,
    redirect_uris: metadata.redirect_uris,
    token_endpoint_auth_method: method,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    ...(metadata.client_uri ? { client_uri: metadata.client_uri } : {}),
  };
}

const documentSchema = z.looseObject({
  client_id: z.string(),
  redirect_uris: redirectUrisSchema,
  client_name: z.unknown().optional(),
  token_endpoint_auth_method: z.literal("none", { message: "token_endpoint_auth_method must be none (this server takes public clients by metadata document)" }).optional(),
});

const toClient = (row: { id: string; kind: string; clientName: string; redirectUris: string[]; secretHash: string | null }): OAuthClient => ({
  id: row.id,
  kind: row.kind === "cimd" ? "cimd" : "dcr",
  name: row.clientName,
  redirectUris: row.redirectUris,
  secretHash: row.secretHash,
});

async function metadataDocumentClient(clientId: string): Promise<OAuthClient> {
  const prisma = await getPrisma();
  const cached = await prisma.oAuthClient.findUnique({ where: { id: clientId } });
  const age = cached?.fetchedAt ? Date.now() - cached.fetchedAt.getTime() : Infinity;
  if (cached && cached.kind === "cimd" && age < FRESH_MS) return toClient(cached);
  try {
    const parsed = documentSchema.safeParse(await fetchClientMetadataDocument(clientId));
    if (!parsed.success) throw new ClientMetadataFetchError(`the client metadata document is invalid: ${firstIssue(parsed.error)}`);
    if (parsed.data.client_id !== clientId) throw new ClientMetadataFetchError("the client metadata document's client_id is not its own URL");
    const data = { kind: "cimd", clientName: displayName(parsed.data.client_name, parsed.data.redirect_uris), redirectUris: parsed.data.redirect_uris, secretHash: null, metadata: {}, fetchedAt: new Date() };
    return toClient(await prisma.oAuthClient.upsert({ where: { id: clientId }, create: { id: clientId, ...data }, update: data }));
  } catch (e) {
    if (!(e instanceof ClientMetadataFetchError)) throw e;
    if (cached && cached.kind === "cimd" && age < STALE_MAX_MS) {
      log.warn("client metadata document unavailable; using the cached copy", { client_id: clientId, reason: e.message });
      return toClient(cached);
    }
    throw new InvalidClientError(`Unknown client: ${e.message}`);
  }
}

/** The client a client_id names, or InvalidClientError. */
export async function findClient(clientId: string): Promise<OAuthClient> {
  if (clientId.length > MAX_URI_LENGTH || !isStorableText(clientId)) throw new InvalidClientError("Unknown client");
  if (isMetadataDocumentUrl(clientId)) return metadataDocumentClient(clientId);
  if (!/^jmc_[A-Za-z0-9_-]{22}$/.test(clientId)) throw new InvalidClientError("Unknown client");
  const row = await (await getPrisma()).oAuthClient.findUnique({ where: { id: clientId } });
  if (!row || row.kind !== "dcr") throw new InvalidClientError("Unknown client");
  return toClient(row);
}

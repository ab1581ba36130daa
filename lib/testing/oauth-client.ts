// The MCP SDK's client side of OAuth, kept in memory, for tests: vitest
// (lib/oauth/oauth.test.ts) and Playwright (e2e/oauth.spec.ts). `authorizationUrl`
// is where the SDK would send the browser. No server-only imports: Playwright loads it.
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

export class InMemoryOAuthProvider implements OAuthClientProvider {
  authorizationUrl?: URL;
  private info?: OAuthClientInformationMixed;
  private saved?: OAuthTokens;
  private verifier?: string;
  constructor(private readonly opts: { redirectUrl: string; clientId?: string; name?: string }) {
    if (opts.clientId) this.info = { client_id: opts.clientId };
  }
  get redirectUrl() {
    return this.opts.redirectUrl;
  }
  get clientMetadata(): OAuthClientMetadata {
    return { client_name: this.opts.name ?? "Test Connector", redirect_uris: [this.opts.redirectUrl], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none" };
  }
  clientInformation() {
    return this.info;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.info = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    if (!this.verifier) throw new Error("no verifier");
    return this.verifier;
  }
}

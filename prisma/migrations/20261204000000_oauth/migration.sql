-- OAuth 2.1 for MCP connectors (issue 18): the fourth auth path, /mcp. Its own
-- tables; nothing of the other paths changes except that 'oauth' becomes a
-- known way in for attribution.
--
-- Only hashes of authorization codes, refresh tokens and client secrets are
-- stored (SHA-256; each is 256 random bits, so no slow hash is needed). Access
-- tokens are short-lived JWTs signed with a key kept here; every use reads the
-- grant, so revoking a grant ends its access tokens at once on every instance.

ALTER TABLE "memories" DROP CONSTRAINT "memories_created_via_check",
    ADD CONSTRAINT "memories_created_via_check" CHECK ("created_via" IN ('dashboard', 'gateway', 'agent', 'oauth'));
ALTER TABLE "memory_status_history" DROP CONSTRAINT "memory_status_history_changed_via_check",
    ADD CONSTRAINT "memory_status_history_changed_via_check" CHECK ("changed_via" IN ('dashboard', 'gateway', 'agent', 'oauth'));

-- Signing keys for access tokens (ES256). The newest is used to sign; every key
-- not retired verifies (rotation: insert a new key, retire the old one after the
-- access-token lifetime).
CREATE TABLE "oauth_signing_keys" (
    "kid" TEXT NOT NULL,
    "private_jwk" JSONB NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_signing_keys_pkey" PRIMARY KEY ("kid")
);

-- Clients: registered dynamically (RFC 7591, kind 'dcr') or known by their
-- Client ID Metadata Document (kind 'cimd', id = the document's https URL; the
-- row is the cached document).
CREATE TABLE "oauth_clients" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "client_name" TEXT NOT NULL,
    "redirect_uris" TEXT[] NOT NULL,
    "secret_hash" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fetched_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_clients_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "oauth_clients_kind_check" CHECK ("kind" IN ('dcr', 'cimd'))
);

-- A person's consent to one client: the app its writes are attributed to, the
-- scopes, and the resource its tokens are for. One active grant per user and client.
CREATE TABLE "oauth_grants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "app_name" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "resource" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,
    CONSTRAINT "oauth_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "oauth_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "oauth_grants_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("id") ON DELETE CASCADE
);
CREATE INDEX "oauth_grants_user_id_created_at_idx" ON "oauth_grants"("user_id", "created_at" DESC);
CREATE UNIQUE INDEX "oauth_grants_one_active_per_client" ON "oauth_grants"("user_id", "client_id") WHERE "revoked_at" IS NULL;

CREATE TABLE "oauth_codes" (
    "code_hash" TEXT NOT NULL,
    "grant_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "code_challenge" TEXT NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "resource" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_codes_pkey" PRIMARY KEY ("code_hash"),
    CONSTRAINT "oauth_codes_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants"("id") ON DELETE CASCADE
);
CREATE INDEX "oauth_codes_grant_id_idx" ON "oauth_codes"("grant_id");

-- Refresh tokens rotate: each use marks the token used and issues the next; a
-- used one presented again revokes the whole grant (reuse detection).
CREATE TABLE "oauth_refresh_tokens" (
    "token_hash" TEXT NOT NULL,
    "grant_id" UUID NOT NULL,
    "scopes" TEXT[] NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "oauth_refresh_tokens_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "oauth_refresh_tokens_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "oauth_grants"("id") ON DELETE CASCADE
);
CREATE INDEX "oauth_refresh_tokens_grant_id_idx" ON "oauth_refresh_tokens"("grant_id");

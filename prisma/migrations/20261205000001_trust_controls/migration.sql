-- Trust controls (issue 19), part 2. Nothing existing changes behaviour:
--   - existing keys, grants and Claude clients keep seeing sensitive categories and
--     writing directly; only keys and grants created from now on default to hidden
--     and reviewed (the columns are added with the old behaviour, then the default
--     changes);
--   - the person's sensitive categories default to health and finance.

-- Which categories the person keeps from assistants that may not see them.
CREATE TABLE "user_sensitive_categories" (
    "user_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    CONSTRAINT "user_sensitive_categories_pkey" PRIMARY KEY ("user_id", "category_id"),
    CONSTRAINT "user_sensitive_categories_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "user_sensitive_categories_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE
);

INSERT INTO "user_sensitive_categories" ("user_id", "category_id")
    SELECT u."id", c."id" FROM "users" u CROSS JOIN "categories" c WHERE c."name" IN ('health', 'finance');

-- The default, written once: every new person starts with health and finance sensitive.
CREATE FUNCTION "users_default_sensitive_categories"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "user_sensitive_categories" ("user_id", "category_id")
        SELECT NEW."id", c."id" FROM "categories" c WHERE c."name" IN ('health', 'finance')
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER "users_default_sensitive_categories" AFTER INSERT ON "users"
    FOR EACH ROW EXECUTE FUNCTION "users_default_sensitive_categories"();

-- Per credential: may it see sensitive categories, are its writes reviewed.
ALTER TABLE "api_keys" ADD COLUMN "hide_sensitive" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "review_writes" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "api_keys" ALTER COLUMN "hide_sensitive" SET DEFAULT true, ALTER COLUMN "review_writes" SET DEFAULT true;
ALTER TABLE "oauth_grants" ADD COLUMN "hide_sensitive" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "review_writes" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "oauth_grants" ALTER COLUMN "hide_sensitive" SET DEFAULT true, ALTER COLUMN "review_writes" SET DEFAULT true;
-- A Claude gateway client is known by its x-client-name, which is its app: the
-- setting lives on the app and applies only to the gateway path (default: as today).
ALTER TABLE "apps" ADD COLUMN "gateway_hide_sensitive" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "gateway_review_writes" BOOLEAN NOT NULL DEFAULT false;

-- A key's settings are cached per instance like its scopes: changing them ends the cache everywhere.
DROP TRIGGER "api_keys_credential_change" ON "api_keys";
CREATE TRIGGER "api_keys_credential_change"
    AFTER UPDATE OF "revoked_at", "name", "scopes", "expires_at", "key_hash", "hide_sensitive", "review_writes" OR DELETE ON "api_keys"
    FOR EACH STATEMENT EXECUTE FUNCTION "credential_changes_bump"();

-- Attribution to the OAuth grant, next to the key (the Activity page is per credential).
ALTER TABLE "memories" ADD COLUMN "created_by_grant_id" UUID,
    ADD CONSTRAINT "memories_created_by_grant_id_fkey" FOREIGN KEY ("created_by_grant_id") REFERENCES "oauth_grants"("id") ON DELETE SET NULL;
ALTER TABLE "memory_status_history" ADD COLUMN "oauth_grant_id" UUID,
    ADD CONSTRAINT "memory_status_history_oauth_grant_id_fkey" FOREIGN KEY ("oauth_grant_id") REFERENCES "oauth_grants"("id") ON DELETE SET NULL;
ALTER TABLE "memory_access_logs" ADD COLUMN "oauth_grant_id" UUID,
    ADD CONSTRAINT "memory_access_logs_oauth_grant_id_fkey" FOREIGN KEY ("oauth_grant_id") REFERENCES "oauth_grants"("id") ON DELETE SET NULL;
CREATE INDEX "memory_access_logs_oauth_grant_id_accessed_at_idx" ON "memory_access_logs"("oauth_grant_id", "accessed_at" DESC);

-- Proposals waiting for the person: an assistant's new memory ('add', the memory
-- itself is pending_review), or a change to an existing one ('update' with the
-- proposed text, 'delete'), applied only on approval.
CREATE TABLE "memory_reviews" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "memory_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "proposed_text" TEXT,
    "via" TEXT NOT NULL,
    "app_id" UUID,
    "api_key_id" UUID,
    "oauth_grant_id" UUID,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "decision" TEXT,
    CONSTRAINT "memory_reviews_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "memory_reviews_action_check" CHECK ("action" IN ('add', 'update', 'delete')),
    CONSTRAINT "memory_reviews_decision_check" CHECK ("decision" IN ('approved', 'rejected', 'superseded')),
    CONSTRAINT "memory_reviews_update_text_check" CHECK ("action" <> 'update' OR "proposed_text" IS NOT NULL),
    CONSTRAINT "memory_reviews_via_check" CHECK ("via" IN ('dashboard', 'gateway', 'agent', 'oauth')),
    CONSTRAINT "memory_reviews_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "memory_reviews_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE,
    CONSTRAINT "memory_reviews_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE SET NULL,
    CONSTRAINT "memory_reviews_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL,
    CONSTRAINT "memory_reviews_oauth_grant_id_fkey" FOREIGN KEY ("oauth_grant_id") REFERENCES "oauth_grants"("id") ON DELETE SET NULL
);
CREATE INDEX "memory_reviews_open_idx" ON "memory_reviews"("user_id", "created_at" DESC) WHERE "decided_at" IS NULL;
CREATE INDEX "memory_reviews_memory_id_idx" ON "memory_reviews"("memory_id");

-- delete_all_memories from an assistant is two calls: the first answers what it
-- would delete and a one-time token (only its SHA-256 here), the second deletes
-- exactly those memories. Bound to the user and the credential that asked.
CREATE TABLE "delete_confirmations" (
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "credential" TEXT NOT NULL,
    "memory_ids" UUID[] NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "delete_confirmations_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "delete_confirmations_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
);
CREATE INDEX "delete_confirmations_expires_at_idx" ON "delete_confirmations"("expires_at");

-- The trash: deleted memories are purged after the retention period (lib/memory/trash.ts).
CREATE INDEX "memories_trash_idx" ON "memories"("deleted_at") WHERE "deleted_at" IS NOT NULL;

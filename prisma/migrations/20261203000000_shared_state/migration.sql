-- State that many stateless instances share through the database (issue 17).
--
-- rate_limit_windows: the per-key call limit of the agent path, one fixed
-- one-minute window per key, charged by one atomic upsert (lib/keys/rate-limit.ts).
-- One row per key: keys are few, so old windows are reused, never swept.
CREATE TABLE "rate_limit_windows" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "rate_limit_windows_pkey" PRIMARY KEY ("key")
);

-- credential_changes: one row whose version is bumped by any change that must
-- end a cached credential on every instance (a key revoked, renamed, re-scoped,
-- given an expiry or deleted; a local session revoked; a user deleted). Each
-- instance reads it at most every few hundred milliseconds and, when it moved,
-- drops its caches (lib/auth/revocation.ts). A plain read: it works through a
-- transaction-mode pooler, where LISTEN does not.
CREATE TABLE "credential_changes" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "credential_changes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "credential_changes_one_row" CHECK ("id" = 1)
);
INSERT INTO "credential_changes" ("id", "version") VALUES (1, 0);

CREATE FUNCTION "credential_changes_bump"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "credential_changes" SET "version" = "version" + 1, "changed_at" = now() WHERE "id" = 1;
    RETURN NULL;
END $$;

-- Statement-level: one bump per statement however many rows it touched.
-- `last_used_at` is not among the columns, so recording a key's use bumps nothing.
CREATE TRIGGER "api_keys_credential_change"
    AFTER UPDATE OF "revoked_at", "name", "scopes", "expires_at", "key_hash" OR DELETE ON "api_keys"
    FOR EACH STATEMENT EXECUTE FUNCTION "credential_changes_bump"();
CREATE TRIGGER "local_sessions_credential_change"
    AFTER UPDATE OF "revoked_at" OR DELETE ON "local_sessions"
    FOR EACH STATEMENT EXECUTE FUNCTION "credential_changes_bump"();
CREATE TRIGGER "users_credential_change"
    AFTER DELETE ON "users"
    FOR EACH STATEMENT EXECUTE FUNCTION "credential_changes_bump"();

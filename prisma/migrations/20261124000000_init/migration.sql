-- Jean Memory: initial schema. Kept in step with prisma/schema.prisma by hand.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TYPE "memory_state" AS ENUM ('active', 'paused', 'archived', 'deleted');
CREATE TYPE "embedding_status" AS ENUM ('pending', 'ready', 'failed');

CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "users_user_id_key" ON "users"("user_id");
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "apps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "apps_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "apps_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "apps_owner_id_name_key" ON "apps"("owner_id", "name");

CREATE TABLE "memories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "app_id" UUID NOT NULL,
    "content" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "state" "memory_state" NOT NULL DEFAULT 'active',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "embedding" vector,
    "embedding_model" TEXT,
    "embedding_status" "embedding_status" NOT NULL DEFAULT 'pending',
    "content_tsv" tsvector GENERATED ALWAYS AS (to_tsvector('english', "content")) STORED,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    CONSTRAINT "memories_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "memories_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memories_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "memories_user_id_state_created_at_idx" ON "memories"("user_id", "state", "created_at" DESC);
CREATE INDEX "memories_app_id_state_created_at_idx" ON "memories"("app_id", "state", "created_at" DESC);
CREATE INDEX "memories_user_id_content_hash_idx" ON "memories"("user_id", "content_hash");
CREATE INDEX "memories_embedding_status_idx" ON "memories"("embedding_status");
-- Full-text search.
CREATE INDEX "memories_content_tsv_idx" ON "memories" USING GIN ("content_tsv");
-- kNN for the default local embedder (100 dims). Other embedders get their own
-- partial index of the same shape when `npm run reindex` switches to them.
CREATE INDEX "memories_embedding_local_hnsw_idx" ON "memories"
    USING hnsw (("embedding"::vector(100)) vector_cosine_ops)
    WHERE "embedding_model" LIKE 'local:%';

CREATE TABLE "categories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "categories_name_key" ON "categories"("name");

CREATE TABLE "memory_categories" (
    "memory_id" UUID NOT NULL,
    "category_id" UUID NOT NULL,
    CONSTRAINT "memory_categories_pkey" PRIMARY KEY ("memory_id", "category_id"),
    CONSTRAINT "memory_categories_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memory_categories_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "memory_categories_category_id_idx" ON "memory_categories"("category_id");

CREATE TABLE "memory_status_history" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "memory_id" UUID NOT NULL,
    "changed_by" UUID NOT NULL,
    "old_state" "memory_state",
    "new_state" "memory_state" NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "memory_status_history_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "memory_status_history_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memory_status_history_changed_by_fkey" FOREIGN KEY ("changed_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "memory_status_history_memory_id_created_at_idx" ON "memory_status_history"("memory_id", "created_at");

CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_four" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");
CREATE INDEX "api_keys_user_id_created_at_idx" ON "api_keys"("user_id", "created_at" DESC);

CREATE TABLE "memory_access_logs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "memory_id" UUID NOT NULL,
    "app_id" UUID NOT NULL,
    "api_key_id" UUID,
    "access_type" TEXT NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "accessed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "memory_access_logs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "memory_access_logs_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memory_access_logs_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "memory_access_logs_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "memory_access_logs_memory_id_accessed_at_idx" ON "memory_access_logs"("memory_id", "accessed_at" DESC);
CREATE INDEX "memory_access_logs_app_id_accessed_at_idx" ON "memory_access_logs"("app_id", "accessed_at" DESC);
CREATE INDEX "memory_access_logs_api_key_id_accessed_at_idx" ON "memory_access_logs"("api_key_id", "accessed_at" DESC);

-- Sessions minted by local sign-in (no Supabase project). Sign-out revokes the
-- row, so a token whose session is gone is refused before it expires.
CREATE TABLE "local_sessions" (
    "id" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "local_sessions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "local_sessions_user_id_idx" ON "local_sessions"("user_id");

-- The fixed category taxonomy (lib/memory/categories.ts documents each one).
INSERT INTO "categories" ("name", "description") VALUES
    ('personal', 'Identity, personality, life events'),
    ('work', 'Job, career, colleagues, projects'),
    ('health', 'Body, fitness, medical, sleep, mental health'),
    ('travel', 'Trips, places, commuting'),
    ('food', 'Meals, diet, restaurants, cooking'),
    ('family', 'Relatives, children, partner'),
    ('finance', 'Money, budget, investments, bills'),
    ('hobbies', 'Pastimes, sports, crafts, games'),
    ('preferences', 'Likes, dislikes, habits'),
    ('technology', 'Devices, software, programming'),
    ('education', 'Learning, school, courses, books'),
    ('relationships', 'Friends, dating, social life'),
    ('entertainment', 'Films, music, TV, events'),
    ('shopping', 'Purchases, brands, wish lists'),
    ('home', 'House, pets, chores, neighbourhood');

-- Hosted Postgres (Supabase) exposes the public schema to its `anon` and
-- `authenticated` roles through its REST API. The app talks to the database
-- directly, so those roles must not read these tables: revoke and enable RLS.
-- Runs only where those roles exist; a no-op on PGlite or a plain Postgres.
DO $$
DECLARE
    r TEXT;
    t TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            FOREACH t IN ARRAY ARRAY['users', 'apps', 'memories', 'categories', 'memory_categories',
                                     'memory_status_history', 'api_keys', 'memory_access_logs', 'local_sessions'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t, r);
            END LOOP;
        END IF;
    END LOOP;
END
$$;

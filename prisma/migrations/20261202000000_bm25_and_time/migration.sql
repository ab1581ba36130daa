-- Retrieval (issue 15): per-user BM25 statistics and the time a memory is about.
--
-- BM25 needs, per user, the number of documents, their total length and each
-- lexeme's document frequency. They are kept current by statement-level triggers
-- (one aggregated upsert per INSERT/UPDATE/DELETE statement, however many rows),
-- so search reads them in one indexed lookup instead of counting at query time.
-- Statistics are per user: one person's words never change another's scores.
-- A document counts while it is not deleted; its length is the number of its
-- distinct lexemes (length(tsvector)), which is what the search computes too.

ALTER TABLE "memories" ADD COLUMN "occurred_at" TIMESTAMPTZ(3);
-- A memory's time is coalesce(occurred_at, created_at): time filters and windows use this index.
CREATE INDEX "memories_user_id_time_idx" ON "memories"("user_id", (coalesce("occurred_at", "created_at")));

CREATE TABLE "memory_search_stats" (
    "user_id" UUID NOT NULL,
    "doc_count" INTEGER NOT NULL DEFAULT 0,
    "total_length" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "memory_search_stats_pkey" PRIMARY KEY ("user_id"),
    CONSTRAINT "memory_search_stats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "memory_term_stats" (
    "user_id" UUID NOT NULL,
    "lexeme" TEXT NOT NULL,
    "doc_freq" INTEGER NOT NULL,
    CONSTRAINT "memory_term_stats_pkey" PRIMARY KEY ("user_id", "lexeme"),
    CONSTRAINT "memory_term_stats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Applies signed document deltas (+1 counted, -1 no longer counted). Rows are
-- upserted in key order so concurrent writers lock them in the same order.
-- Users being deleted in the same statement are skipped (their stats cascade away).
CREATE FUNCTION "memory_search_stats_apply"(p_users UUID[], p_docs TSVECTOR[], p_signs INTEGER[]) RETURNS VOID
LANGUAGE sql AS $$
    WITH d AS (
        SELECT x.u AS user_id, x.doc, x.s AS sign
        FROM unnest(p_users, p_docs, p_signs) AS x(u, doc, s)
        WHERE EXISTS (SELECT 1 FROM "users" WHERE "id" = x.u)
    ), docs AS (
        INSERT INTO "memory_search_stats" AS s ("user_id", "doc_count", "total_length")
        SELECT user_id, sum(sign), sum(sign * length(doc)) FROM d GROUP BY user_id ORDER BY user_id
        ON CONFLICT ("user_id") DO UPDATE SET
            "doc_count" = s."doc_count" + EXCLUDED."doc_count",
            "total_length" = s."total_length" + EXCLUDED."total_length"
    )
    INSERT INTO "memory_term_stats" AS t ("user_id", "lexeme", "doc_freq")
    SELECT d.user_id, l.lexeme, sum(d.sign)::int
    FROM d, unnest(tsvector_to_array(d.doc)) AS l(lexeme)
    GROUP BY 1, 2 HAVING sum(d.sign) <> 0 ORDER BY 1, 2
    ON CONFLICT ("user_id", "lexeme") DO UPDATE SET "doc_freq" = t."doc_freq" + EXCLUDED."doc_freq";
$$;

CREATE FUNCTION "memory_search_stats_trigger"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM "memory_search_stats_apply"(array_agg(n."user_id"), array_agg(n."content_tsv"), array_agg(1))
        FROM new_rows n WHERE n."state" <> 'deleted' HAVING count(*) > 0;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "memory_search_stats_apply"(array_agg(o."user_id"), array_agg(o."content_tsv"), array_agg(-1))
        FROM old_rows o WHERE o."state" <> 'deleted' HAVING count(*) > 0;
    ELSE
        -- Only rows whose text, owner or counted-ness changed (embedding writes and
        -- the like cost one join and nothing else).
        PERFORM "memory_search_stats_apply"(array_agg(c.user_id), array_agg(c.doc), array_agg(c.sign))
        FROM (
            SELECT o."user_id", o."content_tsv" AS doc, -1 AS sign
            FROM old_rows o JOIN new_rows n ON n."id" = o."id"
            WHERE o."state" <> 'deleted'
              AND (n."state" = 'deleted' OR n."content_tsv" <> o."content_tsv" OR n."user_id" <> o."user_id")
            UNION ALL
            SELECT n."user_id", n."content_tsv", 1
            FROM old_rows o JOIN new_rows n ON n."id" = o."id"
            WHERE n."state" <> 'deleted'
              AND (o."state" = 'deleted' OR n."content_tsv" <> o."content_tsv" OR n."user_id" <> o."user_id")
        ) c HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "memories_search_stats_insert" AFTER INSERT ON "memories"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_trigger"();
CREATE TRIGGER "memories_search_stats_update" AFTER UPDATE ON "memories"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_trigger"();
CREATE TRIGGER "memories_search_stats_delete" AFTER DELETE ON "memories"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "memory_search_stats_trigger"();

-- Backfill from the memories already stored.
SELECT "memory_search_stats_apply"(array_agg("user_id"), array_agg("content_tsv"), array_agg(1))
FROM "memories" WHERE "state" <> 'deleted' HAVING count(*) > 0;

-- As in the first migration: not readable through Supabase's API roles.
DO $$
DECLARE
    r TEXT;
    t TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            FOREACH t IN ARRAY ARRAY['memory_search_stats', 'memory_term_stats'] LOOP
                EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t, r);
            END LOOP;
        END IF;
    END LOOP;
END
$$;

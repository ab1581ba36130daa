-- Search (issue 15): the BM25 leg finds its candidates through a per-user term index.
--
-- The full-text GIN index on content_tsv is shared by every user: a word's posting
-- list holds the whole table's memories that contain it, so a lookup for one user
-- read everyone's postings (bench:scaling, 100k rows: 74k postings read to find a
-- 100-memory user's 63). Since then the leg scanned the user's own rows instead,
-- which grows with the user (10k memories: 9.5 ms of a 17 ms search, bench:memory).
--
-- This index keys each posting by (user, lexeme): the element is a 64-bit hash of
-- "<user id>:<lexeme>", so a lookup reads only that user's memories holding that
-- word. A hash collision can only add a candidate, never lose one, and every
-- candidate is then checked against the real lexemes and the actor's scope.
-- COST is high so the planner never evaluates the function row by row: it reads the
-- index (see lib/memory/search.ts). The body uses pg_catalog functions only, so it
-- works under pg_dump's empty search_path. PostgreSQL does not promise hash values
-- across major versions: after a major-version upgrade (pg_upgrade), run
-- REINDEX INDEX "memories_user_terms_idx" so stored keys match the queries' again.
CREATE FUNCTION "memory_user_terms"(p_user UUID, p_doc TSVECTOR) RETURNS INT8[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
    SELECT coalesce(array_agg(hashtextextended(p_user::text || ':' || l, 0)), '{}'::int8[])
    FROM unnest(tsvector_to_array(p_doc)) AS l
$$;

CREATE INDEX "memories_user_terms_idx" ON "memories" USING GIN ("memory_user_terms"("user_id", "content_tsv")) WITH (fastupdate = off);

-- Nothing else reads the shared index; dropping it keeps writes (and imports) from paying for two.
DROP INDEX "memories_content_tsv_idx";

-- The dashboard's list, newest first, across the states it shows (active, paused,
-- archived): the (user_id, state, created_at) index cannot give that order across
-- three states, so every page sorted all the user's rows (9.4 ms at 10k memories).
-- Walking this one in order stops after a page.
CREATE INDEX "memories_user_id_created_at_id_idx" ON "memories"("user_id", "created_at" DESC, "id");

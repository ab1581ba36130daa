-- Who made each write (issue 13): how the actor came in (dashboard, the Claude
-- gateway, an agent key; later OAuth) and which key or app. Memories keep who
-- created them; history rows keep who changed them. Rows written before this
-- migration have NULLs: their author was not recorded.
ALTER TABLE "memories"
    ADD COLUMN "created_via" TEXT,
    ADD COLUMN "created_by_key_id" UUID,
    ADD CONSTRAINT "memories_created_via_check" CHECK ("created_via" IN ('dashboard', 'gateway', 'agent')),
    ADD CONSTRAINT "memories_created_by_key_id_fkey" FOREIGN KEY ("created_by_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "memory_status_history"
    ADD COLUMN "changed_via" TEXT,
    ADD COLUMN "app_id" UUID,
    ADD COLUMN "api_key_id" UUID,
    ADD CONSTRAINT "memory_status_history_changed_via_check" CHECK ("changed_via" IN ('dashboard', 'gateway', 'agent')),
    ADD CONSTRAINT "memory_status_history_app_id_fkey" FOREIGN KEY ("app_id") REFERENCES "apps"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    ADD CONSTRAINT "memory_status_history_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

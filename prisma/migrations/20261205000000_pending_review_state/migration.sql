-- Trust controls (issue 19), part 1: a memory written by an assistant whose writes
-- are reviewed waits in 'pending_review', invisible to every reader until the person
-- approves it. Alone in its migration: a new enum value cannot be used in the
-- transaction that adds it.
ALTER TYPE "memory_state" ADD VALUE IF NOT EXISTS 'pending_review';

import type { MemoryState } from "../generated/prisma/client";

export type { MemoryState };
export const MEMORY_STATES = ["active", "paused", "archived", "deleted"] as const satisfies readonly MemoryState[];

/**
 * Who is acting on memories. Passed explicitly into every engine call — the
 * engine keeps no user state of its own (the original leaked memories between
 * users through exactly such shared state).
 */
export interface MemoryActor {
  /** Internal users.id (not the Supabase id). */
  userId: string;
  /** The app reads are attributed to in the access log, when an app is reading. */
  appId?: string;
  /** The API key reading, for the per-agent read log. */
  apiKeyId?: string;
}

export type MemoryEvent = "ADD" | "UPDATE" | "DELETE" | "NONE";

export interface AddResult {
  id: string;
  memory: string;
  event: MemoryEvent;
  /** Set when the embedding could not be computed yet (stored, searchable by text, retried later). */
  embedding_pending?: boolean;
}

export interface MemoryOut {
  id: string;
  memory: string;
  state: MemoryState;
  app: { id: string; name: string };
  categories: string[];
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  deleted_at: string | null;
}

export interface SearchHit {
  id: string;
  memory: string;
  score: number;
  created_at: string;
  app: string;
  categories: string[];
}

export class MemoryError extends Error {
  constructor(
    readonly code: "not_found" | "app_paused" | "conflict" | "bad_request" | "forbidden",
    message: string,
  ) {
    super(message);
    this.name = "MemoryError";
  }
}

import type { MemoryState } from "../generated/prisma/client";
import type { ActorVia } from "./actor";

export type { MemoryState };
export const MEMORY_STATES = ["active", "paused", "archived", "deleted"] as const satisfies readonly MemoryState[];

export type { ActorVia, MemoryActor } from "./actor";
export { MemoryError } from "../errors";

export type MemoryEvent = "ADD" | "UPDATE" | "DELETE" | "NONE";

export interface AddResult {
  id: string;
  memory: string;
  event: MemoryEvent;
  /** Set when the embedding could not be computed yet (stored, searchable by text, retried later). */
  embedding_pending?: boolean;
  /** Set when the write awaits the person's review (review.ts): not applied, seen by no assistant yet. */
  pending_review?: true;
}

/** Who wrote something: how they came in, as which app (none for the dashboard's own edits), with which key. */
export interface Author {
  via: ActorVia;
  app: string | null;
  api_key_id: string | null;
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
  /** Who created it (null: before authors were recorded). */
  created_by: Author | null;
}

export interface SearchHit {
  id: string;
  memory: string;
  score: number;
  created_at: string;
  app: string;
  categories: string[];
  /** When what it says happened, when known (see time.ts); absent otherwise. */
  occurred_at?: string;
}

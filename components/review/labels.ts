// Proposals in words: what kind, and who proposed it. Names are chosen by
// assistants (a key's name, a client's name): always shown as plain text.
import type { ReviewOut } from "../api-client";

export function actionLabel(action: ReviewOut["action"]): string {
  return action === "add" ? "New memory" : action === "update" ? "Change" : "Deletion";
}

/** "Cursor (API key)", "Claude (connected app)", "claude (Claude client)". */
export function proposerLabel(by: ReviewOut["proposed_by"]): string {
  if (by.api_key) return `${by.api_key.name} (API key)`;
  if (by.connection) return `${by.connection.app_name} (connected app)`;
  if (by.app) return `${by.app.name} (${by.via === "gateway" ? "Claude client" : "app"})`;
  return "an assistant";
}

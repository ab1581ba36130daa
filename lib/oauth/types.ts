// The shapes /api/v1/connections answers with; types only, so the browser can import them.
import type { KeyScope } from "../auth/types";

/** A connected app (an active OAuth grant) as /settings shows it. */
export interface ConnectionView {
  id: string;
  client_name: string;
  /** Where the client redirects to (its host), so two clients of the same name can be told apart. */
  client_host: string;
  client_id_kind: "metadata_document" | "registered";
  scopes: KeyScope[];
  created_at: string;
  last_used_at: string | null;
  /** Trust controls: hidden from the person's sensitive categories / writes wait for review. */
  hide_sensitive: boolean;
  review_writes: boolean;
}

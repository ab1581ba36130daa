// The shapes /api/v1/keys answers with; types only, so the browser can import them.
import type { KeyScope } from "../auth/types";

export type KeyStatus = "active" | "expired" | "revoked";

/** A key as the API shows it: never the key, never its hash. */
export interface KeyView {
  id: string;
  name: string;
  prefix: string;
  last_four: string;
  scopes: KeyScope[];
  status: KeyStatus;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  /** Trust controls: hidden from the person's sensitive categories / writes wait for review. */
  hide_sensitive: boolean;
  review_writes: boolean;
}

/** The create response: the only time `key` is ever shown. */
export interface CreatedKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  last_four: string;
  scopes: KeyScope[];
  created_at: string;
  expires_at: string | null;
  hide_sensitive: boolean;
  review_writes: boolean;
}

// The browser's one client for /api/v1: typed calls, each carrying the session
// cookie (credentials: "same-origin"; the cookie is httpOnly, so only the server
// reads it), every failure a readable ApiRequestError. Components never fetch directly.
import type { CreatedKey, KeyView } from "@/lib/keys/types";
import type { ConnectionView } from "@/lib/oauth/types";
import type { AppOut } from "@/lib/memory/apps";
import type { CredentialActivity, CredentialKind, ReadMemory } from "@/lib/memory/activity";
import type { ReviewOut } from "@/lib/memory/review";
import type { AddResult, MemoryOut } from "@/lib/memory/types";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

async function request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return parse<T>(await send(path, init));
}

async function send(path: string, init: { method?: string; body?: unknown }): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  } catch {
    throw new ApiRequestError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  return res;
}

async function parse<T>(res: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page, an empty body: handled below.
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } } | null)?.error;
    if (res.status === 401) throw new ApiRequestError(401, error?.code ?? "unauthenticated", "Your session has ended. Sign in again to continue.");
    throw new ApiRequestError(res.status, error?.code ?? "http_error", error?.message ?? `The server answered ${res.status}. Please try again.`, error?.details);
  }
  return body as T;
}

export type StateAction = "archive" | "pause" | "restore" | "delete";

const id = (v: string) => encodeURIComponent(v);

export const memoriesApi = {
  add: (text: string, app?: string) => request<{ results: AddResult[] }>("/api/v1/memories", { method: "POST", body: { text, ...(app ? { app } : {}) } }),
  edit: (memoryId: string, text: string) => request<MemoryOut>(`/api/v1/memories/${id(memoryId)}`, { method: "PUT", body: { text } }),
  /** archive, pause, restore (POST …/actions/{action}) or delete (DELETE /memories): all or nothing. */
  act: (action: StateAction, memoryIds: string[]) =>
    action === "delete"
      ? request<{ updated: number }>("/api/v1/memories", { method: "DELETE", body: { memory_ids: memoryIds } })
      : request<{ updated: number }>(`/api/v1/memories/actions/${action}`, { method: "POST", body: { memory_ids: memoryIds } }),
  exportUrl: "/api/v1/memories/export",
};

export interface AppPatch {
  is_active?: boolean;
  description?: string | null;
  /** Trust settings used when a Claude gateway client connects with this app's name. */
  gateway_hide_sensitive?: boolean;
  gateway_review_writes?: boolean;
}

export const appsApi = {
  setActive: (appId: string, isActive: boolean) => request<AppOut>(`/api/v1/apps/${id(appId)}`, { method: "PUT", body: { is_active: isActive } }),
  update: (appId: string, patch: AppPatch) => request<AppOut>(`/api/v1/apps/${id(appId)}`, { method: "PUT", body: patch }),
};

/** A credential's trust settings, as the API spells them. */
export interface TrustPolicy {
  hide_sensitive: boolean;
  review_writes: boolean;
}

export interface SensitiveCategories {
  categories: string[];
  available: { name: string; description: string }[];
}

export const settingsApi = {
  sensitiveCategories: () => request<SensitiveCategories>("/api/v1/settings/sensitive-categories"),
  setSensitiveCategories: (categories: string[]) => request<SensitiveCategories>("/api/v1/settings/sensitive-categories", { method: "PUT", body: { categories } }),
};

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
  pages: number;
}

export type { ReviewOut };

export const reviewsApi = {
  list: (status: "open" | "decided" = "open", page = 1, size = 50) => request<PageOf<ReviewOut>>(`/api/v1/reviews?status=${status}&page=${page}&size=${size}`),
  /** `text`: edit-then-approve (exactly one proposed memory or change). */
  approve: (reviewIds: string[], text?: string) =>
    request<{ ok: true; decided: number }>("/api/v1/reviews/approve", { method: "POST", body: { review_ids: reviewIds, ...(text !== undefined ? { text } : {}) } }),
  reject: (reviewIds: string[]) => request<{ ok: true; decided: number }>("/api/v1/reviews/reject", { method: "POST", body: { review_ids: reviewIds } }),
};

export type TrashItem = MemoryOut & { purge_at: string };

export const trashApi = {
  list: (page = 1, size = 20) => request<PageOf<TrashItem> & { retention_days: number }>(`/api/v1/trash?page=${page}&size=${size}`),
  restore: (memoryIds: string[]) => memoriesApi.act("restore", memoryIds),
};

export interface ActivitySummary {
  from: string;
  to: string;
  anomaly_rule: { factor: number; min_reads: number };
  credentials: CredentialActivity[];
}

export type { CredentialActivity, CredentialKind, ReadMemory };

export interface ActivityMemory {
  memory: MemoryOut;
  reads?: number;
  last_read_at?: string;
  access_types?: string[];
}

const periodParams = (period: { from?: string; to?: string }) => {
  const p = new URLSearchParams();
  if (period.from) p.set("from", period.from);
  if (period.to) p.set("to", period.to);
  return p;
};

export const activityApi = {
  summary: (period: { from?: string; to?: string } = {}) => {
    const q = periodParams(period).toString();
    return request<ActivitySummary>(`/api/v1/activity${q ? `?${q}` : ""}`);
  },
  /** The memories one credential read or wrote in the period (from the start date to now when `to` is left out). */
  memories: (credential: { kind: CredentialKind; id: string }, what: "read" | "written", period: { from?: string; to?: string } = {}) => {
    const p = periodParams(period);
    p.set("kind", credential.kind);
    p.set("id", credential.id);
    p.set("what", what);
    return request<{ items: ActivityMemory[] }>(`/api/v1/activity/memories?${p}`).then((r) => r.items);
  },
};

export interface ImportResult {
  imported: number;
  skipped: number;
  embedding_pending: number;
}

/**
 * Uploads a JSON Lines export (XMLHttpRequest: fetch cannot report upload
 * progress); `onProgress` gets 0..1. A refused file rejects with the API's
 * line-numbered details.
 */
export function importMemories(file: Blob, onProgress: (fraction: number) => void): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/memories/import");
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiRequestError(0, "network", "Could not reach the server. Check your connection and try again."));
    xhr.onload = () => {
      onProgress(1);
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { "content-type": "application/json" } });
      parse<ImportResult>(res).then(resolve, reject);
    };
    xhr.send(file);
  });
}

export const keysApi = {
  list: () => request<{ keys: KeyView[] }>("/api/v1/keys").then((r) => r.keys),
  create: (input: { name: string; expires_in_days: number | null; scopes: string[]; hide_sensitive?: boolean; review_writes?: boolean }) =>
    request<CreatedKey>("/api/v1/keys", { method: "POST", body: input }),
  rename: (keyId: string, name: string) => request<KeyView>(`/api/v1/keys/${id(keyId)}`, { method: "PATCH", body: { name } }),
  /** Changes the key's trust settings (either or both). */
  setPolicy: (keyId: string, patch: Partial<TrustPolicy>) => request<KeyView>(`/api/v1/keys/${id(keyId)}`, { method: "PATCH", body: patch }),
  revoke: (keyId: string) => request<KeyView>(`/api/v1/keys/${id(keyId)}`, { method: "DELETE" }),
};

export const connectionsApi = {
  list: () => request<{ connections: ConnectionView[] }>("/api/v1/connections").then((r) => r.connections),
  revoke: (connectionId: string) => request<{ id: string; revoked: true }>(`/api/v1/connections/${id(connectionId)}`, { method: "DELETE" }),
  /** Changes the connection's trust settings (either or both). */
  setPolicy: (connectionId: string, patch: Partial<TrustPolicy>) =>
    request<ConnectionView>(`/api/v1/connections/${id(connectionId)}`, { method: "PATCH", body: patch }),
};

// The browser's one client for /api/v1: typed calls, each carrying the session
// cookie (credentials: "same-origin"; the cookie is httpOnly, so only the server
// reads it), every failure a readable ApiRequestError. Components never fetch directly.
import type { CreatedKey, KeyView } from "@/lib/keys/types";
import type { ConnectionView } from "@/lib/oauth/types";
import type { AppOut } from "@/lib/memory/apps";
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

export const appsApi = {
  setActive: (appId: string, isActive: boolean) => request<AppOut>(`/api/v1/apps/${id(appId)}`, { method: "PUT", body: { is_active: isActive } }),
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
  create: (input: { name: string; expires_in_days: number | null; scopes: string[] }) =>
    request<CreatedKey>("/api/v1/keys", { method: "POST", body: input }),
  rename: (keyId: string, name: string) => request<KeyView>(`/api/v1/keys/${id(keyId)}`, { method: "PATCH", body: { name } }),
  revoke: (keyId: string) => request<KeyView>(`/api/v1/keys/${id(keyId)}`, { method: "DELETE" }),
};

export const connectionsApi = {
  list: () => request<{ connections: ConnectionView[] }>("/api/v1/connections").then((r) => r.connections),
  revoke: (connectionId: string) => request<{ id: string; revoked: true }>(`/api/v1/connections/${id(connectionId)}`, { method: "DELETE" }),
};

// Browser-side calls to /api/v1/keys. Every request carries the session cookie
// (credentials: "same-origin"; the cookie is httpOnly, so only the server reads it),
// and every failure becomes a readable message.
import type { CreatedKey, KeyView } from "@/lib/keys/types";

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
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML error page, an empty body: handled below.
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } } | null)?.error;
    if (res.status === 401) throw new ApiRequestError(401, error?.code ?? "unauthenticated", "Your session has ended. Sign in again to manage your keys.");
    throw new ApiRequestError(res.status, error?.code ?? "http_error", error?.message ?? `The server answered ${res.status}. Please try again.`, error?.details);
  }
  return body as T;
}

export const keysApi = {
  list: () => request<{ keys: KeyView[] }>("/api/v1/keys").then((r) => r.keys),
  create: (input: { name: string; expires_in_days: number | null; scopes: string[] }) =>
    request<CreatedKey>("/api/v1/keys", { method: "POST", body: input }),
  rename: (id: string, name: string) => request<KeyView>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: "PATCH", body: { name } }),
  revoke: (id: string) => request<KeyView>(`/api/v1/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
};

// One POST to an OpenAI-compatible API (chat completions, embeddings): the /v1 URL
// from a base URL, the optional Bearer key, the timeout (cut to the request's
// deadline), and failures turned into
// the caller's error class with a message that never includes the key.
import "server-only";
import { callTimeoutMs, type Deadline } from "./deadline";

export async function postOpenAICompatible(
  opts: { baseUrl: string; path: string; apiKey?: string; timeoutMs: number; deadline?: Deadline; body: unknown; what: string },
  toError: (message: string) => Error,
): Promise<unknown> {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const url = base + (/\/v1$/.test(base) ? "" : "/v1") + opts.path;
  const timeoutMs = callTimeoutMs(opts.timeoutMs, opts.deadline);
  if (timeoutMs <= 0) throw toError(`${opts.what} not called: the request's time for remote services is used up`);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
      body: JSON.stringify(opts.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw toError(`${opts.what} request failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw toError(`${opts.what} answered ${res.status}`);
  return res.json().catch(() => null);
}

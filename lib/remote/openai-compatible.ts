// One POST to an OpenAI-compatible API (chat completions, embeddings): the /v1 URL
// from a base URL, the optional Bearer key, the timeout (cut to the request's
// deadline), a circuit breaker per endpoint, and failures turned into the caller's
// error class with a message that never includes the key.
import "server-only";
import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleType, type CircuitBreakerPolicy } from "cockatiel";
import { callTimeoutMs, type Deadline } from "./deadline";

/** Consecutive failures after which an endpoint is skipped, and for how long. */
export const BREAKER_FAILURES = 5;
export const BREAKER_OPEN_MS = 30_000;

/** A failure that says the service is down (not the caller's short budget). */
class ServiceDown extends Error {}

// One breaker per endpoint URL, on globalThis: Next may load this module once per
// route bundle. A dead or hanging service then costs one fast error per call for
// BREAKER_OPEN_MS instead of a full timeout each (adds store the text pending,
// searches answer by text), and one trial call after that tells whether it is back.
const holder = globalThis as unknown as { __jeanBreakers?: Map<string, CircuitBreakerPolicy> };
function breakerFor(url: string): CircuitBreakerPolicy {
  holder.__jeanBreakers ??= new Map();
  let breaker = holder.__jeanBreakers.get(url);
  if (!breaker) {
    breaker = circuitBreaker(handleType(ServiceDown), { halfOpenAfter: BREAKER_OPEN_MS, breaker: new ConsecutiveBreaker(BREAKER_FAILURES) });
    holder.__jeanBreakers.set(url, breaker);
  }
  return breaker;
}

/** Closes every breaker (tests that switch a stub service back on). */
export function resetRemoteBreakersForTests(): void {
  holder.__jeanBreakers?.clear();
}

export async function postOpenAICompatible(
  opts: { baseUrl: string; path: string; apiKey?: string; timeoutMs: number; deadline?: Deadline; body: unknown; what: string },
  toError: (message: string) => Error,
): Promise<unknown> {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const url = base + (/\/v1$/.test(base) ? "" : "/v1") + opts.path;
  const timeoutMs = callTimeoutMs(opts.timeoutMs, opts.deadline);
  if (timeoutMs <= 0) throw toError(`${opts.what} not called: the request's time for remote services is used up`);
  // A timeout counts against the service only when the call had most of its own
  // timeout (at most 5 s of it): a search's short budget running out proves nothing.
  const fullWait = timeoutMs >= 0.9 * Math.min(opts.timeoutMs, 5_000);
  try {
    return await breakerFor(url).execute(async () => {
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify(opts.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const timedOut = (e as Error).name === "TimeoutError";
        const message = `${opts.what} request failed: ${(e as Error).message}`;
        throw !timedOut || fullWait ? new ServiceDown(message) : toError(message);
      }
      if (res.status >= 500 || res.status === 429) throw new ServiceDown(`${opts.what} answered ${res.status}`);
      if (!res.ok) throw toError(`${opts.what} answered ${res.status}`);
      return res.json().catch(() => null);
    });
  } catch (e) {
    if (e instanceof BrokenCircuitError) throw toError(`${opts.what} not called: it failed ${BREAKER_FAILURES} times in a row; next try within ${BREAKER_OPEN_MS / 1000} s`);
    if (e instanceof ServiceDown) throw toError(e.message);
    throw e;
  }
}

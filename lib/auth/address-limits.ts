// Per-address limits on what anyone can try without a credential: local sign-ins,
// and failed API-key attempts (a valid key is never slowed by them). In-process,
// like the per-key limit (lib/keys/rate-limit.ts). Loopback and requests that name
// no address (in-process calls) are not limited: `npm run local` binds to 127.0.0.1,
// and a limit against yourself protects nothing. Behind a proxy that does not set
// X-Forwarded-For every request looks like loopback: see the README.
import "server-only";
import { AuthError } from "../errors";
import { RateLimiter } from "../keys/rate-limit";
import { isLoopback, requestAddress } from "./client-address";

export const SIGN_INS_PER_MINUTE = 20;
export const FAILED_KEY_ATTEMPTS_PER_MINUTE = 30;

// On globalThis: Next may load this module once per route bundle.
const holder = globalThis as unknown as { __jeanAddressLimits?: { signIns: RateLimiter; failedKeys: RateLimiter } };
const limits = () => (holder.__jeanAddressLimits ??= { signIns: new RateLimiter(SIGN_INS_PER_MINUTE), failedKeys: new RateLimiter(FAILED_KEY_ATTEMPTS_PER_MINUTE) });

function limitedAddress(request: Request): string | null {
  const address = requestAddress(request);
  return address && !isLoopback(address) ? address : null;
}

const tooMany = (what: string, retryAfter: number) => new AuthError("rate_limited", `Too many ${what} from your address; try again in ${retryAfter} s`, undefined, retryAfter);

/** Charges one sign-in to the request's address: a rate_limited error past SIGN_INS_PER_MINUTE. */
export function chargeSignIn(request: Request): AuthError | undefined {
  const address = limitedAddress(request);
  if (!address) return undefined;
  const retryAfter = limits().signIns.hit(address);
  return retryAfter ? tooMany("sign-ins", retryAfter) : undefined;
}

/** Whether the request's address has used up its failed key attempts (then even a valid key waits). */
export function keyAttemptsBlocked(request: Request): AuthError | undefined {
  const address = limitedAddress(request);
  const retryAfter = address ? limits().failedKeys.retryAfter(address) : 0;
  return retryAfter ? tooMany("failed API key attempts", retryAfter) : undefined;
}

export function recordFailedKeyAttempt(request: Request): void {
  const address = limitedAddress(request);
  if (address) limits().failedKeys.hit(address);
}

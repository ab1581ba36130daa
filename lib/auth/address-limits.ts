// Per-address limits on what anyone can try without a credential: local sign-ins,
// and failed API-key attempts (a valid key is never slowed by them). Through the
// same CallLimiter as the per-key limit (lib/keys/rate-limit.ts), so on PostgreSQL
// one window per address is shared by every instance. Loopback and requests that
// name no address (in-process calls) are not limited: `npm run local` binds to
// 127.0.0.1, and a limit against yourself protects nothing. Behind a proxy that
// does not set X-Forwarded-For every request looks like loopback: see the README.
import "server-only";
import { AuthError } from "../errors";
import { callLimiter } from "../keys/rate-limit";
import { isLoopback, requestAddress } from "./client-address";

export const SIGN_INS_PER_MINUTE = 20;
export const FAILED_KEY_ATTEMPTS_PER_MINUTE = 30;

function limitedAddress(request: Request): string | null {
  const address = requestAddress(request);
  return address && !isLoopback(address) ? address : null;
}

const tooMany = (what: string, retryAfter: number) => new AuthError("rate_limited", `Too many ${what} from your address; try again in ${retryAfter} s`, undefined, retryAfter);

/** Charges one sign-in to the request's address: a rate_limited error past SIGN_INS_PER_MINUTE. */
export async function chargeSignIn(request: Request): Promise<AuthError | undefined> {
  const address = limitedAddress(request);
  if (!address) return undefined;
  const retryAfter = await (await callLimiter()).charge(`sign-in:${address}`, 1, SIGN_INS_PER_MINUTE);
  return retryAfter ? tooMany("sign-ins", retryAfter) : undefined;
}

/** Whether the request's address has used up its failed key attempts (then even a valid key waits). */
export async function keyAttemptsBlocked(request: Request): Promise<AuthError | undefined> {
  const address = limitedAddress(request);
  const retryAfter = address ? await (await callLimiter()).waitFor(`failed-key:${address}`, FAILED_KEY_ATTEMPTS_PER_MINUTE) : 0;
  return retryAfter ? tooMany("failed API key attempts", retryAfter) : undefined;
}

export async function recordFailedKeyAttempt(request: Request): Promise<void> {
  const address = limitedAddress(request);
  if (address) await (await callLimiter()).charge(`failed-key:${address}`, 1, FAILED_KEY_ATTEMPTS_PER_MINUTE);
}

// One time budget for every remote call a request makes (embedder, LLM). Without
// it, each call had its own REMOTE_TIMEOUT_MS and a hanging service cost an add
// 30-75 s (issue 16, finding 6); with it, each call gets only what is left.
export class Deadline {
  private constructor(private readonly at: number) {}

  /** A deadline `ms` from now. */
  static in(ms: number): Deadline {
    return new Deadline(performance.now() + ms);
  }

  remainingMs(): number {
    return Math.max(0, Math.floor(this.at - performance.now()));
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }
}

/** The time a call may take: its own timeout, cut to what the request has left. */
export function callTimeoutMs(timeoutMs: number, deadline?: Deadline): number {
  return deadline ? Math.min(timeoutMs, deadline.remainingMs()) : timeoutMs;
}

/**
 * `work`, or a rejection once the deadline passes (the work itself goes on: a shared
 * promise, such as the category prototypes, stays cached for the next request).
 */
export function within<T>(work: Promise<T>, deadline: Deadline | undefined, what: string): Promise<T> {
  if (!deadline) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the request's time for remote services is used up`)), deadline.remainingMs());
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

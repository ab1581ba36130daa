// Where a request's time goes, stage by stage, for `npm run bench:stages`.
// Nothing records unless a benchmark installs a recorder: in production a stage is
// one extra function call and an await.
type Recorder = (stage: string, ms: number) => void;

let recorder: Recorder | undefined;

/** Installs (or, with undefined, removes) the process's stage recorder. */
export function recordStages(next: Recorder | undefined): void {
  recorder = next;
}

/** Runs `work`, reporting its duration under `name` when a recorder is installed. */
export async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  const record = recorder;
  if (!record) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    record(name, performance.now() - started);
  }
}

import type { Deadline } from "../remote/deadline";

export interface EmbedOptions {
  /** The request's budget for remote calls (a local embedder ignores it). */
  deadline?: Deadline;
}

/** A text embedder. Vectors are L2-normalised, of length `dim`, deterministic. */
export interface Embedder {
  /** Identifies model + version; stored with each vector (e.g. `local:wink-sg100d-q8-v1`). */
  readonly id: string;
  readonly dim: number;
  embed(texts: string[], opts?: EmbedOptions): Promise<number[][]>;
}

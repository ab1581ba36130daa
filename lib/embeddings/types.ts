/** A text embedder. Vectors are L2-normalised, of length `dim`, deterministic. */
export interface Embedder {
  /** Identifies model + version; stored with each vector (e.g. `local:wink-sg100d-q8-v1`). */
  readonly id: string;
  readonly dim: number;
  embed(texts: string[]): Promise<number[][]>;
}

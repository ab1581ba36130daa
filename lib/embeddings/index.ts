// The embedder chosen by config (EMBEDDER=local|openai), one per process.
import { getConfig } from "../config";
import { log } from "../log";
import type { Deadline } from "../remote/deadline";
import { createLocalEmbedder } from "./local";
import { createOpenAIEmbedder } from "./openai";
import type { Embedder } from "./types";

export type { EmbedOptions, Embedder } from "./types";
export { EmbedderError } from "./openai";

let cached: { key: string; embedder: Embedder } | undefined;
let benchmarkEmbedder: Embedder | undefined;

/** Benchmarks only: every caller gets this embedder until it is reset (undefined). */
export function setEmbedderForBenchmarks(embedder: Embedder | undefined): void {
  benchmarkEmbedder = embedder;
}

export function getEmbedder(): Embedder {
  if (benchmarkEmbedder) return benchmarkEmbedder;
  const config = getConfig();
  // The timeout is part of what the embedder is: a changed REMOTE_TIMEOUT_MS must not keep the old one.
  const key = JSON.stringify([config.embedder, config.remoteTimeoutMs]);
  if (cached?.key !== key) {
    const e = config.embedder;
    const embedder =
      e.kind === "openai"
        ? createOpenAIEmbedder({ baseUrl: e.baseUrl, apiKey: e.apiKey, model: e.model, dim: e.dim, timeoutMs: config.remoteTimeoutMs })
        : createLocalEmbedder();
    cached = { key, embedder };
  }
  return cached.embedder;
}

/** pgvector literal, e.g. '[0.1,0.2]'. */
export function toVectorLiteral(v: number[]): string {
  return "[" + v.map((x) => (Number.isFinite(x) ? x : 0)).join(",") + "]";
}

/**
 * The texts' vectors in one call, or nulls when the embedder fails: a failing
 * (remote) embedder degrades what the caller does, never errors it. `degraded`
 * says how, for the log; `deadline` bounds the call by the request's budget.
 */
export async function embedAllOrNull(texts: string[], degraded: string, deadline?: Deadline): Promise<(number[] | null)[]> {
  if (texts.length === 0) return [];
  try {
    const vectors = await getEmbedder().embed(texts, { deadline });
    return texts.map((_, i) => vectors[i] ?? null);
  } catch (e) {
    log.warn(`embedding failed; ${degraded}`, { error: e, count: texts.length });
    return texts.map(() => null);
  }
}

/** One text's vector, or null when the embedder fails (see embedAllOrNull). */
export async function embedOrNull(text: string, degraded: string, deadline?: Deadline): Promise<number[] | null> {
  const [vector] = await embedAllOrNull([text], degraded, deadline);
  return vector;
}

// Any OpenAI-compatible /v1/embeddings endpoint (OpenAI, Ollama, LM Studio, vLLM).
import "server-only";
import { postOpenAICompatible } from "../remote/openai-compatible";
import type { EmbedOptions, Embedder } from "./types";

export class EmbedderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbedderError";
  }
}

export function createOpenAIEmbedder(opts: {
  baseUrl: string;
  apiKey?: string;
  model: string;
  dim: number;
  timeoutMs: number;
}): Embedder {
  return {
    id: `openai:${opts.model}:${opts.dim}`,
    dim: opts.dim,
    async embed(texts: string[], embedOpts: EmbedOptions = {}): Promise<number[][]> {
      if (texts.length === 0) return [];
      const body = (await postOpenAICompatible(
        {
          baseUrl: opts.baseUrl,
          path: "/embeddings",
          apiKey: opts.apiKey,
          timeoutMs: opts.timeoutMs,
          deadline: embedOpts.deadline,
          body: { model: opts.model, input: texts, dimensions: opts.dim },
          what: "embeddings endpoint",
        },
        (m) => new EmbedderError(m),
      )) as { data?: { embedding?: unknown; index?: number }[] } | null;
      const data = body?.data;
      if (!Array.isArray(data) || data.length !== texts.length) throw new EmbedderError("embeddings response has the wrong shape");
      const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      return ordered.map((d) => {
        const v = d.embedding;
        if (!Array.isArray(v) || v.length !== opts.dim || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
          throw new EmbedderError(
            `embedding dimension mismatch: expected ${opts.dim} (EMBEDDINGS_DIM), got ${Array.isArray(v) ? v.length : "none"}`,
          );
        }
        const norm = Math.hypot(...(v as number[])) || 1;
        return (v as number[]).map((x) => x / norm);
      });
    },
  };
}

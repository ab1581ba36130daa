// Any OpenAI-compatible chat completions API (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL).
// Optional: without it, the memory engine stores text as-is and answers extractively.
import "server-only";
import { z } from "zod";
import { getConfig } from "../config";
import type { Deadline } from "../remote/deadline";
import { postOpenAICompatible } from "../remote/openai-compatible";

export class LlmError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LlmError";
  }
}

export function llmConfigured(): boolean {
  return getConfig().llm !== undefined;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The reply without a Markdown code fence around it, in linear time (a /\s*```$/ regex is quadratic on long whitespace). */
function stripCodeFence(content: string): string {
  let s = content.trim();
  if (s.startsWith("```")) s = s.slice(s.startsWith("```json") ? 7 : 3);
  if (s.endsWith("```")) s = s.slice(0, -3);
  return s.trim();
}

/** Sends a chat and parses the reply as JSON validated by `schema` (within the request's deadline, if given). */
export async function chatJson<T extends z.ZodType>(messages: ChatMessage[], schema: T, opts: { deadline?: Deadline } = {}): Promise<z.infer<T>> {
  const config = getConfig();
  const llm = config.llm;
  if (!llm) throw new LlmError("no LLM configured");
  const body = (await postOpenAICompatible(
    {
      baseUrl: llm.baseUrl,
      path: "/chat/completions",
      apiKey: llm.apiKey,
      timeoutMs: config.remoteTimeoutMs,
      deadline: opts.deadline,
      body: { model: llm.model, messages, temperature: 0, response_format: { type: "json_object" } },
      what: "LLM",
    },
    (m) => new LlmError(m),
  )) as { choices?: { message?: { content?: string } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new LlmError("LLM response has no message content");
  let parsed: unknown;
  try {
    // Some models wrap JSON in a code fence despite response_format.
    parsed = JSON.parse(stripCodeFence(content));
  } catch {
    throw new LlmError("LLM reply is not JSON");
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new LlmError("LLM reply does not match the expected shape");
  return result.data;
}

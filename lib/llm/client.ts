// Any OpenAI-compatible chat completions API (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL).
// Optional: without it, the memory engine stores text as-is and answers extractively.
import { z } from "zod";
import { getConfig } from "../config";

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

/** Sends a chat and parses the reply as JSON validated by `schema`. */
export async function chatJson<T extends z.ZodType>(messages: ChatMessage[], schema: T): Promise<z.infer<T>> {
  const config = getConfig();
  const llm = config.llm;
  if (!llm) throw new LlmError("no LLM configured");
  const base = llm.baseUrl.replace(/\/+$/, "");
  const url = base + (/\/v1$/.test(base) ? "" : "/v1") + "/chat/completions";
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(llm.apiKey ? { authorization: `Bearer ${llm.apiKey}` } : {}) },
      body: JSON.stringify({ model: llm.model, messages, temperature: 0, response_format: { type: "json_object" } }),
      signal: AbortSignal.timeout(config.remoteTimeoutMs),
    });
  } catch (e) {
    throw new LlmError(`LLM request failed: ${(e as Error).message}`);
  }
  if (!res.ok) throw new LlmError(`LLM answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: string } }[] } | null;
  const content = body?.choices?.[0]?.message?.content;
  if (typeof content !== "string") throw new LlmError("LLM response has no message content");
  let parsed: unknown;
  try {
    // Some models wrap JSON in a code fence despite response_format.
    parsed = JSON.parse(content.replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    throw new LlmError("LLM reply is not JSON");
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new LlmError("LLM reply does not match the expected shape");
  return result.data;
}

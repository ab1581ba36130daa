// Answering a question from the user's memories. With an LLM: a grounded answer
// citing the memory ids it used (ids it was not given are dropped). Without one: the
// top memories, as an extractive answer. Never invents memories.
import "server-only";
import { z } from "zod";
import { chatJson, llmConfigured } from "../llm/client";
import { log } from "../log";
import { searchMemories } from "./search";
import type { MemoryActor } from "./actor";
import type { SearchHit } from "./types";

export interface Answer {
  answer: string;
  memory_ids: string[];
  memories: SearchHit[];
  mode: "llm" | "extractive";
}

const answerSchema = z.object({ answer: z.string(), memory_ids: z.array(z.string()).default([]) });

export async function askMemory(actor: MemoryActor, question: string, opts: { limit?: number } = {}): Promise<Answer> {
  const memories = await searchMemories(actor, question, { limit: opts.limit ?? 10 });
  if (memories.length === 0) {
    return { answer: "I don't have any memories that answer this.", memory_ids: [], memories, mode: llmConfigured() ? "llm" : "extractive" };
  }
  if (llmConfigured()) {
    try {
      const numbered = memories.map((m, i) => ({ id: String(i + 1), text: m.memory, date: m.created_at.slice(0, 10) }));
      const reply = await chatJson(
        [
          {
            role: "system",
            content:
              'Answer the question using only the memories given. If they do not contain the answer, say so. Return JSON {"answer": "...", "memory_ids": ["<ids of the memories you used>"]}.',
          },
          { role: "user", content: JSON.stringify({ question, memories: numbered }) },
        ],
        answerSchema,
      );
      const used = reply.memory_ids.map((id) => memories[Number(id) - 1]?.id).filter((id): id is string => !!id);
      return { answer: reply.answer, memory_ids: [...new Set(used)], memories, mode: "llm" };
    } catch (e) {
      log.warn("LLM answer failed; answering extractively", { error: e });
    }
  }
  const top = memories.slice(0, 5);
  return {
    answer: "From your memories:\n" + top.map((m) => `- ${m.memory}`).join("\n"),
    memory_ids: top.map((m) => m.id),
    memories,
    mode: "extractive",
  };
}

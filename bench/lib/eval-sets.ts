// The retrieval evaluation sets (bench/data/README.md says how each was made),
// in one shape, and the scoring every recall benchmark uses.
import { readFileSync } from "node:fs";
import path from "node:path";
import { eng } from "stopword";

export interface EvalMemory {
  id: string;
  text: string;
  categories?: string[];
}
export interface EvalQuery {
  id: string;
  user: string;
  query: string;
  answers: string[];
  type: string;
}
export interface EvalSet {
  name: string;
  users: { id: string; memories: EvalMemory[] }[];
  queries: EvalQuery[];
}
export type Metrics = { n: number; r1: number; r5: number; r10: number; mrr: number };

const dataDir = path.join(import.meta.dirname, "..", "data");

/** The fact/paraphrase set predates the common shape: people and kinds become users and types. */
function factSet(): EvalSet {
  const raw = JSON.parse(readFileSync(path.join(dataDir, "recall-set.json"), "utf8")) as {
    memories: { id: string; person: string; text: string; categories: string[] }[];
    queries: { id: string; person: string; query: string; answers: string[]; kind: string }[];
  };
  const people = [...new Set(raw.memories.map((m) => m.person))];
  return {
    name: "facts",
    users: people.map((p) => ({ id: p, memories: raw.memories.filter((m) => m.person === p) })),
    queries: raw.queries.map((q) => ({ id: q.id, user: q.person, query: q.query, answers: q.answers, type: q.kind })),
  };
}

export const SET_NAMES = ["facts", "conversations", "lookups"] as const;

export function loadSet(name: string): EvalSet {
  if (name === "facts") return factSet();
  const set = JSON.parse(readFileSync(path.join(dataDir, `${name}.json`), "utf8")) as EvalSet;
  return { name, users: set.users, queries: set.queries };
}

/** R@1/5/10 and MRR over ranked lists (any answer counts), overall ("all") and per query type. */
export function score(queries: EvalQuery[], ranked: Map<string, string[]>): Record<string, Metrics> {
  const acc: Record<string, Metrics> = {};
  for (const q of queries) {
    const r = ranked.get(q.id) ?? [];
    const pos = r.findIndex((id) => q.answers.includes(id));
    for (const key of ["all", q.type]) {
      const m = (acc[key] ??= { n: 0, r1: 0, r5: 0, r10: 0, mrr: 0 });
      m.n++;
      if (pos === 0) m.r1++;
      if (pos >= 0 && pos < 5) m.r5++;
      if (pos >= 0 && pos < 10) m.r10++;
      if (pos >= 0) m.mrr += 1 / (pos + 1);
    }
  }
  for (const m of Object.values(acc)) {
    m.r1 /= m.n;
    m.r5 /= m.n;
    m.r10 /= m.n;
    m.mrr /= m.n;
  }
  return acc;
}

// ---- the reference: a plain BM25 in process (k1 1.2, b 0.75, lowercase words,
// English stop words), the baseline an outside check compares us with.
const STOP = new Set(eng);
const words = (t: string) => (t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w));

/**
 * The conversational questions that share a content word with one of their answers
 * (the reference BM25's words: lowercase, English stop words out; the speakers' names
 * and the date stamp do not count), and the others. An outside check on long
 * conversations found plain BM25 ahead of our hybrid where questions repeat the
 * answer's words; this split shows that case on its own.
 */
export function byWordOverlap(set: EvalSet): EvalQuery[] {
  const textOf = new Map(set.users.flatMap((u) => u.memories.map((m) => [m.id, m.text] as const)));
  const speakers = new Set(set.users.flatMap((u) => u.memories.flatMap((m) => /^\[[^\]]*\]\s*([^:]{1,40}):/.exec(m.text)?.[1]?.toLowerCase() ?? [])));
  const content = (t: string) => new Set(words(t.replace(/^\[[^\]]*\]/, "")).filter((w) => !speakers.has(w)));
  return set.queries.map((q) => {
    const asked = content(q.query);
    const shares = q.answers.some((a) => [...content(textOf.get(a) ?? "")].some((w) => asked.has(w)));
    return { ...q, type: shares ? "shares a word" : "shares no word" };
  });
}

export function referenceBm25(memories: EvalMemory[]): (query: string, k: number) => string[] {
  const docs = memories.map((m) => {
    const ws = words(m.text);
    const tf = new Map<string, number>();
    for (const w of ws) tf.set(w, (tf.get(w) ?? 0) + 1);
    return { id: m.id, tf, len: ws.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, docs.length);
  return (query, k) => {
    const qs = [...new Set(words(query))];
    return docs
      .map((d) => {
        let s = 0;
        for (const w of qs) {
          const f = d.tf.get(w);
          if (!f) continue;
          const n = df.get(w)!;
          s += (Math.log(1 + (docs.length - n + 0.5) / (n + 0.5)) * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.len) / avg));
        }
        return { id: d.id, s };
      })
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map((x) => x.id);
  };
}

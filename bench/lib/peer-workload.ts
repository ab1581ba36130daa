// The workload of issue 15's side-by-side test (bench:peer) and of the stage
// breakdown (bench:stages): one labelled set, as one user — one conversation
// (conversations.json), one person's lookups (lookups.json) and one person's facts
// (recall-set.json) — and filler: half/half mixes of the *other* users' texts of the
// same sets, the same style and vocabulary, none of the labelled facts.
import { pick, prng } from "./common";
import { loadSet, type EvalMemory, type EvalQuery } from "./eval-sets";

export interface PeerWorkload {
  labelled: { memories: EvalMemory[]; queries: EvalQuery[] };
  /** `n` filler texts, the same for the same n and seed. */
  filler(n: number): string[];
}

export function peerWorkload(seed = 11): PeerWorkload {
  const labelled: PeerWorkload["labelled"] = { memories: [], queries: [] };
  const fillerPool: string[] = [];
  for (const [name, user] of [["conversations", undefined], ["lookups", undefined], ["facts", "alice"]] as const) {
    const set = loadSet(name);
    const chosen = user ?? set.users[0]!.id;
    for (const u of set.users) {
      if (u.id === chosen) labelled.memories.push(...u.memories.map((m) => ({ ...m, id: `${name}:${m.id}` })));
      else fillerPool.push(...u.memories.map((m) => m.text));
    }
    labelled.queries.push(...set.queries.filter((q) => q.user === chosen).map((q) => ({ ...q, type: name, answers: q.answers.map((a) => `${name}:${a}`) })));
  }
  const rand = prng(seed);
  const filler = (n: number): string[] => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = pick(rand, fillerPool).split(/\s+/);
      const b = pick(rand, fillerPool).split(/\s+/);
      out.push([...a.slice(0, Math.ceil(a.length / 2)), ...b.slice(Math.floor(b.length / 2)), `(${i})`].join(" "));
    }
    return out;
  };
  return { labelled, filler };
}

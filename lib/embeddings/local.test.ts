import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLocalEmbedder, LOCAL_EMBEDDER_DIM, LOCAL_EMBEDDER_ID, tokenize } from './local';

const dir = path.join(process.cwd(), 'generated/embeddings');

function cosine(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(v: number[]): number {
  return Math.sqrt(cosine(v, v));
}

describe('local embedder', () => {
  beforeAll(() => {
    // Idempotent: returns at once when the table is already built.
    if (!existsSync(path.join(dir, 'meta.json'))) {
      execFileSync(process.execPath, ['scripts/build-embeddings.mjs'], { stdio: 'inherit' });
    }
  }, 180_000);

  const embedder = createLocalEmbedder();

  it('has a versioned id and dim 100', () => {
    expect(embedder.id).toBe(LOCAL_EMBEDDER_ID);
    expect(embedder.id).toMatch(/^local:wink-sg100d-q8-v\d+$/);
    expect(embedder.dim).toBe(100);
    expect(LOCAL_EMBEDDER_DIM).toBe(100);
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'I take my coffee black, no sugar, and never after 2pm.';
    const [a] = await embedder.embed([text]);
    const [b] = await embedder.embed([text]);
    const [c] = await createLocalEmbedder({ dir }).embed([text]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('returns one L2-normalised vector of length dim per text', async () => {
    const texts = ['My daughter Maya turns seven in June.', 'We refinanced our mortgage last year.', 'hello'];
    const vecs = await embedder.embed(texts);
    expect(vecs).toHaveLength(texts.length);
    for (const v of vecs) {
      expect(v).toHaveLength(embedder.dim);
      expect(norm(v)).toBeCloseTo(1, 6);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('gives valid vectors for empty, stop-word-only, OOV, emoji and very long input', async () => {
    const long = Array.from({ length: 10_000 }, (_, i) => ['memory', 'coffee', 'zxqvbn', 'the', '42'][i % 5]).join(' ');
    const texts = ['', '   ', 'the and of', 'xqzvbnm plorkfest', '🎉🔥🙂', '12345 2021', 'Zoë Ångström café', long];
    const t0 = performance.now();
    const vecs = await embedder.embed(texts);
    expect(performance.now() - t0).toBeLessThan(5_000);
    for (const v of vecs) {
      expect(v).toHaveLength(100);
      expect(v.every((x) => Number.isFinite(x))).toBe(true);
      expect(norm(v)).toBeCloseTo(1, 6);
    }
    // different emoji strings give different (but valid) vectors
    const [e1, e2] = await embedder.embed(['🎉', '🔥']);
    expect(e1).not.toEqual(e2);
  });

  it('puts a paraphrase closer than an unrelated sentence', async () => {
    const [mem, para, unrelated] = (await embedder.embed([
      "I'm allergic to penicillin; I broke out in hives last time.",
      'Which antibiotic causes a reaction for me?',
      'We drive a 2019 Subaru Outback and need new tires.',
    ])) as [number[], number[], number[]];
    expect(cosine(mem, para)).toBeGreaterThan(cosine(mem, unrelated) + 0.05);

    const [pet, dog, tax] = (await embedder.embed([
      'Tell me about our pet',
      'We adopted a rescue dog named Biscuit, a beagle mix.',
      'My accountant wants the tax documents by March 15.',
    ])) as [number[], number[], number[]];
    expect(cosine(pet, dog)).toBeGreaterThan(cosine(pet, tax));
  });

  it('matches unknown names and typos through character n-grams', async () => {
    const [q, hit, miss] = (await embedder.embed([
      'khruangbin',
      'Lately I listen to a lot of Khruangbim and Bon Iver while I work.',
      'I listen to a lot of jazz and soul while I work.',
    ])) as [number[], number[], number[]];
    expect(cosine(q, hit)).toBeGreaterThan(cosine(q, miss));
  });

  it('tokenizes case-, accent- and possessive-insensitively', () => {
    expect(tokenize("Maya's Café—CHEMISTRY teacher")).toEqual(['maya', 'café', 'chemistry', 'teacher']);
  });

  it('throws a clear error when the table is missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'emb-missing-'));
    try {
      const e = createLocalEmbedder({ dir: empty });
      await expect(e.embed(['hello'])).rejects.toThrow(/node scripts\/build-embeddings\.mjs/);
      // still failing on retry (failures are not cached as success)
      await expect(e.embed(['hello'])).rejects.toThrow(/not found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('embeds a typical memory in well under a millisecond once loaded', async () => {
    const text = 'I switched from an Android phone to an iPhone 15 last fall and I am still not used to the keyboard.';
    await embedder.embed([text]);
    const n = 500;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await embedder.embed([text]);
    const perCall = (performance.now() - t0) / n;
    expect(perCall).toBeLessThan(1);
  });
});

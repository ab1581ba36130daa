// Seeded randomness for the benchmarks and the evaluation-set generators: the same
// seed always gives the same stream, so generated data and loads are reproducible.
// Pure (no lib/ imports), so the generators run with plain `npx tsx`.

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// One process-wide stream for the generators, reseeded per user so each user's
// data does not depend on the others'.
let stream = prng(1);
export const reseed = (seed: number): void => void (stream = prng(seed));
export const rnd = (): number => stream();
export const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
export const chance = (p: number): boolean => rnd() < p;
export const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(a: readonly T[]): T[] {
  const b = a.slice();
  for (let i = b.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [b[i], b[j]] = [b[j]!, b[i]!];
  }
  return b;
}

/** Draws without replacement, in a random order. */
export class Bag<T> {
  private items: T[];
  constructor(items: readonly T[]) {
    this.items = shuffled(items);
  }
  take(): T {
    const x = this.items.pop();
    if (x === undefined) throw new Error("bag empty");
    return x;
  }
}

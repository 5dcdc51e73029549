/**
 * Seeded pseudo-random numbers for the generator: small, fast and identical on every machine.
 * Each traffic stream forks its own generator from a label, so adding a stream never shifts the
 * numbers another stream draws (a scenario stays stable as the generator grows).
 */

/** 32-bit FNV-1a hash of a string, mixed with a seed. */
export function hash32(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so near-identical strings land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a 32-bit state generator, good enough for test data and very fast. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A new independent generator whose stream depends only on this seed and the label. */
  static from(seed: number, label: string): Rng {
    return new Rng(hash32(label, seed));
  }

  fork(label: string): Rng {
    return new Rng(hash32(label, this.nextU32()));
  }

  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max] (inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Picks k distinct items (k capped at the list length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const n = Math.min(k, items.length);
    const out: T[] = [];
    const used = new Set<number>();
    while (out.length < n) {
      const i = this.int(items.length);
      if (used.has(i)) continue;
      used.add(i);
      out.push(items[i]!);
    }
    return out;
  }

  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal-ish positive integer around `median` (spread ~ factor `spread`). */
  logNormalInt(median: number, spread: number): number {
    const u = this.next() + this.next() + this.next() - 1.5; // ~normal, sd 0.5
    return Math.max(0, Math.round(median * Math.pow(spread, u * 2)));
  }

  /** Lowercase letters and digits, like the 2024 spam usernames (and some real ones). */
  alnum(len: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

/** Picks an index with probability proportional to its weight, from a precomputed prefix sum. */
export class WeightedPicker<T> {
  private readonly prefix: number[] = [];
  private total = 0;

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    for (const it of items) {
      this.total += Math.max(0, weight(it));
      this.prefix.push(this.total);
    }
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.prefix.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.prefix[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * MinHash signatures with locality-sensitive banding. K = 48 values, stored as 16-bit
 * values (the top half of each 32-bit minimum: a chance collision costs 1/65536, and the store
 * halves); 16 bands of 3 rows. Two posts land in the same bucket of at least one band with
 * probability 1 - (1 - J^3)^16: 0.88 at Jaccard 0.5, 0.99 at 0.7, 0.35 at 0.3.
 */
import { mix32 } from '../text/hash';

export const K = 48;
export const BANDS = 16;
export const ROWS = 3;

const tmp = new Uint32Array(K);
const EMPTY = 0xffffffff;

/**
 * Writes the 16-bit signature of a shingle set into `out[offset .. offset + K)`.
 *
 * One-permutation hashing with densification (Li, Owen & Zhang 2012; Shrivastava 2017): each
 * shingle is hashed once, falls into one of K bins and keeps the bin's minimum; an empty bin
 * borrows from the next non-empty bin to its right, re-hashed with the distance so two posts fill
 * it the same way only when their donors agree. O(shingles + K) instead of O(shingles x K): the
 * same collision probability (the Jaccard similarity) at a tenth of the cost.
 */
export function minhash16(
  shingles: ArrayLike<number>,
  out: Uint16Array,
  offset: number,
  n: number = shingles.length,
): void {
  tmp.fill(EMPTY);
  for (let i = 0; i < n; i++) {
    const h = mix32(shingles[i]!);
    const bin = ((h >>> 16) * K) >>> 16;
    const v = mix32(h ^ 0x9e3779b9);
    if (v < tmp[bin]!) tmp[bin] = v;
  }
  for (let k = 0; k < K; k++) {
    let v = tmp[k]!;
    if (v === EMPTY) {
      let d = 1;
      while (d < K && tmp[(k + d) % K] === EMPTY) d++;
      v = d < K ? mix32(tmp[(k + d) % K]! + Math.imul(d, 0x85ebca6b)) : 0;
    }
    out[offset + k] = v >>> 16;
  }
}

/** Hash of band `b` of a stored signature. */
export function bandHash(sig: Uint16Array, offset: number, b: number): number {
  const o = offset + b * ROWS;
  let h = Math.imul(0x811c9dc5 ^ b, 0x01000193);
  h = Math.imul(h ^ sig[o]!, 0x01000193);
  h = Math.imul(h ^ sig[o + 1]!, 0x01000193);
  h = Math.imul(h ^ sig[o + 2]!, 0x01000193);
  return mix32(h);
}

/** Estimated Jaccard similarity of two stored signatures. */
export function similarity(a: Uint16Array, ao: number, b: Uint16Array, bo: number): number {
  let same = 0;
  for (let k = 0; k < K; k++) if (a[ao + k] === b[bo + k]) same++;
  return same / K;
}

import { isCjk } from './script';

/**
 * Shingles of a comparison text (see normalize.ts), as 32-bit hashes, for MinHash.
 *
 * Latin-like scripts: character 4-grams within and across words (spaces kept as one character),
 * tolerant of a changed letter or word. Japanese and Chinese, written without spaces: character
 * bigrams, the usual unit for CJK near-duplicate detection. Both kinds go into the same set, so a
 * mixed post (Japanese with an English brand name) gets both.
 */
export const LATIN_N = 4;
export const CJK_N = 2;

const CODES: number[] = [];

export function shingleHashes(cmp: string, out: number[] = []): number[] {
  out.length = 0;
  const codes = CODES;
  let n = 0;
  for (let i = 0; i < cmp.length; i++) {
    let c = cmp.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < cmp.length) c = cmp.codePointAt(i++)!;
    codes[n++] = c;
  }
  codes.length = n;
  for (let i = 0; i < n; i++) {
    const c0 = codes[i]!;
    if (isCjk(c0)) {
      if (i + 1 < n) {
        // CJK bigram (the second character may be of any script: 円 + 0, カ + ー).
        out.push(hash2(c0, codes[i + 1]!, 0x2bd1));
      } else if (i === 0) out.push(hash2(c0, 0, 0x2bd1));
      continue;
    }
    if (i + LATIN_N <= n) {
      let h = 0x3c6ef372;
      let cjkInside = false;
      for (let j = 0; j < LATIN_N; j++) {
        const c = codes[i + j]!;
        if (j > 0 && isCjk(c)) cjkInside = true;
        h = Math.imul(h ^ c, 0x01000193);
      }
      if (!cjkInside) out.push(h >>> 0);
    }
  }
  if (out.length === 0 && n > 0) {
    // Very short Latin text: one shingle for the whole of it.
    let h = 0x3c6ef372;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ codes[i]!, 0x01000193);
    out.push(h >>> 0);
  }
  return out;
}

function hash2(a: number, b: number, seed: number): number {
  return Math.imul(Math.imul(seed ^ a, 0x01000193) ^ b, 0x01000193) >>> 0;
}

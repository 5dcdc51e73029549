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

/** Code points of the text being shingled, and whether each is CJK (reused: no garbage per post). */
let codes = new Int32Array(1024);
let cjk = new Uint8Array(1024);

/**
 * Writes the shingle hashes of `cmp` into `out` (grown when too small: the array in use is
 * returned with the count) and returns how many there are. The hot path of the engine: typed
 * arrays only.
 */
export function shingleInto(cmp: string, out: { buf: Uint32Array }): number {
  const len = cmp.length;
  if (codes.length < len) {
    codes = new Int32Array(len * 2);
    cjk = new Uint8Array(len * 2);
  }
  if (out.buf.length < len + 1) out.buf = new Uint32Array(len * 2 + 1);
  const buf = out.buf;
  let n = 0;
  for (let i = 0; i < len; i++) {
    let c = cmp.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) c = cmp.codePointAt(i++)!;
    codes[n] = c;
    cjk[n] = c >= 0x3000 && isCjk(c) ? 1 : 0;
    n++;
  }
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c0 = codes[i]!;
    if (cjk[i]) {
      if (i + 1 < n) {
        // CJK bigram (the second character may be of any script: 円 + 0, カ + ー).
        buf[m++] = hash2(c0, codes[i + 1]!, 0x2bd1);
      } else if (i === 0) buf[m++] = hash2(c0, 0, 0x2bd1);
      continue;
    }
    if (i + LATIN_N <= n && !cjk[i + 1] && !cjk[i + 2] && !cjk[i + 3]) {
      let h = Math.imul(0x3c6ef372 ^ c0, 0x01000193);
      h = Math.imul(h ^ codes[i + 1]!, 0x01000193);
      h = Math.imul(h ^ codes[i + 2]!, 0x01000193);
      h = Math.imul(h ^ codes[i + 3]!, 0x01000193);
      buf[m++] = h >>> 0;
    }
  }
  if (m === 0 && n > 0) {
    // Very short Latin text: one shingle for the whole of it.
    let h = 0x3c6ef372;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ codes[i]!, 0x01000193);
    buf[m++] = h >>> 0;
  }
  return m;
}

const scratch = { buf: new Uint32Array(256) };

/** The shingle hashes of `cmp` as an array (tests and tools; the engine uses shingleInto). */
export function shingleHashes(cmp: string, out: number[] = []): number[] {
  const m = shingleInto(cmp, scratch);
  out.length = 0;
  for (let i = 0; i < m; i++) out.push(scratch.buf[i]!);
  return out;
}

function hash2(a: number, b: number, seed: number): number {
  return Math.imul(Math.imul(seed ^ a, 0x01000193) ^ b, 0x01000193) >>> 0;
}

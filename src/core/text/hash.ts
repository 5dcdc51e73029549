/** Small, fast, deterministic 32-bit hashes (no crypto: fingerprints only need to spread well). */

/** FNV-1a over UTF-16 code units, finished with a murmur3 avalanche. */
export function hashString(str: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < str.length; i++) {
    h ^= str.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** FNV-1a over `str`, continuing from state `h` (not finished: chain parts, then mix32). */
function fnv(str: string, h: number): number {
  for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  return h;
}

/** FNV-1a over `str` lower-cased, ASCII only; -1 (not a state) when `str` has other characters. */
function fnvLowerAscii(str: string, h: number): number {
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c >= 0x80) return -1;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h;
}

/** hashString(`${a}@${b}`.toLowerCase()), without building the string when both are ASCII. */
export function hashLowerAt(a: string, b: string): number {
  let h = fnvLowerAscii(a, 0x811c9dc5);
  if (h !== -1) {
    h = Math.imul(h ^ 0x40, 0x01000193);
    h = fnvLowerAscii(b, h);
    if (h !== -1) return mix32(h);
  }
  return hashString(`${a}@${b}`.toLowerCase());
}

/** hash52(a + b), without building (and flattening) the joined string. */
export function hash52Concat(a: string, b: string): number {
  const x = mix32(fnv(b, fnv(a, 0x811c9dc5)));
  const y = mix32(fnv(b, fnv(a, 0x2545f491)));
  return x * 0x100000 + (y >>> 12);
}

/** FNV-1a over the decimal digits of a non-negative integer, then `|`. */
function fnvInt(n: number, h: number): number {
  let p = 1;
  while (p * 10 <= n) p *= 10;
  for (; p >= 1; p /= 10) {
    const d = Math.floor(n / p) % 10;
    h = Math.imul(h ^ (0x30 + d), 0x01000193);
  }
  return Math.imul(h ^ 0x7c, 0x01000193);
}

function fnvFields(a: string, n1: number, n2: number, b: string, h: number): number {
  h = Math.imul(fnv(a, h) ^ 0x7c, 0x01000193);
  return fnv(b, fnvInt(n2, fnvInt(n1, h)));
}

/**
 * hash52(`${a}|${n1}|${n2}|${b}`) for non-negative integers n1 and n2, without building the string
 * (the engine's second identity of a post: author, second, media count, comparison text).
 */
export function hash52Fields(a: string, n1: number, n2: number, b: string): number {
  if (!(Number.isSafeInteger(n1) && n1 >= 0 && Number.isSafeInteger(n2) && n2 >= 0))
    return hash52(`${a}|${n1}|${n2}|${b}`);
  const x = mix32(fnvFields(a, n1, n2, b, 0x811c9dc5));
  const y = mix32(fnvFields(a, n1, n2, b, 0x2545f491));
  return x * 0x100000 + (y >>> 12);
}

/** murmur3's fmix32: every input bit affects every output bit. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit hashes into one. */
export function combine(a: number, b: number): number {
  return mix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + b) | 0);
}

/** A short, stable, printable id (base36) from a string. */
export function shortId(str: string): string {
  const a = hashString(str);
  const b = hashString(str, 0x12345678);
  return a.toString(36).padStart(7, '0') + b.toString(36).padStart(7, '0').slice(0, 3);
}

/** A 52-bit hash (exact in a double), for keys that must practically never collide. */
export function hash52(str: string): number {
  // hashString(str) and hashString(str, 0x2545f491), in one pass over the string.
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return mix32(a) * 0x100000 + (mix32(b) >>> 12);
}

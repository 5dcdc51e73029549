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
  const a = hashString(str);
  const b = hashString(str, 0x2545f491);
  return a * 0x100000 + (b >>> 12);
}

/**
 * BlurHash strings that real decoders accept: base83, length 4 + 2 * x * y for x * y components
 * (https://github.com/woltapp/blurhash/blob/master/Algorithm.md). The generator works on the
 * quantised components directly: a "picture" is its components, and a re-encoding of the same
 * picture nudges a few of them, which is what happened to the 2024 spam images.
 */
import type { Rng } from './prng';

const BASE83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

export interface BlurhashComponents {
  /** Components across (1-9). */
  x: number;
  /** Components down (1-9). */
  y: number;
  /** sRGB colour of the average, 24 bits. */
  dc: number;
  /** Quantised maximum AC value (0-82). */
  qmax: number;
  /** x * y - 1 quantised AC values, each 0..18^3 (three channels in base 19). */
  ac: number[];
}

function encode83(value: number, length: number): string {
  let out = '';
  for (let i = 1; i <= length; i++) {
    const digit = Math.floor(value / Math.pow(83, length - i)) % 83;
    out += BASE83[digit];
  }
  return out;
}

function decode83(s: string): number {
  let v = 0;
  for (const ch of s) {
    const d = BASE83.indexOf(ch);
    if (d < 0) return NaN;
    v = v * 83 + d;
  }
  return v;
}

export function encodeBlurhash(c: BlurhashComponents): string {
  if (c.x < 1 || c.x > 9 || c.y < 1 || c.y > 9) throw new Error('blurhash components out of range');
  if (c.ac.length !== c.x * c.y - 1) throw new Error('blurhash AC count mismatch');
  let s = encode83((c.y - 1) * 9 + (c.x - 1), 1);
  s += encode83(c.ac.length > 0 ? c.qmax : 0, 1);
  s += encode83(c.dc & 0xffffff, 4);
  for (const v of c.ac) s += encode83(v, 2);
  return s;
}

/** Parses a blurhash into its components; null when a decoder would reject it. */
export function decodeBlurhash(hash: string): BlurhashComponents | null {
  if (hash.length < 6) return null;
  const size = decode83(hash[0]!);
  if (!Number.isFinite(size)) return null;
  const y = Math.floor(size / 9) + 1;
  const x = (size % 9) + 1;
  if (hash.length !== 4 + 2 * x * y) return null;
  const qmax = decode83(hash[1]!);
  const dc = decode83(hash.slice(2, 6));
  if (!Number.isFinite(qmax) || !Number.isFinite(dc) || dc > 0xffffff) return null;
  const ac: number[] = [];
  for (let i = 6; i < hash.length; i += 2) {
    const v = decode83(hash.slice(i, i + 2));
    if (!Number.isFinite(v) || v >= 19 * 19 * 19) return null;
    ac.push(v);
  }
  return { x, y, dc, qmax, ac };
}

export function isValidBlurhash(hash: string): boolean {
  return decodeBlurhash(hash) !== null;
}

/** The average colour a decoder shows for this hash, as `#rrggbb` (used by the sim's image server). */
export function blurhashAverageColor(hash: string): string {
  const c = decodeBlurhash(hash);
  const dc = c ? c.dc : 0x888888;
  return '#' + dc.toString(16).padStart(6, '0');
}

/** A random picture: `x` by `y` components (4 x 3 is what Mastodon computes). */
export function randomBlurhashComponents(rng: Rng, x = 4, y = 3): BlurhashComponents {
  const ac: number[] = [];
  for (let i = 0; i < x * y - 1; i++) ac.push(rng.int(19 * 19 * 19));
  return { x, y, dc: rng.int(0x1000000), qmax: rng.range(4, 60), ac };
}

export function randomBlurhash(rng: Rng, x = 4, y = 3): string {
  return encodeBlurhash(randomBlurhashComponents(rng, x, y));
}

/** Nudges a channel of one AC value by +-1 (in base 19), staying in range. */
function nudge(v: number, rng: Rng): number {
  const r = Math.floor(v / 361);
  const g = Math.floor(v / 19) % 19;
  const b = v % 19;
  const ch = [r, g, b];
  const k = rng.int(3);
  const d = rng.chance(0.5) ? 1 : -1;
  ch[k] = Math.min(18, Math.max(0, ch[k]! + d));
  return ch[0]! * 361 + ch[1]! * 19 + ch[2]!;
}

/**
 * A re-encoding of the same picture: `changes` AC components (and sometimes the average colour)
 * moved by one quantisation step. Decoded, it looks the same; as a string it differs in a few places.
 */
export function blurhashVariant(hash: string, rng: Rng, changes = 2): string {
  const c = decodeBlurhash(hash);
  if (!c) throw new Error(`not a blurhash: ${hash}`);
  const ac = c.ac.slice();
  for (let i = 0; i < changes && ac.length > 0; i++) {
    const k = rng.int(ac.length);
    ac[k] = nudge(ac[k]!, rng);
  }
  let dc = c.dc;
  if (rng.chance(0.3)) {
    const shift = rng.pick([0, 8, 16]);
    const chan = (dc >> shift) & 0xff;
    const next = Math.min(255, Math.max(0, chan + (rng.chance(0.5) ? 1 : -1)));
    dc = (dc & ~(0xff << shift)) | (next << shift);
  }
  return encodeBlurhash({ ...c, ac, dc: dc & 0xffffff });
}

/**
 * BlurHash coefficients, read without rendering a picture. A BlurHash is a few DCT components of
 * the image; re-encoding or resizing an image moves them only a little, so comparing the
 * components (not the hash string) finds the same picture again. Decoding to pixels, as the
 * `blurhash` package does, would cost 32x32 cosine sums per image for no better comparison.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

function decode83(str: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = str.charCodeAt(i);
    const d = c < 128 ? VALUE[c]! : -1;
    if (d < 0) return -1;
    v = v * 83 + d;
  }
  return v;
}

export interface BlurhashComponents {
  numX: number;
  numY: number;
  /** Average colour, sRGB 0..255. */
  dc: [number, number, number];
  /** AC components in reading order, each [r, g, b] in -1..1. */
  ac: number[];
}

/** The components of a BlurHash, or null when the string is not a valid BlurHash. */
export function decodeBlurhash(hash: string): BlurhashComponents | null {
  if (typeof hash !== 'string' || hash.length < 6) return null;
  const size = decode83(hash, 0, 1);
  if (size < 0) return null;
  const numY = Math.floor(size / 9) + 1;
  const numX = (size % 9) + 1;
  if (hash.length !== 4 + 2 * numX * numY) return null;
  const q = decode83(hash, 1, 2);
  const dcv = decode83(hash, 2, 6);
  if (q < 0 || dcv < 0) return null;
  const maxValue = (q + 1) / 166;
  const ac: number[] = [];
  for (let i = 1; i < numX * numY; i++) {
    const v = decode83(hash, 4 + i * 2, 6 + i * 2);
    if (v < 0) return null;
    const qr = Math.floor(v / 361);
    const qg = Math.floor(v / 19) % 19;
    const qb = v % 19;
    ac.push(signPow((qr - 9) / 9) * maxValue, signPow((qg - 9) / 9) * maxValue, signPow((qb - 9) / 9) * maxValue);
  }
  return { numX, numY, dc: [dcv >> 16, (dcv >> 8) & 255, dcv & 255], ac };
}

function signPow(v: number): number {
  return Math.sign(v) * v * v;
}

/** Number of AC values kept in a compact image signature (the 8 lowest-frequency components). */
export const SIG_AC = 24;
/** Length of a compact image signature (see imageSignature). */
export const IMG_SIG_LEN = 32;

/**
 * A compact, storable image signature: [1, numX, numY, aspect (log ratio x 1000, or -32768 if
 * unknown), dc r, g, b, 24 AC values x 1000]. Zero-filled for "no image".
 */
export function imageSignature(
  blurhash: string | null,
  width: number | null,
  height: number | null,
  out: Int16Array,
  offset = 0,
): boolean {
  out.fill(0, offset, offset + IMG_SIG_LEN);
  if (!blurhash || !signatureInto(blurhash, out, offset)) {
    out.fill(0, offset, offset + IMG_SIG_LEN);
    return false;
  }
  out[offset + 3] = width && height && width > 0 && height > 0 ? Math.round(Math.log(width / height) * 1000) : -32768;
  return true;
}

/**
 * decodeBlurhash + the signature, straight into `out` (no objects: a post's picture costs no
 * garbage). False when the string is not a valid BlurHash (then `out` is left to be cleared).
 */
function signatureInto(hash: string, out: Int16Array, o: number): boolean {
  if (typeof hash !== 'string' || hash.length < 6) return false;
  const size = decode83(hash, 0, 1);
  if (size < 0) return false;
  const numY = Math.floor(size / 9) + 1;
  const numX = (size % 9) + 1;
  if (hash.length !== 4 + 2 * numX * numY) return false;
  const q = decode83(hash, 1, 2);
  const dcv = decode83(hash, 2, 6);
  if (q < 0 || dcv < 0) return false;
  const maxValue = (q + 1) / 166;
  out[o] = 1;
  out[o + 1] = numX;
  out[o + 2] = numY;
  out[o + 4] = dcv >> 16;
  out[o + 5] = (dcv >> 8) & 255;
  out[o + 6] = dcv & 255;
  let k = 0;
  for (let i = 1; i < numX * numY; i++) {
    const v = decode83(hash, 4 + i * 2, 6 + i * 2);
    if (v < 0) return false;
    const qr = Math.floor(v / 361);
    const qg = Math.floor(v / 19) % 19;
    const qb = v % 19;
    if (k < SIG_AC) out[o + 7 + k++] = Math.round(signPow((qr - 9) / 9) * maxValue * 1000);
    if (k < SIG_AC) out[o + 7 + k++] = Math.round(signPow((qg - 9) / 9) * maxValue * 1000);
    if (k < SIG_AC) out[o + 7 + k++] = Math.round(signPow((qb - 9) / 9) * maxValue * 1000);
  }
  return true;
}

/**
 * Distance between two image signatures, 0 (same) .. large; Infinity when not comparable
 * (different component grids or aspect ratios more than 4% apart). Root mean square over the
 * average colour (in 0..1) and the AC values.
 */
export function imageDistance(a: Int16Array, ao: number, b: Int16Array, bo: number): number {
  if (a[ao] !== 1 || b[bo] !== 1) return Infinity;
  if (a[ao + 1] !== b[bo + 1] || a[ao + 2] !== b[bo + 2]) return Infinity;
  const ra = a[ao + 3]!;
  const rb = b[bo + 3]!;
  if (ra !== -32768 && rb !== -32768 && Math.abs(ra - rb) > 40) return Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 4; i < 7; i++) {
    const d = (a[ao + i]! - b[bo + i]!) / 255;
    sum += d * d;
    n++;
  }
  const acCount = Math.min(SIG_AC, (a[ao + 1]! * a[ao + 2]! - 1) * 3);
  for (let i = 0; i < acCount; i++) {
    const d = (a[ao + 7 + i]! - b[bo + 7 + i]!) / 1000;
    sum += d * d;
    n++;
  }
  return Math.sqrt(sum / n);
}

/** Images at most this far apart are "the same picture" (re-encoded, resized). */
export const SAME_IMAGE_DISTANCE = 0.05;

/**
 * Bucket keys for finding candidate look-alikes in sub-linear time: the component grid, the
 * aspect ratio (10% steps) and the average colour on two grids offset by half a step, so a small
 * colour shift keeps at least one key in common.
 */
export function imageKeys(sig: Int16Array, o: number, out: Uint32Array): Uint32Array {
  if (sig[o] !== 1) return out.fill(0);
  const aspect = sig[o + 3] === -32768 ? 999 : Math.round(sig[o + 3]! / 100);
  const base = ((sig[o + 1]! * 10 + sig[o + 2]!) * 2048 + (aspect & 2047)) * 7;
  for (let grid = 0; grid < 2; grid++) {
    const shift = grid * 16;
    const r = (sig[o + 4]! + shift) >> 5;
    const g = (sig[o + 5]! + shift) >> 5;
    const b = (sig[o + 6]! + shift) >> 5;
    out[grid] = ((base + grid) * 1000003 + ((r * 16 + g) * 16 + b)) >>> 0;
  }
  return out;
}

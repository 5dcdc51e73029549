/**
 * Punycode (RFC 3492) decoding of host names, so `xn--68j5e377y.com` compares as `荒らし.com`.
 * Only decoding is needed: every comparison in the engine happens on the Unicode form.
 */
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 22; // 0-9 -> 26-35
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x61 && code <= 0x7a) return code - 0x61; // a-z
  return BASE;
}

/** Decodes one punycode label (without the `xn--` prefix); null when it is not valid punycode. */
export function decodeLabel(input: string): string | null {
  // DNS labels have at most 63 characters; a longer one is not a host's, and decoding is quadratic.
  if (input.length > 63) return null;
  const output: number[] = [];
  const basicEnd = input.lastIndexOf('-');
  const basic = basicEnd > 0 ? basicEnd : 0;
  for (let j = 0; j < basic; j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return null;
    output.push(c);
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= input.length) return null;
      const d = digit(input.charCodeAt(index++));
      if (d >= BASE) return null;
      i += d * w;
      if (i > 0x7fffffff) return null;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (d < t) break;
      w *= BASE - t;
      if (w > 0x7fffffff) return null;
    }
    const len = output.length + 1;
    bias = adapt(i - oldi, len, oldi === 0);
    n += Math.floor(i / len);
    if (n > 0x10ffff) return null;
    i %= len;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}

/** `xn--` labels of a host decoded to Unicode; other labels kept. Invalid labels are kept as written. */
export function hostToUnicode(host: string): string {
  if (!host.includes('xn--') && !host.includes('XN--')) return host;
  return host
    .split('.')
    .map((label) => {
      if (label.slice(0, 4).toLowerCase() !== 'xn--') return label;
      return decodeLabel(label.slice(4)) ?? label;
    })
    .join('.');
}

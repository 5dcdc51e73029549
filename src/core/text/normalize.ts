/**
 * Text normalization for comparison: what two spam posts have in common survives, what spammers
 * vary cheaply (look-alike letters, invisible characters, full-width forms, the mentioned accounts,
 * rotating links, counters) does not.
 */

/** Zero-width, directional and other invisible format characters, variation selectors, tag characters. */
// Built from code point ranges: the combining ones (U+034F, variation selectors) cannot sit in a
// regex literal's character class without confusing readers (eslint no-misleading-character-class).
const INVISIBLE_RANGES: [number, number][] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
];
const hex = (c: number) => `\\u{${c.toString(16)}}`;
const INVISIBLE = new RegExp(
  `[${INVISIBLE_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]`,
  'gu',
);

/**
 * Characters of other scripts that look like Latin letters (a subset of Unicode's confusables.txt:
 * the Cyrillic, Greek and Latin-extended letters spammers actually use), after lower-casing.
 */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  ɡ: 'g',
  ɑ: 'a',
  ı: 'i',
  ȷ: 'j',
  ℓ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

/** Removes invisible and directional characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Folds look-alike letters of other scripts to Latin (input must be lower case). */
export function foldConfusables(text: string): string {
  return text.replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c);
}

/** NFKC, lower case, invisible characters removed, confusables folded. */
export function canonical(text: string): string {
  // Plain ASCII has nothing to normalize, strip or fold: the common case in Latin-script posts.
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return foldConfusables(stripInvisible(text).normalize('NFKC').toLowerCase());
}

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'）」』】]+/giu;
/**
 * A bare link's path (see maskBareLinks). Bare links are found from their `/` backwards, each run
 * of host characters read once: the pattern that described a bare link directly,
 * `/\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/.../`, rescanned a run from each of its word
 * boundaries and took seconds on `a-a-a-...` or `aa.aa.aa...` of 40,000 characters.
 */
const PATH_RE = /[^\s<>"']*/uy;
const MENTION_RE = /(^|[^\p{L}\p{N}_/])@[\p{L}\p{N}_.-]+(?:@[\p{L}\p{N}.-]+)?/gu;
const SPACE_RE = /\s+/gu;
const ND_RE = /^\p{Nd}$/u;
/** Decimal digits beyond ASCII, by BMP code unit: 0 not looked up yet, 1 a digit, 2 not. */
const ND_BMP = new Uint8Array(0x10000);

/** Whether a UTF-16 code unit is white space for `\s` (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Length in code units of the decimal digit (`\p{Nd}`) starting at `i` (code unit `c`), 0 if none. */
function digitAt(s: string, i: number, c: number): number {
  if (c < 0x80) return c >= 0x30 && c <= 0x39 ? 1 : 0;
  if (c < 0x660) return 0; // the first decimal digit beyond ASCII is U+0660
  if (c >= 0xd800 && c <= 0xdbff) {
    const lo = s.charCodeAt(i + 1);
    return lo >= 0xdc00 && lo <= 0xdfff && ND_RE.test(s.slice(i, i + 2)) ? 2 : 0;
  }
  let v = ND_BMP[c]!;
  if (v === 0) {
    v = ND_RE.test(String.fromCharCode(c)) ? 1 : 2;
    ND_BMP[c] = v;
  }
  return v === 1 ? 1 : 0;
}

/**
 * `s.replace(/\p{Nd}+/gu, '0').replace(/\s+/gu, ' ').trim()` in one pass: the unchanged stretches
 * are copied as slices, so a post whose text has single spaces and no digits costs no new string.
 */
export function collapseDigitsAndSpace(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && isSpaceCode(s.charCodeAt(i))) i++;
  let from = i;
  let out = '';
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(c)) {
      let j = i + 1;
      while (j < n && isSpaceCode(s.charCodeAt(j))) j++;
      if (j === n) {
        // Trailing white space: dropped.
        out += s.slice(from, i);
        from = n;
        break;
      }
      if (c !== 0x20 || j !== i + 1) {
        out += s.slice(from, i) + ' ';
        from = j;
      }
      i = j;
      continue;
    }
    const d = digitAt(s, i, c);
    if (d > 0) {
      let j = i + d;
      let k: number;
      while (j < n && (k = digitAt(s, j, s.charCodeAt(j))) > 0) j += k;
      if (c !== 0x30 || j !== i + 1) {
        out += s.slice(from, i) + '0';
        from = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  return from === 0 && out === '' ? s : out + s.slice(from);
}

/**
 * The comparison form of a post's text: canonical, mentions masked as `@`, links as `⟨url⟩`,
 * digit runs as `0`, whitespace collapsed. Spam that differs only in whom it mentions, which link
 * it rotates to or which number it counts to becomes identical.
 */
export function comparisonText(text: string): string {
  let s = canonical(text);
  // Each pass only when its trigger character is there: most posts have no link or mention.
  if (s.includes('/')) {
    if (s.includes('://') || s.includes('www.')) s = s.replace(URL_RE, ' \u27e8url\u27e9 ');
    if (s.includes('/')) s = maskBareLinks(s);
  }
  if (s.includes('@')) s = s.replace(MENTION_RE, '$1 @ ');
  return collapseDigitsAndSpace(s);
}

const isAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isWordChar = (c: number) => isAlnum(c) || c === 0x5f;

/**
 * Bare links (a dotted host, a top-level domain of two letters or more, then `/` and a path) as
 * ` ⟨url⟩ `, in linear time. Where in a run of host characters the link starts: at its first
 * letter or digit after the last empty label (`..`), at a word boundary.
 */
export function maskBareLinks(s: string): string {
  let out = '';
  let from = 0;
  const n = s.length;
  for (let i = s.indexOf('/'); i >= 0 && i < n;) {
    // Back from a slash to the start of the run of host characters before it.
    let at = i;
    while (at > 0 && isHostChar(s.charCodeAt(at - 1))) at--;
    const p = linkStart(s, at, i);
    if (p < 0) {
      i = s.indexOf('/', i + 1);
      continue;
    }
    PATH_RE.lastIndex = i;
    PATH_RE.exec(s);
    const end = Math.max(PATH_RE.lastIndex, i + 1);
    out += s.slice(from, p) + ' \u27e8url\u27e9 ';
    from = end;
    i = s.indexOf('/', end);
  }
  return from === 0 ? s : out + s.slice(from);
}

const isHostChar = (c: number) => isAlnum(c) || c === 0x2e || c === 0x2d;

/** Where the bare link whose host is s[at, slash) starts, or -1 when that is no link's host. */
function linkStart(s: string, at: number, slash: number): number {
  let lastDot = slash - 1;
  while (lastDot > at && s.charCodeAt(lastDot) !== 0x2e) lastDot--;
  if (lastDot <= at || slash - lastDot - 1 < 2) return -1;
  for (let k = lastDot + 1; k < slash; k++) if (!isLetter(s.charCodeAt(k))) return -1;
  // After the last empty label (`..`), if any.
  let first = lastDot;
  while (first > at && !(s.charCodeAt(first) === 0x2e && s.charCodeAt(first - 1) === 0x2e)) first--;
  for (let p = first > at ? first + 1 : at; p < lastDot; p++) {
    if (!isAlnum(s.charCodeAt(p))) continue;
    if (p === 0 || !isWordChar(s.charCodeAt(p - 1))) return p;
  }
  return -1;
}

/** The text without mentions, links and whitespace: what is actually said. */
export function substantiveText(cmp: string): string {
  return cmp.replace(/\u27e8url\u27e9|@/g, '').replace(SPACE_RE, '');
}

/** Length of substantiveText(cmp), without building it. */
export function substantiveLength(cmp: string): number {
  let n = 0;
  for (let i = 0; i < cmp.length; i++) {
    const c = cmp.charCodeAt(i);
    if (c === 0x27e8) {
      const end = cmp.indexOf('\u27e9', i);
      if (end > 0) {
        i = end;
        continue;
      }
    }
    if (c === 0x40 || c === 0x20 || c === 0x0a || c === 0x09) continue;
    n++;
  }
  return n;
}

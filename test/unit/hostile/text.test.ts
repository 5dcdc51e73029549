/**
 * Text handling under hostile input: every step is linear (the regular expressions that were
 * quadratic are replaced, and each replacement is checked against the old pattern on small
 * inputs), invisible characters cannot split a word, look-alike letters read as Latin.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBlurhash, imageDistance, imageSignature, IMG_SIG_LEN } from '../../../src/core/media/blurhash';
import { canonical, comparisonText, maskBareLinks, substantiveLength } from '../../../src/core/text/normalize';
import { decodeLabel, hostToUnicode } from '../../../src/core/text/punycode';
import { dominantScript } from '../../../src/core/text/script';
import { shingleHashes } from '../../../src/core/text/shingles';
import { hostOf, linkIdentity, linksInText, siteOf, toLink, trimEnd } from '../../../src/core/text/urls';
import { htmlToText, trimLineEnds } from '../../../src/platforms/mastodon/html';
import { mentionsInMfm, mfmToPlain, tagsInMfm, unwrapFunctions } from '../../../src/platforms/misskey/mfm';
import { BIDI, hostileBlurhash, hostileText, REPEATS, runs, ZERO_WIDTH } from './fuzz';

const MB = 1_000_000;

describe('linear time on 1 MB of each pathological repetition', () => {
  // No timing assertion (speed is measured in bench/hostile.ts): a quadratic step would make this
  // test run for minutes and hit the test timeout. Before the fixes, 40,000 characters of
  // `[`, `$[x `, ` `, `aa.`, `a-`, `.` or `/` took a second each; 1 MB would take ten minutes.
  for (const piece of [...REPEATS, 'a']) {
    test(JSON.stringify(piece), () => {
      const s = piece.repeat(Math.ceil(MB / piece.length)) + 'x/';
      expect(typeof htmlToText(s).text).toBe('string');
      expect(typeof mfmToPlain(s)).toBe('string');
      expect(mentionsInMfm(s, 201).length).toBeLessThanOrEqual(201);
      expect(tagsInMfm(s, 101).length).toBeLessThanOrEqual(101);
      expect(linksInText(s, 101).length).toBeLessThanOrEqual(101);
      const cmp = comparisonText(s);
      expect(substantiveLength(cmp)).toBeLessThanOrEqual(cmp.length);
      expect(shingleHashes(cmp.slice(0, 50_000)).length).toBeGreaterThanOrEqual(0);
      dominantScript(cmp, true);
      const host = hostOf(`https://${s}`);
      if (host !== null) expect(host.length).toBeLessThanOrEqual(253);
      const link = toLink(`https://a.example/${s}`);
      if (link) expect(typeof linkIdentity(link)).toBe('string');
      expect(typeof hostToUnicode(`xn--${s}`)).toBe('string');
      siteOf(s);
    });
  }
});

describe('the linear rewrites do what the old patterns did', () => {
  const small = (chars: string, max = 30) => fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: max });
  const OLD_BARE_LINK = /\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/[^\s<>"']*/giu;

  test('bare links: maskBareLinks = the old bare-link pattern', () => {
    fc.assert(
      fc.property(small('ab1.-/_ x<"c'), (s) => {
        expect(maskBareLinks(s)).toBe(s.replace(OLD_BARE_LINK, ' \u27e8url\u27e9 '));
      }),
      runs(3000),
    );
  });

  test('bare links found by a longer run', () => {
    expect(maskBareLinks('a..aa/')).toBe('a..aa/');
    expect(maskBareLinks('x a..b.cc/d')).toBe('x a.. \u27e8url\u27e9 ');
  });

  test('MFM functions: unwrapFunctions = the old pattern applied until nothing changed', () => {
    const FN_RE = /\$\[[^\s\]$]+ ((?:(?!\$\[)[^\]])*)\]/g;
    const old = (src: string) => {
      let s = src;
      for (let i = 0; i < 16; i++) {
        const next = s.replace(FN_RE, '$1');
        if (next === s) break;
        s = next;
      }
      return s;
    };
    // Built from whole tokens: where a removal joins a stray `$[` to a name (`$[$[x a] b]` becomes
    // `$[a b]`), the old pattern, applied again, made a new call of it; the scan leaves it as text.
    const tokens = fc
      .array(fc.constantFrom('$[x ', '$[yy ', ']', 'a', ' ', '[', '$'), { maxLength: 12 })
      .map((t) => t.join(''))
      .filter((s) => !/\$(?!\[(?:x|yy) )/.test(s));
    fc.assert(
      fc.property(tokens, (s) => {
        expect(unwrapFunctions(s)).toBe(old(s));
      }),
      runs(3000),
    );
    // A `$[` that opens nothing stops the calls before it from closing, as it did.
    expect(unwrapFunctions('$[x $[]')).toBe('$[x $[]');
  });

  test('HTML line ends: trimLineEnds = /[ \\t]+\\n/g', () => {
    fc.assert(
      fc.property(small(' \t\na'), (s) => {
        expect(trimLineEnds(s)).toBe(s.replace(/[ \t]+\n/g, '\n'));
      }),
      runs(2000),
    );
  });

  test('trailing punctuation and slashes: trimEnd = /[...]+$/', () => {
    fc.assert(
      fc.property(small('a.,;:!?)]/'), (s) => {
        expect(trimEnd(s, '.,;:!?)]')).toBe(s.replace(/[.,;:!?)\]]+$/, ''));
        expect(trimEnd(s, '/')).toBe(s.replace(/\/+$/, ''));
      }),
      runs(2000),
    );
  });
});

describe('invisible and look-alike characters', () => {
  const word = fc.string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 .'.split('')),
    maxLength: 60,
  });

  test('zero-width and directional characters anywhere change nothing in the canonical text', () => {
    fc.assert(
      fc.property(
        word,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ZERO_WIDTH, ...BIDI)), { maxLength: 20 }),
        (w, inserts) => {
          const chars = [...w];
          for (const [at, c] of inserts) chars.splice(at % (chars.length + 1), 0, c);
          const hidden = chars.join('');
          expect(canonical(hidden)).toBe(canonical(w));
          expect(comparisonText(hidden)).toBe(comparisonText(w));
        },
      ),
      runs(1000),
    );
  });

  test('Cyrillic, Greek and small-capital look-alikes read as the Latin letters', () => {
    const LOOK: Record<string, string[]> = {
      a: ['а', 'α', 'ᴀ'],
      c: ['с', 'ᴄ'],
      e: ['е', 'ε', 'ᴇ'],
      i: ['і', 'ι', 'ɪ'],
      o: ['о', 'ο', 'ᴏ'],
      p: ['р', 'ρ', 'ᴘ'],
      s: ['ѕ', 'ꜱ'],
      x: ['х', 'χ'],
      d: ['ԁ', 'ᴅ', 'ｄ'],
    };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'acdeiopsx '.split('')), maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        (w, picks) => {
          const disguised = [...w].map((ch, i) => (LOOK[ch] ? LOOK[ch]![picks[i]! % LOOK[ch]!.length]! : ch)).join('');
          expect(canonical(disguised)).toBe(w);
        },
      ),
      runs(1000),
    );
  });

  test('any text: canonical and comparison text never throw and hold no invisible character', () => {
    const invisible = new RegExp(
      `[${[...ZERO_WIDTH.filter((c) => c !== '\u180e' && c !== '\u3164'), ...BIDI].join('')}]`,
      'u',
    );
    fc.assert(
      fc.property(fc.oneof(hostileText(300), fc.string({ unit: 'binary', maxLength: 100 })), (s) => {
        const c = comparisonText(s);
        expect(invisible.test(c)).toBe(false);
        expect(invisible.test(canonical(s))).toBe(false);
      }),
      runs(1000),
    );
  });
});

describe('hosts and punycode', () => {
  test('any URL: a host of at most 253 characters, or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.webUrl(),
          hostileText(100).map((t) => `https://${t}`),
          fc.string(),
        ),
        (u) => {
          const h = hostOf(u);
          if (h !== null) expect(h.length).toBeLessThanOrEqual(253 * 2);
        },
      ),
      runs(1000),
    );
  });

  test('any punycode label decodes or is refused, never throws; labels over 63 are refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcxyz0189-'.split('')), maxLength: 80 }), (l) => {
        const d = decodeLabel(l);
        if (l.length > 63) expect(d).toBeNull();
      }),
      runs(2000),
    );
    expect(decodeLabel('a'.repeat(100_000))).toBeNull();
  });
});

describe('BlurHash', () => {
  test('any string: components or null; a signature only for a valid hash; distances never NaN', () => {
    const out = new Int16Array(IMG_SIG_LEN * 2);
    fc.assert(
      fc.property(hostileBlurhash, hostileBlurhash, fc.double(), fc.double(), (a, b, w, h) => {
        const da = decodeBlurhash(a as string);
        if (da) {
          expect(da.numX).toBeGreaterThanOrEqual(1);
          expect(da.numX).toBeLessThanOrEqual(9);
          expect(da.ac).toHaveLength(3 * (da.numX * da.numY - 1));
          for (const v of [...da.dc, ...da.ac]) expect(Number.isFinite(v)).toBe(true);
        }
        const okA = imageSignature(typeof a === 'string' ? a : null, w, h, out, 0);
        const okB = imageSignature(typeof b === 'string' ? b : null, w, h, out, IMG_SIG_LEN);
        expect(okA).toBe(typeof a === 'string' && da !== null);
        // Infinity when the grids or aspect ratios differ (not comparable), never NaN.
        if (okA && okB) expect(imageDistance(out, 0, out, IMG_SIG_LEN)).toBeGreaterThanOrEqual(0);
      }),
      runs(2000),
    );
  });
});

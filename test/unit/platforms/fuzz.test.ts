// The fixed seed and the run count of the hostile-input suite (test/unit/hostile/fuzz.ts): FUZZ_SEED,
// FUZZ_RUNS. The larger properties of the normalizers live in test/unit/hostile/normalizers.test.ts.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { compileSafeRegex } from '../../../src/core/rules/safe-regex';
import { comparisonText } from '../../../src/core/text/normalize';
import { htmlToText } from '../../../src/platforms/mastodon/html';
import { tryNormalizeMastodonStatus } from '../../../src/platforms/mastodon/normalize';
import { tryNormalizeMisskeyNote } from '../../../src/platforms/misskey/normalize';
import { runs } from '../hostile/fuzz';
import { mastodonStatuses, misskeyNotes } from './fixtures';

const status = [...mastodonStatuses('4.6.5').values()][0]!;
const note = [...misskeyNotes().values()][0]!;

/** A real object with one field replaced by anything at all. */
const mutated = (base: Record<string, unknown>) =>
  fc.tuple(fc.constantFrom(...Object.keys(base)), fc.anything()).map(([k, v]) => ({ ...base, [k]: v }));

test('normalizers never crash: any JSON value gives a post or a clear error', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), mutated(status), mutated(note)), (json) => {
      for (const r of [tryNormalizeMastodonStatus(json, 'm.example'), tryNormalizeMisskeyNote(json, 'm.example')]) {
        if (!r.ok) expect(r.error).toMatch(/^(status|note)[.:\w[\]]*: /);
      }
    }),
    runs(2000),
  );
});

test('HTML to text and comparison text accept any string', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
      expect(typeof htmlToText(`<p>${a}<a href="${b}">${b}</a></p>${b}`).text).toBe('string');
      expect(typeof comparisonText(a + b)).toBe('string');
    }),
    runs(1000),
  );
});

test('the regex checker answers for any pattern, and what it accepts compiles', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 40, unit: fc.constantFrom(...'ab()|*+?{}[]\\.^$,1-:=!<>dws'.split('')) }),
      (src) => {
        const r = compileSafeRegex(src);
        if (r.ok) expect(r.regex).toBeInstanceOf(RegExp);
        else expect(r.error.length).toBeGreaterThan(0);
      },
    ),
    runs(3000),
  );
});

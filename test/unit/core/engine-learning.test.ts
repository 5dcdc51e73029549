import { expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import type { Post } from '../../../src/core/model';
import { RULES_FORMAT, RULES_VERSION } from '../../../src/core/rules/types';
import { toLink } from '../../../src/core/text/urls';
import { author, DAY, mentions, post, T0 } from './helpers';

/** Near-identical posts from established accounts: not a wave by the built-in rules. */
function promo(i: number, day = 0): Post {
  return post({
    id: `pr${day}-${i}`,
    createdAt: T0 + day * DAY + i * 60_000,
    author: author({ username: `shop${i}`, createdAt: T0 - 300 * DAY }),
    text: `Big spring sale on handmade mugs, 30% off this week only! Order now ${'xyz'.charAt(i % 3)}`,
  });
}

test('spam decision: near-duplicates are flagged at once, on any instance', () => {
  const e = createEngine();
  const first = promo(0);
  e.ingest([first]);
  expect(e.ingest([promo(1)]).verdicts[0]!.verdict).toBe('ok');
  const d = e.decide({ kind: 'spam', postKey: first.key, at: T0 + 5 * 60_000 }, first);
  expect(d.verdicts[0]!.verdict).toBe('spam');
  // The look-alike already seen is updated...
  expect(d.updated.map((v) => v.postKey)).toContain(promo(1).key);
  // ...and the next one, even on another instance, is flagged on arrival.
  const next = { ...promo(2), instance: 'misskey.example', key: 'misskey.example/x' };
  const v = e.ingest([next]).verdicts[0]!;
  expect(v.verdict).toBe('spam');
  expect(v.reasons[0]!.text).toBe('Near-identical to a post you marked as spam');
});

test('not-spam decision: the wave is cleared and similar posts stop being flagged', () => {
  const e = createEngine();
  const fresh = (i: number) =>
    post({
      id: `f${i}`,
      createdAt: T0 + i * 60_000,
      author: author({
        username: `club${i}`,
        displayName: '',
        avatarMissing: true,
        bio: '',
        followersCount: 0,
        createdAt: T0 + i * 60_000 - 30 * 60_000,
      }),
      text: `@alice @bob Our book club meets Friday at the library, bring snacks! ${i}`,
      mentions: mentions('alice', 'bob'),
      links: [toLink('https://library.example/events')!],
    });
  let last;
  for (let i = 0; i < 4; i++) last = e.ingest([fresh(i)]).verdicts[0]!;
  expect(last!.verdict).toBe('spam');
  const d = e.decide({ kind: 'not-spam', postKey: fresh(3).key, at: T0 + 5 * 60_000 }, fresh(3));
  expect(d.verdicts[0]!.verdict).toBe('ok');
  expect(d.updated.length).toBeGreaterThanOrEqual(3);
  expect(d.updated.every((v) => v.verdict === 'ok')).toBe(true);
  expect(e.ingest([fresh(5)]).verdicts[0]!.verdict).toBe('ok');
  // The author is allow-listed too.
  const again = {
    ...fresh(3),
    id: 'f3b',
    key: 'mastodon.example/f3b',
    text: 'something else entirely, with no club in it',
  };
  expect(e.ingest([again]).verdicts[0]!.reasons[0]!.code).toBe('allow.listed');
});

test('learned entries expire when no longer seen', () => {
  const e = createEngine({ learnedTtlDays: 30 });
  const first = promo(0);
  e.ingest([first]);
  e.decide({ kind: 'spam', postKey: first.key, at: T0 }, first);
  expect(e.ingest([promo(1, 10)]).verdicts[0]!.verdict).toBe('spam'); // seen on day 10: kept
  expect(e.ingest([promo(2, 35)]).verdicts[0]!.verdict).toBe('spam'); // 25 days after the last sighting
  expect(e.ingest([promo(3, 70)]).verdicts[0]!.verdict).toBe('ok'); // 35 days unseen: expired
  expect(e.stats().learned).toBeLessThanOrEqual(1);
});

test('rules: keywords make spam; invalid rules are refused and the old ones stay', () => {
  const e = createEngine();
  expect(e.setRules({ format: RULES_FORMAT, version: RULES_VERSION, keywords: ['mugs'] }).ok).toBe(true);
  const v = e.ingest([promo(0)]).verdicts[0]!;
  expect(v.verdict).toBe('spam');
  expect(v.reasons[0]!.text).toBe('Contains the blocked keyword "mugs"');
  const bad = e.setRules({ format: RULES_FORMAT, version: RULES_VERSION, patterns: [{ regex: '(a+)+' }] });
  expect(bad.ok).toBe(false);
  expect(e.getRules().keywords).toEqual(['mugs']);
  expect(() =>
    createEngine({ rules: { format: RULES_FORMAT, version: RULES_VERSION, patterns: [{ regex: '(a+)+' }] } }),
  ).toThrow(/invalid rules/);
});

test('rules: allow-listed accounts and instances are never flagged', () => {
  const e = createEngine({
    rules: {
      format: RULES_FORMAT,
      version: RULES_VERSION,
      keywords: ['mugs'],
      allow: { accounts: ['shop0@mastodon.example'] },
    },
  });
  const v = e.ingest([promo(0)]).verdicts[0]!;
  expect(v.verdict).toBe('ok');
  expect(v.score).toBe(0);
  expect(v.reasons[0]!.code).toBe('allow.listed');
});

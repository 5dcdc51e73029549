import { expect, test } from 'vitest';
import { defaultSignalSettings, noisyOr, scoreSignals } from '../../../../src/core/heuristics';
import { comparisonText } from '../../../../src/core/text/normalize';
import { image, mentions, post, spammer, author } from '../helpers';

const settings = defaultSignalSettings();
const score = (
  p: ReturnType<typeof post>,
  ctx: { ageHours: number | null; strangers: number; imageAccounts?: number },
) => scoreSignals({ post: p, recentPosts: 1, cmp: comparisonText(p.text), imageAccounts: 0, ...ctx }, settings);

test('noisy-or', () => {
  expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75);
  expect(noisyOr([])).toBe(0);
});

test.each([
  ['spam: Feb 2024 post is suspicious on its own', spammer('jzpwtaxbeq'), '@a @b @c', 0.33, 3, true],
  [
    'legit: newcomer without avatar saying hello',
    spammer('newperson', { displayName: 'New Person' }),
    'Hello fediverse! New here, I like cats.',
    0.5,
    0,
    false,
  ],
  ['legit: old account mentioning two friends', author(), '@a @b dinner tonight?', 9000, 2, false],
])('%s', (_name, a, text, ageHours, strangers, suspicious) => {
  const p = post({
    author: a,
    text,
    mentions: strangers ? mentions(...'abc'.slice(0, strangers).split('')) : [],
    media: text.startsWith('@') && a.avatarMissing ? [image()] : [],
  });
  const s = score(p, { ageHours, strangers });
  expect(s.score >= 0.6).toBe(suspicious);
});

test('the account part is capped: a bare fresh account alone is never suspicious', () => {
  const s = score(post({ author: spammer('qxvbnmzrtk'), text: 'hi' }), { ageHours: 0.1, strangers: 0 });
  expect(s.accountScore).toBeLessThanOrEqual(0.4);
  expect(s.score).toBeLessThan(0.6);
});

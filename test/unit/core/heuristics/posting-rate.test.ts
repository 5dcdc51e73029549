import { expect, test } from 'vitest';
import { postingRate } from '../../../../src/core/heuristics/posting-rate';
import { author, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: 12 posts seen in the last hour', 12, 1000, null, 'account.postingRate'],
  ['spam: 40 posts in a 2-hour-old account', 1, 40, 2, 'account.postingRateProfile'],
  ['legit: 3 posts this hour', 3, 900, 9000, null],
  ['legit: busy old account (profile rate ignored)', 2, 90000, 9000, null],
  ['legit: new account, 5 posts in 10 hours', 1, 5, 10, null],
])('%s', (_name, recentPosts, total, ageHours, code) => {
  const r = fire(postingRate, post({ author: author({ postsCount: total }) }), { recentPosts, ageHours });
  expect(r?.code ?? null).toBe(code);
});

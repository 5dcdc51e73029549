import { expect, test } from 'vitest';
import { followers } from '../../../../src/core/heuristics/followers';
import { author, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: no followers', 0, 'account.noFollowers'],
  ['legit: one follower', 1, null],
  ['legit: many followers', 5000, null],
  ['legit: unknown', null, null],
])('%s', (_name, n, code) => {
  expect(fire(followers, post({ author: author({ followersCount: n }) }))?.code ?? null).toBe(code);
});

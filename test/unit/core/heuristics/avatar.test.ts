import { expect, test } from 'vitest';
import { avatar } from '../../../../src/core/heuristics/avatar';
import { author, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: no avatar', true, true],
  ['legit: own avatar', false, false],
])('%s', (_name, missing, fires) => {
  const r = fire(avatar, post({ author: author({ avatarMissing: missing }) }));
  expect(r !== null).toBe(fires);
  if (r) expect(r.text).toBe('No profile picture');
});

import { expect, test } from 'vitest';
import { images } from '../../../../src/core/heuristics/images';
import { image, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: the same banner from 5 other accounts', 5, true],
  ['spam: from 2 other accounts', 2, true],
  ['legit: one other account (a shared photo)', 1, false],
  ['legit: unique picture', 0, false],
])('%s', (_name, imageAccounts, fires) => {
  const r = fire(images, post({ media: [image()] }), { imageAccounts });
  expect(r !== null).toBe(fires);
});

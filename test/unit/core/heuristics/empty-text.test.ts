import { expect, test } from 'vitest';
import { emptyText } from '../../../../src/core/heuristics/empty-text';
import { image, mentions, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: mentions and an image, nothing else', '@a @b @c', mentions('a', 'b', 'c'), true, true],
  ['spam: mentions, a link and an image', '@a @b https://x.example/y', mentions('a', 'b'), true, true],
  ['legit: a photo with a caption for a friend', '@a look at this sunset over the bay', mentions('a'), true, false],
  ['legit: a photo without mentions', '', [], true, false],
  ['legit: mentions without an image', '@a @b', mentions('a', 'b'), false, false],
])('%s', (_name, text, m, withImage, fires) => {
  expect(fire(emptyText, post({ text, mentions: m, media: withImage ? [image()] : [] })) !== null).toBe(fires);
});

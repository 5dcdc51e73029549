import { expect, test } from 'vitest';
import { bio } from '../../../../src/core/heuristics/bio';
import { author, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: empty bio', '', true],
  ['spam: whitespace bio', ' \n', true],
  ['legit: a bio', 'Photographer in Osaka', false],
  ['legit: unknown (Misskey UserLite has none)', null, false],
])('%s', (_name, b, fires) => {
  expect(fire(bio, post({ author: author({ bio: b }) })) !== null).toBe(fires);
});

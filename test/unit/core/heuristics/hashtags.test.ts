import { expect, test } from 'vitest';
import { hashtags } from '../../../../src/core/heuristics/hashtags';
import { post } from '../helpers';
import { fire } from './run';

const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);

test.each([
  ['spam: 8 tags', 'Win now #a #b #c #d #e #f #g #h', tags(8), true],
  ['spam: tags are the whole post', '#crypto #airdrop #eth #free', tags(4), true],
  ['legit: two tags', 'My cat today #caturday #photography', tags(2), false],
  [
    'legit: three tags in a long post',
    'Spent the whole weekend repainting the old boat with my kids, it finally floats #boats #diy #family',
    tags(3),
    false,
  ],
])('%s', (_name, text, t, fires) => {
  expect(fire(hashtags, post({ text, tags: t })) !== null).toBe(fires);
});

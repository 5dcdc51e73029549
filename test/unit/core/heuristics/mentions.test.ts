import { expect, test } from 'vitest';
import { mentions as mentionSignal } from '../../../../src/core/heuristics/mentions';
import { mentions, post } from '../helpers';
import { fire } from './run';

const many = (n: number) => mentions(...Array.from({ length: n }, (_, i) => `u${i}`));

test.each([
  ['spam: 4 strangers (Feb 2024)', 4, 4, 'post.strangerMentions'],
  ['spam: 10 at once (Oct 2024)', 10, 10, 'post.massMentions'],
  ['spam: 2 strangers', 2, 2, 'post.strangerMentions'],
  ['legit: reply mentioning 3 people in the thread', 3, 0, null],
  ['legit: one stranger', 1, 1, null],
  ['legit: friends (talked before)', 4, 0, null],
])('%s', (_name, count, strangers, code) => {
  expect(fire(mentionSignal, post({ mentions: many(count) }), { strangers })?.code ?? null).toBe(code);
});

test('more strangers weigh more', () => {
  const two = fire(mentionSignal, post({ mentions: many(2) }), { strangers: 2 })!;
  const six = fire(mentionSignal, post({ mentions: many(6) }), { strangers: 6 })!;
  expect(six.weight).toBeGreaterThan(two.weight);
  expect(six.text).toBe('Mentions 6 accounts it has never interacted with');
});

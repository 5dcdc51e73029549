import { expect, test } from 'vitest';
import { username, usernameRandomness } from '../../../../src/core/heuristics/username';
import { author, post } from '../helpers';
import { fire } from './run';

// The 2024 waves: 10 random lowercase letters and digits. Real people have such names too
// (mastodonInboxFilter allow-listed eks4lebwur, m2aioqjxwz): the signal is weak by design.
test.each([
  ['spam', 'jzpwtaxbeq', true],
  ['spam', 'w15e4pzlx4', true],
  ['spam', 'qxvbnmzrtk', true],
  ['spam', 'ymuxmlzgjk', true],
  ['legit', 'alice', false],
  ['legit', 'johnsmith', false],
  ['legit', 'alice1987', false],
  ['legit', 'mastodon_user', false],
  ['legit', 'kaori', false],
  ['legit', 'hiroshi_tanaka', false],
  ['legit', 'christopher', false],
])('%s: %s', (_kind, name, fires) => {
  const r = fire(username, post({ author: author({ username: name }) }));
  expect(r !== null, `randomness ${usernameRandomness(name)}`).toBe(fires);
});

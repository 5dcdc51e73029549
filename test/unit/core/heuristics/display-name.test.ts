import { expect, test } from 'vitest';
import { displayName } from '../../../../src/core/heuristics/display-name';
import { author, post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: empty', 'jzpwtaxbeq', '', 'account.noDisplayName'],
  ['spam: blank spaces', 'jzpwtaxbeq', '   ', 'account.noDisplayName'],
  ['spam: same as username', 'jzpwtaxbeq', 'jzpwtaxbeq', 'account.displayNameIsUsername'],
  ['spam: same as username, full-width', 'jzpw', 'ｊｚｐｗ', 'account.displayNameIsUsername'],
  ['legit: a name', 'alice', 'Alice Nakamura', null],
  ['legit: emoji name', 'kaori', 'Kaori 🌸', null],
  ['legit: Japanese name', 'hiro', '田中ひろし', null],
])('%s', (_name, username, name, code) => {
  const r = fire(displayName, post({ author: author({ username, displayName: name }) }));
  expect(r?.code ?? null).toBe(code);
});

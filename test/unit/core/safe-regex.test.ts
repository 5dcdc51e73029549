import { expect, test } from 'vitest';
import { compileSafeRegex, MAX_INPUT, safeTest } from '../../../src/core/rules/safe-regex';

test.each([
  ['discord\\.gg/\\w+'],
  ['^[a-z0-9]{10}$'],
  ['荒らし共栄圏'],
  ['\\bfree\\s+gift\\b'],
  ['(foo|bar)+'],
  ['(\\d{1,3}\\.){3}\\d{1,3}'],
  ['(?:https?://)?yip\\.su/\\w+'],
  ['(ab|cd){2,5}'],
  ['[\\p{Script=Han}]{5,}'],
])('accepted: /%s/', (src) => {
  expect(compileSafeRegex(src).ok).toBe(true);
});

test.each([
  ['(a+)+$', /nested quantifier/],
  ['(\\w+\\s?)*', /nested quantifier/],
  ['(a*)*b', /nested quantifier/],
  ['(a+){10}', /nested quantifier/],
  ['(a|ab)*c', /overlap/],
  ['(\\w|\\d)+', /overlap/],
  ['(a|)*', /can match nothing|empty alternative/],
  ['\\s*\\s*x', /quadratic/],
  ['.*.*=', /quadratic/],
  ['\\w+\\d+', /quadratic/],
  ['(x)\\1', /backreferences/],
  ['(?<n>x)\\k<n>', /backreferences/],
  ['(?=x)y', /lookarounds/],
  ['x{2000}', /above 1000/],
  ['(', /invalid|unbalanced/],
  ['', /empty/],
  ['a'.repeat(501), /longer than/],
])('refused: /%s/', (src, why) => {
  const r = compileSafeRegex(src);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(why);
});

test('flags other than i, m, s, u are refused', () => {
  expect(compileSafeRegex('x', 'g').ok).toBe(false);
  expect(compileSafeRegex('x', 'y').ok).toBe(false);
  expect(compileSafeRegex('x', 'im').ok).toBe(true);
});

test('input is cut to MAX_INPUT characters', () => {
  const r = compileSafeRegex('END$');
  if (!r.ok) throw new Error(r.error);
  expect(safeTest(r.regex, 'x'.repeat(MAX_INPUT - 3) + 'END')).toBe(true);
  expect(safeTest(r.regex, 'x'.repeat(MAX_INPUT) + 'END')).toBe(false);
});

import { expect, test } from 'vitest';
import { accountAge } from '../../../../src/core/heuristics/account-age';
import { post } from '../helpers';
import { fire } from './run';

test.each([
  ['spam: 20 minutes old', 0.33, 'spam', /created 20 minutes before/],
  ['spam: 5 hours old', 5, 'spam', /5 hours/],
  ['spam: sleeper created yesterday', 30, 'spam', /30 hours/],
  ['legit: 3 days old', 72, 'legit', null],
  ['legit: a year old', 8760, 'legit', null],
  ['legit: age unknown', null, 'legit', null],
])('%s', (_name, ageHours, kind, text) => {
  const r = fire(accountAge, post(), { ageHours });
  if (kind === 'legit') expect(r).toBeNull();
  else {
    expect(r?.code).toBe('account.fresh');
    expect(r?.text).toMatch(text!);
  }
});

test('the first hour weighs most', () => {
  expect(fire(accountAge, post(), { ageHours: 0.5 })!.weight).toBeGreaterThan(
    fire(accountAge, post(), { ageHours: 30 })!.weight,
  );
});

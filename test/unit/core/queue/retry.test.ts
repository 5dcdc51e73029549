import { describe, expect, test } from 'vitest';
import { backoffMs, DEFAULT_RETRY, transition, type Outcome } from '../../../../src/core/queue/retry';

const T = 1_800_000_000_000;

describe('backoff with jitter', () => {
  test.each([
    [1, 0, 500],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [4, 0.5, 6000],
    [20, 0, 150_000],
    [20, 1, 300_000],
  ])('attempt %i, random %f: %i ms', (attempt, random, ms) => {
    expect(backoffMs(attempt, random)).toBe(Math.round(ms));
  });

  test('never shorter than half the step, never longer than the cap', () => {
    for (let a = 1; a < 30; a++)
      for (const r of [0, 0.3, 0.99]) {
        const ms = backoffMs(a, r);
        expect(ms).toBeGreaterThanOrEqual(Math.min(DEFAULT_RETRY.capMs, 1000 * 2 ** (a - 1)) / 2);
        expect(ms).toBeLessThanOrEqual(DEFAULT_RETRY.capMs);
      }
  });
});

describe('what an outcome does to the action', () => {
  const cases: [string, Outcome, number, ReturnType<typeof transition>['state']][] = [
    ['done', { kind: 'ok', status: 200, detail: 'blocked' }, 0, 'done'],
    ['already so counts as done', { kind: 'ok', status: 400, detail: 'ALREADY_BLOCKING', already: true }, 0, 'done'],
    ['account gone: fail this one', { kind: 'permanent', status: 404, message: 'gone' }, 0, 'failed'],
    ['a 5xx: try again later', { kind: 'transient', status: 503, message: 'down' }, 0, 'pending'],
    ['a 5xx too often: give up', { kind: 'transient', status: 503, message: 'down' }, 7, 'failed'],
    [
      'a 429: wait, no attempt used',
      { kind: 'rateLimited', status: 429, message: 'slow', until: T + 60_000 },
      7,
      'pending',
    ],
    ['the login was refused: pause', { kind: 'auth', status: 401, message: 'revoked' }, 0, 'pause-lane'],
  ];
  test.each(cases)('%s', (_what, o, attempts, state) => {
    expect(transition(o, attempts, T, 0.5).state).toBe(state);
  });

  test('a 429 waits exactly as long as the server said', () => {
    const t = transition({ kind: 'rateLimited', status: 429, message: 'x', until: T + 3_600_000 }, 0, T, 0.5);
    expect(t).toMatchObject({ state: 'pending', notBefore: T + 3_600_000, countsAsAttempt: false });
  });

  test('the server reason is kept for a permanent failure', () => {
    const t = transition(
      { kind: 'permanent', status: 422, message: 'Validation failed: Target account cannot be yourself' },
      0,
      T,
      0,
    );
    expect(t).toEqual({ state: 'failed', detail: 'Validation failed: Target account cannot be yourself' });
  });
});

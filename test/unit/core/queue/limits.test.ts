import { describe, expect, test } from 'vitest';
import {
  newBucket,
  noteHeaders,
  noteProbePassed,
  noteRateLimited,
  noteSent,
  PROBE_AFTER_MS,
  readyAt,
  RESET_MARGIN_MS,
  withDocumentedSpec,
  type BucketState,
  type LimitSpec,
} from '../../../../src/core/queue/limits';

const T = 1_800_000_000_000;
const HOUR = 3_600_000;
const MASTODON_API: LimitSpec = { max: 300, windowMs: 5 * 60_000 };
const MISSKEY_BLOCK: LimitSpec = { max: 20, windowMs: HOUR };

function sent(b: BucketState, times: number[]): BucketState {
  return times.reduce((x, t) => noteSent(x, t), b);
}
const every = (n: number, from: number, step = 10) => Array.from({ length: n }, (_, i) => from + i * step);

describe('documented limits: a sliding log of our own requests', () => {
  test.each([
    // [what, spec, requests sent before, now, expected ready at]
    ['empty bucket', MISSKEY_BLOCK, [], T, T],
    ['19 of 20 used', MISSKEY_BLOCK, every(19, T - 1000), T, T],
    ['20 of 20 used: the oldest must leave the window', MISSKEY_BLOCK, every(20, T - 1000), T, T - 1000 + HOUR + 1],
    ['20 used long ago', MISSKEY_BLOCK, every(20, T - 2 * HOUR), T, T],
    ['300 per 5 min, 300 used', MASTODON_API, every(300, T - 60_000, 100), T, T - 60_000 + 5 * 60_000 + 1],
    ['minimum interval', { max: 300, windowMs: HOUR, minIntervalMs: 1000 }, [T - 200], T, T + 800],
  ] as const)('%s', (_what, spec, before, now, expected) => {
    const b = sent(newBucket('k', spec, T), [...before]);
    expect(readyAt(b, now, { allowProbe: false }).at).toBe(expected);
  });

  test('no limit: always ready', () => {
    expect(readyAt(sent(newBucket('k', null, T), every(1000, T - 1000, 1)), T).at).toBe(T);
  });
});

describe("the server's word wins", () => {
  test.each([
    // [what, remaining, our requests since that answer, expected]
    ['remaining left', 5, 0, T],
    ['remaining used up by requests sent since', 2, 2, T + 60_000 + RESET_MARGIN_MS],
    ['none remaining', 0, 0, T + 60_000 + RESET_MARGIN_MS],
  ] as const)('headers: %s', (_what, remaining, since, expected) => {
    let b = sent(newBucket('k', MASTODON_API, T), [T - 500]);
    b = noteHeaders(b, { limit: 300, remaining, resetAt: T + 60_000, sentAt: T - 500 }, T - 400);
    b = sent(b, every(since, T - 300));
    expect(readyAt(b, T).at).toBe(expected);
  });

  test('headers say plenty remain although the documented limit would say wait (a scaled test server)', () => {
    let b = sent(newBucket('k', MASTODON_API, T), every(300, T - 2000, 5));
    b = noteHeaders(b, { limit: 300, remaining: 0, resetAt: T - 10, sentAt: T - 5 }, T - 4);
    // The server's window ended 10 ms ago: a new one began with 300 again.
    expect(readyAt(b, T).at).toBe(T);
  });

  test('an older answer arriving late does not overwrite a newer one', () => {
    let b = newBucket('k', MASTODON_API, T);
    b = noteHeaders(b, { limit: 300, remaining: 10, resetAt: T + 1000, sentAt: T }, T + 5);
    b = noteHeaders(b, { limit: 300, remaining: 50, resetAt: T + 1000, sentAt: T - 100 }, T + 6);
    expect(b.server?.remaining).toBe(10);
  });

  test('a 429 holds the bucket exactly until the time the server gave', () => {
    let b = sent(newBucket('k', null, T), [T]);
    b = noteRateLimited(b, { until: T + 3_600_000 }, T, T + 5);
    expect(readyAt(b, T + 10).at).toBe(T + 3_600_000 + RESET_MARGIN_MS);
    expect(readyAt(b, T + 3_700_000).at).toBe(T + 3_700_000);
  });

  test("Misskey's info teaches the allowance and the real window", () => {
    // A compressed server: 20 per 36 s, while the documentation (factor 1) says 20 per hour.
    const calls = every(20, T, 5);
    let b = sent(newBucket('k', MISSKEY_BLOCK, T), calls);
    const probe = readyAt(b, T + 200);
    expect(probe).toEqual({ at: T + 200, probe: true });
    b = noteSent(b, T + 200, true);
    // The server logs the refused call too; reset = the oldest of the last 20 calls + window.
    const resetAt = calls[1]! + 36_000;
    b = noteRateLimited(b, { until: resetAt, total: 20, resetAt }, T + 200, T + 205);
    expect(b.source).toBe('server');
    expect(b.spec).toEqual({ max: 20, windowMs: 36_000 });
    expect(readyAt(b, T + 300).at).toBe(resetAt + RESET_MARGIN_MS);
    // Taught, it plans by the real window and probes no more.
    b = sent(b, every(19, resetAt + RESET_MARGIN_MS, 5));
    const r = readyAt(b, resetAt + 1000);
    expect(r.probe).toBe(false);
    // 19 in the last 36 s: one more fits now; the 20th fills the window until the first of them leaves.
    expect(r.at).toBe(resetAt + 1000);
    b = noteSent(b, resetAt + 1000);
    expect(readyAt(b, resetAt + 1001).at).toBe(resetAt + RESET_MARGIN_MS + 36_000 + 1);
  });
});

describe('probes of documented limits', () => {
  test('a long wait by the documentation is checked once', () => {
    const b = sent(newBucket('k', MISSKEY_BLOCK, T), every(20, T, 1));
    expect(readyAt(b, T + 100)).toEqual({ at: T + 100, probe: true });
    const probed = noteSent(b, T + 100, true);
    expect(readyAt(probed, T + 200).probe).toBe(false);
  });

  test('a short wait is not probed', () => {
    const b = sent(newBucket('k', { max: 2, windowMs: PROBE_AFTER_MS - 100 }, T), [T, T + 1]);
    expect(readyAt(b, T + 2).probe).toBe(false);
  });

  test('a probe that passes makes the bucket optimistic until the server says stop', () => {
    let b = noteSent(sent(newBucket('k', MISSKEY_BLOCK, T), every(20, T, 1)), T + 100, true);
    b = noteProbePassed(b, T + 110);
    expect(b.source).toBe('optimistic');
    expect(readyAt(b, T + 120)).toEqual({ at: T + 120, probe: false });
    b = noteRateLimited(
      sent(b, every(79, T + 120, 1)),
      { until: T + HOUR, total: 100, resetAt: T + HOUR },
      T + 200,
      T + 201,
    );
    expect(b.source).toBe('server');
    expect(b.spec?.max).toBe(100);
  });

  test('a new rateLimitFactor replaces a documented spec but not what the server taught', () => {
    const doc = newBucket('k', MISSKEY_BLOCK, T);
    expect(withDocumentedSpec(doc, { max: 40, windowMs: HOUR / 2 }).spec).toEqual({ max: 40, windowMs: HOUR / 2 });
    const taught = { ...doc, source: 'server' as const, spec: { max: 20, windowMs: 36_000 } };
    expect(withDocumentedSpec(taught, { max: 40, windowMs: HOUR / 2 })).toBe(taught);
  });
});

test("an answer's time replaces its send time in the log; headers it carried still count from it", async () => {
  const { noteAnswered } = await import('../../../../src/core/queue/limits');
  let b = noteSent(newBucket('k', MASTODON_API, T), T);
  b = noteHeaders(b, { limit: 300, remaining: 1, resetAt: T + 60_000, sentAt: T }, T + 30);
  b = noteAnswered(b, T, T + 30);
  expect(b.log).toEqual([T + 30]);
  // One remains: the next request may go at once.
  expect(readyAt(b, T + 31).at).toBe(T + 31);
  b = noteSent(b, T + 31);
  expect(readyAt(b, T + 32).at).toBe(T + 60_000 + RESET_MARGIN_MS);
});

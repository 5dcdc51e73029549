import { describe, expect, test } from 'vitest';
import {
  batchProgress,
  formatDuration,
  type BatchFacts,
  type Expectation,
  type ItemFacts,
} from '../../../../src/core/queue/progress';

const T = 1_800_000_000_000;
const b = (over: Partial<BatchFacts> = {}): BatchFacts => ({
  id: 'b1',
  instance: 'm.test',
  kind: 'block',
  state: 'active',
  createdAt: T,
  undoOf: null,
  undoneBy: null,
  ...over,
});
const e = (over: Partial<Expectation> = {}): Expectation => ({
  now: T,
  inFlight: false,
  nextAt: T,
  finishAt: T + 1000,
  behindOther: false,
  undoSupported: true,
  ...over,
});
const it = (state: ItemFacts['state'], over: Partial<ItemFacts> = {}): ItemFacts => ({
  state,
  acct: 'x@y',
  message: null,
  started: state !== 'pending',
  already: false,
  ...over,
});

describe('batch state', () => {
  test.each([
    ['queued behind another batch', b(), [it('pending')], e({ behindOther: true }), 'queued'],
    ['running', b(), [it('done'), it('pending')], e(), 'running'],
    ['a request in flight', b(), [it('running')], e({ inFlight: true }), 'running'],
    ['waiting for a rate limit', b(), [it('done'), it('pending')], e({ nextAt: T + 60_000 }), 'waiting'],
    ['paused', b({ state: 'paused' }), [it('pending')], e(), 'paused'],
    ['cancelled', b({ state: 'cancelled' }), [it('done'), it('cancelled')], e(), 'cancelled'],
    ['done with a failure', b(), [it('done'), it('failed', { message: 'gone' })], e({ nextAt: null }), 'done'],
  ] as const)('%s', (_what, batch, items, exp, state) => {
    expect(batchProgress(batch, items, exp).state).toBe(state);
  });

  test('counts, failures with the server reason, ETA', () => {
    const p = batchProgress(
      b(),
      [
        it('done'),
        it('failed', { acct: 'gone@x', message: 'NO_SUCH_USER: No such user.' }),
        it('pending'),
        it('pending'),
      ],
      e({ finishAt: T + 90_000, nextAt: T + 30_000 }),
    );
    expect(p).toMatchObject({
      total: 4,
      done: 1,
      failed: 1,
      remaining: 2,
      etaMs: 90_000,
      waitUntil: T + 30_000,
      state: 'waiting',
    });
    expect(p.failures).toEqual([{ acct: 'gone@x', message: 'NO_SUCH_USER: No such user.' }]);
  });

  test.each([
    ['a finished block batch', b(), [it('done')], true],
    ['already undone', b({ undoneBy: 'b2' }), [it('done')], false],
    ['an undo batch itself', b({ undoOf: 'b0' }), [it('done')], false],
    ['nothing done by us (all were already blocked)', b(), [it('done', { already: true })], false],
    ['still running', b(), [it('done'), it('pending')], false],
  ] as const)('undoable: %s', (_what, batch, items, undoable) => {
    expect(batchProgress(batch, items, e({ nextAt: null })).undoable).toBe(undoable);
  });
});

test.each([
  [30_000, 'under a minute'],
  [3 * 60_000, 'about 3 min'],
  [160 * 60_000, 'about 2 h 40 min'],
  [120 * 60_000, 'about 2 h'],
])('formatDuration(%i) = %s', (ms, s) => expect(formatDuration(ms)).toBe(s));

import { describe, expect, test } from 'vitest';
import { newBucket, noteSent, type BucketState, type LimitSpec } from '../../../../src/core/queue/limits';
import { decide, minimumTime, simulate, type QueueItem } from '../../../../src/core/queue/scheduler';

const T = 1_800_000_000_000;
const HOUR = 3_600_000;

function item(id: string, over: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    batchId: 'b1',
    lane: 'm.test|page',
    state: 'pending',
    notBefore: 0,
    order: Number(id.replace(/\D/g, '')) || 0,
    buckets: ['api'],
    ...over,
  };
}

function buckets(entries: [string, LimitSpec | null, number[]][]): Map<string, BucketState> {
  return new Map(entries.map(([k, spec, log]) => [k, log.reduce((b, t) => noteSent(b, t), newBucket(k, spec, T))]));
}

describe('what runs next', () => {
  test.each([
    {
      what: 'oldest first, one request per lane',
      items: [item('a2'), item('a1'), item('a3')],
      b: buckets([['api', { max: 300, windowMs: 300_000 }, []]]),
      run: ['a1'],
      wakeAt: null,
    },
    {
      what: 'a lane with a request in flight sends nothing',
      items: [item('a1', { state: 'running' }), item('a2')],
      b: buckets([['api', { max: 300, windowMs: 300_000 }, []]]),
      run: [],
      wakeAt: null,
    },
    {
      what: 'lanes run in parallel',
      items: [item('a1'), item('b1', { lane: 'k.test|page', buckets: [] })],
      b: buckets([['api', { max: 300, windowMs: 300_000 }, []]]),
      run: ['a1', 'b1'],
      wakeAt: null,
    },
    {
      what: 'backoff: not before notBefore',
      items: [item('a1', { notBefore: T + 5000 })],
      b: buckets([['api', null, []]]),
      run: [],
      wakeAt: T + 5000,
    },
    {
      what: 'a full bucket holds its actions back; a later one with room goes (no head-of-line blocking)',
      items: [item('a1', { buckets: ['ep:blocking/create'] }), item('a2', { buckets: [] })],
      b: buckets([['ep:blocking/create', { max: 2, windowMs: 1000 }, [T - 100, T - 50]]]),
      run: ['a2'],
      wakeAt: T - 100 + 1000 + 1,
    },
    {
      what: 'everything waits: wake when the first bucket frees',
      items: [item('a1', { buckets: ['ep:blocking/create'] })],
      b: buckets([['ep:blocking/create', { max: 2, windowMs: 1000 }, [T - 100, T - 50]]]),
      run: [],
      wakeAt: T - 100 + 1000 + 1,
    },
    {
      what: 'a report needs both the token limit and the daily report allowance',
      items: [item('a1', { buckets: ['api', 'reports'] }), item('a2', { buckets: ['api'] })],
      b: buckets([
        ['api', { max: 300, windowMs: 300_000 }, []],
        ['reports', { max: 1, windowMs: 1500 }, [T - 1000]],
      ]),
      run: ['a2'],
      wakeAt: T - 1000 + 1500 + 1,
    },
  ])('$what', ({ items, b, run, wakeAt }) => {
    const d = decide(items, b, T);
    expect(d.run.map((r) => r.item.id)).toEqual(run);
    expect(d.wakeAt).toBe(wakeAt);
  });

  test('busy lanes (a lookup in flight) are skipped', () => {
    const d = decide([item('a1')], buckets([['api', null, []]]), T, new Set(['m.test|page']));
    expect(d.run).toEqual([]);
  });

  test('a documented limit that says wait long is probed by one request, not by every pending action', () => {
    const b = buckets([['ep', { max: 2, windowMs: HOUR }, [T - 10, T - 5]]]);
    const d = decide([item('a1', { buckets: ['ep'] }), item('a2', { buckets: ['ep'], lane: 'other' })], b, T);
    expect(d.run.map((r) => [r.item.id, r.probes])).toEqual([['a1', ['ep']]]);
  });
});

describe('pace: as fast as the limits allow', () => {
  test.each([
    // [what, spec, requests, expected minimum ms]
    ['Misskey blocks, 60 at 20 an hour', { max: 20, windowMs: HOUR }, 60, 2 * HOUR + 2],
    ['Misskey blocks, 20 at 20 an hour', { max: 20, windowMs: HOUR }, 20, 0],
    ['Mastodon, 600 at 300 per 5 min', { max: 300, windowMs: 300_000 }, 600, 300_001],
    ['notes/delete: 1 s apart', { max: 300, windowMs: HOUR, minIntervalMs: 1000 }, 10, 9000],
  ] as const)('%s', (_what, spec, n, ms) => {
    expect(minimumTime([newBucket('k', spec, T)], n, T)).toBe(ms);
  });

  test('simulate: queued work of a lane delays a later batch; another lane does not', () => {
    const b = buckets([['ep', { max: 20, windowMs: HOUR }, []]]);
    const items = [
      ...Array.from({ length: 40 }, (_, i) => item(`a${i}`, { buckets: ['ep'] })),
      item('z1', { lane: 'k.test|page', buckets: [], order: 100 }),
    ];
    const sim = simulate(items, b, T, () => 10);
    expect(sim.get('a19')).toBe(T + 190);
    expect(sim.get('a20')).toBe(T + HOUR + 1);
    expect(sim.get('z1')).toBe(T);
  });

  test('a restart keeps the pace: the stored log still counts', () => {
    // 15 blocks sent 10 minutes ago, before the browser restarted.
    const b = buckets([['ep', { max: 20, windowMs: HOUR }, Array.from({ length: 15 }, (_, i) => T - 600_000 + i)]]);
    const items = Array.from({ length: 10 }, (_, i) => item(`a${i}`, { buckets: ['ep'] }));
    const sim = simulate(items, b, T);
    expect([...sim.values()].filter((t) => t === T)).toHaveLength(5);
    expect(sim.get('a5')).toBe(T - 600_000 + HOUR + 1);
  });
});

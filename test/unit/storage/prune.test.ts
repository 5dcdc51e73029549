import { describe, expect, test } from 'vitest';
import { emptyBatch, storeBatch } from '../../../src/storage/batch';
import { prune } from '../../../src/storage/prune';
import { DEFAULT_SETTINGS } from '../../../src/storage/settings';
import { post, useFreshDb, verdict } from './helpers';

const freshDb = useFreshDb();
const DAY = 86_400_000;
const T = 1_732_400_000_000;
const RET = { retentionDays: 3, waveRetentionDays: 30 };

async function seePosts(d: ReturnType<typeof freshDb>, n: number, at: number, prefix = 'p') {
  const b = emptyBatch();
  for (let i = 0; i < n; i++) {
    const p = post(`${prefix}${i}`, `text ${i}`);
    b.seen.push({ post: p, verdict: verdict(p.key) });
  }
  await storeBatch(b, at, RET, d);
}

describe('pruning', () => {
  test('seen posts and authors expire after the retention setting; recent ones stay', async () => {
    const d = freshDb();
    await seePosts(d, 10, T, 'old');
    await seePosts(d, 5, T + 3 * DAY, 'new');
    const report = await prune(d, { now: T + 3.5 * DAY });
    expect(report.posts).toBe(10);
    expect(report.authors).toBe(10);
    expect((await d.posts.toArray()).every((p) => p.key.includes('new'))).toBe(true);
    expect(await d.authors.count()).toBe(5);
  });

  test('a lower retention setting applies to rows already stored', async () => {
    const d = freshDb();
    await seePosts(d, 4, T);
    await prune(d, { now: T + 1.5 * DAY, settings: { ...DEFAULT_SETTINGS, retentionDays: 1 } });
    expect(await d.posts.count()).toBe(0);
  });

  test('fingerprints and engine state expire by their expiresAt; 0 means never', async () => {
    const d = freshDb();
    await d.fingerprints.bulkPut([
      { kind: 'fingerprint', key: 'a', expiresAt: T - 1, data: 1 },
      { kind: 'fingerprint', key: 'b', expiresAt: T + 1, data: 1 },
    ]);
    await d.engineState.bulkPut([
      { kind: 'meta', key: 'm', expiresAt: 0, data: 1 },
      { kind: 'wave', key: 'w', expiresAt: T - 5, data: 1 },
    ]);
    await d.learned.bulkPut([
      { kind: 'learned', key: 'forever', expiresAt: 0, data: 1 },
      { kind: 'learned', key: 'stale', expiresAt: T - 5, data: 1 },
    ]);
    await prune(d, { now: T });
    expect((await d.fingerprints.toArray()).map((r) => r.key)).toEqual(['b']);
    expect((await d.engineState.toArray()).map((r) => r.key)).toEqual(['m']);
    expect((await d.learned.toArray()).map((r) => r.key)).toEqual(['forever']);
  });

  test('caps keep the newest rows', async () => {
    const d = freshDb();
    for (let i = 0; i < 5; i++) await seePosts(d, 4, T + i * 1000, `b${i}-`);
    await d.fingerprints.bulkPut(
      Array.from({ length: 30 }, (_, i) => ({
        kind: 'fingerprint' as const,
        key: `f${i}`,
        expiresAt: T + DAY + i,
        data: i,
      })),
    );
    const report = await prune(d, {
      now: T + 5000,
      settings: { ...DEFAULT_SETTINGS, maxPosts: 6, maxFingerprints: 10 },
    });
    expect(report.posts).toBe(14);
    const left = (await d.posts.orderBy('seenAt').toArray()).map((p) => p.key);
    expect(left).toHaveLength(6);
    expect(left.slice(-4).every((k) => k.includes('b4-'))).toBe(true);
    // Fingerprints closest to expiry go first.
    expect((await d.fingerprints.toArray()).map((r) => r.data).sort((a, b) => (a as number) - (b as number))).toEqual([
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
    ]);
  });

  test('works in small chunks and lets other writes through between them', async () => {
    const d = freshDb();
    await seePosts(d, 95, T);
    let yields = 0;
    const report = await prune(d, {
      now: T + 10 * DAY,
      chunk: 10,
      yieldFn: async () => {
        yields++;
        // Another writer gets the database between two chunks.
        await d.settings.put({ key: `during-${yields}`, value: yields });
      },
    });
    expect(report.posts).toBe(95);
    expect(yields).toBeGreaterThanOrEqual(9 + 9); // posts and authors, 10 per chunk
    expect(await d.settings.where('key').startsWith('during-').count()).toBe(yields);
  });

  test('stops when aborted', async () => {
    const d = freshDb();
    await seePosts(d, 50, T);
    const ctrl = new AbortController();
    await prune(d, { now: T + 10 * DAY, chunk: 10, signal: ctrl.signal, yieldFn: async () => ctrl.abort() });
    expect(await d.posts.count()).toBe(40);
  });

  test('old audit entries go after their own (longer) retention', async () => {
    const d = freshDb();
    const entry = {
      instance: 'a.test',
      actor: null,
      kind: 'block',
      target: 't',
      result: 'ok' as const,
      detail: '',
      response: null,
      batchId: null,
      actionId: null,
    };
    await d.audit.bulkAdd([
      { ...entry, id: 'old', at: T - 400 * DAY },
      { ...entry, id: 'recent', at: T - 10 * DAY },
    ]);
    await prune(d, { now: T });
    expect((await d.audit.toArray()).map((a) => a.id)).toEqual(['recent']);
  });
});

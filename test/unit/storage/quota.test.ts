import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { emptyBatch, storeBatch } from '../../../src/storage/batch';
import { isQuotaError } from '../../../src/storage/quota';
import { post, useFreshDb, verdict } from './helpers';
import { simulateQuota } from './quota-sim';

const freshDb = useFreshDb();
const T = 1_732_400_000_000;
const RET = { retentionDays: 3, waveRetentionDays: 30 };
const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('isQuotaError recognises every form', () => {
  test.each([
    ['the DOMException', quota(), true],
    ["Dexie's QuotaExceededError", new Dexie.QuotaExceededError('full'), true],
    ['an AbortError wrapping it', new Dexie.AbortError('Transaction aborted', quota()), true],
    ['a BulkError holding it', new Dexie.BulkError('bulkPut failed', { 3: quota() }), true],
    ["Firefox's name", Object.assign(new Error('x'), { name: 'NS_ERROR_DOM_QUOTA_REACHED' }), true],
    ['the legacy code 22', new DOMException('x', 'QuotaExceededError'), true],
    ['an error caused by it', new Error('write failed', { cause: quota() }), true],
    ['a constraint error', new Dexie.ConstraintError('dup'), false],
    ['an abort without quota', new Dexie.AbortError('Transaction aborted'), false],
    ['a plain error', new Error('quota'), false],
    ['nothing', null, false],
    ['a string', 'QuotaExceededError', false],
  ])('%s', (_name, err, expected) => {
    expect(isQuotaError(err)).toBe(expected);
  });

  test('a cycle of wrapped errors ends', () => {
    const a: { name: string; inner?: unknown } = { name: 'AbortError' };
    a.inner = a;
    expect(isQuotaError(a)).toBe(false);
  });
});

describe('a write refused for quota', () => {
  test('surfaces as a quota error and loses nothing already stored', async () => {
    const d = freshDb();
    const sim = simulateQuota(d, ['fingerprints']);
    const before = post('1', 'kept');
    await storeBatch({ ...emptyBatch(), seen: [{ post: before, verdict: verdict(before.key) }] }, T, RET, d);
    await d.fingerprints.put({ kind: 'fingerprint', key: 'f0', expiresAt: 0, data: 1 });
    const snapshot = {
      posts: await d.posts.toArray(),
      authors: await d.authors.toArray(),
      fps: await d.fingerprints.toArray(),
    };

    sim.full = true;
    const b = emptyBatch();
    b.seen = [
      { post: post('2', 'new'), verdict: verdict('mastodon-a.test/2') },
      { post: before, verdict: verdict(before.key, 'spam', 'w') },
    ];
    b.records = [{ kind: 'fingerprint', key: 'f1', expiresAt: 0, data: 2 }];
    b.waves = [
      {
        id: 'w',
        size: 2,
        accounts: 2,
        firstSeen: T,
        lastSeen: T,
        samplePostKey: before.key,
        sampleText: '',
        shared: [],
        instances: [],
      },
    ];
    const err = await storeBatch(b, T + 1, RET, d).catch((e: unknown) => e);
    expect(isQuotaError(err)).toBe(true);
    // One transaction: the posts, authors and waves of the failed batch were not half written.
    expect(await d.posts.toArray()).toEqual(snapshot.posts);
    expect(await d.authors.toArray()).toEqual(snapshot.authors);
    expect(await d.fingerprints.toArray()).toEqual(snapshot.fps);
    expect(await d.waves.count()).toBe(0);

    sim.full = false;
    await storeBatch(b, T + 2, RET, d);
    expect(await d.posts.count()).toBe(2);
    expect(await d.fingerprints.count()).toBe(2);
  });
});

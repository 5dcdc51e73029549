import { describe, expect, test } from 'vitest';
import type { EngineRecord } from '../../../src/core/engine-api';
import type { WaveSummary } from '../../../src/core/model';
import {
  actionsOfBatch,
  actionsOfInstance,
  dueActions,
  enqueueActions,
  updateAction,
} from '../../../src/storage/actions';
import { appendAudit, auditOfInstance } from '../../../src/storage/audit';
import { emptyBatch, storeBatch } from '../../../src/storage/batch';
import { loadEngineRecords, saveEngineRecords } from '../../../src/storage/engine-records';
import { instanceOfOrigin, instanceView, saveInstance, setLogin } from '../../../src/storage/instances';
import { countFlagged, POST_TEXT_CAP, postsOfInstance, postsOfWave, recentPosts } from '../../../src/storage/posts';
import { addRuleHits, listRules, putRule, replaceSubscriptionRules } from '../../../src/storage/rules';
import { DEFAULT_SETTINGS, getSetting, getSettings, setSetting } from '../../../src/storage/settings';
import { subscribe, unsubscribe } from '../../../src/storage/subscriptions';
import { recentWaves, wavesOfInstance } from '../../../src/storage/waves';
import { post, useFreshDb, verdict } from './helpers';

const freshDb = useFreshDb();
const T = 1_732_400_000_000;
const HOUR = 3_600_000;
const RET = { retentionDays: 3, waveRetentionDays: 30 };

const identity = {
  domain: 'mastodon-a.test',
  origin: 'http://mastodon-a.test',
  platform: 'mastodon' as const,
  software: 'mastodon',
  version: '4.3.2',
};

function wave(id: string, lastSeen: number, instances = ['mastodon-a.test']): WaveSummary {
  return {
    id,
    size: 5,
    accounts: 5,
    firstSeen: lastSeen - HOUR,
    lastSeen,
    samplePostKey: 'mastodon-a.test/1',
    sampleText: 'spam',
    shared: [],
    instances,
  };
}

describe('instances', () => {
  test('an instance added again keeps its login and settings', async () => {
    const d = freshDb();
    await saveInstance(identity, T, d);
    await setLogin(
      'mastodon-a.test',
      { kind: 'oauth', account: 'mod', accountId: '7', checkedAt: T },
      'moderator',
      ['report'],
      d,
    );
    const again = await saveInstance({ ...identity, version: '4.4.0' }, T + 1000, d);
    expect(again).toMatchObject({ version: '4.4.0', addedAt: T, role: 'moderator', capabilities: ['report'] });
    expect(again.login.account).toBe('mod');
  });

  test('an origin matches only its own instance (scheme included)', async () => {
    const d = freshDb();
    await saveInstance(identity, T, d);
    expect((await instanceOfOrigin('http://mastodon-a.test', d))?.domain).toBe('mastodon-a.test');
    expect(await instanceOfOrigin('https://mastodon-a.test', d)).toBeNull();
    expect(await instanceOfOrigin('http://evil.test', d)).toBeNull();
    expect(await instanceOfOrigin('not a url', d)).toBeNull();
  });

  test('the view sent to pages holds only the listed fields', async () => {
    const d = freshDb();
    const row = await saveInstance(identity, T, d);
    const view = instanceView({ ...row, secret: 'x' } as typeof row);
    expect(Object.keys(view).sort()).toEqual(
      ['capabilities', 'domain', 'login', 'origin', 'platform', 'role', 'settings', 'software', 'version'].sort(),
    );
    expect(JSON.stringify(view)).not.toContain('secret');
  });
});

describe('settings', () => {
  test('defaults, stored values, and a stored value of the wrong type falling back', async () => {
    const d = freshDb();
    expect(await getSettings(d)).toEqual(DEFAULT_SETTINGS);
    await setSetting('retentionDays', 5, d);
    await d.settings.put({ key: 'maxPosts', value: 'lots' });
    const s = await getSettings(d);
    expect(s.retentionDays).toBe(5);
    expect(s.maxPosts).toBe(DEFAULT_SETTINGS.maxPosts);
    expect(await getSetting('maxPosts', d)).toBe(DEFAULT_SETTINGS.maxPosts);
    await expect(setSetting('retentionDays', -1, d)).rejects.toThrow(/not a valid value/);
  });
});

describe('rules and subscriptions', () => {
  test('hits are counted; a list update keeps the user switch and counts', async () => {
    const d = freshDb();
    await putRule({ id: 'r1', rule: { keyword: 'crypto' } }, T, d);
    await addRuleHits(new Map([['r1', 3]]), T + 5, d);
    expect((await listRules(d))[0]).toMatchObject({ hits: 3, lastHitAt: T + 5, source: 'local', enabled: true });

    await subscribe({ id: 's1', url: 'https://lists.example/a.json', name: 'A' }, T, d);
    await replaceSubscriptionRules(
      's1',
      [
        { id: 's1:1', rule: { k: 1 }, note: '' },
        { id: 's1:2', rule: { k: 2 }, note: '' },
      ],
      T,
      d,
    );
    await d.rules.update('s1:1', { enabled: false, hits: 9 });
    await replaceSubscriptionRules('s1', [{ id: 's1:1', rule: { k: 10 }, note: 'changed' }], T + 1, d);
    const rows = await d.rules.where('source').equals('s1').toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 's1:1', enabled: false, hits: 9, rule: { k: 10 }, note: 'changed' });

    await unsubscribe('s1', d);
    expect(await d.rules.count()).toBe(1);
    expect(await d.subscriptions.count()).toBe(0);
  });

  test('two subscriptions to one URL are refused by the unique index', async () => {
    const d = freshDb();
    await subscribe({ id: 's1', url: 'https://lists.example/a.json', name: 'A' }, T, d);
    await expect(subscribe({ id: 's2', url: 'https://lists.example/a.json', name: 'B' }, T, d)).rejects.toThrow();
  });
});

describe('posts, authors and waves (one batch of verdicts)', () => {
  test('stores seen posts with verdicts, counts authors once, and updates verdicts later', async () => {
    const d = freshDb();
    const p1 = post('1', 'hello '.repeat(200));
    const p2 = post('2', 'buy now', { author: p1.author });
    const b = emptyBatch();
    b.seen = [
      { post: p1, verdict: verdict(p1.key) },
      { post: p2, verdict: verdict(p2.key) },
    ];
    await storeBatch(b, T, RET, d);
    // Seen again (scrolling back, another tab): no double count.
    await storeBatch({ ...emptyBatch(), seen: [{ post: p1, verdict: verdict(p1.key) }] }, T + 1000, RET, d);
    const a = await d.authors.get(p1.author.key);
    expect(a).toMatchObject({ posts: 2, flagged: 0, firstSeenAt: T, instances: ['mastodon-a.test'] });
    const row = await d.posts.get(p1.key);
    expect(row!.text).toHaveLength(POST_TEXT_CAP);
    expect(row!.post).toBeNull(); // whole posts are kept for flagged posts only
    expect(row!.wave).toBeUndefined();

    // A wave forms: p2's verdict changes.
    await storeBatch(
      { ...emptyBatch(), updated: [{ verdict: verdict(p2.key, 'spam', 'w1'), post: p2 }], waves: [wave('w1', T)] },
      T + 2000,
      RET,
      d,
    );
    expect((await postsOfWave('w1', 10, d)).map((r) => r.key)).toEqual([p2.key]);
    expect((await d.posts.get(p2.key))!.post?.text).toBe('buy now');
    expect(await countFlagged(0, d)).toBe(1);
    // An update for a post never stored is dropped, not invented.
    await storeBatch(
      { ...emptyBatch(), updated: [{ verdict: verdict('x.test/9', 'spam', 'w1'), post: null }] },
      T,
      RET,
      d,
    );
    expect(await d.posts.get('x.test/9')).toBeUndefined();
  });

  test('flagged posts of a wave, posts of an instance and recent posts come newest first', async () => {
    const d = freshDb();
    for (let i = 0; i < 5; i++) {
      const p = post(String(i), `spam ${i}`, i % 2 ? { instance: 'misskey-b.test', platform: 'misskey' } : {});
      await storeBatch(
        { ...emptyBatch(), seen: [{ post: p, verdict: verdict(p.key, 'spam', i < 4 ? 'w1' : 'w2') }] },
        T + i,
        RET,
        d,
      );
    }
    expect((await postsOfWave('w1', 10, d)).map((r) => r.id)).toEqual(['3', '2', '1', '0']);
    expect((await postsOfWave('w1', 2, d)).map((r) => r.id)).toEqual(['3', '2']);
    expect((await postsOfInstance('misskey-b.test', 0, 10, d)).map((r) => r.id)).toEqual(['3', '1']);
    expect((await recentPosts(2, d)).map((r) => r.id)).toEqual(['4', '3']);
  });

  test('waves of the last day and of an instance', async () => {
    const d = freshDb();
    const now = T + 48 * HOUR;
    const b = emptyBatch();
    b.waves = [wave('old', T), wave('new', now - HOUR, ['mastodon-a.test', 'misskey-b.test']), wave('newer', now)];
    await storeBatch(b, now, RET, d);
    expect((await recentWaves(now, undefined, d)).map((w) => w.id)).toEqual(['newer', 'new']);
    expect((await wavesOfInstance('misskey-b.test', d)).map((w) => w.id)).toEqual(['new']);
  });

  test("fingerprints expire after the retention setting at the latest, whatever the engine's expiry", async () => {
    const d = freshDb();
    const b = emptyBatch();
    b.records = [
      { kind: 'fingerprint', key: 'never', expiresAt: 0, data: 1 },
      { kind: 'fingerprint', key: 'late', expiresAt: T * 2, data: 1 },
      { kind: 'fingerprint', key: 'soon', expiresAt: T + 5, data: 1 },
      { kind: 'learned', key: 'kept', expiresAt: 0, data: 1 },
    ];
    await storeBatch(b, T, RET, d);
    const limit = T + 3 * 24 * HOUR;
    expect((await d.fingerprints.get('never'))!.expiresAt).toBe(0); // e.g. known-spam fingerprints
    expect((await d.fingerprints.get('late'))!.expiresAt).toBe(limit);
    expect((await d.fingerprints.get('soon'))!.expiresAt).toBe(T + 5);
    expect((await d.learned.get('kept'))!.expiresAt).toBe(0);
  });
});

describe('engine records', () => {
  test('go to their table, come back all together, and a deleted record is forgotten', async () => {
    const d = freshDb();
    const recs: EngineRecord[] = [
      { kind: 'fingerprint', key: 'f1', expiresAt: 1, data: new Uint32Array([1, 2, 3]) },
      { kind: 'learned', key: 'l1', expiresAt: 0, data: { spam: true } },
      { kind: 'wave', key: 'w1', expiresAt: 1, data: { size: 3 } },
      { kind: 'author', key: 'a1', expiresAt: 1, data: {} },
      { kind: 'meta', key: 'm', expiresAt: 0, data: { v: 1 } },
      // Same key, different kinds: both kept.
      { kind: 'author', key: 'w1', expiresAt: 1, data: { other: true } },
    ];
    await saveEngineRecords(recs, d);
    expect(await d.fingerprints.count()).toBe(1);
    expect(await d.learned.count()).toBe(1);
    expect(await d.engineState.count()).toBe(4);
    const loaded = await loadEngineRecords(d);
    expect(loaded).toHaveLength(6);
    expect(loaded.find((r) => r.key === 'f1')!.data).toEqual(new Uint32Array([1, 2, 3]));
    await saveEngineRecords([{ kind: 'wave', key: 'w1', expiresAt: 0, data: [], deleted: true } as EngineRecord], d);
    expect((await loadEngineRecords(d)).filter((r) => r.key === 'w1').map((r) => r.kind)).toEqual(['author']);
  });
});

describe('action queue rows and audit log', () => {
  test('pending actions by instance in order, by batch, due ones', async () => {
    const d = freshDb();
    const mk = (id: string, instance: string, batchId: string, notBefore = 0) => ({
      id,
      batchId,
      instance,
      kind: 'block',
      target: `${id}@x.test`,
      payload: null,
      dedupeKey: `${instance}|block|${id}`,
      notBefore,
    });
    await enqueueActions([mk('a1', 'mastodon-a.test', 'b1'), mk('a3', 'misskey-b.test', 'b1')], T, d);
    await enqueueActions([mk('a2', 'mastodon-a.test', 'b2', T + HOUR)], T + 1, d);
    expect((await actionsOfInstance('mastodon-a.test', 'pending', Infinity, d)).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect((await actionsOfBatch('b1', d)).map((a) => a.id).sort()).toEqual(['a1', 'a3']);
    expect((await dueActions(T + 10, 'pending', d)).map((a) => a.id).sort()).toEqual(['a1', 'a3']);
    await updateAction('a1', { state: 'done', doneAt: T + 5, result: { status: 200 } }, T + 5, d);
    expect((await actionsOfInstance('mastodon-a.test', 'pending', Infinity, d)).map((a) => a.id)).toEqual(['a2']);
    expect((await actionsOfInstance('mastodon-a.test', 'done', Infinity, d))[0]).toMatchObject({ updatedAt: T + 5 });
    // The same id twice is refused (bulkAdd), the queue never holds one action twice.
    await expect(enqueueActions([mk('a2', 'mastodon-a.test', 'b3')], T, d)).rejects.toThrow();
  });

  test('actions of an instance by time, newest first', async () => {
    const d = freshDb();
    for (const [i, inst] of ['mastodon-a.test', 'misskey-b.test', 'mastodon-a.test', 'mastodon-a.test'].entries()) {
      await appendAudit(
        {
          at: T + i,
          instance: inst,
          actor: 'mod',
          kind: 'block',
          target: `t${i}`,
          result: 'ok',
          detail: '',
          response: null,
          batchId: 'b',
          actionId: null,
        },
        d,
      );
    }
    expect((await auditOfInstance('mastodon-a.test', 0, undefined, 10, d)).map((a) => a.target)).toEqual([
      't3',
      't2',
      't0',
    ]);
    expect((await auditOfInstance('mastodon-a.test', T + 1, T + 2, 10, d)).map((a) => a.target)).toEqual(['t2']);
  });
});

import { describe, expect, test } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  buildBackup,
  exportBackup,
  importBackup,
  MAX_BACKUP_BYTES,
} from '../../../src/storage/backup';
import type { BreakwaterDB } from '../../../src/storage/db';
import { saveInstance, setInstanceSettings } from '../../../src/storage/instances';
import { putRule } from '../../../src/storage/rules';
import { setSetting } from '../../../src/storage/settings';
import { subscribe } from '../../../src/storage/subscriptions';
import { putToken } from '../../../src/storage/tokens';
import { post, useFreshDb } from './helpers';
import { simulateQuota } from './quota-sim';

const freshDb = useFreshDb();
const T = 1_732_400_000_000;
const TOKEN = 'secret-oauth-token-0123456789';
const identity = {
  domain: 'a.test',
  origin: 'http://a.test',
  platform: 'mastodon' as const,
  software: 'mastodon',
  version: '4',
};

async function fill(d: BreakwaterDB): Promise<void> {
  await saveInstance(identity, T, d);
  await setInstanceSettings('a.test', { paused: true, thresholds: { wave: 0.8 } }, d);
  await setSetting('retentionDays', 7, d);
  await d.settings.put({ key: 'ui.theme', value: { dark: true } });
  await putRule({ id: 'r1', rule: { keyword: 'crypto' }, note: 'mine' }, T, d);
  await subscribe({ id: 's1', url: 'https://lists.example/a.json', name: 'A' }, T, d);
  // The engine's own records stay out of backups (they are tied to this engine's state).
  await d.learned.put({ kind: 'learned', key: 'spam:1', expiresAt: 0, data: { sig: new Uint16Array([1, 2]) } });
  await d.decisions.put({
    postKey: 'a.test/1',
    kind: 'spam',
    at: T,
    instance: 'a.test',
    wave: 'w1',
    post: post('1', 'spam', { instance: 'a.test' }),
  });
  await d.audit.put({
    id: 'au1',
    at: T,
    instance: 'a.test',
    actor: 'mod',
    kind: 'block',
    target: 'x@y',
    result: 'ok',
    detail: '',
    response: { status: 200, body: new Uint16Array([1, 2, 65535]) },
    batchId: 'b',
    actionId: 'a',
  });
  await putToken({ instance: 'a.test', source: 'signin', token: TOKEN }, T, d);
  await d.fingerprints.put({ kind: 'fingerprint', key: 'f', expiresAt: 0, data: 1 });
}

/** Everything in the database, to compare before and after a refused import. */
async function dump(d: BreakwaterDB): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of d.tables) out[t.name] = await t.toArray();
  return out;
}

async function validFile(): Promise<
  Record<string, unknown> & { data: Record<string, unknown[]>; counts: Record<string, number> }
> {
  const src = freshDb();
  await fill(src);
  return JSON.parse(await exportBackup(src, T));
}

describe('export', () => {
  test('holds rules, subscriptions, decisions, audit log and settings, and no token', async () => {
    const d = freshDb();
    await fill(d);
    const text = await exportBackup(d, T);
    expect(text).not.toContain(TOKEN);
    const file = JSON.parse(text);
    expect(file).toMatchObject({
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schema: 2,
      exportedAt: new Date(T).toISOString(),
    });
    expect(file.counts).toEqual({
      settings: 2,
      rules: 1,
      subscriptions: 1,
      decisions: 1,
      audit: 1,
      instanceSettings: 1,
    });
    // Posts seen and fingerprints expire within days; the engine's records are its own.
    expect(Object.keys(file.data)).not.toContain('fingerprints');
    expect(Object.keys(file.data)).not.toContain('learned');
  });
});

describe('import', () => {
  test('round trip: a fresh profile gets back everything, typed arrays included', async () => {
    const src = freshDb();
    await fill(src);
    const text = await exportBackup(src, T);
    const dst = freshDb();
    await saveInstance(identity, T + 1, dst);
    const res = await importBackup(text, dst);
    expect(res).toMatchObject({ ok: true, skipped: [] });
    const a = await buildBackup(src, T);
    const b = await buildBackup(dst, T);
    expect(b.data).toEqual(a.data);
    expect((await dst.audit.get('au1'))!.response).toEqual({ status: 200, body: new Uint16Array([1, 2, 65535]) });
    expect(await dst.tokens.count()).toBe(0);
    expect(await dst.learned.count()).toBe(0);
    // The decision is handed back to be taught to this profile's engine.
    expect(res.ok && res.taught.map((t) => t.postKey)).toEqual(['a.test/1']);
  });

  test('merges: newer rows win, rows only here stay, the same import twice changes nothing', async () => {
    const file = await validFile();
    const d = freshDb();
    await putRule({ id: 'r1', rule: { keyword: 'newer' } }, T + 10, d); // newer here than in the file
    await putRule({ id: 'r-local', rule: { keyword: 'mine' } }, T, d);
    // The same decision made here later, and another one only in the file.
    await d.decisions.put({
      postKey: 'a.test/1',
      kind: 'not-spam',
      at: T + 10,
      instance: 'a.test',
      wave: null,
      post: null,
    });
    const other = {
      postKey: 'a.test/2',
      kind: 'spam' as const,
      at: T - 10,
      instance: 'a.test',
      wave: null,
      post: null,
    };
    file.data.decisions!.push(other);
    file.counts.decisions = 2;
    const res = await importBackup(JSON.stringify(file), d);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.counts.rules).toEqual({ added: 0, updated: 0, kept: 1 });
    expect(res.counts.decisions).toEqual({ added: 1, updated: 0, kept: 1 });
    expect(res.taught).toEqual([other]);
    expect((await d.decisions.get('a.test/1'))!.kind).toBe('not-spam');
    expect(res.skipped).toEqual(['settings of a.test (instance not added here)']);
    expect((await d.rules.get('r1'))!.rule).toEqual({ keyword: 'newer' });
    expect(await d.rules.get('r-local')).toBeDefined();
    const before = await dump(d);
    const again = await importBackup(JSON.stringify(file), d);
    expect(again.ok && again.counts.audit).toEqual({ added: 0, updated: 0, kept: 1 });
    expect(again.ok && again.taught).toEqual([]);
    expect(await dump(d)).toEqual(before);
  });

  test('a subscription to the same URL under another id keeps the stored id', async () => {
    const file = await validFile();
    const d = freshDb();
    await subscribe({ id: 'mine', url: 'https://lists.example/a.json', name: 'A' }, T - 10, d);
    await importBackup(JSON.stringify(file), d);
    expect((await d.subscriptions.toArray()).map((s) => s.id)).toEqual(['mine']);
  });
});

describe('refusals change nothing and say what is wrong', () => {
  const cases: [string, (f: Awaited<ReturnType<typeof validFile>>) => string, string, RegExp][] = [
    ['truncated', (f) => JSON.stringify(f).slice(0, 300), 'not-json', /cut short/],
    ['broken JSON', (f) => JSON.stringify(f).replace('"format"', 'format'), 'not-json', /not valid JSON/],
    ['empty', () => '', 'not-json', /cut short|not valid JSON/],
    ['an array', () => '[1,2]', 'foreign', /not a Breakwater backup/],
    [
      'another format',
      (f) => JSON.stringify({ ...f, format: 'mastodon-domain-blocks' }),
      'foreign',
      /"mastodon-domain-blocks"/,
    ],
    ['no format', (f) => JSON.stringify({ ...f, format: undefined }), 'foreign', /no "format" field/],
    [
      'a newer version',
      (f) => JSON.stringify({ ...f, version: 99 }),
      'newer-version',
      /newer Breakwater \(backup format 99\)/,
    ],
    [
      'a bad row',
      (f) => JSON.stringify({ ...f, data: { ...f.data, rules: [{ id: 5 }] } }),
      'invalid',
      /data\.rules\.0\.id/,
    ],
    [
      'a setting of the wrong type',
      (f) =>
        JSON.stringify({
          ...f,
          data: { ...f.data, settings: [{ key: 'retentionDays', value: 'x' }] },
          counts: { ...f.counts, settings: 1 },
        }),
      'invalid',
      /wrong type/,
    ],
    [
      'a missing part',
      (f) => JSON.stringify({ ...f, data: { ...f.data, audit: undefined } }),
      'invalid',
      /data\.audit/,
    ],
    [
      'counts that do not match',
      (f) => JSON.stringify({ ...f, counts: { ...f.counts, audit: 5 } }),
      'incomplete',
      /says it holds 5 audit but holds 1/,
    ],
    [
      'a key twice',
      (f) =>
        JSON.stringify({
          ...f,
          data: { ...f.data, rules: [f.data.rules![0], f.data.rules![0]] },
          counts: { ...f.counts, rules: 2 },
        }),
      'invalid',
      /rules holds "r1" twice/,
    ],
    [
      "a decision's post with a 100,000-character text",
      (f) =>
        JSON.stringify({
          ...f,
          data: {
            ...f.data,
            decisions: [
              { ...(f.data.decisions![0] as object), post: post('1', 'x'.repeat(100_000), { instance: 'a.test' }) },
            ],
          },
        }),
      'invalid',
      /data\.decisions\.0\.post\.text/,
    ],
    [
      'a bad typed array',
      (f) => JSON.stringify(f).replace('"Uint16Array"', '"Evil"'),
      'not-json',
      /unknown typed array Evil/,
    ],
  ];

  test.each(cases)('%s', async (_name, make, code, message) => {
    const file = await validFile();
    const d = freshDb();
    await fill(d);
    await d.rules.put({ ...(await d.rules.get('r1'))!, updatedAt: 0 }); // the file would win if imported
    const before = await dump(d);
    const res = await importBackup(make(file), d);
    expect(res).toMatchObject({ ok: false, code });
    expect(!res.ok && res.message).toMatch(message);
    expect(await dump(d)).toEqual(before);
  });

  test('an oversized file is refused before being read', async () => {
    const d = freshDb();
    const res = await importBackup(' '.repeat(MAX_BACKUP_BYTES + 1), d);
    expect(res).toMatchObject({ ok: false, code: 'too-large' });
    expect(!res.ok && res.message).toMatch(/too large \(64 MB; a backup may be at most 64 MB\)/);
  });

  test('a storage quota hit halfway writes nothing at all', async () => {
    const file = await validFile();
    const d = freshDb();
    const sim = simulateQuota(d, ['audit']);
    await saveInstance(identity, T, d);
    const before = await dump(d);
    sim.full = true;
    const res = await importBackup(JSON.stringify(file), d);
    expect(res).toMatchObject({ ok: false, code: 'quota' });
    expect(!res.ok && res.message).toMatch(/Nothing was imported/);
    sim.full = false;
    expect(await dump(d)).toEqual(before);
  });
});

/**
 * The action executors and the action queue against servers that lie (./liar.ts: a real HTTP
 * server on 127.0.0.1 and Node's own fetch). Every lie must end as a clear reason on the action,
 * never as "done"; only answers that cannot have acted are retried without a check; the token
 * never reaches another host.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ActionQueue } from '../../../src/background/queue/service';
import type { ActionKind } from '../../../src/core/queue/types';
import type { ActionSpec, Lane } from '../../../src/platforms/action-types';
import { mastodonActions } from '../../../src/platforms/mastodon/actions';
import { misskeyActions } from '../../../src/platforms/misskey/actions';
import { searchAudit } from '../../../src/storage/audit';
import { saveInstance } from '../../../src/storage/instances';
import { putToken } from '../../../src/storage/tokens';
import { useFreshDb } from '../storage/helpers';
import { leaks, nodeFetch, useLiar, type LieName } from './liar';

const TOKEN = 'liar-test-token-0123456789';
const liar = useLiar();
afterEach(() => {
  expect(leaks(liar, TOKEN)).toEqual([]);
});

const lane = (): Lane => ({
  domain: 'liar.test',
  origin: liar.origin,
  token: TOKEN,
  account: 'alice',
  scopes: [],
  moderator: true,
});
const spec = (kind: ActionKind): ActionSpec => ({
  kind,
  acct: 'spam@evil.example',
  accountId: '42',
  postIds: [],
  postUrls: [],
  reportId: null,
  domain: null,
  options: {},
  tag: 'bw-00000000',
  partsDone: 0,
});
const ctx = () => ({ fetcher: nodeFetch, now: Date.now, timeoutMs: 1_000 });
const messageOf = (o: { kind: string; message?: string; detail?: string }) => o.message ?? o.detail ?? '';

/** What each lie must become: the outcome, whether the request is in doubt, the reason shown. */
type Expect = { kind: string; inDoubt?: boolean; message: RegExp };
const REDIRECT = /redirected the request to http:\/\/localhost:\d+; not followed/;
const common: [LieName, Expect][] = [
  ['html200', { kind: 'transient', inDoubt: true, message: /HTML page \(Scheduled maintenance\)/ }],
  ['redirect', { kind: 'auth', inDoubt: false, message: REDIRECT }],
  ['redirect307', { kind: 'auth', inDoubt: false, message: REDIRECT }],
  ['slow', { kind: 'transient', inDoubt: true, message: /no answer within 1 s/ }],
  ['slowBody', { kind: 'transient', inDoubt: true, message: /the answer did not finish within 1 s/ }],
  ['truncated', { kind: 'transient', inDoubt: true, message: /the answer was cut off/ }],
  ['cutJson', { kind: 'transient', inDoubt: true, message: /not JSON/ }],
  ['tooMany', { kind: 'rateLimited', message: /rate limited/ }],
  ['huge', { kind: 'transient', inDoubt: true, message: /larger than 16 MB; not read/ }],
  ['hugeDeclared', { kind: 'transient', inDoubt: true, message: /larger than 16 MB; not read/ }],
];

describe('Mastodon executor: each lie on a block', () => {
  test.each<[LieName, Expect]>([
    ...common,
    ['wrongShape', { kind: 'transient', inDoubt: true, message: /200 with an unexpected answer/ }],
    ['errorBody200', { kind: 'transient', inDoubt: true, message: /200 with an error: Database is read-only/ }],
    ['empty', { kind: 'transient', inDoubt: true, message: /200 with an unexpected answer/ }],
  ])('%s', async (name, e) => {
    liar.lie(name);
    const t0 = Date.now();
    const r = await mastodonActions.run('perform', lane(), spec('block'), ctx());
    expect(r.outcome.kind).toBe(e.kind);
    expect(messageOf(r.outcome as never)).toMatch(e.message);
    if (e.inDoubt !== undefined) expect(!!r.inDoubt).toBe(e.inDoubt);
    if (name === 'tooMany') {
      // No header: a minute, the longest window a Mastodon 429 without headers may mean here.
      const until = (r.outcome as { until: number }).until;
      expect(until).toBeGreaterThanOrEqual(t0 + 60_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 60_000);
    }
    expect(liar.seen.map((s) => s.path)).toEqual(['/api/v1/accounts/42/block']);
    expect(liar.seen[0]!.auth).toBe(`Bearer ${TOKEN}`);
  });
});

describe('Misskey executor: each lie on a block', () => {
  test.each<[LieName, Expect]>([
    ...common,
    ['wrongShape', { kind: 'transient', inDoubt: true, message: /./ }],
    ['errorBody200', { kind: 'transient', inDoubt: true, message: /Database is read-only/ }],
  ])('%s', async (name, e) => {
    liar.lie(name);
    const r = await misskeyActions.run('perform', lane(), spec('block'), ctx());
    expect(r.outcome.kind).toBe(e.kind);
    expect(messageOf(r.outcome as never)).toMatch(e.message);
    if (e.inDoubt !== undefined) expect(!!r.inDoubt).toBe(e.inDoubt);
    expect(liar.seen.map((s) => s.path)).toEqual(['/api/blocking/create']);
    // Misskey's token is in the body: it went to the instance only.
    expect(liar.seen[0]!.body).toContain(TOKEN);
  });
});

describe('the action queue on a lying server', () => {
  const freshDb = useFreshDb();
  async function run(platform: 'mastodon' | 'misskey', lie: LieName) {
    const d = freshDb();
    await saveInstance(
      { domain: 'liar.test', origin: liar.origin, platform, software: platform, version: '4.6.5' },
      1,
      d,
    );
    await putToken({ instance: 'liar.test', source: 'page', token: TOKEN, account: 'alice' }, 1, d);
    liar.lie(lie);
    const q = new ActionQueue({
      db: d,
      fetcher: nodeFetch,
      retry: { baseMs: 10, capMs: 50, maxAttempts: 3 },
      timeoutMs: 1_000,
      inDoubtDelayMs: 10,
    });
    try {
      const r = await q.enqueue({
        instance: 'liar.test',
        kind: 'block',
        targets: [{ accountId: '42', acct: 'spam@evil.example', postIds: [], postUrls: [] }],
        options: {},
      });
      expect(r.ok).toBe(true);
      await q.settled(Date.now() + 20_000);
      const [p] = await q.list();
      const actions = await d.actions.toArray();
      const audit = await searchAudit({}, d);
      return { p: p!, actions, audit };
    } finally {
      q.close();
    }
  }

  // Each answer that is not an answer: the action fails with the reason (after checking the
  // server where the request may have acted), never done.
  test.each<[LieName, RegExp]>([
    ['html200', /HTML page \(Scheduled maintenance\)/],
    ['errorBody200', /Database is read-only/],
    ['wrongShape', /unexpected answer/],
    ['empty', /unexpected answer/],
    ['slow', /no answer within 1 s/],
    ['truncated', /cut off/],
    ['cutJson', /not JSON/],
    ['huge', /larger than 16 MB/],
  ])(
    'Mastodon, %s: failed with the reason, nothing done',
    async (lie, reason) => {
      const { p, actions, audit } = await run('mastodon', lie);
      expect(p).toMatchObject({ done: 0, failed: 1, remaining: 0 });
      expect(actions.map((a) => a.state)).toEqual(['failed']);
      expect(p.failures[0]!.message).toMatch(reason);
      expect(audit.some((a) => a.result === 'ok')).toBe(false);
    },
    30_000,
  );

  test.each<[LieName, RegExp]>([
    ['html200', /HTML page \(Scheduled maintenance\)/],
    ['errorBody200', /Database is read-only/],
    ['truncated', /cut off/],
  ])(
    'Misskey, %s: failed with the reason, nothing done',
    async (lie, reason) => {
      const { p, actions, audit } = await run('misskey', lie);
      expect(p).toMatchObject({ done: 0, failed: 1, remaining: 0 });
      expect(actions.map((a) => a.state)).toEqual(['failed']);
      expect(p.failures[0]!.message).toMatch(reason);
      expect(audit.some((a) => a.result === 'ok')).toBe(false);
    },
    30_000,
  );

  test.each<['mastodon' | 'misskey']>([['mastodon'], ['misskey']])(
    '%s, a redirect to another host: the batch pauses with the reason, sent once, the token stays',
    async (platform) => {
      const { p, actions } = await run(platform, 'redirect');
      expect(p).toMatchObject({ state: 'paused', done: 0, remaining: 1 });
      expect(actions.map((a) => a.state)).not.toContain('done');
      expect(p.failures.at(-1)!.message).toMatch(/Paused: .*redirected the request to http:\/\/localhost:\d+/);
      // Nothing after the redirect: the batch waits for the user (Misskey's lane asks `i` first).
      expect(liar.seen.filter((s) => /block/.test(s.path))).toHaveLength(1);
    },
  );

  test('a 429 without headers: waits a minute, no attempt used, nothing done', async () => {
    const d = freshDb();
    await saveInstance(
      { domain: 'liar.test', origin: liar.origin, platform: 'mastodon', software: 'mastodon', version: '4.6.5' },
      1,
      d,
    );
    await putToken({ instance: 'liar.test', source: 'page', token: TOKEN, account: 'alice' }, 1, d);
    liar.lie('tooMany');
    const q = new ActionQueue({ db: d, fetcher: nodeFetch, retry: { baseMs: 10, capMs: 50, maxAttempts: 3 } });
    try {
      await q.enqueue({
        instance: 'liar.test',
        kind: 'block',
        targets: [{ accountId: '42', acct: 'spam@evil.example', postIds: [], postUrls: [] }],
        options: {},
      });
      const t0 = Date.now();
      await q.settled(Date.now() + 1_000);
      const [p] = await q.list();
      const [a] = await d.actions.toArray();
      expect(p).toMatchObject({ done: 0, failed: 0, remaining: 1 });
      expect(a).toMatchObject({ state: 'pending', attempts: 0 });
      expect(a!.notBefore).toBeGreaterThanOrEqual(t0 + 59_000);
      expect(liar.seen).toHaveLength(1);
    } finally {
      q.close();
    }
  });
});

describe('429s that lie about the time', () => {
  const H = 3_600_000;
  const m429 = (reset: string) => (_q: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(429, {
      'content-type': 'application/json',
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': reset,
    });
    res.end('{"error":"Too many requests"}');
  };
  const k429 = (info: object) => (_q: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(429, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded.', id: 'x', info } }));
  };

  test('Mastodon: a reset in the year 2100 waits at most 25 h; one in the past at least 1 s', async () => {
    liar.lie(m429('2100-01-01T00:00:00.000Z'));
    let r = await mastodonActions.run('perform', lane(), spec('block'), ctx());
    expect(r.outcome.kind).toBe('rateLimited');
    expect((r.outcome as { until: number }).until).toBeLessThanOrEqual(Date.now() + 25 * H);
    expect(r.notes[0]!.window!.resetAt).toBeLessThanOrEqual(Date.now() + 25 * H);
    liar.lie(m429('2000-01-01T00:00:00.000Z'));
    const t = Date.now();
    r = await mastodonActions.run('perform', lane(), spec('block'), ctx());
    expect((r.outcome as { until: number }).until).toBeGreaterThanOrEqual(t + 1_000);
  });

  test('Misskey: resetMs far away or past, a total that is no count: clamped, ignored', async () => {
    liar.lie(k429({ resetMs: 1e15, total: -5 }));
    let r = await misskeyActions.run('perform', lane(), spec('block'), ctx());
    expect(r.outcome).toMatchObject({ kind: 'rateLimited' });
    expect((r.outcome as { until: number }).until).toBeLessThanOrEqual(Date.now() + 25 * H);
    expect(r.outcome).not.toHaveProperty('total');
    liar.lie(k429({ resetMs: 5, total: 20 }));
    const t = Date.now();
    r = await misskeyActions.run('perform', lane(), spec('block'), ctx());
    expect((r.outcome as { until: number }).until).toBeGreaterThanOrEqual(t + 1_000);
  });

  const freshDb = useFreshDb();
  test('a server that always answers 429 with a reset already past: no tight loop, nothing done', async () => {
    const d = freshDb();
    await saveInstance(
      { domain: 'liar.test', origin: liar.origin, platform: 'mastodon', software: 'mastodon', version: '4.6.5' },
      1,
      d,
    );
    await putToken({ instance: 'liar.test', source: 'page', token: TOKEN, account: 'alice' }, 1, d);
    liar.lie(m429('2000-01-01T00:00:00.000Z'));
    const q = new ActionQueue({ db: d, fetcher: nodeFetch, retry: { baseMs: 10, capMs: 50, maxAttempts: 3 } });
    try {
      await q.enqueue({
        instance: 'liar.test',
        kind: 'block',
        targets: [{ accountId: '42', acct: 'spam@evil.example', postIds: [], postUrls: [] }],
        options: {},
      });
      await q.settled(Date.now() + 2_500);
      const [p] = await q.list();
      expect(p).toMatchObject({ done: 0, remaining: 1 });
      // At most one request a second (a verify_credentials check may come first).
      expect(liar.seen.length).toBeLessThanOrEqual(5);
    } finally {
      q.close();
    }
  });
});

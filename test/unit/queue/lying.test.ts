/**
 * Servers that lie or break: a redirect to another domain, HTML where JSON belongs, a 200 carrying
 * an error, the wrong shape, Misskey's plain errors inside admin endpoints. A small real HTTP server
 * plays each answer; the executors must never take any of them for "done".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionKind } from '../../../src/core/queue/types';
import type { ActionSpec, Lane } from '../../../src/platforms/action-types';
import { mastodonActions } from '../../../src/platforms/mastodon/actions';
import { misskeyActions } from '../../../src/platforms/misskey/actions';
import { useFreshDb } from '../storage/helpers';
import { makeQueueOn, simFetcher } from './helpers';
import { saveInstance } from '../../../src/storage/instances';
import { putToken } from '../../../src/storage/tokens';

type Answer = { status: number; headers?: Record<string, string>; body?: string };
let answer: Answer = { status: 200, body: '{}' };
const seen: { path: string; auth: string | undefined; host: string | undefined }[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization, host: req.headers.host });
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const lane = (domain: string): Lane => ({
  domain,
  origin: `http://${domain}`,
  token: 'secret-token-123456',
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
const ctx = () => ({ fetcher: simFetcher(port), now: Date.now, timeoutMs: 2000 });
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  body: JSON.stringify(body),
  headers,
});
const html = (status: number, text: string): Answer => ({
  status,
  body: `<!DOCTYPE html><html><body><h1>${text}</h1></body></html>`,
  headers: { 'content-type': 'text/html' },
});
const relationship = { id: '42', blocking: true, muting: false, domain_blocking: false };

describe('Mastodon answers', () => {
  test.each<[string, Answer, { kind: string; inDoubt?: boolean; message?: RegExp }]>([
    ['a relationship: done', json(200, relationship), { kind: 'ok' }],
    [
      'a redirect to another domain: not followed, the batch pauses',
      { status: 302, headers: { location: 'https://login.evil.example/x' } },
      { kind: 'auth', message: /redirected the request to https:\/\/login\.evil\.example; not followed/ },
    ],
    [
      '200 with an HTML page: not done, in doubt',
      html(200, 'Welcome to our captive portal'),
      { kind: 'transient', inDoubt: true, message: /HTML page \(Welcome to our captive portal\)/ },
    ],
    [
      '200 with an error body',
      json(200, { error: 'Something went wrong' }),
      { kind: 'transient', inDoubt: true, message: /Something went wrong/ },
    ],
    ['200 with the wrong shape', json(200, [1, 2]), { kind: 'transient', inDoubt: true, message: /unexpected answer/ }],
    ['200 with a relationship missing its fields', json(200, { id: '42' }), { kind: 'transient', inDoubt: true }],
    [
      "Rails' HTML 500",
      html(500, "We're sorry, but something went wrong."),
      { kind: 'transient', inDoubt: false, message: /server error 500/ },
    ],
    [
      '401',
      json(401, { error: 'The access token is invalid' }),
      { kind: 'auth', message: /The access token is invalid/ },
    ],
    ['403', json(403, { error: 'This action is not allowed' }), { kind: 'permanent', message: /not allowed/ }],
    ['404', json(404, { error: 'Record not found' }), { kind: 'permanent', message: /not found/ }],
    [
      '422',
      json(422, { error: 'Validation failed: Target account cannot be yourself' }),
      { kind: 'permanent', message: /cannot be yourself/ },
    ],
  ])('%s', async (_what, a, expected) => {
    answer = a;
    const r = await mastodonActions.run('perform', lane('liar.test'), spec('block'), ctx());
    expect(r.outcome.kind).toBe(expected.kind);
    if (expected.inDoubt !== undefined) expect(!!r.inDoubt).toBe(expected.inDoubt);
    if (expected.message)
      expect('message' in r.outcome ? r.outcome.message : r.outcome.detail).toMatch(expected.message);
  });

  test('a 429 waits until the reset the headers give; the headers go to the right limit', async () => {
    const reset = new Date(Date.now() + 120_000).toISOString();
    answer = json(
      429,
      { error: 'Too many requests' },
      { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
    );
    const r = await mastodonActions.run('perform', lane('liar.test'), spec('report'), ctx());
    expect(r.outcome).toMatchObject({ kind: 'rateLimited', until: Date.parse(reset) });
    expect(r.notes).toEqual([
      {
        family: 'api',
        window: { limit: 300, remaining: 0, resetAt: Date.parse(reset) },
        limited: { until: Date.parse(reset) },
      },
    ]);
    answer = json(
      200,
      { id: '7', comment: '' },
      { 'x-ratelimit-limit': '400', 'x-ratelimit-remaining': '399', 'x-ratelimit-reset': reset },
    );
    const ok = await mastodonActions.run('perform', lane('liar.test'), spec('report'), ctx());
    expect(ok.notes[0]).toMatchObject({ family: 'reports', window: { limit: 400, remaining: 399 } });
  });

  test('the token only ever goes to the instance, never along a redirect', async () => {
    seen.length = 0;
    answer = { status: 307, headers: { location: `http://127.0.0.1:${port}/stolen` } };
    await mastodonActions.run('perform', lane('liar.test'), spec('block'), ctx());
    expect(seen.map((s) => s.path)).toEqual(['/api/v1/accounts/42/block']);
  });
});

describe('Misskey answers', () => {
  const err = (status: number, code: string, extra: object = {}) =>
    json(status, { error: { message: code, code, id: 'x', kind: 'client', ...extra } });
  test.each<[string, ActionKind, Answer, { kind: string; already?: boolean; inDoubt?: boolean; message?: RegExp }]>([
    ['204 from mute/create', 'mute', { status: 204 }, { kind: 'ok' }],
    ['ALREADY_BLOCKING is done', 'block', err(400, 'ALREADY_BLOCKING'), { kind: 'ok', already: true }],
    ['NOT_MUTING on unmute is done', 'unmute', err(400, 'NOT_MUTING'), { kind: 'ok', already: true }],
    [
      'NO_SUCH_USER fails with the reason',
      'block',
      err(400, 'NO_SUCH_USER'),
      { kind: 'permanent', message: /NO_SUCH_USER/ },
    ],
    [
      'a plain error inside an admin endpoint: user not found',
      'suspend',
      err(500, 'INTERNAL_ERROR', { kind: 'server', info: { e: { message: 'user not found' } } }),
      { kind: 'permanent', message: /user not found/ },
    ],
    [
      'an internal error that may pass',
      'suspend',
      err(500, 'INTERNAL_ERROR', { kind: 'server', info: { e: { message: 'Connection terminated unexpectedly' } } }),
      { kind: 'transient' },
    ],
    [
      'not a moderator: the batch pauses',
      'suspend',
      err(403, 'ROLE_PERMISSION_DENIED', { kind: 'permission' }),
      { kind: 'auth', message: /ROLE_PERMISSION_DENIED/ },
    ],
    ['200 carrying an error', 'block', err(200, 'SOMETHING'), { kind: 'transient', inDoubt: true }],
    ['200 from blocking/create without a user', 'block', json(200, { ok: true }), { kind: 'transient', inDoubt: true }],
    ['nginx 502 page', 'block', html(502, '502 Bad Gateway'), { kind: 'transient', inDoubt: false }],
  ])('%s', async (_what, kind, a, expected) => {
    answer = a;
    const r = await misskeyActions.run('perform', lane('liar.test'), spec(kind), ctx());
    expect(r.outcome.kind).toBe(expected.kind);
    if (expected.already) expect(r.outcome).toMatchObject({ already: true });
    if (expected.inDoubt !== undefined) expect(!!r.inDoubt).toBe(expected.inDoubt);
    if (expected.message) expect('message' in r.outcome ? r.outcome.message : '').toMatch(expected.message);
  });

  test('429: the time and the allowance from info; Retry-After when info is missing', async () => {
    const resetMs = Date.now() + 3_600_000;
    answer = {
      ...err(429, 'RATE_LIMIT_EXCEEDED', {
        info: { remaining: 0, reset: Math.floor(resetMs / 1000), resetMs, total: 20 },
      }),
      headers: { 'retry-after': '3600' },
    };
    const r = await misskeyActions.run('perform', lane('liar.test'), spec('block'), ctx());
    expect(r.outcome).toMatchObject({ kind: 'rateLimited', until: resetMs, total: 20, resetAt: resetMs });
    expect(r.notes).toEqual([
      { family: 'ep:blocking/create', limited: { until: resetMs, total: 20, resetAt: resetMs } },
    ]);
    answer = { status: 429, body: '', headers: { 'retry-after': '30' } };
    const t = Date.now();
    const r2 = await misskeyActions.run('perform', lane('liar.test'), spec('block'), ctx());
    expect(r2.outcome.kind).toBe('rateLimited');
    expect((r2.outcome as { until: number }).until).toBeGreaterThanOrEqual(t + 30_000);
  });
});

describe('the queue on a lying server', () => {
  const freshDb = useFreshDb();
  test('HTML on every answer: never done; the action fails after its attempts with the reason', async () => {
    const d = freshDb();
    await saveInstance(
      { domain: 'liar.test', origin: 'http://liar.test', platform: 'mastodon', software: 'mastodon', version: '4.6.5' },
      1,
      d,
    );
    await putToken({ instance: 'liar.test', source: 'page', token: 'secret-token-123456', account: 'alice' }, 1, d);
    answer = html(200, 'Maintenance');
    const q = makeQueueOn(d, port, { inDoubtDelayMs: 10 });
    const r = await q.enqueue({
      instance: 'liar.test',
      kind: 'block',
      targets: [{ accountId: '42', acct: 'spam@evil.example', postIds: [], postUrls: [] }],
      options: {},
    });
    expect(r.ok).toBe(true);
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'done', done: 0, failed: 1 });
    expect(p!.failures[0]!.message).toMatch(/HTML page \(Maintenance\)/);
  });

  test('a redirect to a login page on another domain: the batch pauses with the reason', async () => {
    const d = freshDb();
    await saveInstance(
      { domain: 'liar.test', origin: 'http://liar.test', platform: 'mastodon', software: 'mastodon', version: '4.6.5' },
      1,
      d,
    );
    await putToken({ instance: 'liar.test', source: 'page', token: 'secret-token-123456', account: 'alice' }, 1, d);
    answer = { status: 302, headers: { location: 'https://sso.elsewhere.example/login' } };
    const q = makeQueueOn(d, port);
    await q.enqueue({
      instance: 'liar.test',
      kind: 'block',
      targets: [{ accountId: '42', acct: 'spam@evil.example', postIds: [], postUrls: [] }],
      options: {},
    });
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'paused', done: 0, remaining: 1 });
    expect(p!.failures.at(-1)!.message).toMatch(
      /Paused: .*redirected the request to https:\/\/sso\.elsewhere\.example/,
    );
  });
});

/**
 * The moderator sign-in flows' calls (Mastodon OAuth: app registration, the token endpoint,
 * verify_credentials, open reports; Misskey MiAuth: the check, `i`, open reports) against servers
 * that lie (./liar.ts). Each lie ends as an error saying what the server did (the options page
 * shows it); no token is taken from an answer that is not one; no request follows a redirect, so
 * neither the code, the client secret nor a token reaches another host.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  MastodonApiError,
  exchangeCode,
  openReportsByAccount,
  registerApp,
  verifyCredentials,
} from '../../../src/platforms/mastodon/oauth';
import { MisskeyApiError, checkMiAuth, openReportsByUser, whoAmI } from '../../../src/platforms/misskey/miauth';
import { ModeratorSignIn, type KeyValue } from '../../../src/background/oauth';
import { saveInstance } from '../../../src/storage/instances';
import { getToken } from '../../../src/storage/tokens';
import { useFreshDb } from '../storage/helpers';
import { leaks, nodeFetch, useLiar, type Lie, type LieName } from './liar';

const TOKEN = 'liar-test-token-0123456789';
const SECRET = 'client-secret-abcdef';
const liar = useLiar();
afterEach(() => {
  expect(leaks(liar, TOKEN)).toEqual([]);
  expect(leaks(liar, SECRET)).toEqual([]);
});

/** The sign-in calls give up after 20 s; the slow lies here are cut by a 1 s fetch signal. */
const quick: typeof fetch = (input, init) =>
  nodeFetch(input, { ...init, signal: AbortSignal.any([init!.signal!, AbortSignal.timeout(1_000)]) });

async function failure<E>(p: Promise<unknown>, type: new (...a: never[]) => E): Promise<E> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(type);
  return e as E;
}

const app = { clientId: 'client-id', clientSecret: SECRET };
const lies: [LieName, RegExp][] = [
  ['wrongShape', /no token in the answer|not an account|no client id/],
  ['html200', /not a JSON answer/],
  ['errorBody200', /Database is read-only/],
  ['redirect', /redirected the request to http:\/\/localhost:\d+; not followed/],
  ['redirect307', /redirected the request to http:\/\/localhost:\d+; not followed/],
  ['slow', /could not be reached/],
  ['empty', /not a JSON answer/],
  ['truncated', /cut off/],
  ['cutJson', /not a JSON answer/],
  ['tooMany', /429/],
  ['huge', /larger than 4 MB; not read/],
];

describe('Mastodon OAuth', () => {
  test.each(lies)('the token endpoint: %s', async (lie, message) => {
    liar.lie(lie);
    const e = await failure(exchangeCode(liar.origin, app, 'the-code', 'the-verifier', quick), MastodonApiError);
    expect(e.message).toMatch(/^Getting the token: /);
    expect(e.message).toMatch(message);
    expect(liar.seen.map((s) => s.path)).toEqual(['/oauth/token']);
  });

  test.each(lies)('app registration: %s', async (lie, message) => {
    liar.lie(lie);
    const e = await failure(registerApp(liar.origin, ['read'], quick), MastodonApiError);
    expect(e.message).toMatch(message);
  });

  test.each(lies)('verify_credentials: %s', async (lie, message) => {
    liar.lie(lie);
    const e = await failure(verifyCredentials(liar.origin, TOKEN, quick), MastodonApiError);
    expect(e.message).toMatch(message);
  });

  test('a token endpoint that answers a token of the wrong form: refused', async () => {
    liar.lie((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'a b\u0000c', scope: 'read' }));
    });
    const e = await failure(exchangeCode(liar.origin, app, 'c', 'v', quick), MastodonApiError);
    expect(e.message).toMatch(/no token in the answer/);
  });

  test('open reports: a redirect is not followed with the token; a next link elsewhere is not followed', async () => {
    liar.lie('redirect');
    const e = await failure(openReportsByAccount(liar.origin, TOKEN, new Set(['42']), quick), MastodonApiError);
    expect(e.message).toMatch(/redirected the request to http:\/\/localhost/);
    liar.lie((_q, res, other) => {
      res.writeHead(200, { 'content-type': 'application/json', link: `<${other}/api/v1/admin/reports>; rel="next"` });
      res.end('[]');
    });
    expect((await openReportsByAccount(liar.origin, TOKEN, new Set(['42']), quick)).size).toBe(0);
  });
});

describe('Misskey MiAuth', () => {
  const session = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const miLies: [LieName, RegExp][] = [
    ['wrongShape', /did not give a token/],
    ['html200', /did not give a token/],
    ['errorBody200', /did not give a token/],
    ['redirect', /redirected the request to http:\/\/localhost:\d+; not followed/],
    ['redirect307', /redirected the request to http:\/\/localhost:\d+; not followed/],
    ['slow', /could not be reached/],
    ['empty', /did not give a token/],
    ['truncated', /cut off/],
    ['cutJson', /did not give a token/],
    ['tooMany', /429/],
    ['huge', /larger than 4 MB; not read/],
  ];
  test.each(miLies)('the check: %s', async (lie, message) => {
    liar.lie(lie);
    const e = await failure(checkMiAuth(liar.origin, session, quick), MisskeyApiError);
    expect(e.message).toMatch(message);
    expect(liar.seen.map((s) => s.path)).toEqual([`/api/miauth/${session}/check`]);
  });

  test('a check that answers a token of the wrong form: refused', async () => {
    liar.lie((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, token: '<script>' }));
    });
    const e = await failure(checkMiAuth(liar.origin, session, quick), MisskeyApiError);
    expect(e.message).toMatch(/did not give a token/);
  });

  test.each<[LieName, RegExp]>([
    ['wrongShape', /an unexpected answer/],
    ['errorBody200', /an unexpected answer/],
    ['redirect', /redirected the request to http:\/\/localhost:\d+; not followed/],
    ['slow', /could not be reached/],
    ['huge', /larger than 4 MB/],
  ])('i: %s', async (lie, message) => {
    liar.lie(lie);
    const e = await failure(whoAmI(liar.origin, TOKEN, quick), MisskeyApiError);
    expect(e.message).toMatch(message);
    expect(liar.seen[0]!.body).toContain(TOKEN);
  });

  test('open reports: a redirect is not followed with the token', async () => {
    liar.lie('redirect307');
    const e = await failure(openReportsByUser(liar.origin, TOKEN, new Set(['u1']), quick), MisskeyApiError);
    expect(e.message).toMatch(/redirected the request/);
  });
});

describe('the sign-in flows in the background, ended by a lying server', () => {
  const freshDb = useFreshDb();
  const kv = (): KeyValue => {
    const map = new Map<string, unknown>();
    return {
      get: async (k) => structuredClone(map.get(k)),
      set: async (k, v) => void map.set(k, structuredClone(v)),
      remove: async (k) => void map.delete(k),
    };
  };
  async function flow(platform: 'mastodon' | 'misskey') {
    const d = freshDb();
    const domain = 'liar.test';
    await saveInstance(
      {
        domain,
        origin: liar.origin,
        platform,
        software: platform,
        version: platform === 'mastodon' ? '4.6.5' : '2025.7.0',
      },
      1,
      d,
    );
    const opened: string[] = [];
    const s = new ModeratorSignIn({
      db: d,
      fetcher: quick,
      session: kv(),
      local: kv(),
      tabs: {
        create: async (o) => (opened.push(o.url), { id: 41 }),
        remove: async () => {},
        activate: async () => {},
      },
      push: async () => {},
      tabsOfInstance: async () => [],
    });
    return { d, s, opened, row: async () => (await d.instances.get(domain))! };
  }
  const appOk: [string, Lie] = [
    '/api/v1/apps',
    (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ client_id: 'client-id', client_secret: SECRET }));
    },
  ];
  const tokenOk: [string, Lie] = [
    '/oauth/token',
    (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: TOKEN, scope: 'read admin:read:reports' }));
    },
  ];

  test.each<[string, [string, Lie | LieName][], RegExp]>([
    [
      'the token endpoint answers HTML with 200',
      [appOk, ['/oauth/token', 'html200']],
      /Getting the token: not a JSON answer/,
    ],
    [
      'the token endpoint answers 200 {error}',
      [appOk, ['/oauth/token', 'errorBody200']],
      /Getting the token: Database is read-only/,
    ],
    [
      'the token endpoint redirects elsewhere',
      [appOk, ['/oauth/token', 'redirect307']],
      /Getting the token: the server redirected the request to http:\/\/localhost/,
    ],
    [
      'the token endpoint is too slow',
      [appOk, ['/oauth/token', 'slow']],
      /Getting the token: the instance could not be reached/,
    ],
    [
      'verify_credentials lies after a token',
      [appOk, tokenOk, ['verify_credentials', 'wrongShape']],
      /Checking the account: not an account/,
    ],
  ])('Mastodon: %s: the sign-in fails with the reason, no token stored', async (_what, routes, message) => {
    const { d, s, row } = await flow('mastodon');
    liar.route(routes);
    expect(await s.start('liar.test', 7)).toEqual({ ok: true });
    const r = await s.complete(await row(), 41, 'the-code');
    expect(r).toMatchObject({ ok: false, code: 'failed', message: expect.stringMatching(message) });
    expect(await getToken('liar.test', 'signin', d)).toBeFalsy();
    expect((await row()).login.kind).not.toBe('oauth');
  });

  test.each<[string, [string, Lie | LieName][], RegExp]>([
    ['the check answers HTML with 200', [['/check', 'html200']], /did not give a token/],
    ['the check redirects elsewhere', [['/check', 'redirect307']], /redirected the request to http:\/\/localhost/],
    [
      'the check answers a token, then i lies',
      [
        [
          '/check',
          (_q, res) => (
            res.writeHead(200, { 'content-type': 'application/json' }),
            res.end(JSON.stringify({ ok: true, token: 'AbCdEf0123456789' }))
          ),
        ],
        ['/api/i', 'errorBody200'],
      ],
      /Reading the account: an unexpected answer/,
    ],
  ])('Misskey: %s: the sign-in fails with the reason, no token stored', async (_what, routes, message) => {
    const { d, s, opened, row } = await flow('misskey');
    liar.route(routes);
    expect(await s.start('liar.test', 7)).toEqual({ ok: true });
    const session = new URL(opened[0]!).pathname.split('/').pop()!;
    const r = await s.complete(await row(), 41, session);
    expect(r).toMatchObject({ ok: false, code: 'failed', message: expect.stringMatching(message) });
    expect(await getToken('liar.test', 'signin', d)).toBeFalsy();
  });
});

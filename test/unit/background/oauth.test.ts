/**
 * "Sign in as moderator" in the background against the simulated instances' real OAuth (Doorkeeper
 * as Mastodon runs it): the app registered once, PKCE from 4.3, the code accepted only from the
 * flow's own tab, the token stored and never answered, the role taken from verify_credentials.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ModeratorSignIn, type KeyValue } from '../../../src/background/oauth';
import type { BgMessage } from '../../../src/messaging/protocol';
import { MODERATOR_SCOPES } from '../../../src/platforms/mastodon/oauth';
import { saveInstance } from '../../../src/storage/instances';
import { getToken } from '../../../src/storage/tokens';
import { DEFAULT_ROSTER, startSim } from '../../sim';
import { simRequest } from '../../sim/client';
import type { Sim } from '../../sim/types';
import { useFreshDb } from '../storage/helpers';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon') });
});
afterAll(() => sim?.close());
const freshDb = useFreshDb();

/** fetch() to the sim with the URL's host as Host header (Node's fetch cannot set it). */
function simFetch(): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const headers: Record<string, string> = { host: url.host };
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    let body: string | undefined;
    if (init.body instanceof URLSearchParams) {
      body = init.body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (typeof init.body === 'string') body = init.body;
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: sim.port, method: init.method ?? 'GET', path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers: h }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }) as typeof fetch;
}

function kv(): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: async (k) => structuredClone(map.get(k)),
    set: async (k, v) => void map.set(k, structuredClone(v)),
    remove: async (k) => void map.delete(k),
  };
}

/** The user on the instance's authorization page: signed in as `user`, presses Authorize. */
async function authorize(domain: string, user: string, authorizeUrl: string): Promise<string> {
  const login = await simRequest(sim.port, domain, 'GET', `/__sim/login?user=${user}&next=/home`);
  const cookie = login.headers['set-cookie']!.split(';')[0]!;
  const q = Object.fromEntries(new URL(authorizeUrl).searchParams);
  const page = await simRequest(
    sim.port,
    domain,
    'GET',
    new URL(authorizeUrl).pathname + new URL(authorizeUrl).search,
    {
      headers: { cookie },
    },
  );
  expect(page.text).toContain('Authorize');
  const res = await simRequest(sim.port, domain, 'POST', '/oauth/authorize', { form: q, headers: { cookie } });
  const location = res.headers.location!;
  expect(location).toMatch(/^\/oauth\/authorize\/native\?code=/);
  return new URL(location, 'http://x').searchParams.get('code')!;
}

async function setup(domain: string, version: string) {
  const d = freshDb();
  await saveInstance({ domain, origin: `http://${domain}`, platform: 'mastodon', software: 'mastodon', version }, 1, d);
  const opened: { url: string; openerTabId?: number }[] = [];
  const removed: number[] = [];
  const pushed: [number, BgMessage][] = [];
  const session = kv();
  const local = kv();
  const s = new ModeratorSignIn({
    db: d,
    fetcher: simFetch(),
    session,
    local,
    tabs: {
      create: async (o) => (opened.push(o), { id: 40 + opened.length }),
      remove: async (id) => void removed.push(id),
      activate: async () => {},
    },
    push: async (tab, msg) => pushed.push([tab, msg]),
    tabsOfInstance: async () => [7, 8],
  });
  return { d, s, opened, removed, pushed, session, local, row: async () => (await d.instances.get(domain))! };
}

describe.each([
  ['mastodon-a.test', '4.6.5'],
  ['mastodon-b.test', '4.2.0'],
])('%s (%s)', (domain, version) => {
  test('a moderator signs in: token stored with its scopes, role and login recorded, tabs told, tab closed', async () => {
    const { d, s, opened, removed, pushed, local, row } = await setup(domain, version);
    expect(await s.start(domain, 7)).toEqual({ ok: true });
    const url = new URL(opened[0]!.url);
    expect(url.pathname).toBe('/oauth/authorize');
    expect(url.searchParams.get('redirect_uri')).toBe('urn:ietf:wg:oauth:2.0:oob');
    expect(url.searchParams.get('scope')!.split(' ')).toEqual([...MODERATOR_SCOPES]);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(opened[0]!.openerTabId).toBe(7);
    const code = await authorize(domain, 'mod', opened[0]!.url);

    // Only the tab the flow opened may hand the code over.
    expect(await s.complete(await row(), 99, code)).toMatchObject({ ok: false, code: 'refused' });
    const done = await s.complete(await row(), 41, code);
    expect(done).toEqual({ ok: true, account: 'mod', role: 'moderator', scopes: [...MODERATOR_SCOPES] });
    const token = (await getToken(domain, 'signin', d))!;
    expect(token.account).toBe('mod');
    expect(JSON.stringify(done)).not.toContain(token.token);
    expect((await row()).login).toMatchObject({ kind: 'oauth', account: 'mod' });
    expect((await row()).capabilities).toEqual(expect.arrayContaining(['suspend', 'limit', 'unsuspend']));
    expect(removed).toEqual([41]);
    expect(pushed.map(([t, m]) => [t, m.type])).toEqual([
      [7, 'bg:login'],
      [8, 'bg:login'],
    ]);
    expect(JSON.stringify(pushed)).not.toContain(token.token);
    // The token works on the admin API.
    const admin = await simRequest(sim.port, domain, 'GET', '/api/v1/admin/reports?limit=1', { token: token.token });
    expect(admin.status).toBe(200);
    // The code is spent; the flow is over.
    expect(await s.complete(await row(), 41, code)).toMatchObject({ ok: false, code: 'refused' });
    // A second sign-in reuses the app registered on the instance.
    const apps = Object.keys(Object.fromEntries(local.map)).length;
    await s.start(domain, 7);
    expect(local.map.size).toBe(apps);
    expect(sim.state(domain).actions.filter((a) => a.kind === 'app_register').length).toBe(1);
  });

  test('an ordinary user signs in: a token, but no moderator capabilities', async () => {
    const { s, opened, row } = await setup(domain, version);
    await s.start(domain, null);
    const code = await authorize(domain, 'alice', opened[0]!.url);
    expect(await s.complete(await row(), 41, code)).toMatchObject({ ok: true, account: 'alice', role: 'user' });
    expect((await row()).capabilities).not.toContain('suspend');
  });

  test('a forged or stale code is refused by the server, and reported as a failure', async () => {
    const { s, opened, row } = await setup(domain, version);
    await s.start(domain, 7);
    expect(opened.length).toBe(1);
    expect(await s.complete(await row(), 41, 'forged-code-123456')).toMatchObject({ ok: false, code: 'failed' });
  });
});

test('4.3+ checks the PKCE verifier: a code taken by someone else cannot be exchanged', async () => {
  const domain = 'mastodon-a.test';
  const { s, opened, session, row } = await setup(domain, '4.6.5');
  await s.start(domain, 7);
  const code = await authorize(domain, 'mod', opened[0]!.url);
  const key = [...session.map.keys()][0]!;
  const pending = session.map.get(key) as { verifier: string };
  session.map.set(key, { ...pending, verifier: 'x'.repeat(43) });
  expect(await s.complete(await row(), 41, code)).toMatchObject({ ok: false, code: 'failed' });
});

test('ui:signIn waits for the flow to end; closing its tab refuses it', async () => {
  const domain = 'mastodon-a.test';
  const { s, opened, row } = await setup(domain, '4.6.5');
  const waiting = s.signIn(domain);
  await expect.poll(() => opened.length).toBe(1);
  const code = await authorize(domain, 'admin', opened[0]!.url);
  await s.complete(await row(), 41, code);
  expect(await waiting).toMatchObject({ ok: true, account: 'admin', role: 'admin' });
  const again = s.signIn(domain);
  await expect.poll(() => opened.length).toBe(2);
  await s.tabClosed(42);
  expect(await again).toMatchObject({ ok: false, code: 'refused' });
});

test('open reports about the accounts, newest first, with the moderator token; revoking ends the token', async () => {
  const domain = 'mastodon-a.test';
  const { d, s, opened, row } = await setup(domain, '4.6.5');
  await s.start(domain, 7);
  await s.complete(await row(), 41, await authorize(domain, 'mod', opened[0]!.url));
  const token = (await getToken(domain, 'signin', d))!.token;
  const open = (
    await simRequest(sim.port, domain, 'GET', '/api/v1/admin/reports?resolved=false&limit=200', { token })
  ).json<{ id: string; target_account: { id: string } }[]>();
  const targets = [...new Set(open.map((r) => r.target_account.id))].slice(0, 3);
  const found = await s.openReports(await row(), [...targets, '1']);
  expect(Object.keys(found).sort()).toEqual([...targets].sort());
  for (const t of targets) expect(found[t]).toBe(open.find((r) => r.target_account.id === t)!.id);
  await s.revoke(domain);
  expect((await simRequest(sim.port, domain, 'GET', '/api/v1/accounts/verify_credentials', { token })).status).toBe(
    401,
  );
});

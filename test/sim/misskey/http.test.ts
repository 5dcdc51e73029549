/**
 * The instance over real HTTP and WebSocket (a small server of its own: the shared one is tested
 * elsewhere): CORS on every API answer, the shell, nodeinfo, the login page, the bundle, streaming.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createMisskeyInstance, type MisskeySimInstance } from './index';
import { smallScenario, T0 } from './test-scenario';
import { ManualClock } from './helpers';

const DOMAIN = 'misskey-a.test';
let server: Server;
let base: string;
let inst: MisskeySimInstance;
const scenario = smallScenario(DOMAIN);
const clock = new ManualClock(T0 + 11 * 60_000);

beforeAll(async () => {
  inst = createMisskeyInstance({ domain: DOMAIN, version: '2025.7.0', clock, scenario, live: null });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void inst.handle(req, res, Buffer.concat(chunks)));
  });
  server.on('upgrade', (req, socket, head) => inst.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  inst.close();
  await new Promise<void>((r) => server.close(() => r()));
});

/** Requests as if to misskey-a.test (the instance builds URLs from its domain, not the Host). */
function post(endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('API over HTTP', () => {
  test('every answer carries access-control-allow-origin: *, JSON or empty, and no X-RateLimit headers', async () => {
    const token = inst.token('alice');
    const spam = inst.userId('qerklmezqa@spam0.example')!;
    const responses = [
      await post('i', { i: token }),
      await post('i', {}, { authorization: `Bearer ${token}` }),
      await post('i', {}),
      await post('i', { i: 'bad' }),
      await post('mute/create', { i: token, userId: spam }),
      await post('users/show', { userId: 'not-an-id!' }),
      await post('admin/suspend-user', { i: inst.token('admin'), userId: '9zzzzzzzzz' }),
      await post('no/such', {}),
    ];
    for (let k = 0; k < 21; k++) responses.push(await post('blocking/create', { i: token, userId: spam }));
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 8)).toEqual([200, 200, 401, 401, 204, 400, 500, 404]);
    expect(statuses.at(-1)).toBe(429);
    for (const r of responses) {
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect([...r.headers.keys()].some((k) => k.startsWith('x-ratelimit'))).toBe(false);
      if (r.status !== 204) expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    }
    expect(responses.at(-1)!.headers.get('retry-after')).toBe('3600');
    const pre = await fetch(`${base}/api/i`, {
      method: 'OPTIONS',
      headers: { origin: 'http://elsewhere.test', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const bad = await fetch(`${base}/api/i`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(inst.state().requestCounts['POST /api/blocking/create']).toBe(21);
  });

  test('MiAuth check is its own route: ok false until allowed, then the token once', async () => {
    const session = 'a1b2c3d4-0000-4000-8000-123456789abc';
    expect(await (await post(`miauth/${session}/check`, {})).json()).toEqual({ ok: false });
    const gen = await post('miauth/gen-token', {
      i: inst.token('bob'),
      session,
      name: 'Breakwater',
      permission: ['write:report-abuse'],
    });
    const { token } = (await gen.json()) as { token: string };
    const check = (await (await post(`miauth/${session}/check`, {})).json()) as {
      ok: boolean;
      token: string;
      user: { username: string };
    };
    expect(check).toMatchObject({ ok: true, token, user: { username: 'bob' } });
    expect(await (await post(`miauth/${session}/check`, {})).json()).toEqual({ ok: false });
    const page = await fetch(`${base}/miauth/${session}?name=Breakwater&permission=write:report-abuse`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="misskey_meta"');
  });
});

describe('web routes', () => {
  test('the base.pug shell with the meta JSON the client reads', async () => {
    const res = await fetch(`${base}/timeline`);
    const html = await res.text();
    expect(html).toContain('<meta name="application-name" content="Misskey">');
    expect(html).toContain(`<meta property="instance_url" content="http://${DOMAIN}">`);
    const json = /<script type="application\/json" id="misskey_meta" data-generated-at="\d+">([^<]*)<\/script>/.exec(
      html,
    )![1]!;
    expect(JSON.parse(json)).toMatchObject({
      version: '2025.7.0',
      uri: `http://${DOMAIN}`,
      features: { miauth: true },
    });
    expect(html).toContain('<div id="splash">');
    const js = await fetch(`${base}/vite/app-sim.js`);
    expect(js.status).toBe(200);
    expect((await js.text()).length).toBeGreaterThan(20_000);
  });

  test('nodeinfo 2.1 and 2.0 name the software misskey', async () => {
    const links = (await (await fetch(`${base}/.well-known/nodeinfo`)).json()) as { links: { href: string }[] };
    expect(links.links.map((l) => l.href)).toEqual([`http://${DOMAIN}/nodeinfo/2.1`, `http://${DOMAIN}/nodeinfo/2.0`]);
    for (const v of ['2.1', '2.0']) {
      const ni = (await (await fetch(`${base}/nodeinfo/${v}`)).json()) as {
        version: string;
        software: { name: string; version: string };
      };
      expect(ni.version).toBe(v);
      expect(ni.software).toMatchObject({ name: 'misskey', version: '2025.7.0' });
    }
  });

  test('/__sim/login stores i + token in localStorage.account and the UI choice, then goes on', async () => {
    const html = await (await fetch(`${base}/__sim/login?user=mod&next=%2Fmy%2Fnotifications&ui=deck`)).text();
    const stored = /localStorage\.setItem\('account', ("(?:[^"\\]|\\.)*")\)/.exec(html)![1]!;
    const account = JSON.parse(JSON.parse(stored)) as Record<string, unknown>;
    expect(account).toMatchObject({ username: 'mod', isModerator: true, isAdmin: false, token: inst.token('mod') });
    expect(Object.keys(account).at(-1)).toBe('token');
    expect(html).toContain(`localStorage.setItem('ui', "deck")`);
    expect(html).toContain('location.replace("/my/notifications")');
    expect((await fetch(`${base}/__sim/login?user=nobody`)).status).toBe(404);
  });
});

describe('streaming', () => {
  function open(token: string | null): Promise<{ ws: WebSocket; messages: unknown[] }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/streaming${token ? `?i=${token}` : ''}`);
      const messages: unknown[] = [];
      ws.on('message', (d) => messages.push(d.toString() === 'pong' ? 'pong' : JSON.parse(d.toString())));
      ws.on('open', () => resolve({ ws, messages }));
      ws.on('error', reject);
    });
  }
  const until = async (cond: () => boolean) => {
    for (let k = 0; k < 100 && !cond(); k++) await new Promise((r) => setTimeout(r, 20));
  };

  test('timeline and main channels receive delivered notes and notifications; deletions reach subscribers', async () => {
    const { ws, messages } = await open(inst.token('carol'));
    ws.send(JSON.stringify({ type: 'connect', body: { channel: 'homeTimeline', id: 'h1', params: {} } }));
    ws.send(JSON.stringify({ type: 'connect', body: { channel: 'localTimeline', id: 'l1', params: {} } }));
    ws.send(JSON.stringify({ type: 'connect', body: { channel: 'main', id: 'm1', params: {} } }));
    ws.send('ping');
    await until(() => messages.includes('pong'));
    const spam = scenario.posts.find((p) => p.label === 'spam' && p.mentions.includes(`carol@${DOMAIN}`))!;
    const noteId = inst.noteId(spam.id)!;
    ws.send(JSON.stringify({ type: 's', body: { id: noteId } }));
    await new Promise((r) => setTimeout(r, 30));
    inst.deliver([spam.id]);
    await until(() => messages.length >= 5);
    const channel = messages.filter((m) => (m as { type: string }).type === 'channel') as {
      body: { id: string; type: string; body: { id: string; note?: { id: string } } };
    }[];
    expect(channel.find((m) => m.body.id === 'h1')).toMatchObject({ body: { type: 'note', body: { id: noteId } } });
    expect(channel.find((m) => m.body.id === 'l1')).toBeUndefined();
    expect(channel.find((m) => m.body.id === 'm1' && m.body.type === 'notification')).toMatchObject({
      body: { body: { note: { id: noteId } } },
    });
    expect(channel.find((m) => m.body.id === 'm1' && m.body.type === 'mention')).toBeDefined();
    clock.advance(2000);
    const del = await post('notes/delete', { i: inst.token('mod'), noteId });
    expect(del.status).toBe(204);
    await until(() => messages.some((m) => (m as { type: string }).type === 'noteUpdated'));
    expect(messages.find((m) => (m as { type: string }).type === 'noteUpdated')).toMatchObject({
      type: 'noteUpdated',
      body: { id: noteId, type: 'deleted' },
    });
    ws.close();
  });

  test('a bad token is refused at the upgrade', async () => {
    await expect(open('wrongtoken000000')).rejects.toThrow(/401/);
  });
});

describe('live mode', () => {
  test('the instance streams its share of the scenario by itself at `speed` x real time', async () => {
    const now = Date.now();
    const live = smallScenario(DOMAIN);
    const shift = now - T0 - 11 * 60_000;
    for (const p of live.posts) p.createdAt += shift;
    const liveInst = createMisskeyInstance({
      domain: DOMAIN,
      version: '2025.7.0',
      clock: { now: () => Date.now(), scale: 1 },
      scenario: live,
      live: { speed: 600 },
    });
    const initial = liveInst.arrivedPostIds().length;
    const total = live.posts.filter((p) => p.deliveredTo.includes(DOMAIN)).length;
    expect(initial).toBeLessThan(total);
    // 16 spam posts 20 s apart, 1 minute after start: at 600x they arrive within about a second.
    for (let k = 0; k < 150 && liveInst.arrivedPostIds().length < total; k++)
      await new Promise((r) => setTimeout(r, 20));
    expect(liveInst.arrivedPostIds().length).toBe(total);
    liveInst.close();
  });
});

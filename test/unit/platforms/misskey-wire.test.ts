/**
 * Misskey reads with `POST /api/<endpoint>`: the main-world observer copies those answers (never the
 * request body, which carries the page's token) when the content script's hello names them, keeps
 * them while there is no hello yet, and the content script's wire accepts them for those URLs only.
 * The observer and the bridge run for real in happy-dom; only the network is a table.
 */
import { afterEach, expect, test } from 'vitest';
import { Window } from 'happy-dom';
import { connectObserver } from '../../../src/content/bridge';
import { installPageObserver } from '../../../src/content/observer-main';
import type { ObservedResponse } from '../../../src/platforms/types';
import { misskeyObserverSpec } from '../../../src/platforms/misskey/observe';

type Win = Parameters<typeof installPageObserver>[0];
const ORIGIN = 'https://misskey.example';
const TOKEN = 'secretToken01234';
const windows: Window[] = [];
afterEach(async () => {
  for (const w of windows.splice(0)) await w.happyDOM.close();
});

const spec = misskeyObserverSpec(
  {
    token: TOKEN,
    accountId: null,
    username: 'alice',
    domain: 'misskey.example',
    version: '2025.7.0',
    moderator: { reports: false, users: false },
    streamingOrigins: [],
  },
  ORIGIN,
);

/** A Misskey-like page: every `/api/*` POST answers JSON from `answers` by path. */
function page(answers: Record<string, unknown>) {
  const hd = new Window({ url: `${ORIGIN}/` });
  windows.push(hd);
  const win = hd as unknown as Win;
  const Resp = win.Response;
  const bodies: string[] = [];
  win.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), ORIGIN);
    bodies.push(String(init?.body ?? ''));
    const known = url.pathname in answers;
    const res = new Resp(known ? JSON.stringify(answers[url.pathname]) : '{"error":{}}', {
      status: known ? 200 : 400,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    Object.defineProperty(res, 'url', { value: url.href });
    return res;
  }) as unknown as typeof fetch;
  installPageObserver(win);
  const got: ObservedResponse[] = [];
  const abort = new AbortController();
  const connect = () =>
    connectObserver({
      doc: win.document,
      rules: { origin: ORIGIN, wsOrigins: [], spec, maxBody: 2_000_000 },
      onResponse: (r) => got.push(r),
      signal: abort.signal,
    });
  const apiCall = (endpoint: string, params: Record<string, unknown> = {}) =>
    win.fetch(`/api/${endpoint}`, {
      method: 'POST',
      body: JSON.stringify({ ...params, i: TOKEN }),
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json' },
    });
  return { win, got, connect, apiCall, bodies, tick: () => new Promise((r) => setTimeout(r, 60)) };
}

const TL = [{ id: 'atxl2cw82xq1001m', text: 'hi' }];

test('POST answers of the named endpoints reach the content script; others and the request bodies never', async () => {
  const p = page({ '/api/notes/timeline': TL, '/api/i': { id: 'x', token: 'never' }, '/api/meta': {} });
  const bridge = p.connect();
  await p.apiCall('notes/timeline', { limit: 10 });
  await p.apiCall('i');
  await p.apiCall('meta');
  await p.apiCall('notes/unknown');
  await p.tick();
  expect(bridge.stats.ready).toBe(true);
  expect(p.got.map((r) => [r.url.pathname, r.body])).toEqual([['/api/notes/timeline', TL]]);
  // The page sent its token in each body; no copy carries it.
  expect(p.bodies.every((b) => b.includes(TOKEN))).toBe(true);
  expect(JSON.stringify(p.got)).not.toContain(TOKEN);
});

test('answers from before the hello (the first timeline, at start-up) are kept and passed on', async () => {
  const p = page({ '/api/notes/timeline': TL, '/api/i/notifications': [] });
  await p.apiCall('notes/timeline');
  await p.apiCall('i/notifications');
  await p.tick();
  p.connect();
  await p.tick();
  expect(p.got.map((r) => r.url.pathname)).toEqual(['/api/notes/timeline', '/api/i/notifications']);
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { listDeps } from '../../../src/background/control-room';
import { changesKey, listRuleId, refreshLists } from '../../../src/background/subscriptions';
import { RULES_FORMAT, RULES_VERSION } from '../../../src/core/rules/types';
import type { RefreshOutcome, SubscribeResult, TabStats } from '../../../src/messaging/options';
import { isRefusal, type PostsResult } from '../../../src/messaging/protocol';
import { setLogin } from '../../../src/storage/instances';
import { putRule } from '../../../src/storage/rules';
import { getToken, putToken } from '../../../src/storage/tokens';
import { useFreshDb } from '../storage/helpers';
import {
  A,
  addInstances,
  backgroundOn,
  normalPost,
  pageSender,
  spamPost,
  T,
  tabSender,
  Tabs,
  useBackgrounds,
} from './helpers';

/**
 * The options page's and popup's background side, through the router as the pages call it, with
 * shared lists served by a real local HTTP server.
 */
const freshDb = useFreshDb();
useBackgrounds();
let tabs: Tabs;

// A tiny static host: path -> { body, status, etag }; counts requests.
const files = new Map<string, { body: string; status?: number; etag?: string; type?: string }>();
const hits = new Map<string, number>();
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = files.get(path);
    if (!f) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>not found</html>');
    if (f.etag && req.headers['if-none-match'] === f.etag) return void res.writeHead(304).end();
    res.writeHead(f.status ?? 200, {
      'content-type': f.type ?? 'application/json',
      ...(f.etag ? { etag: f.etag } : {}),
    });
    res.end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, r));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

beforeEach(() => {
  fakeBrowser.reset();
  files.clear();
  hits.clear();
  tabs = new Tabs();
  tabs.open(1, `${A.origin}/home`);
});

const list = (keywords: string[], extra: object = {}) =>
  JSON.stringify({ format: RULES_FORMAT, version: RULES_VERSION, name: 'Community list', keywords, ...extra });

async function setup() {
  const d = freshDb();
  await addInstances(d);
  const bg = backgroundOn(d, tabs, { controlRoom: { now: () => T } });
  const ui = <R>(msg: object) => bg.route(msg, pageSender()) as Promise<R>;
  return { d, bg, ui };
}

describe('shared lists', () => {
  test('subscribing fetches the list, stores it as one rule set, and the engine uses it at once', async () => {
    const { d, bg, ui } = await setup();
    files.set('/list.json', { body: list(['free crypto']), etag: '"v1"' });
    const res = await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/list.json` });
    expect(res).toMatchObject({ ok: true, subscription: { name: 'Community list', etag: '"v1"', lastError: null } });
    if (!res.ok) return;
    expect(res.changes).toEqual([{ change: 'added', field: 'keywords', value: 'free crypto' }]);
    const row = await d.rules.get(listRuleId(res.subscription.id));
    expect(row).toMatchObject({ source: res.subscription.id, enabled: true });
    const judged = (await bg.route(
      { type: 'content:posts', posts: [spamPost(1, A.domain)] },
      tabSender(1, A.origin),
    )) as PostsResult;
    expect(judged.verdicts[0]!.reasons.map((r) => r.code)).toContain('rule.keyword');
  });

  test('refresh: unchanged (etag), changed (what changed is kept), broken (old rules stay)', async () => {
    const { d, ui } = await setup();
    files.set('/l.json', { body: list(['alpha']), etag: '"1"' });
    const sub = await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/l.json` });
    if (!sub.ok) throw new Error(sub.message);
    const id = sub.subscription.id;

    expect(await ui<RefreshOutcome[]>({ type: 'ui:refreshSubscriptions', id })).toEqual([
      { id, ok: true, changed: false, changes: 0, message: null },
    ]);

    files.set('/l.json', { body: list(['beta', 'gamma']), etag: '"2"' });
    const [changed] = await ui<RefreshOutcome[]>({ type: 'ui:refreshSubscriptions', id });
    expect(changed).toMatchObject({ ok: true, changed: true, changes: 3 });
    const kept = (await d.settings.get(changesKey(id)))!.value as { changes: unknown[] };
    expect(kept.changes).toEqual([
      { change: 'added', field: 'keywords', value: 'beta' },
      { change: 'added', field: 'keywords', value: 'gamma' },
      { change: 'removed', field: 'keywords', value: 'alpha' },
    ]);

    files.set('/l.json', { body: '{"format":"breakwater-rules","version":1,"keywords":["cut', etag: '"3"' });
    const [broken] = await ui<RefreshOutcome[]>({ type: 'ui:refreshSubscriptions', id });
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/refused: not valid JSON/) });
    expect(((await d.rules.get(listRuleId(id)))!.rule as { keywords: string[] }).keywords).toEqual(['beta', 'gamma']);
    expect((await d.subscriptions.get(id))!.lastError).toMatch(/not valid JSON/);
  });

  test('a domain-block CSV can be subscribed to', async () => {
    const { d, ui } = await setup();
    files.set('/blocks.csv', {
      body: '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\nspam.example,suspend,true,true,wave,false\n',
      type: 'text/csv',
    });
    const res = await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/blocks.csv` });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect((await d.rules.get(listRuleId(res.subscription.id)))!.rule).toMatchObject({
      instanceDomains: [{ domain: 'spam.example', weight: 0.9, label: 'wave' }],
    });
  });

  test.each([
    ['not a URL', 'list please', /invalid-url/],
    ['plain http to a public host', 'http://example.org/list.json', /invalid-url/],
    ['a missing file', '/missing.json', /http/],
    ['a broken file', '/broken.json', /invalid/],
    ['an oversized file', '/huge.json', /too-large/],
  ])('refused, nothing stored: %s', async (_n, url, code) => {
    const { d, ui } = await setup();
    files.set('/broken.json', { body: '{"format":"breakwater-rules","version":1,"patterns":[{"regex":"(a+)+"}]}' });
    files.set('/huge.json', {
      body: `{"format":"breakwater-rules","version":1,"description":"${'x'.repeat(8_500_000)}"}`,
    });
    const res = await ui<SubscribeResult>({ type: 'ui:subscribe', url: url.startsWith('/') ? base + url : url });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(`${res.code} ${res.message}`).toMatch(code);
    expect(await d.subscriptions.count()).toBe(0);
    expect(await d.rules.count()).toBe(0);
  });

  test('the schedule fetches only the lists that are due, each by its own interval', async () => {
    const { d, bg, ui } = await setup();
    files.set('/daily.json', { body: list(['a']) });
    files.set('/hourly.json', { body: list(['b']) });
    const daily = await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/daily.json` });
    const hourly = await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/hourly.json` });
    if (!daily.ok || !hourly.ok) throw new Error('subscribe');
    await d.subscriptions.update(hourly.subscription.id, { intervalHours: 1 });
    hits.clear();
    const t0 = (await d.subscriptions.get(hourly.subscription.id))!.lastCheckedAt!;
    const at = (ms: number) => listDeps({ db: d, host: bg.host, now: () => t0 + ms });
    expect(await refreshLists(at(30 * 60_000))).toEqual([]);
    expect((await refreshLists(at(2 * 3_600_000))).map((o) => o.id)).toEqual([hourly.subscription.id]);
    expect((await refreshLists(at(25 * 3_600_000))).map((o) => o.id).sort()).toEqual(
      [daily.subscription.id, hourly.subscription.id].sort(),
    );
    // A list switched off is not fetched by the schedule.
    await d.subscriptions.update(daily.subscription.id, { enabled: false });
    expect((await refreshLists(at(60 * 3_600_000))).map((o) => o.id)).toEqual([hourly.subscription.id]);
    expect(hits.get('/hourly.json')).toBe(3);
  });

  test('the same URL twice is refused', async () => {
    const { ui } = await setup();
    files.set('/l.json', { body: list(['a']) });
    await ui({ type: 'ui:subscribe', url: `${base}/l.json` });
    expect(await ui<SubscribeResult>({ type: 'ui:subscribe', url: `${base}/l.json` })).toMatchObject({
      ok: false,
      code: 'duplicate',
    });
  });
});

describe('the popup and the options page', () => {
  test('tab stats count the posts a tab showed, flagged ones and their waves', async () => {
    const { bg, ui } = await setup();
    const posts = [...Array.from({ length: 6 }, (_, i) => spamPost(i, A.domain)), normalPost(1, A.domain)];
    await bg.route({ type: 'content:posts', posts }, tabSender(1, A.origin));
    const stats = await ui<TabStats>({ type: 'ui:tabStats', tabId: 1 });
    expect(stats.posts).toBe(7);
    expect(stats.spam).toBeGreaterThanOrEqual(3);
    expect(stats.waves.length).toBe(1);
    expect(stats.waves[0]!.accounts).toBeGreaterThanOrEqual(3);
    expect(await ui<TabStats>({ type: 'ui:tabStats', tabId: 9 })).toEqual({
      posts: 0,
      spam: 0,
      suspicious: 0,
      waves: [],
    });
  });

  test('rule hits are counted per rule set', async () => {
    const { d, bg } = await setup();
    await putRule({ id: 'mine', rule: { format: RULES_FORMAT, version: RULES_VERSION, keywords: ['crypto'] } }, T, d);
    await putRule({ id: 'other', rule: { format: RULES_FORMAT, version: RULES_VERSION, keywords: ['weather'] } }, T, d);
    await putRule({ id: 'quiet', rule: { format: RULES_FORMAT, version: RULES_VERSION, keywords: ['nothing'] } }, T, d);
    await bg.host.loadRules();
    await bg.route(
      { type: 'content:posts', posts: [spamPost(1, A.domain), spamPost(2, A.domain), normalPost(3, A.domain)] },
      tabSender(1, A.origin),
    );
    await bg.ruleHits.flush();
    expect((await d.rules.toArray()).map((r) => [r.id, r.hits])).toEqual([
      ['mine', 2],
      ['other', 1],
      ['quiet', 0],
    ]);
  });

  test('sign-in is unavailable until a flow is wired; sign-out keeps the web UI login', async () => {
    const { d, ui } = await setup();
    expect(await ui({ type: 'ui:signIn', domain: A.domain })).toMatchObject({ ok: false, code: 'unavailable' });
    expect(await ui({ type: 'ui:signIn', domain: 'nope.test' })).toMatchObject({ ok: false, code: 'unknown-instance' });
    await putToken({ instance: A.domain, source: 'page', token: 'page-token-123', account: 'mod' }, T, d);
    await putToken(
      { instance: A.domain, source: 'signin', token: 'admin-token-123', account: 'mod', scopes: ['admin:write'] },
      T,
      d,
    );
    await setLogin(
      A.domain,
      { kind: 'oauth', account: 'mod', accountId: '1', checkedAt: T },
      'moderator',
      ['suspend'],
      d,
    );
    expect(await ui({ type: 'ui:signOut', domain: A.domain })).toEqual({ ok: true });
    expect(await getToken(A.domain, 'signin', d)).toBeNull();
    expect(await d.instances.get(A.domain)).toMatchObject({
      login: { kind: 'page', account: 'mod' },
      role: 'moderator',
    });
  });

  test('a wired sign-in flow is called', async () => {
    const d = freshDb();
    await addInstances(d);
    const calls: string[] = [];
    const bg = backgroundOn(d, tabs, {
      controlRoom: {
        signIn: async (domain) => {
          calls.push(domain);
          return { ok: true, account: 'mod', role: 'moderator', scopes: ['admin:read'] };
        },
      },
    });
    expect(await bg.route({ type: 'ui:signIn', domain: A.domain }, pageSender())).toMatchObject({ ok: true });
    expect(calls).toEqual([A.domain]);
  });

  test('these messages are refused from web pages', async () => {
    const { bg } = await setup();
    for (const msg of [
      { type: 'ui:subscribe', url: `${base}/l.json` },
      { type: 'ui:tabStats', tabId: 1 },
      { type: 'ui:signOut', domain: A.domain },
    ]) {
      expect(isRefusal(await bg.route(msg, tabSender(1, A.origin)))).toBe(true);
    }
  });
});

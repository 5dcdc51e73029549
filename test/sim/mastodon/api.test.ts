import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startSim, DEFAULT_ROSTER } from '..';
import { simRequest } from '../client';
import { haveFixtures, keysOf, mastodonFixture } from '../fixture-keys';
import type { Sim } from '../types';
import { snowflakeTime } from './ids';
import { webTokenFor } from './users';

const A = 'mastodon-a.test';
const B = 'mastodon-b.test';
let sim: Sim;
const alice = webTokenFor(A, 'alice');
const bob = webTokenFor(A, 'bob');
type S = {
  id: string;
  account: { id: string; acct: string };
  reblog: S | null;
  content: string;
  mentions: { acct: string }[];
};
const req = (host: string, method: string, path: string, opts: Parameters<typeof simRequest>[4] = {}) =>
  simRequest(sim.port, host, method, path, opts);

beforeAll(async () => {
  sim = await startSim({ roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'), stopAfterMs: 120_000 });
});
afterAll(async () => {
  await sim?.close();
});

describe('discovery', () => {
  test('nodeinfo says mastodon and the version; an unknown host gets a 404 page listing the instances', async () => {
    const idx = (await req(A, 'GET', '/.well-known/nodeinfo')).json<{ links: { href: string }[] }>();
    expect(idx.links[0]!.href).toBe(`http://${A}/nodeinfo/2.0`);
    const ni = (await req(B, 'GET', '/nodeinfo/2.0')).json<{ software: { name: string; version: string } }>();
    expect(ni.software).toEqual({ name: 'mastodon', version: '4.2.0' });
    const unknown = await req('nothing-here.test', 'GET', '/.well-known/nodeinfo');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('mastodon-a.test');
  });

  test.runIf(haveFixtures()).each([
    [A, '4.6.5'],
    [B, '4.2.0'],
  ])('%s /api/v2/instance has the fixture’s key sets', async (host, version) => {
    const fx = mastodonFixture(version, 'GET_api_v2_instance.json') as Record<string, unknown>;
    const got = (await req(host, 'GET', '/api/v2/instance')).json<Record<string, unknown>>();
    expect(keysOf(got)).toBe(keysOf(fx));
    expect(keysOf(got.configuration)).toBe(keysOf(fx.configuration));
    expect(keysOf((got.contact as { account: unknown }).account)).toBe(
      keysOf((fx.contact as { account: unknown }).account),
    );
    expect(got.version).toBe(version);
  });
});

describe('timelines', () => {
  test('home pages with max_id, since_id and min_id, newest first, with Link headers', async () => {
    const r1 = await req(A, 'GET', '/api/v1/timelines/home?limit=5', { token: alice });
    const p1 = r1.json<S[]>();
    expect(p1).toHaveLength(5);
    const ids = p1.map((s) => BigInt(s.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    expect(r1.headers.link).toContain(`max_id=${p1[4]!.id}>; rel="next"`);
    expect(r1.headers.link).toContain(`min_id=${p1[0]!.id}>; rel="prev"`);
    const p2 = (await req(A, 'GET', `/api/v1/timelines/home?limit=5&max_id=${p1[4]!.id}`, { token: alice })).json<
      S[]
    >();
    expect(BigInt(p2[0]!.id)).toBeLessThan(BigInt(p1[4]!.id));
    const since = (await req(A, 'GET', `/api/v1/timelines/home?limit=2&since_id=${p2[4]!.id}`, { token: alice })).json<
      S[]
    >();
    expect(since.map((s) => s.id)).toEqual(p1.slice(0, 2).map((s) => s.id));
    const min = (await req(A, 'GET', `/api/v1/timelines/home?limit=2&min_id=${p2[4]!.id}`, { token: alice })).json<
      S[]
    >();
    expect(min.map((s) => s.id)).toEqual(p2.slice(2, 4).map((s) => s.id));
    expect((await req(A, 'GET', '/api/v1/timelines/home')).status).toBe(401);
  });

  test('public local shows only local, non-boost posts; anonymous requests get no viewer fields', async () => {
    const list = (await req(A, 'GET', '/api/v1/timelines/public?local=true&limit=40')).json<
      (S & Record<string, unknown>)[]
    >();
    expect(list.length).toBeGreaterThan(5);
    for (const s of list) {
      expect(s.account.acct).not.toContain('@');
      expect(s.reblog).toBeNull();
      expect(s).not.toHaveProperty('favourited');
    }
  });

  test.runIf(haveFixtures())('4.2.0 status, account, notification shapes match the fixture', async () => {
    const tok = webTokenFor(B, 'alice');
    const fxHome = mastodonFixture('4.2.0', 'GET_api_v1_timelines_home.json') as Record<string, unknown>[];
    const home = (await req(B, 'GET', '/api/v1/timelines/home?limit=40', { token: tok })).json<
      Record<string, unknown>[]
    >();
    const fxKeys = new Set(fxHome.map(keysOf));
    for (const s of home) expect(fxKeys).toContain(keysOf(s));
    const fxN = mastodonFixture('4.2.0', 'GET_api_v1_notifications_exclude_types_=follow_request.json') as Record<
      string,
      unknown
    >[];
    const notifs = (await req(B, 'GET', '/api/v1/notifications?exclude_types[]=follow_request', { token: tok })).json<
      Record<string, unknown>[]
    >();
    expect(notifs.length).toBeGreaterThan(0);
    const nKeys = new Set(fxN.map(keysOf));
    for (const n of notifs) expect(nKeys).toContain(keysOf(n));
    const author = (home[0] as { account: { id: string } }).account.id;
    const rel = (await req(B, 'GET', `/api/v1/accounts/relationships?id[]=${author}`, { token: tok })).json<
      unknown[]
    >();
    const fxRel = mastodonFixture(
      '4.2.0',
      'GET_api_v1_accounts_relationships_id_=111940682698614715.json',
    ) as unknown[];
    expect(keysOf(rel[0])).toBe(keysOf(fxRel[0]));
  });

  test.runIf(haveFixtures())('4.6.5 grouped notifications have the fixture’s keys', async () => {
    const fx = mastodonFixture(
      '4.6.5',
      'GET_api_v2_notifications_grouped_types_5B_5D=favourite_grouped_types_5B_5D=reblog_grouped_types_5B_5D=follow_exclude_types_5B_5D=follow_request.json',
    ) as {
      notification_groups: Record<string, unknown>[];
    };
    const got = (
      await req(
        A,
        'GET',
        '/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow&exclude_types[]=follow_request',
        { token: alice },
      )
    ).json<{
      accounts: unknown[];
      statuses: unknown[];
      notification_groups: Record<string, unknown>[];
    }>();
    expect(Object.keys(got)).toEqual(Object.keys(fx));
    const fxKeys = new Set(fx.notification_groups.map(keysOf));
    for (const g of got.notification_groups) expect(fxKeys).toContain(keysOf(g));
    expect(got.notification_groups.some((g) => String(g.group_key).startsWith('ungrouped-'))).toBe(true);
  });
});

describe('accounts, relationships, blocks, mutes, domain blocks', () => {
  test('lookup and relationships (id[], with_suspended) in the fixture shape', async () => {
    const acc = (await req(A, 'GET', '/api/v1/accounts/lookup?acct=bob')).json<{ id: string; acct: string }>();
    expect(acc.acct).toBe('bob');
    const rels = (
      await req(A, 'GET', `/api/v1/accounts/relationships?with_suspended=true&id[]=${acc.id}&id[]=${acc.id}`, {
        token: alice,
      })
    ).json<Record<string, unknown>[]>();
    expect(rels).toHaveLength(1);
    if (haveFixtures()) {
      const fx = mastodonFixture(
        '4.6.5',
        'GET_api_v1_accounts_relationships_with_suspended=true_id_=111940682698614715_id_=111940682698614715_id_=111940682698614715_id_=111940682698614715_id_=111940682698614715_id_=11194068269.json',
      ) as unknown[];
      expect(keysOf(rels[0])).toBe(keysOf(fx[0]));
    }
    expect((await req(A, 'GET', '/api/v1/accounts/lookup?acct=nobody@nowhere.example')).status).toBe(404);
  });

  test('a block is recorded, shows in the relationship and removes that account from home', async () => {
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: bob })).json<S[]>();
    const victim = home.find((s) => !s.reblog && s.account.acct.includes('@'))!.account;
    const r = await req(A, 'POST', `/api/v1/accounts/${victim.id}/block`, { token: bob });
    expect(r.json<{ blocking: boolean }>().blocking).toBe(true);
    const after = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: bob })).json<S[]>();
    expect(after.some((s) => s.account.id === victim.id || s.reblog?.account.id === victim.id)).toBe(false);
    const action = sim.state(A).actions.find((a) => a.kind === 'block' && a.target === victim.id)!;
    expect(action).toMatchObject({ by: 'bob', targetAcct: victim.acct });
    const blocks = (await req(A, 'GET', '/api/v1/blocks', { token: bob })).json<{ id: string }[]>();
    expect(blocks.map((b) => b.id)).toContain(victim.id);
    await req(A, 'POST', `/api/v1/accounts/${victim.id}/unblock`, { token: bob });
    expect(sim.state(A).actions.at(-1)!.kind).toBe('unblock');
  });

  test('mute with duration and notifications=false (JSON body), and a domain block that hides the domain', async () => {
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: bob })).json<S[]>();
    const target = home.find((s) => !s.reblog && s.account.acct.includes('@'))!.account;
    const rel = (
      await req(A, 'POST', `/api/v1/accounts/${target.id}/mute`, {
        token: bob,
        json: { notifications: false, duration: 86400 },
      })
    ).json<Record<string, unknown>>();
    expect(rel.muting).toBe(true);
    expect(rel.muting_notifications).toBe(false);
    expect(snowflakeTime(target.id)).toBeGreaterThan(0);
    expect(sim.state(A).actions.at(-1)).toMatchObject({
      kind: 'mute',
      details: { notifications: false, duration: 86400 },
    });
    const domain = target.acct.split('@')[1]!;
    expect((await req(A, 'POST', '/api/v1/domain_blocks', { token: bob, form: { domain } })).status).toBe(200);
    const after = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: bob })).json<S[]>();
    expect(after.some((s) => s.account.acct.endsWith('@' + domain))).toBe(false);
    expect((await req(A, 'GET', '/api/v1/domain_blocks', { token: bob })).json<string[]>()).toContain(domain);
    await req(A, 'DELETE', `/api/v1/domain_blocks?domain=${domain}`, { token: bob });
    expect(sim.state(A).actions.at(-1)).toMatchObject({ kind: 'domain_unblock', target: domain });
  });
});

describe('reports', () => {
  test('JSON and form bodies; validation as Mastodon answers it; every report recorded', async () => {
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: alice })).json<S[]>();
    const s = home.find((x) => !x.reblog && x.account.acct.includes('@'))!;
    const r = await req(A, 'POST', '/api/v1/reports', {
      token: alice,
      json: {
        account_id: s.account.id,
        status_ids: [s.id],
        comment: 'spam',
        category: 'spam',
        forward: true,
        forward_to_domains: [s.account.acct.split('@')[1]],
      },
    });
    expect(r.status).toBe(200);
    const rep = r.json<Record<string, unknown>>();
    expect(rep).toMatchObject({
      category: 'spam',
      comment: 'spam',
      forwarded: true,
      status_ids: [s.id],
      rule_ids: null,
      action_taken: false,
    });
    expect(r.headers['x-ratelimit-limit']).toBe('400');
    const form = await req(A, 'POST', '/api/v1/reports', {
      token: alice,
      form: { account_id: s.account.id, 'status_ids[]': [s.id], comment: 'again', 'rule_ids[]': ['1'] },
    });
    expect(form.json<{ category: string; rule_ids: string[] }>()).toMatchObject({
      category: 'violation',
      rule_ids: ['1'],
    });
    expect(
      (
        await req(A, 'POST', '/api/v1/reports', {
          token: alice,
          json: { account_id: s.account.id, comment: 'x'.repeat(1001) },
        })
      ).status,
    ).toBe(422);
    const other = home.find((x) => x.account.id !== s.account.id && !x.reblog)!;
    expect(
      (
        await req(A, 'POST', '/api/v1/reports', {
          token: alice,
          json: { account_id: s.account.id, status_ids: [other.id] },
        })
      ).status,
    ).toBe(404);
    const recorded = sim.state(A).actions.filter((a) => a.kind === 'report' && a.by === 'alice');
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      target: s.account.id,
      targetAcct: s.account.acct,
      details: { statusIds: [s.id], category: 'spam', forward: true },
    });
  });
});

describe('delivery and streaming', () => {
  test('a delivered post is streamed to an open user stream and is on top of home', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${sim.port}/api/v1/streaming?stream=user&access_token=${alice}`, {
      headers: { host: A },
    });
    const messages: { stream: string[]; event: string; payload: string }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as (typeof messages)[number]));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const res = (await req(A, 'POST', '/__sim/deliver', { json: { instance: A, wave: 'w-oct2024' } })).json<{
      results: { delivered: string[] }[];
    }>();
    const delivered = res.results[0]!.delivered;
    expect(delivered.length).toBeGreaterThan(10);
    await expect
      .poll(() => messages.filter((m) => m.event === 'update').length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(delivered.length);
    const first = messages.find((m) => m.event === 'update')!;
    expect(first.stream).toEqual(['user']);
    const status = JSON.parse(first.payload) as S;
    expect(status.mentions).toHaveLength(10);
    expect(messages.some((m) => m.event === 'notification')).toBe(
      sim.scenario.posts.some((p) => delivered.includes(p.id) && p.mentions.includes(`alice@${A}`)),
    );
    const top = (await req(A, 'GET', '/api/v1/timelines/home?limit=1', { token: alice })).json<S[]>()[0]!;
    const lastId = delivered.at(-1)!;
    const lastPost = sim.scenario.posts.find((p) => p.id === lastId)!;
    expect(snowflakeTime(top.id)).toBe(lastPost.createdAt);
    ws.close();
  });
});

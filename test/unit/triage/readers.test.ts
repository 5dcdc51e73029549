/**
 * The triage readers against the simulated instances (real HTTP, the seeded moderation queues), the
 * grouping of what they read checked against the simulator's ground truth, and hostile answers
 * (the simulator's faults) refused with clear errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { groupReports } from '../../../src/core/triage/reports';
import { TriageReadError } from '../../../src/core/triage/read';
import { groupSignups } from '../../../src/core/triage/signups';
import * as mastodon from '../../../src/platforms/mastodon/triage';
import * as misskey from '../../../src/platforms/misskey/triage';
import { startSim, type Sim } from '../../sim';
import type { MastodonInstance } from '../../sim/mastodon';
import { adminTokenFor, webTokenFor } from '../../sim/mastodon/users';
import { nativeToken, type MisskeySimInstance } from '../../sim/misskey';
import { KA, MA, simFetcher } from '../queue/sim-tools';

let sim: Sim;
let fetcher: typeof fetch;

beforeAll(async () => {
  sim = await startSim({ scale: 0.01, stopAfterMs: 5 * 60_000 });
  fetcher = simFetcher(sim.port);
});
afterAll(async () => {
  await sim?.close();
});
afterEach(() => sim.clearFaults());

const mReader = (over: Partial<mastodon.MastodonReader> = {}): mastodon.MastodonReader => ({
  origin: `http://${MA}`,
  domain: MA,
  token: adminTokenFor(MA, 'mod'),
  fetcher,
  ...over,
});
const kReader = (over: Partial<misskey.MisskeyReader> = {}): misskey.MisskeyReader => ({
  origin: `http://${KA}`,
  domain: KA,
  token: nativeToken(KA, 'mod'),
  fetcher,
  ...over,
});

function truth() {
  const m = (sim.instances.get(MA) as MastodonInstance).moderationTruth();
  const k = (sim.instances.get(KA) as MisskeySimInstance).seededReports();
  const reports = new Map<string, 'spam' | 'legit'>();
  for (const [id, label] of Object.entries(m.reports)) reports.set(`${MA}|r|${id}`, label);
  for (const r of k) reports.set(`${KA}|r|${r.id}`, r.truth === 'spam-wave' ? 'spam' : 'legit');
  const signups = new Map<string, 'spam' | 'legit'>();
  for (const [id, label] of Object.entries(m.signups)) signups.set(`${MA}|s|${id}`, label);
  return { reports, signups };
}

describe('Mastodon', () => {
  test('every open report, with its target, reporter and reported statuses, in pages of 200', async () => {
    const r = await mastodon.readOpenReports(mReader());
    expect(r.stopped).toBeNull();
    expect(r.refused).toEqual([]);
    expect(r.requests).toBe(3); // 200, 10, and the empty page that ends the list
    expect(r.items).toHaveLength(210);
    const t = truth();
    expect(new Set(r.items.map((x) => x.key))).toEqual(new Set([...t.reports.keys()].filter((k) => k.startsWith(MA))));
    for (const x of r.items) {
      expect(x.target.acct).toMatch(/^[^@\s]+@[^@\s]+$/);
      expect(x.target.id).toMatch(/^\d+$/);
      expect(x.posts.length).toBeGreaterThan(0);
      expect(x.postsSource).toBe('reported');
      for (const p of x.posts) expect(p.instance).toBe(MA);
    }
    expect(r.items.filter((x) => x.forwarded).length).toBeGreaterThan(0);
  });

  test('pending sign-ups with e-mail, IP and reason', async () => {
    const r = await mastodon.readPendingSignups(mReader());
    expect(r.items).toHaveLength(68);
    expect(r.requests).toBe(2);
    const bot = r.items.find((s) => s.emailDomain === 'tempbox.example')!;
    expect(bot.ip).toMatch(/^203\.0\.113\./);
    expect(bot.reason).toMatch(/make new friends/);
    expect(bot.acct).toBe(`${bot.username}@${MA}`);
  });

  test('a bound and the rate-limit reserve stop the reading, and say why', async () => {
    const bounded = await mastodon.readOpenReports(mReader({ maxItems: 150 }));
    expect(bounded.items).toHaveLength(150);
    expect(bounded.stopped).toMatch(/first 200 open reports|first 150/);
    const reserved = await mastodon.readOpenReports(mReader({ reserve: 299 }));
    expect(reserved.requests).toBe(1);
    expect(reserved.items).toHaveLength(200);
    expect(reserved.stopped).toMatch(/leave the last \d+ requests of this rate-limit window to the actions/);
  });

  test('servers without the v2 accounts API are read through v1', async () => {
    const paths: string[] = [];
    const old: typeof fetch = (input, init) => {
      const url = String(input);
      paths.push(new URL(url).pathname);
      if (url.includes('/api/v2/admin/accounts'))
        return Promise.resolve(new Response('{"error":"Record not found"}', { status: 404 }));
      return fetcher(input, init);
    };
    const r = await mastodon.readPendingSignups(mReader({ fetcher: old }));
    expect(r.items).toHaveLength(68);
    expect(paths).toEqual(['/api/v2/admin/accounts', '/api/v1/admin/accounts', '/api/v1/admin/accounts']);
  });

  test.each([
    ['html-error', /HTML page/],
    ['malformed-json', /not JSON/],
    ['status200-error-body', /answered 200 with an error for open reports: Something went wrong/],
    ['status503', /answered 503/],
    ['drop', /no answer/],
  ])('a hostile answer (%s) is refused with a clear error', async (kind, message) => {
    sim.addFault({ kind: kind as 'html-error', host: MA, path: '/api/v1/admin/reports' });
    const e = await mastodon.readOpenReports(mReader()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TriageReadError);
    expect((e as Error).message).toMatch(message);
  });

  test('a later page that fails keeps the first page and says so', async () => {
    let calls = 0;
    const failing: typeof fetch = (input, init) => {
      if (++calls === 2) sim.addFault({ kind: 'status500', host: MA, path: '/api/v1/admin/reports', times: 1 });
      return fetcher(input, init);
    };
    const r = await mastodon.readOpenReports(mReader({ fetcher: failing }));
    expect(r.items).toHaveLength(200);
    expect(r.stopped).toMatch(/answered 500/);
  });

  test('a refused token and a token without admin scopes say what to do', async () => {
    const bad = await mastodon.readOpenReports(mReader({ token: 'sim-nobody-xxxxxxxx' })).catch((x: Error) => x);
    expect((bad as Error).message).toMatch(/token was refused \(401.*sign in as moderator again/);
    const web = await mastodon.readOpenReports(mReader({ token: webTokenFor(MA, 'mod') })).catch((x: Error) => x);
    expect((web as Error).message).toMatch(/not allowed to read open reports \(403/);
    const user = await mastodon.readOpenReports(mReader({ token: adminTokenFor(MA, 'alice') })).catch((x: Error) => x);
    expect((user as TriageReadError).status).toBe(403);
  });
});

describe('Misskey', () => {
  test('every open report, with the notes it links to or its account latest notes', async () => {
    const r = await misskey.readOpenReports(kReader());
    expect(r.items).toHaveLength(108);
    expect(r.refused).toEqual([]);
    const sources = new Map<string, number>();
    for (const x of r.items) sources.set(x.postsSource, (sources.get(x.postsSource) ?? 0) + 1);
    expect(sources.get('linked')).toBeGreaterThan(60);
    expect(sources.get('recent')).toBeGreaterThan(10);
    // Lookups: one per linked note and one per account without one, never one per report.
    expect(r.requests).toBeLessThan(108);
    for (const x of r.items) expect(x.target.acct).toMatch(/^[^@\s]+@[^@\s]+$/);
  });

  test('a token of a non-moderator, a bad token, and a hostile answer', async () => {
    const user = await misskey.readOpenReports(kReader({ token: nativeToken(KA, 'alice') })).catch((x: Error) => x);
    expect((user as Error).message).toMatch(/not a moderator/);
    const bad = await misskey.readOpenReports(kReader({ token: 'AAAAAAAAAAAAAAAA' })).catch((x: Error) => x);
    expect((bad as Error).message).toMatch(/token was refused \(AUTHENTICATION_FAILED\)/);
    sim.addFault({ kind: 'status200-error-body', host: KA, path: '/api/admin/abuse-user-reports' });
    const odd = await misskey.readOpenReports(kReader()).catch((x: Error) => x);
    expect((odd as Error).message).toMatch(/answered 200 with an error for open reports: Something went wrong/);
  });
});

describe('grouping what was read', () => {
  test('the wave reported on both instances is one group; the genuine reports stay alone', async () => {
    const [m, k] = await Promise.all([mastodon.readOpenReports(mReader()), misskey.readOpenReports(kReader())]);
    const t0 = performance.now();
    const g = groupReports([...m.items, ...k.items]);
    const ms = performance.now() - t0;
    const t = truth();
    const spam = [...t.reports].filter(([, l]) => l === 'spam').map(([k2]) => k2);
    const legit = [...t.reports].filter(([, l]) => l === 'legit').map(([k2]) => k2);
    expect(spam).toHaveLength(300);
    // Every wave report is in a wave group and no genuine one is in any group.
    const grouped = new Set(g.groups.flatMap((x) => x.keys));
    for (const key of spam) expect(grouped.has(key), key).toBe(true);
    for (const key of legit) expect(g.singles).toContain(key);
    const biggest = g.groups[0]!;
    expect(biggest.kind).toBe('wave');
    expect(biggest.instances).toEqual({ [MA]: 200, [KA]: 100 });
    expect(biggest.reasons[0]!.code).toMatch(/^wave\./);
    expect(biggest.reasons.map((r) => r.code)).toContain('report.count');
    expect(biggest.sample.text.length + (biggest.sample.postKey ? 1 : 0)).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2_000);
  });

  test('the bot sign-ups are one group, the genuine ones alone', async () => {
    const r = await mastodon.readPendingSignups(mReader());
    const g = groupSignups(r.items);
    const t = truth();
    expect(g.groups).toHaveLength(1);
    expect(new Set(g.groups[0]!.keys)).toEqual(
      new Set([...t.signups].filter(([, l]) => l === 'spam').map(([key]) => key)),
    );
    expect(new Set(g.singles)).toEqual(new Set([...t.signups].filter(([, l]) => l === 'legit').map(([key]) => key)));
  });
});

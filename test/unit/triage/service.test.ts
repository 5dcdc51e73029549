/**
 * The triage service in the background: which token reads each instance, one list across them,
 * the snapshot kept for the service worker's life and read once when two pages ask at once, no
 * token in what the page gets; and the router's check of who may ask.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { TriageService } from '../../../src/background/triage';
import { isRefusal } from '../../../src/messaging/protocol';
import { putToken } from '../../../src/storage/tokens';
import { startSim, type Sim } from '../../sim';
import { adminTokenFor } from '../../sim/mastodon/users';
import { nativeToken } from '../../sim/misskey';
import { backgroundOn, pageSender, tabSender, Tabs, useBackgrounds } from '../background/helpers';
import { addSimInstance, KA, loginModerator, loginPage, MA, MB, simFetcher } from '../queue/sim-tools';
import { useFreshDb } from '../storage/helpers';

const freshDb = useFreshDb();
useBackgrounds();
let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ scale: 0.01, stopAfterMs: 5 * 60_000 });
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(() => fakeBrowser.reset());

async function setup() {
  const d = freshDb();
  await addSimInstance(d, MA, 'moderator');
  await addSimInstance(d, KA, 'moderator');
  await addSimInstance(d, MB, 'user');
  await loginModerator(d, MA); // Breakwater's own sign-in with the admin scopes
  await loginPage(d, KA, 'mod'); // a moderator's web UI token (Misskey: it may read reports)
  await loginPage(d, MB, 'alice'); // a user's web UI token: no admin scopes
  return d;
}

const reads = (domain: string) => {
  const c = sim.state(domain).requestCounts;
  return Object.entries(c)
    .filter(([k]) => /admin\/(reports|accounts|abuse-user-reports)/.test(k))
    .reduce((n, [, v]) => n + v, 0);
};

describe('TriageService', () => {
  test('one list across instances, each read with the token that may; instances without one say so', async () => {
    const d = await setup();
    const service = new TriageService({ db: d, fetcher: simFetcher(sim.port) });
    const r = await service.load();
    if (!r.ok) throw new Error(r.message);
    const s = r.snapshot;
    const byDomain = Object.fromEntries(s.instances.map((i) => [i.domain, i]));
    expect(byDomain[MA]).toMatchObject({ status: 'ok', account: 'mod', reports: 210, signups: 68 });
    expect(byDomain[KA]).toMatchObject({ status: 'ok', account: 'mod', reports: 108, signups: null });
    expect(byDomain[MB]).toMatchObject({ status: 'no-login', reports: 0 });
    expect(byDomain[MB]!.message).toMatch(/Sign in as moderator/);
    expect(s.reports).toHaveLength(318);
    expect(s.reportGroups[0]!.instances).toEqual({ [MA]: 200, [KA]: 100 });
    expect(s.signupGroups[0]!.keys).toHaveLength(60);
    // Nothing of a token reaches the page.
    const json = JSON.stringify(s);
    expect(json).not.toContain(adminTokenFor(MA, 'mod'));
    expect(json).not.toContain(nativeToken(KA, 'mod'));
  });

  test('kept for the worker life, read again on refresh, and once when two pages ask at once', async () => {
    const d = await setup();
    const service = new TriageService({ db: d, fetcher: simFetcher(sim.port) });
    const first = await service.load();
    const before = reads(MA);
    const again = await service.load();
    expect(reads(MA)).toBe(before);
    expect(again.ok && first.ok && again.snapshot).toBe(first.ok && first.snapshot);
    const [a, b] = await Promise.all([service.load(true), service.load(true)]);
    expect(a.ok && b.ok && a.snapshot).toBe(b.ok && b.snapshot);
    expect(reads(MA) - before).toBe(5); // reports 3 pages + sign-ups 2, once
  });

  test('a sign-in token without the accounts scope reads reports only, and says why', async () => {
    const d = await setup();
    await putToken(
      {
        instance: MA,
        source: 'signin',
        token: adminTokenFor(MA, 'mod'),
        account: 'mod',
        scopes: ['admin:read:reports', 'admin:write:reports'],
      },
      1,
      d,
    );
    const r = await new TriageService({ db: d, fetcher: simFetcher(sim.port) }).load();
    if (!r.ok) throw new Error(r.message);
    const ma = r.snapshot.instances.find((i) => i.domain === MA)!;
    expect(ma).toMatchObject({ status: 'partial', reports: 210, signups: null });
    expect(ma.message).toMatch(/admin:read:accounts/);
  });

  test('a server that fails is an error of that instance only', async () => {
    const d = await setup();
    sim.addFault({ kind: 'html-error', host: KA, path: '/api/admin/abuse-user-reports' });
    try {
      const r = await new TriageService({ db: d, fetcher: simFetcher(sim.port) }).load();
      if (!r.ok) throw new Error(r.message);
      const byDomain = Object.fromEntries(r.snapshot.instances.map((i) => [i.domain, i]));
      expect(byDomain[KA]!.status).toBe('error');
      expect(byDomain[KA]!.message).toMatch(/HTML page/);
      expect(byDomain[MA]!.status).toBe('ok');
      expect(r.snapshot.reports).toHaveLength(210);
    } finally {
      sim.clearFaults();
    }
  });
});

describe('ui:triageLoad through the router', () => {
  test("only Breakwater's own pages may ask", async () => {
    const d = freshDb();
    const tabs = new Tabs();
    tabs.open(1, 'http://mastodon-a.test/home');
    const bg = backgroundOn(d, tabs);
    const refused = await bg.route({ type: 'ui:triageLoad' }, tabSender(1, 'http://mastodon-a.test'));
    expect(isRefusal(refused)).toBe(true);
    const bad = await bg.route({ type: 'ui:triageLoad', refresh: 'yes' }, pageSender());
    expect(isRefusal(bad)).toBe(true);
    const ok = await bg.route({ type: 'ui:triageLoad', refresh: true }, pageSender());
    expect(ok).toMatchObject({ ok: true, snapshot: { reports: [], instances: [] } });
  });
});

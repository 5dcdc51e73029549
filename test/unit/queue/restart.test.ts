/**
 * Restarts: the worker (or the browser) stops while a request is in flight. A second queue on the
 * same store plays the next service-worker life. The action in flight is checked on the server
 * before it is tried again, so the server's record has every action once.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionKind } from '../../../src/core/queue/types';
import { startSim, type Sim } from '../../sim';
import { useFreshDb } from '../storage/helpers';
import {
  addSimInstance,
  KA,
  knownTargets,
  loginModerator,
  loginPage,
  MA,
  makeQueue,
  recorded,
  simFetcher,
} from './helpers';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({
    scale: 0.01,
    roster: [
      { domain: MA, platform: 'mastodon', version: '4.6.5' },
      { domain: KA, platform: 'misskey', version: '2025.7.0' },
    ],
  });
});
afterAll(() => sim.close());
const freshDb = useFreshDb();

/**
 * A transport that dies on the `n`-th request whose path ends with `path`: the request reaches the
 * server (`delivered`) or not, and the answer never comes back, as when the worker is stopped.
 */
function dyingFetcher(n: number, path: string, delivered: boolean) {
  const real = simFetcher(sim.port);
  let seen = 0;
  let died!: () => void;
  const dead = new Promise<void>((r) => (died = r));
  const fetcher = ((url: string, init: RequestInit = {}) => {
    if (!new URL(url).pathname.endsWith(path) || ++seen !== n) return real(url, init);
    return (async () => {
      if (delivered) await real(url, init);
      died();
      return new Promise<Response>(() => {});
    })();
  }) as typeof fetch;
  return { fetcher, dead };
}

const cases: {
  what: string;
  domain: string;
  user: string;
  moderator?: boolean;
  kind: ActionKind;
  path: string;
  recordedAs: string;
  delivered: boolean;
}[] = [
  {
    what: 'Mastodon block received, answer lost',
    domain: MA,
    user: 'alice',
    kind: 'block',
    path: '/block',
    recordedAs: 'block',
    delivered: true,
  },
  {
    what: 'Mastodon block never sent',
    domain: MA,
    user: 'bob',
    kind: 'block',
    path: '/block',
    recordedAs: 'block',
    delivered: false,
  },
  {
    what: 'Mastodon mute received',
    domain: MA,
    user: 'carol',
    kind: 'mute',
    path: '/mute',
    recordedAs: 'mute',
    delivered: true,
  },
  {
    what: "Mastodon report by a moderator's sign-in, received",
    domain: MA,
    user: 'mod',
    moderator: true,
    kind: 'report',
    path: '/api/v1/reports',
    recordedAs: 'report',
    delivered: true,
  },
  {
    what: 'Misskey block received',
    domain: KA,
    user: 'alice',
    kind: 'block',
    path: '/api/blocking/create',
    recordedAs: 'block',
    delivered: true,
  },
  {
    what: 'Misskey mute never sent',
    domain: KA,
    user: 'bob',
    kind: 'mute',
    path: '/api/mute/create',
    recordedAs: 'mute',
    delivered: false,
  },
  {
    what: 'Misskey report by a moderator, received',
    domain: KA,
    user: 'mod',
    kind: 'report',
    path: '/api/users/report-abuse',
    recordedAs: 'report',
    delivered: true,
  },
];

describe('the worker stops with a request in flight', () => {
  test.each(cases)(
    '$what: every action once',
    async ({ domain, user, moderator, kind, path, recordedAs, delivered }) => {
      const d = freshDb();
      await addSimInstance(d, domain);
      await loginPage(d, domain, user);
      if (moderator) await loginModerator(d, domain, user);
      const targets = knownTargets(sim, domain, 6)
        .filter((t) => kind !== 'report' || t.postIds.length)
        .slice(0, 5);
      const { fetcher, dead } = dyingFetcher(3, path, delivered);
      const life1 = makeQueue(d, sim, { fetcher, inDoubtDelayMs: 30 }).q;
      const r = await life1.enqueue({ instance: domain, kind, targets, options: { comment: 'wave' } });
      expect(r.ok).toBe(true);
      await dead;
      life1.close();
      const row = await d.actions.filter((a) => a.state === 'running').toArray();
      expect(row).toHaveLength(1);
      // The next life: same store, a working network.
      const life2 = makeQueue(d, sim, { inDoubtDelayMs: 30 }).q;
      await life2.start();
      await life2.settled();
      const got = recorded(sim, domain, recordedAs, user);
      expect([...got.keys()].sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
      expect([...got.values()].every((n) => n === 1)).toBe(true);
      const [p] = await life2.list();
      expect(p).toMatchObject({ state: 'done', done: targets.length, failed: 0 });
      const audit = await d.audit.toArray();
      expect(audit.some((a) => a.detail.startsWith('checked after an interruption'))).toBe(delivered);
      life2.close();
    },
  );

  test("a user's report in flight cannot be checked: failed as in doubt, not filed twice", async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'kaori');
    const targets = knownTargets(sim, MA, 4);
    const { fetcher, dead } = dyingFetcher(2, '/api/v1/reports', true);
    const life1 = makeQueue(d, sim, { fetcher, inDoubtDelayMs: 30 }).q;
    await life1.enqueue({ instance: MA, kind: 'report', targets, options: {} });
    await dead;
    life1.close();
    const life2 = makeQueue(d, sim, { inDoubtDelayMs: 30 }).q;
    await life2.settled();
    const [p] = await life2.list();
    expect(p).toMatchObject({ state: 'done', done: 3, failed: 1 });
    expect(p!.failures[0]!.message).toMatch(/in doubt/);
    const got = recorded(sim, MA, 'report', 'kaori');
    expect(got.size).toBe(4);
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    life2.close();
  });

  test('pause survives a restart; resume continues where it was', async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'hiro');
    const targets = knownTargets(sim, MA, 6);
    const { fetcher, dead } = dyingFetcher(3, '/block', false);
    const life1 = makeQueue(d, sim, { fetcher, inDoubtDelayMs: 30 }).q;
    const r = await life1.enqueue({ instance: MA, kind: 'block', targets, options: {} });
    const id = r.ok ? r.batchId : '';
    await dead;
    expect((await life1.control(id, 'pause')).ok).toBe(true);
    life1.close();
    const life2 = makeQueue(d, sim, { inDoubtDelayMs: 30 }).q;
    await life2.start();
    await new Promise((res) => setTimeout(res, 100));
    const [paused] = await life2.list();
    expect(paused).toMatchObject({ state: 'paused', done: 2, remaining: 4 });
    expect(recorded(sim, MA, 'block', 'hiro').size).toBe(2);
    expect(await life2.control(id, 'resume')).toMatchObject({ ok: true });
    await life2.settled();
    expect(recorded(sim, MA, 'block', 'hiro').size).toBe(6);
    expect((await life2.list())[0]).toMatchObject({ state: 'done', done: 6 });
    life2.close();
  });
});

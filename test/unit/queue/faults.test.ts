/**
 * Faults on the way (test/sim's injected faults, applied before the instance sees the request):
 * 5xx, HTML error pages, dropped connections, cut JSON, a 200 with an error body, slow answers.
 * Every action ends done exactly once on the server, or failed with a clear reason; never "done"
 * without the server's record, never twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startSim, type Sim } from '../../sim';
import type { FaultRule } from '../../sim/types';
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
beforeEach(() => sim.clearFaults());
const freshDb = useFreshDb();

const FAULTS: FaultRule['kind'][] = [
  'status500',
  'status503',
  'html-error',
  'drop',
  'malformed-json',
  'status200-error-body',
];

describe.each([
  { domain: MA, user: 'alice', path: '/block' },
  { domain: KA, user: 'alice', path: '/api/blocking/create' },
])('blocks on $domain through every fault', ({ domain, user, path }) => {
  test('each account blocked exactly once', async () => {
    const d = freshDb();
    await addSimInstance(d, domain);
    await loginPage(d, domain, user);
    const { q } = makeQueue(d, sim, { inDoubtDelayMs: 50 });
    for (const kind of FAULTS) sim.addFault({ host: domain, path, kind, times: 1 });
    const targets = knownTargets(sim, domain, 8);
    await q.enqueue({ instance: domain, kind: 'block', targets, options: {} });
    await q.settled();
    const blocks = recorded(sim, domain, 'block', user);
    expect([...blocks.keys()].sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
    expect([...blocks.values()].every((n) => n === 1)).toBe(true);
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'done', done: 8, failed: 0 });
    const audit = await d.audit.toArray();
    // Every attempt is in the audit log: 8 successes plus one line per fault met.
    expect(audit.filter((a) => a.result === 'ok')).toHaveLength(8);
    expect(audit.filter((a) => a.result === 'failed').length).toBeGreaterThanOrEqual(FAULTS.length);
  });
});

describe('reports through faults', () => {
  test("a moderator's reports: a dropped answer is checked in the report list, filed once", async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginModerator(d, MA, 'mod');
    const { q } = makeQueue(d, sim, { inDoubtDelayMs: 50 });
    sim.addFault({ host: MA, path: '/api/v1/reports', kind: 'drop', times: 2 });
    sim.addFault({ host: MA, path: '/api/v1/reports', kind: 'status503', times: 1 });
    const targets = knownTargets(sim, MA, 5);
    await q.enqueue({ instance: MA, kind: 'report', targets, options: { comment: 'wave' } });
    await q.settled();
    const reports = recorded(sim, MA, 'report', 'mod');
    expect([...reports.keys()].sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
    expect([...reports.values()].every((n) => n === 1)).toBe(true);
    expect(sim.state(MA).requestCounts['GET /api/v1/admin/reports']).toBeGreaterThanOrEqual(2);
  });

  test("a user's report whose answer was lost cannot be checked: failed as in doubt, never filed twice", async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'bob');
    const { q } = makeQueue(d, sim, { inDoubtDelayMs: 50 });
    sim.addFault({ host: MA, path: '/api/v1/reports', kind: 'drop', times: 1 });
    sim.addFault({ host: MA, path: '/api/v1/reports', kind: 'status500', times: 1 });
    const targets = knownTargets(sim, MA, 4);
    await q.enqueue({ instance: MA, kind: 'report', targets, options: {} });
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ done: 3, failed: 1 });
    expect(p!.failures[0]!.message).toMatch(/in doubt/);
    expect([...recorded(sim, MA, 'report', 'bob').values()].every((n) => n === 1)).toBe(true);
  });

  test('a request the server works on after the client gave up: checked once it landed, not sent twice', async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'carol');
    // The sim's `slow` fault drops requests whose client went away; a real server may finish them.
    // This transport delivers the first block 400 ms late, whatever the client does meanwhile.
    const real = simFetcher(sim.port);
    let late = 1;
    const fetcher = ((url: string, init: RequestInit = {}) => {
      if (!String(url).endsWith('/block') || late-- <= 0) return real(url, init);
      return new Promise<Response>((_resolve, reject) => {
        setTimeout(() => void real(url, { ...init, signal: undefined }).catch(() => {}), 400);
        init.signal?.addEventListener('abort', () => reject(new Error('The operation was aborted')));
      });
    }) as typeof fetch;
    const { q } = makeQueue(d, sim, { fetcher, timeoutMs: 150, inDoubtDelayMs: 600 });
    const t0 = Date.now();
    const targets = knownTargets(sim, MA, 3);
    await q.enqueue({ instance: MA, kind: 'block', targets, options: {} });
    await q.settled();
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + 500 - Date.now())));
    const blocks = recorded(sim, MA, 'block', 'carol');
    expect(blocks.size).toBe(3);
    expect([...blocks.values()].every((n) => n === 1)).toBe(true);
    const audit = await d.audit.toArray();
    expect(audit.some((a) => /no answer within/.test(a.detail))).toBe(true);
    expect(audit.some((a) => /checked after an interruption: already blocking/.test(a.detail))).toBe(true);
  });

  test('a fault that never ends: the action fails after its attempts, with the reason', async () => {
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'kaori');
    const { q } = makeQueue(d, sim);
    sim.addFault({ host: MA, path: '/mute', kind: 'status503' });
    await q.enqueue({ instance: MA, kind: 'mute', targets: knownTargets(sim, MA, 1), options: {} });
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'done', done: 0, failed: 1 });
    expect(p!.failures[0]!.message).toMatch(/gave up after 6 attempts: server error 503/);
    expect(recorded(sim, MA, 'mute', 'kaori').size).toBe(0);
  });
});

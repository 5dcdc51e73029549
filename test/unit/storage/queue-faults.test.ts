/**
 * The action queue when its store fails: the quota runs out before a batch is stored, and in the
 * middle of a batch (between a request and the write of its answer). Nothing may be lost, nothing
 * done twice, the user is told, and the queue goes on by itself once the store takes writes again.
 * The quota is simulated below Dexie (./quota-sim.ts), as a browser's IndexedDB refuses a write.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActionQueue } from '../../../src/background/queue/service';
import { startSim, type Sim } from '../../sim';
import { addSimInstance, knownTargets, loginPage, MA, recorded, simFetcher } from '../queue/sim-tools';
import { useFreshDb } from './helpers';
import { simulateQuota } from './quota-sim';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ port: 0, stopAfterMs: 5 * 60_000 });
});
afterAll(() => sim.close());

describe('the action queue on a full store', () => {
  const freshDb = useFreshDb();

  test('a batch refused for quota: nothing queued, the reason said, the store told', async () => {
    const d = freshDb();
    const quota = simulateQuota(d, ['actions', 'batches']);
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'alice');
    const problems: unknown[] = [];
    const q = new ActionQueue({ db: d, fetcher: simFetcher(sim.port), onStoreError: (p) => problems.push(p) });
    try {
      quota.full = true;
      const r = await q.enqueue({ instance: MA, kind: 'block', targets: knownTargets(sim, MA, 3), options: {} });
      expect(r).toMatchObject({
        ok: false,
        message: expect.stringMatching(/Nothing was queued.*storage quota exceeded/),
      });
      expect(await d.actions.count()).toBe(0);
      expect(await d.batches.count()).toBe(0);
      expect(problems).toEqual([{ state: 'full', message: expect.stringMatching(/storage quota exceeded/) }]);
      quota.full = false;
      const ok = await q.enqueue({ instance: MA, kind: 'block', targets: knownTargets(sim, MA, 3), options: {} });
      expect(ok.ok).toBe(true);
      expect(problems.at(-1)).toBeNull();
    } finally {
      q.close();
    }
  });

  test('the quota runs out mid-batch: the queue waits, checks what it could not record, goes on; each account blocked once', async () => {
    const d = freshDb();
    const quota = simulateQuota(d, ['actions', 'audit', 'limits']);
    await addSimInstance(d, MA);
    await loginPage(d, 'mastodon-a.test', 'bob');
    const problems: ({ state: string; message: string } | null)[] = [];
    // The store fills as soon as the second answer arrives (its record cannot be written).
    let answers = 0;
    const toSim = simFetcher(sim.port);
    const fetcher: typeof fetch = async (...a) => {
      const res = await toSim(...a);
      if (++answers === 2) quota.full = true;
      return res;
    };
    const q = new ActionQueue({
      db: d,
      fetcher,
      retry: { baseMs: 10, capMs: 50, maxAttempts: 4 },
      inDoubtDelayMs: 10,
      onStoreError: (p) => problems.push(p),
    });
    try {
      const targets = knownTargets(sim, MA, 6);
      const r = await q.enqueue({ instance: MA, kind: 'block', targets, options: {} });
      expect(r.ok).toBe(true);
      // Held while full: nothing more is recorded, and the user is told why.
      await new Promise((res) => setTimeout(res, 1_000));
      expect(problems[0]).toMatchObject({ state: 'full', message: expect.stringMatching(/storage quota exceeded/) });
      expect((await d.actions.toArray()).filter((a) => a.state === 'done').length).toBeLessThanOrEqual(1);
      quota.full = false;
      await q.settled();
      const [p] = await q.list();
      expect(p).toMatchObject({ state: 'done', done: 6, failed: 0 });
      expect((await d.actions.toArray()).every((a) => a.state === 'done')).toBe(true);
      const blocks = recorded(sim, MA, 'block', 'bob');
      expect([...blocks.keys()].sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
      expect([...blocks.values()].every((n) => n === 1)).toBe(true);
      // The action whose answer could not be recorded was checked on the server, not sent again.
      const audit = await d.audit.toArray();
      expect(audit.some((a) => /checked after an interruption/.test(a.detail))).toBe(true);
      expect(problems.at(-1)).toBeNull();
    } finally {
      q.close();
    }
  }, 30_000);
});

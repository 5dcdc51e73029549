/**
 * The same action on the same account is queued once: from two tabs at the same moment, with the
 * account written differently, and again after it was done, until it was undone.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSim, type Sim } from '../../sim';
import { useFreshDb } from '../storage/helpers';
import { addSimInstance, knownTargets, loginPage, MA, makeQueue, recorded } from './helpers';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ scale: 0.01, roster: [{ domain: MA, platform: 'mastodon', version: '4.6.5' }] });
});
afterAll(() => sim.close());
const freshDb = useFreshDb();

async function setup(user: string) {
  const d = freshDb();
  await addSimInstance(d, MA);
  await loginPage(d, MA, user);
  return { d, q: makeQueue(d, sim).q };
}

test('two tabs enqueue overlapping batches at the same moment: each account once', async () => {
  const { q, d } = await setup('alice');
  const t = knownTargets(sim, MA, 8);
  const [a, b] = await Promise.all([
    q.enqueue({ instance: MA, kind: 'block', targets: t.slice(0, 6), options: {} }),
    // The other tab reads the accounts differently: no id yet, upper case, a leading @.
    q.enqueue({
      instance: MA,
      kind: 'block',
      targets: t.slice(3).map((x) => ({ ...x, accountId: null, acct: `@${x.acct.toUpperCase()}` })),
      options: {},
    }),
  ]);
  expect(a.ok && b.ok).toBe(true);
  expect((a.ok ? a.progress.total : 0) + (b.ok ? b.progress.total : 0)).toBe(8);
  await q.settled();
  const blocks = recorded(sim, MA, 'block', 'alice');
  expect(blocks.size).toBe(8);
  expect([...blocks.values()].every((n) => n === 1)).toBe(true);
  expect(await d.actions.count()).toBe(8);
});

test('the plan lists duplicates with the reason; a second enqueue of the same is refused', async () => {
  const { q } = await setup('bob');
  const t = knownTargets(sim, MA, 3);
  const r = await q.enqueue({ instance: MA, kind: 'mute', targets: t, options: {} });
  const plan = await q.plan({ instance: MA, kind: 'mute', targets: [...t, t[0]!], options: {} });
  expect(plan.actions).toEqual([]);
  expect(plan.skipped.map((s) => s.reason)).toEqual([
    ...t.map(() => expect.stringMatching(/^already (queued|done) \(batch /)),
    'listed twice in this batch',
  ]);
  expect(await q.enqueue({ instance: MA, kind: 'mute', targets: t, options: {} })).toMatchObject({ ok: false });
  await q.settled();
  const again = await q.plan({ instance: MA, kind: 'mute', targets: t, options: {} });
  expect(again.skipped.every((s) => s.reason.includes(r.ok ? r.batchId : 'x'))).toBe(true);
  // Undone, it may be done again.
  await q.undo(r.ok ? r.batchId : '');
  await q.settled();
  expect((await q.plan({ instance: MA, kind: 'mute', targets: t, options: {} })).actions).toHaveLength(3);
  expect(recorded(sim, MA, 'mute', 'bob').size).toBe(3);
});

test('another acting account is another action', async () => {
  const { q, d } = await setup('carol');
  const t = knownTargets(sim, MA, 2);
  await q.enqueue({ instance: MA, kind: 'block', targets: t, options: {} });
  await q.settled();
  // carol's sign-in is replaced by kaori's (another account on the same instance).
  await loginPage(d, MA, 'kaori');
  const plan = await q.plan({ instance: MA, kind: 'block', targets: t, options: {} });
  expect(plan.actions).toHaveLength(2);
});

test('cancel: the request in flight finishes, nothing more is sent, the rest is cancelled', async () => {
  const { q } = await setup('hiro');
  const t = knownTargets(sim, MA, 6);
  sim.addFault({ kind: 'slow', host: MA, path: '/block', delayMs: 300, times: 1 });
  const r = await q.enqueue({ instance: MA, kind: 'block', targets: t, options: {} });
  await new Promise((res) => setTimeout(res, 100));
  const c = await q.control(r.ok ? r.batchId : '', 'cancel');
  expect(c).toMatchObject({ ok: true, progress: { state: 'cancelled' } });
  await q.settled();
  await new Promise((res) => setTimeout(res, 400));
  const [p] = await q.list();
  expect(p).toMatchObject({ state: 'cancelled', remaining: 0 });
  expect(p!.done).toBeLessThanOrEqual(1);
  expect(recorded(sim, MA, 'block', 'hiro').size).toBe(p!.done);
  expect(await q.control(r.ok ? r.batchId : '', 'resume')).toMatchObject({ ok: false });
});

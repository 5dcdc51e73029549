/**
 * The queue's messages through the background's router: who may send what (a tab only for its own
 * instance, `ui:` only from Breakwater's pages), the shapes and sizes refused, the progress pushed,
 * and no token in any answer or push.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { isRefusal } from '../../../src/messaging/protocol';
import { parseBgMessage } from '../../../src/messaging/listen';
import { startSim, type Sim } from '../../sim';
import { webTokenFor } from '../../sim/mastodon/users';
import { nativeToken } from '../../sim/misskey';
import { backgroundOn, pageSender, tabSender, Tabs, useBackgrounds } from '../background/helpers';
import { useFreshDb } from '../storage/helpers';
import { addSimInstance, KA, knownTargets, loginPage, MA, makeQueue } from './helpers';

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
useBackgrounds();
let tabs: Tabs;
beforeEach(() => {
  fakeBrowser.reset();
  tabs = new Tabs();
  tabs.open(1, `http://${MA}/home`);
  tabs.open(2, `http://${KA}/`);
});

async function setup() {
  const d = freshDb();
  await addSimInstance(d, MA);
  await addSimInstance(d, KA);
  await loginPage(d, MA, 'alice');
  await loginPage(d, KA, 'alice');
  const { q, pushes } = makeQueue(d, sim);
  const bg = backgroundOn(d, tabs, { queue: q });
  return { d, q, pushes, bg };
}
const req = (instance: string, n = 2) => ({
  instance,
  kind: 'block' as const,
  targets: knownTargets(sim, instance, n),
  options: {},
});

test('a tab plans and enqueues for its own instance only', async () => {
  const { bg, q } = await setup();
  const own = await bg.route({ type: 'content:planBatch', req: req(MA) }, tabSender(1, `http://${MA}`));
  expect(own).toMatchObject({ actions: [{ kind: 'block' }, { kind: 'block' }], needsModeratorToken: false });
  for (const type of ['content:planBatch', 'content:enqueueBatch'])
    expect(isRefusal(await bg.route({ type, req: req(KA) }, tabSender(1, `http://${MA}`)))).toBe(true);
  const r = await bg.route({ type: 'content:enqueueBatch', req: req(MA) }, tabSender(1, `http://${MA}`));
  expect(r).toMatchObject({ ok: true, progress: { instance: MA, total: 2 } });
  await q.settled();
});

test("a tab cannot pause, cancel or undo another instance's batch", async () => {
  const { bg, q } = await setup();
  const r = (await bg.route({ type: 'ui:enqueueBatch', req: req(KA) }, pageSender())) as { ok: true; batchId: string };
  expect(r.ok).toBe(true);
  const other = tabSender(1, `http://${MA}`);
  expect(await bg.route({ type: 'content:batchControl', req: { batchId: r.batchId, op: 'cancel' } }, other)).toEqual({
    ok: false,
    message: 'no such batch',
  });
  expect(await bg.route({ type: 'content:undoBatch', req: { batchId: r.batchId } }, other)).toEqual({
    ok: false,
    message: 'no such batch',
  });
  expect(
    await bg.route(
      { type: 'content:batchControl', req: { batchId: r.batchId, op: 'pause' } },
      tabSender(2, `http://${KA}`),
    ),
  ).toMatchObject({ ok: true });
  await q.settled();
});

const t1 = () => req(MA, 1);
test.each([
  ['ui: from a tab', () => ({ type: 'ui:listBatches', req: {} }), () => tabSender(1, `http://${MA}`)],
  [
    'more than 500 targets',
    () => ({ type: 'ui:planBatch', req: { ...t1(), targets: Array.from({ length: 501 }, () => t1().targets[0]) } }),
    pageSender,
  ],
  ['an unknown kind', () => ({ type: 'ui:planBatch', req: { ...t1(), kind: 'nuke' } }), pageSender],
  [
    'an acct that is not user@host',
    () => ({
      type: 'ui:planBatch',
      req: { ...t1(), targets: [{ accountId: null, acct: 'nobody', postIds: [], postUrls: [] }] },
    }),
    pageSender,
  ],
  [
    'a comment over 1000 characters',
    () => ({ type: 'ui:planBatch', req: { ...t1(), options: { comment: 'x'.repeat(1001) } } }),
    pageSender,
  ],
  [
    'a negative mute duration',
    () => ({ type: 'ui:planBatch', req: { ...t1(), kind: 'mute', options: { durationSeconds: -5 } } }),
    pageSender,
  ],
  [
    'a batch id with a path in it',
    () => ({ type: 'ui:batchControl', req: { batchId: '../x', op: 'pause' } }),
    pageSender,
  ],
  ['an unknown control', () => ({ type: 'ui:batchControl', req: { batchId: 'abc', op: 'explode' } }), pageSender],
] as [string, () => object, () => ReturnType<typeof pageSender>][])('refused: %s', async (_what, msg, sender) => {
  const { bg } = await setup();
  expect(isRefusal(await bg.route(msg(), sender()))).toBe(true);
});

test('progress is pushed as bg:batchProgress that pages and content scripts accept; no token anywhere', async () => {
  const { bg, q, pushes } = await setup();
  const answers: unknown[] = [];
  answers.push(await bg.route({ type: 'ui:planBatch', req: req(MA, 3) }, pageSender()));
  const r = (await bg.route({ type: 'ui:enqueueBatch', req: req(MA, 3) }, pageSender())) as { batchId: string };
  answers.push(r);
  await q.settled();
  answers.push(await bg.route({ type: 'ui:listBatches', req: { limit: 10 } }, pageSender()));
  answers.push(await bg.route({ type: 'ui:undoBatch', req: { batchId: r.batchId } }, pageSender()));
  await q.settled();
  await new Promise((res) => setTimeout(res, 60));
  expect(pushes.length).toBeGreaterThan(1);
  for (const p of pushes)
    expect(parseBgMessage({ type: 'bg:batchProgress', progress: p }, { id: fakeBrowser.runtime.id })).not.toBeNull();
  expect(pushes.at(-1)).toMatchObject({ state: 'done' });
  const text = JSON.stringify([answers, pushes, await q.list()]);
  for (const token of [webTokenFor(MA, 'alice'), nativeToken(KA, 'alice')]) expect(text).not.toContain(token);
});

/**
 * Pacing against the simulated servers' real limits, scaled: Mastodon's 300 per 5 minutes per
 * token learned from its headers; Misskey's 20 blocks an hour planned from the documentation and
 * the `rateLimitFactor`, and learned from one 429 when the server does not match the documentation.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startSim, type Sim } from '../../sim';
import { useFreshDb } from '../storage/helpers';
import { addSimInstance, KA, knownTargets, loginPage, MA, makeQueue, recorded } from './helpers';

let sim: Sim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const freshDb = useFreshDb();

describe('Mastodon: 300 requests per 5 minutes per token, from the headers', () => {
  test('290 blocks and 20 mutes on one token cross a window without a 429', async () => {
    sim = await startSim({ scale: 0.002, roster: [{ domain: MA, platform: 'mastodon', version: '4.6.5' }] });
    const d = freshDb();
    await addSimInstance(d, MA);
    await loginPage(d, MA, 'alice');
    const { q } = makeQueue(d, sim);
    const targets = knownTargets(sim, MA, 290);
    expect(targets.length).toBe(290);
    await q.enqueue({ instance: MA, kind: 'block', targets, options: {} });
    await q.enqueue({ instance: MA, kind: 'mute', targets: targets.slice(0, 20), options: {} });
    await q.settled();
    expect(sim.state(MA).rateLimited).toEqual([]);
    const blocks = recorded(sim, MA, 'block', 'alice');
    expect(blocks.size).toBe(290);
    expect([...blocks.values()].every((n) => n === 1)).toBe(true);
    expect(recorded(sim, MA, 'mute', 'alice').size).toBe(20);
    const bucket = await d.limits.get(`${MA}|page|api`);
    expect(bucket?.server).toMatchObject({ limit: 300 });
  });
});

describe('Misskey: blocking/create 20 an hour x rateLimitFactor', () => {
  test('compressed limits (i says factor 1, the hour is 1.8 s): one 429 teaches the window, then none', async () => {
    sim = await startSim({
      scale: 0.0005,
      misskeyLimits: 'compressed',
      roster: [{ domain: KA, platform: 'misskey', version: '2025.7.0' }],
    });
    const d = freshDb();
    await addSimInstance(d, KA);
    await loginPage(d, KA, 'alice');
    const { q } = makeQueue(d, sim);
    const targets = knownTargets(sim, KA, 45);
    const t0 = Date.now();
    await q.enqueue({ instance: KA, kind: 'block', targets, options: {} });
    await q.settled();
    const ms = Date.now() - t0;
    const limited = sim.state(KA).rateLimited;
    // The probe: the documentation said wait an hour; the server said 1.8 s.
    expect(limited).toHaveLength(1);
    expect(recorded(sim, KA, 'block', 'alice').size).toBe(45);
    // 45 blocks at 20 per 1.8 s: the last 5 go two windows after the first (3.6 s), and not much later.
    expect(ms).toBeGreaterThanOrEqual(3_600);
    expect(ms).toBeLessThan(3_600 * 1.25 + 300);
    const b = await d.limits.get(`${KA}|acct:alice@misskey-a.test|ep:blocking/create`);
    expect(b).toMatchObject({ source: 'server', spec: { max: 20 } });
    expect(b!.spec!.windowMs).toBeGreaterThanOrEqual(1_800);
    expect(b!.spec!.windowMs).toBeLessThan(1_900);
  });

  test("upstream's factor (0.01: 2000 per 36 s): no wait, no 429", async () => {
    sim = await startSim({ scale: 0.01, roster: [{ domain: KA, platform: 'misskey', version: '2025.7.0' }] });
    const d = freshDb();
    await addSimInstance(d, KA);
    await loginPage(d, KA, 'bob');
    const { q } = makeQueue(d, sim);
    const targets = knownTargets(sim, KA, 30);
    const plan = await q.plan({ instance: KA, kind: 'block', targets, options: {} });
    expect(plan.estimatedMs).toBeLessThan(10_000);
    await q.enqueue({ instance: KA, kind: 'block', targets, options: {} });
    await q.settled();
    expect(sim.state(KA).rateLimited).toEqual([]);
    expect(recorded(sim, KA, 'block', 'bob').size).toBe(30);
  });

  test('real limits (factor 1): 60 blocks are planned at about 2 hours', async () => {
    sim = await startSim({ scale: 1, roster: [{ domain: KA, platform: 'misskey', version: '2025.7.0' }] });
    const d = freshDb();
    await addSimInstance(d, KA);
    await loginPage(d, KA, 'carol');
    const { q } = makeQueue(d, sim);
    const plan = await q.plan({ instance: KA, kind: 'block', targets: knownTargets(sim, KA, 60), options: {} });
    expect(plan.actions).toHaveLength(60);
    expect(plan.estimatedMs).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(plan.estimatedMs).toBeLessThan(2 * 3_600_000 + 60_000);
    expect(plan.warnings.join(' ')).toMatch(/about 2 h/);
  });
});

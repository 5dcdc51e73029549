/**
 * The whole triage decision in Node at the instances' real limits (scale 1: Mastodon's 300
 * requests per 5 minutes per token): read and group both queues, plan "suspend and resolve" for the
 * wave and "reject" for the bot sign-ups, run the batches through the real action queue, and check
 * the simulated servers' record. Prints the figures docs/triage.md quotes.
 *
 * `TRIAGE_LATENCY_MS=100 npx vitest run test/unit/triage/settle.test.ts` delays every answer of
 * both servers by that much (the simulator's `slow` fault), as a server across the internet would.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TriageService } from '../../../src/background/triage';
import { planTriage } from '../../../src/core/triage/actions';
import type { BatchProgress } from '../../../src/core/queue/types';
import { startSim, type Sim } from '../../sim';
import type { MastodonInstance } from '../../sim/mastodon';
import type { MisskeySimInstance } from '../../sim/misskey';
import { addSimInstance, KA, loginModerator, MA, makeQueue, simFetcher } from '../queue/helpers';
import { useFreshDb } from '../storage/helpers';

const freshDb = useFreshDb();
const LATENCY = Number(process.env.TRIAGE_LATENCY_MS ?? 0);
let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ scale: 1, stopAfterMs: 10 * 60_000 });
  if (LATENCY > 0) for (const host of [MA, KA]) sim.addFault({ kind: 'slow', host, path: '/api/', delayMs: LATENCY });
});
afterAll(async () => {
  await sim?.close();
});

test(
  'the wave and the bot sign-ups settled at the real limits, nothing genuine touched',
  { timeout: 300_000 },
  async () => {
    const d = freshDb();
    await addSimInstance(d, MA, 'moderator');
    await addSimInstance(d, KA, 'moderator');
    await loginModerator(d, MA);
    await loginModerator(d, KA);
    const t0 = performance.now();
    const loaded = await new TriageService({ db: d, fetcher: simFetcher(sim.port) }).load();
    if (!loaded.ok) throw new Error(loaded.message);
    const loadMs = performance.now() - t0;
    const s = loaded.snapshot;
    const wave = s.reportGroups[0]!;
    const bots = s.signupGroups[0]!;
    const byKey = new Map(s.reports.map((r) => [r.key, r]));
    const signups = new Map(s.signups.map((x) => [x.key, x]));
    const plans = [
      planTriage({ action: 'suspend', reports: wave.keys.map((k) => byKey.get(k)!), signups: [], note: 'wave' }),
      planTriage({ action: 'reject', reports: [], signups: bots.keys.map((k) => signups.get(k)!), note: '' }),
    ];
    const { q } = makeQueue(d, sim);
    const t1 = performance.now();
    const ids: string[] = [];
    for (const p of plans)
      for (const b of p.batches) {
        const r = await q.enqueue(b.req);
        if (!r.ok) throw new Error(r.message);
        ids.push(r.batchId);
      }
    const finished = async (): Promise<BatchProgress[]> => {
      for (;;) {
        const now = (await q.list(50)).filter((b) => ids.includes(b.batchId));
        if (now.every((b) => b.state === 'done' || b.state === 'cancelled')) return now;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const list = await finished();
    const settleMs = performance.now() - t1;
    for (const b of list) expect(b.failed, `${b.kind} ${b.instance}`).toBe(0);

    const m = sim.instances.get(MA) as MastodonInstance;
    const truth = m.moderationTruth();
    const mState = sim.state(MA) as ReturnType<Sim['state']> & {
      reports: { id: string; resolved: boolean }[];
      pendingSignups: { id: string }[];
    };
    for (const r of mState.reports) expect(r.resolved, r.id).toBe(truth.reports[r.id] === 'spam');
    expect(mState.pendingSignups.map((p) => truth.signups[p.id])).toEqual(new Array(8).fill('legit'));
    const k = (sim.instances.get(KA) as MisskeySimInstance).seededReports();
    const resolved = new Set(
      sim
        .state(KA)
        .actions.filter((a) => a.kind === 'resolve_report')
        .map((a) => a.target),
    );
    for (const r of k) expect(resolved.has(r.id), r.id).toBe(r.truth === 'spam-wave');
    const requests = list.reduce((n, b) => n + b.total, 0);
    console.log(
      'triage settle',
      JSON.stringify({
        latencyMs: LATENCY,
        reports: wave.keys.length,
        signups: bots.keys.length,
        loadAndGroupMs: Math.round(loadMs),
        readRequests: s.instances.reduce((n, i) => n + i.requests, 0),
        actions: requests,
        settleMs: Math.round(settleMs),
        rateLimited: sim.state(MA).rateLimited.length + sim.state(KA).rateLimited.length,
      }),
    );
    expect(sim.state(MA).rateLimited).toEqual([]);
  },
);

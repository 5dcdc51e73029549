import Dexie from 'dexie';
import type { BreakwaterDB, WaveRow } from '../../storage/db';
import {
  HOUR,
  hourlySeries,
  largestWaves,
  perInstance,
  type FlaggedPoint,
  type InstanceFigures,
  type Series,
} from './stats';

/** Everything the dashboard shows, read from the store in one go. */
export interface DashboardData {
  now: number;
  series: Series;
  instances: InstanceFigures[];
  waves: (WaveRow & { sampleUrl: string | null })[];
  totals: { seen: number; flagged: number; activeWaves: number; actions: number };
  queue: Record<'pending' | 'running' | 'paused' | 'failed' | 'done' | 'cancelled', number>;
}

/** Most flagged posts read for the chart (a busy day has a few thousand). */
const MAX_FLAGGED = 20_000;

/** What changes when the dashboard should refresh (cheap: counts and the newest keys). */
export function probe(d: BreakwaterDB): Promise<unknown> {
  return Promise.all([
    d.posts.orderBy('seenAt').lastKey(),
    d.waves.orderBy('lastSeen').lastKey(),
    d.audit.count(),
    d.actions.orderBy('updatedAt').lastKey(),
    d.instances.count(),
  ]);
}

export async function loadDashboard(d: BreakwaterDB, now = Date.now(), hours = 48): Promise<DashboardData> {
  const since = now - hours * HOUR;
  const day = now - 24 * HOUR;
  const points: FlaggedPoint[] = [];
  for (const label of ['spam', 'suspicious'] as const) {
    await d.posts
      .where('[label+seenAt]')
      .between([label, since], [label, Dexie.maxKey])
      .limit(MAX_FLAGGED)
      .each((p) =>
        points.push({ seenAt: p.seenAt, label: p.label, instance: p.instance, ...(p.wave ? { wave: p.wave } : {}) }),
      );
  }
  const [instances, waves] = await Promise.all([
    d.instances.orderBy('addedAt').toArray(),
    d.waves.where('lastSeen').aboveOrEqual(since).toArray(),
  ]);
  const counts: Record<string, { seen: number; actions: number; failed: number; pending: number }> = {};
  await Promise.all(
    instances.map(async (i) => {
      const [seen, audit, pending] = await Promise.all([
        d.posts.where('[instance+seenAt]').between([i.domain, day], [i.domain, Dexie.maxKey]).count(),
        d.audit.where('[instance+at]').between([i.domain, day], [i.domain, Dexie.maxKey]).toArray(),
        d.actions
          .where('[instance+state+createdAt]')
          .between([i.domain, 'pending', Dexie.minKey], [i.domain, 'pending', Dexie.maxKey])
          .count(),
      ]);
      counts[i.domain] = {
        seen,
        actions: audit.filter((a) => a.result === 'ok').length,
        failed: audit.filter((a) => a.result === 'failed').length,
        pending,
      };
    }),
  );
  const top = largestWaves(waves, day);
  const samples = await d.posts.bulkGet(top.map((w) => w.samplePostKey));
  const queue = { pending: 0, running: 0, paused: 0, failed: 0, done: 0, cancelled: 0 };
  for (const state of Object.keys(queue) as (keyof typeof queue)[]) {
    queue[state] = await d.actions
      .where('[state+notBefore]')
      .between([state, Dexie.minKey], [state, Dexie.maxKey])
      .count();
  }
  const perInst = perInstance(
    instances.map((i) => i.domain),
    points,
    day,
    counts,
  );
  return {
    now,
    series: hourlySeries(points, waves, now, hours),
    instances: perInst,
    waves: top.map((w, i) => ({ ...w, sampleUrl: samples[i]?.url ?? null })),
    totals: {
      seen: perInst.reduce((n, f) => n + f.seen, 0),
      flagged: points.filter((p) => p.seenAt >= day).length,
      activeWaves: waves.filter((w) => w.lastSeen >= day).length,
      actions: perInst.reduce((n, f) => n + f.actions, 0),
    },
    queue,
  };
}

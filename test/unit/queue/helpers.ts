/** Helpers for the action queue's tests: queues closed after each test, on top of ./sim-tools.ts. */
import { afterEach } from 'vitest';
import { ActionQueue, type QueueDeps } from '../../../src/background/queue/service';
import type { BatchProgress } from '../../../src/core/queue/types';
import type { BreakwaterDB } from '../../../src/storage/db';
import type { Sim } from '../../sim';
import { simFetcher } from './sim-tools';

export * from './sim-tools';

const open: ActionQueue[] = [];
// A queue left running by a failed test must not keep working on a deleted database.
afterEach(() => {
  for (const q of open.splice(0)) q.close();
});

/** A queue whose `*.test` instances are served on `port` (any HTTP server, not only the sim). */
export function makeQueueOn(d: BreakwaterDB, port: number, over: Partial<QueueDeps> = {}): ActionQueue {
  const q = new ActionQueue({
    db: d,
    fetcher: simFetcher(port),
    retry: { baseMs: 10, capMs: 50, maxAttempts: 4 },
    ...over,
  });
  open.push(q);
  return q;
}

export function makeQueue(d: BreakwaterDB, sim: Sim, over: Partial<QueueDeps> = {}) {
  const pushes: BatchProgress[] = [];
  const alarms: (number | null)[] = [];
  const q = new ActionQueue({
    db: d,
    fetcher: simFetcher(sim.port),
    retry: { baseMs: 20, capMs: 200, maxAttempts: 6 },
    push: (p) => pushes.push(p),
    setAlarm: (at) => alarms.push(at),
    pushIntervalMs: 20,
    ...over,
  });
  open.push(q);
  return { q, pushes, alarms };
}

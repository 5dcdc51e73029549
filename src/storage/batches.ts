import { db as sharedDb, type BreakwaterDB } from './db';
import type { BatchRow } from './schema';

/** The action queue's batches (issue 5). The queue in the background is their only writer. */

export function getBatch(id: string, d: BreakwaterDB = sharedDb()): Promise<BatchRow | undefined> {
  return d.batches.get(id);
}

/** Newest first. */
export function recentBatches(limit = 50, d: BreakwaterDB = sharedDb()): Promise<BatchRow[]> {
  return d.batches.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** Batches that may still have work: active or paused. */
export function openBatches(d: BreakwaterDB = sharedDb()): Promise<BatchRow[]> {
  return d.batches.filter((b) => b.state !== 'cancelled').toArray();
}

export async function updateBatch(
  id: string,
  changes: Partial<Omit<BatchRow, 'id' | 'createdAt'>>,
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<boolean> {
  return (await d.batches.update(id, { ...changes, updatedAt: now })) === 1;
}

/**
 * Forgets batches finished (or cancelled) before `before`, with their actions; the audit log keeps
 * what they did. Returns how many batches went.
 */
export async function pruneFinishedBatches(before: number, d: BreakwaterDB = sharedDb()): Promise<number> {
  return d.transaction('rw', d.batches, d.actions, async () => {
    const old = await d.batches.where('createdAt').below(before).toArray();
    let n = 0;
    for (const b of old) {
      const actions = await d.actions.where('batchId').equals(b.id).toArray();
      if (actions.some((a) => a.state === 'pending' || a.state === 'running' || a.state === 'paused')) continue;
      if (b.state === 'paused') continue;
      await d.actions.bulkDelete(actions.map((a) => a.id));
      await d.batches.delete(b.id);
      n++;
    }
    return n;
  });
}

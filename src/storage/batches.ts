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

import { db as sharedDb, type BreakwaterDB } from './db';
import type { LimitRow } from './schema';

/**
 * What the action queue knows of each rate limit (src/core/queue/limits.ts), kept so that a
 * restarted browser does not spend an allowance twice (Misskey sends no headers: the log of our
 * own requests is all there is).
 */

export function allLimits(d: BreakwaterDB = sharedDb()): Promise<LimitRow[]> {
  return d.limits.toArray();
}

export async function putLimits(rows: readonly LimitRow[], d: BreakwaterDB = sharedDb()): Promise<void> {
  if (rows.length) await d.limits.bulkPut(rows.map((r) => ({ ...r, log: r.log.slice() })));
}

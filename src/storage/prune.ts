import type { Table } from 'dexie';
import { db as sharedDb, type BreakwaterDB } from './db';
import { getSettings, type Settings } from './settings';

/**
 * Bounded growth. Old rows go first (by age), then the oldest beyond each table's cap. Work is done
 * in small chunks, each its own short transaction, with a yield between chunks, so pruning never
 * holds the database long enough to delay a verdict being stored.
 */

const DAY = 86_400_000;

interface Task {
  table: keyof BreakwaterDB & string;
  /** Index whose order is "oldest first". */
  index: string;
  /** Rows below this index value are expired (undefined: no age limit). */
  cutoff?: (now: number, s: Settings) => number;
  /** Keep at most this many rows (undefined: no cap). */
  cap?: (s: Settings) => number;
  /** The index holds 0 for "never expires": rows with 0 are skipped by the age rule. */
  zeroIsNever?: boolean;
}

const TASKS: readonly Task[] = [
  { table: 'posts', index: 'seenAt', cutoff: (now, s) => now - s.retentionDays * DAY, cap: (s) => s.maxPosts },
  { table: 'authors', index: 'lastSeenAt', cutoff: (now, s) => now - s.retentionDays * DAY, cap: (s) => s.maxAuthors },
  { table: 'fingerprints', index: 'expiresAt', cutoff: (now) => now, cap: (s) => s.maxFingerprints, zeroIsNever: true },
  { table: 'engineState', index: 'expiresAt', cutoff: (now) => now, zeroIsNever: true },
  { table: 'learned', index: 'expiresAt', cutoff: (now) => now, zeroIsNever: true },
  { table: 'waves', index: 'lastSeen', cutoff: (now, s) => now - s.waveRetentionDays * DAY, cap: (s) => s.maxWaves },
  { table: 'audit', index: 'at', cutoff: (now, s) => now - s.auditRetentionDays * DAY, cap: (s) => s.maxAudit },
];

export interface PruneOptions {
  now?: number;
  /** Rows deleted per transaction. */
  chunk?: number;
  /** Called between chunks: lets other work run (default: a macrotask). */
  yieldFn?: () => Promise<void>;
  signal?: AbortSignal;
  settings?: Settings;
}

export type PruneReport = Record<string, number>;

const macrotask = () => new Promise<void>((r) => setTimeout(r, 0));

function tableOf(d: BreakwaterDB, name: string): Table<unknown, unknown> {
  return d.table(name) as Table<unknown, unknown>;
}

/** Deletes expired rows of one task, at most `chunk` of them. Returns how many were deleted. */
async function pruneExpiredChunk(d: BreakwaterDB, t: Task, cutoff: number, chunk: number): Promise<number> {
  const table = tableOf(d, t.table);
  return d.transaction('rw', table, async () => {
    const lower = t.zeroIsNever ? 1 : -Infinity;
    if (cutoff <= lower) return 0;
    const keys = await table.where(t.index).between(lower, cutoff, true, false).limit(chunk).primaryKeys();
    await table.bulkDelete(keys);
    return keys.length;
  });
}

/** Deletes up to `chunk` of the oldest rows while the table holds more than `cap`. */
async function pruneCapChunk(d: BreakwaterDB, t: Task, cap: number, chunk: number): Promise<number> {
  const table = tableOf(d, t.table);
  return d.transaction('rw', table, async () => {
    const excess = (await table.count()) - cap;
    if (excess <= 0) return 0;
    const keys = await table.orderBy(t.index).limit(Math.min(excess, chunk)).primaryKeys();
    await table.bulkDelete(keys);
    return keys.length;
  });
}

/** Runs every pruning task to the end, chunk by chunk. */
export async function prune(d: BreakwaterDB = sharedDb(), opts: PruneOptions = {}): Promise<PruneReport> {
  const now = opts.now ?? Date.now();
  const chunk = opts.chunk ?? 500;
  const yieldFn = opts.yieldFn ?? macrotask;
  const settings = opts.settings ?? (await getSettings(d));
  const report: PruneReport = {};
  for (const t of TASKS) {
    let deleted = 0;
    const cutoff = t.cutoff?.(now, settings);
    if (cutoff !== undefined) {
      for (;;) {
        if (opts.signal?.aborted) return report;
        const n = await pruneExpiredChunk(d, t, cutoff, chunk);
        deleted += n;
        if (n < chunk) break;
        await yieldFn();
      }
    }
    const cap = t.cap?.(settings);
    if (cap !== undefined) {
      for (;;) {
        if (opts.signal?.aborted) return report;
        const n = await pruneCapChunk(d, t, cap, chunk);
        deleted += n;
        if (n < chunk) break;
        await yieldFn();
      }
    }
    report[t.table] = deleted;
  }
  return report;
}

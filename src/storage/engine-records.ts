import type { Table } from 'dexie';
import type { EngineRecord } from '../core/engine-api';
import { db as sharedDb, type BreakwaterDB } from './db';

/**
 * The engine's records (src/core/engine-api.ts), stored as they are, one table per kind group:
 * fingerprints (the bulk, pruned by age and count), learned (the moderator's teaching, kept and
 * backed up), engineState (waves, authors and meta). Rows are the records themselves, so a restore
 * hands them to `importRecords` without copying.
 */

export type EngineTable = 'fingerprints' | 'learned' | 'engineState';

export function tableOfKind(kind: EngineRecord['kind']): EngineTable {
  switch (kind) {
    case 'fingerprint':
      return 'fingerprints';
    case 'learned':
      return 'learned';
    default:
      return 'engineState';
  }
}

/** A record marked `deleted` (or without data) tells the store to forget it. */
export function isDeletion(r: EngineRecord): boolean {
  // `deleted` is the engine's extension of the contract (src/core/engine-api.ts).
  return (r as { deleted?: boolean }).deleted === true || r.data === null || r.data === undefined;
}

export function engineTables(d: BreakwaterDB): Table<EngineRecord, unknown>[] {
  return [d.engineState, d.learned, d.fingerprints] as Table<EngineRecord, unknown>[];
}

/** Writes records; call inside a transaction that includes the three tables, or alone. */
export async function saveEngineRecords(records: readonly EngineRecord[], d: BreakwaterDB = sharedDb()): Promise<void> {
  if (!records.length) return;
  const put: Record<EngineTable, EngineRecord[]> = { fingerprints: [], learned: [], engineState: [] };
  const del: Record<EngineTable, unknown[]> = { fingerprints: [], learned: [], engineState: [] };
  for (const r of records) {
    const t = tableOfKind(r.kind);
    if (isDeletion(r)) del[t].push(t === 'engineState' ? [r.kind, r.key] : r.key);
    else put[t].push(r);
  }
  await d.transaction('rw', d.fingerprints, d.learned, d.engineState, async () => {
    for (const t of ['fingerprints', 'learned', 'engineState'] as const) {
      const table = d[t] as Table<EngineRecord, unknown>;
      if (del[t].length) await table.bulkDelete(del[t]);
      if (put[t].length) await table.bulkPut(put[t]);
    }
  });
}

/**
 * Everything the engine needs after a service worker restart, in one read transaction:
 * engine state first (waves, authors, meta), then learned records, then fingerprints.
 */
export async function loadEngineRecords(d: BreakwaterDB = sharedDb()): Promise<EngineRecord[]> {
  const parts = await d.transaction('r', d.engineState, d.learned, d.fingerprints, () =>
    Promise.all(engineTables(d).map((t) => t.toArray())),
  );
  return parts.flat();
}

export async function countEngineRecords(d: BreakwaterDB = sharedDb()): Promise<Record<EngineTable, number>> {
  const [fingerprints, learned, engineState] = await Promise.all([
    d.fingerprints.count(),
    d.learned.count(),
    d.engineState.count(),
  ]);
  return { fingerprints, learned, engineState };
}

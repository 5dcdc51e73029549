import { db as sharedDb, type BreakwaterDB } from './db';
import type { AuditRow } from './schema';

/** The audit log: every action taken, on which instance, by whom, on whom, with what result. */

export type NewAudit = Omit<AuditRow, 'id'> & { id?: string };

export async function appendAudit(entry: NewAudit, d: BreakwaterDB = sharedDb()): Promise<AuditRow> {
  const row: AuditRow = { ...entry, id: entry.id ?? crypto.randomUUID() };
  await d.audit.add(row);
  return row;
}

/** Actions taken on an instance between two times, newest first. */
export function auditOfInstance(
  instance: string,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
  limit = 1000,
  d: BreakwaterDB = sharedDb(),
): Promise<AuditRow[]> {
  return d.audit
    .where('[instance+at]')
    .between([instance, from], [instance, to], true, true)
    .reverse()
    .limit(limit)
    .toArray();
}

export function auditOfBatch(batchId: string, d: BreakwaterDB = sharedDb()): Promise<AuditRow[]> {
  return d.audit.where('batchId').equals(batchId).sortBy('at');
}

export function recentAudit(limit = 1000, d: BreakwaterDB = sharedDb()): Promise<AuditRow[]> {
  return d.audit.orderBy('at').reverse().limit(limit).toArray();
}

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

export interface AuditQuery {
  /** Words that must all appear (case-insensitive) in the instance, actor, kind, target, detail or batch. */
  text?: string;
  instance?: string;
  result?: AuditRow['result'];
  limit?: number;
}

function haystack(r: AuditRow): string {
  return `${r.instance} ${r.actor ?? ''} ${r.kind} ${r.target} ${r.result} ${r.detail} ${r.batchId ?? ''}`.toLowerCase();
}

/** The audit log, newest first, filtered. */
export async function searchAudit(q: AuditQuery = {}, d: BreakwaterDB = sharedDb()): Promise<AuditRow[]> {
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const limit = q.limit ?? 1000;
  const coll = q.instance
    ? d.audit.where('[instance+at]').between([q.instance, 0], [q.instance, Number.MAX_SAFE_INTEGER]).reverse()
    : d.audit.orderBy('at').reverse();
  return coll
    .filter((r) => (!q.result || r.result === q.result) && words.every((w) => haystack(r).includes(w)))
    .limit(limit)
    .toArray();
}

export const AUDIT_COLUMNS = [
  'at',
  'time',
  'instance',
  'actor',
  'kind',
  'target',
  'result',
  'detail',
  'response',
  'batchId',
  'actionId',
] as const;

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused so spreadsheets show it as text. */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header line. */
export function auditToCsv(rows: readonly AuditRow[]): string {
  const lines = [AUDIT_COLUMNS.join(',')];
  for (const r of rows) {
    const values: Record<(typeof AUDIT_COLUMNS)[number], unknown> = {
      at: r.at,
      time: new Date(r.at).toISOString(),
      instance: r.instance,
      actor: r.actor,
      kind: r.kind,
      target: r.target,
      result: r.result,
      detail: r.detail,
      response: r.response,
      batchId: r.batchId,
      actionId: r.actionId,
    };
    lines.push(AUDIT_COLUMNS.map((c) => csvField(values[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function auditToJson(rows: readonly AuditRow[], now = Date.now()): string {
  return JSON.stringify(
    { format: 'breakwater-audit', version: 1, exportedAt: new Date(now).toISOString(), count: rows.length, rows },
    null,
    2,
  );
}

/**
 * What the triage page derives from a snapshot and the action queue's batches: items by key, which
 * are queued or settled by the batches this page started, and what a selection holds. Plain
 * functions of plain data (tested in test/unit/triage).
 */
import type { BatchProgress } from '../../core/queue/types';
import type { TriageReport, TriageSignup, TriageSnapshot } from '../../core/triage/types';

/** A batch this page enqueued, with the report / sign-up keys it settles when it succeeds. */
export interface PageBatch {
  batchId: string;
  instance: string;
  covers: string[];
  /** The acct each covered key acts on (a failure names the acct). */
  accts: Record<string, string>;
}

export interface Indexed {
  reports: Map<string, TriageReport>;
  signups: Map<string, TriageSignup>;
}

export function indexSnapshot(s: TriageSnapshot): Indexed {
  return {
    reports: new Map(s.reports.map((r) => [r.key, r])),
    signups: new Map(s.signups.map((x) => [x.key, x])),
  };
}

const ACTIVE = new Set<BatchProgress['state']>(['queued', 'running', 'waiting', 'paused']);

export function isActive(b: BatchProgress): boolean {
  return ACTIVE.has(b.state);
}

/**
 * Keys queued (in a batch still at work) and settled (in a finished batch, not among its failures)
 * by the page's batches. A cancelled batch settles only what it did; a failure names its acct.
 */
export function batchState(
  mine: readonly PageBatch[],
  batches: readonly BatchProgress[],
): { queued: Set<string>; settled: Set<string> } {
  const byId = new Map(batches.map((b) => [b.batchId, b]));
  const queued = new Set<string>();
  const settled = new Set<string>();
  for (const m of mine) {
    const b = byId.get(m.batchId);
    if (!b) {
      for (const k of m.covers) queued.add(k);
      continue;
    }
    if (isActive(b)) {
      for (const k of m.covers) queued.add(k);
      continue;
    }
    if (b.state !== 'done') continue;
    const failed = new Set(b.failures.map((f) => f.acct.toLowerCase()));
    for (const k of m.covers) if (!failed.has((m.accts[k] ?? '').toLowerCase())) settled.add(k);
  }
  return { queued, settled };
}

/** A selection's contents, counted for the selection bar. */
export function describeSelection(
  keys: ReadonlySet<string>,
  ix: Indexed,
): { reports: TriageReport[]; signups: TriageSignup[]; accounts: number; instances: number } {
  const reports: TriageReport[] = [];
  const signups: TriageSignup[] = [];
  for (const k of keys) {
    const r = ix.reports.get(k);
    if (r) reports.push(r);
    const s = ix.signups.get(k);
    if (s) signups.push(s);
  }
  return {
    reports,
    signups,
    accounts: new Set(reports.map((r) => r.target.acct.toLowerCase())).size,
    instances: new Set([...reports, ...signups].map((x) => x.instance)).size,
  };
}

/** Keys that can still be acted on: not settled, not in a batch at work. */
export function open(keys: readonly string[], queued: ReadonlySet<string>, settled: ReadonlySet<string>): string[] {
  return keys.filter((k) => !queued.has(k) && !settled.has(k));
}

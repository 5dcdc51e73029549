import type { ActionKind, BatchTarget } from './types';

/**
 * The dedupe key: one action of a kind on one target, by one acting account on one instance.
 * The target is named the way every tab and every instance names it (the acct `user@host`, a
 * domain, a report or note id), never by a local account id, so two tabs or two instances showing
 * the same account give the same key.
 */
export function normalizeAcct(acct: string): string {
  return acct.trim().replace(/^@/, '').toLowerCase();
}

/** What the action is on, as a stable string. */
export function targetKey(kind: ActionKind, t: Pick<BatchTarget, 'acct' | 'domain' | 'reportId' | 'postIds'>): string {
  switch (kind) {
    case 'domain_block':
    case 'domain_unblock':
    case 'email_domain_block':
      return `domain:${(t.domain ?? t.acct.split('@').pop() ?? '').trim().toLowerCase()}`;
    case 'resolve_report':
      return `report:${t.reportId ?? ''}`;
    case 'delete_note':
      // One action per note (a batch's targets are split note by note).
      return `note:${t.postIds[0] ?? ''}`;
    default:
      return `acct:${normalizeAcct(t.acct)}`;
  }
}

export function dedupeKey(instance: string, actor: string | null, kind: ActionKind, target: string): string {
  return `${instance.toLowerCase()}|${(actor ?? '?').toLowerCase()}|${kind}|${target}`;
}

/** The opposite action, both ways (block <-> unblock...). */
export const INVERSE: Partial<Record<ActionKind, ActionKind>> = {
  block: 'unblock',
  unblock: 'block',
  mute: 'unmute',
  unmute: 'mute',
  domain_block: 'domain_unblock',
  domain_unblock: 'domain_block',
  limit: 'unlimit',
  unlimit: 'limit',
  suspend: 'unsuspend',
  unsuspend: 'suspend',
};

/** A report filed again within this time is a duplicate (reports have no undo and no state to check). */
export const REPORT_DEDUPE_MS = 24 * 3_600_000;

export interface PriorAction {
  kind: ActionKind;
  state: 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
  batchId: string;
  createdAt: number;
  doneAt: number | null;
  /** A mute's duration (it ends by itself). */
  durationSeconds?: number;
}

/**
 * Why a new action would duplicate one already queued or done, or null. `same` are the actions
 * with the same dedupe key, `inverse` those of the opposite kind on the same target: a block that
 * was undone since may be done again.
 */
export function duplicateOf(
  kind: ActionKind,
  same: readonly PriorAction[],
  inverse: readonly PriorAction[],
  now: number,
): string | null {
  const active = same.find((p) => p.state === 'pending' || p.state === 'running' || p.state === 'paused');
  if (active) return `already queued (batch ${active.batchId})`;
  const done = same.filter((p) => p.state === 'done' && p.doneAt !== null).sort((a, b) => b.doneAt! - a.doneAt!)[0];
  if (!done) return null;
  if (kind === 'report' && now - done.doneAt! >= REPORT_DEDUPE_MS) return null;
  if (kind === 'mute' && done.durationSeconds && done.doneAt! + done.durationSeconds * 1000 <= now) return null;
  const undone = inverse.some((p) => p.state === 'done' && p.doneAt !== null && p.doneAt > done.doneAt!);
  if (undone) return null;
  return `already done (batch ${done.batchId}, ${new Date(done.doneAt!).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
}

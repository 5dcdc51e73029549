import type { ActionSpec } from './action-types';

/** The host part of `user@host`, lower case ('' for a bare username). */
export function hostOf(acct: string): string {
  return acct.replace(/^@/, '').split('@')[1]?.toLowerCase() ?? '';
}

/** A one-line English description of an action, for plans and the audit log. */
export function actionSummary(s: ActionSpec): string {
  const who = s.acct.startsWith('@') ? s.acct : `@${s.acct}`;
  switch (s.kind) {
    case 'report':
      return `Report ${who}${s.postIds.length ? ` (${s.postIds.length} post${s.postIds.length > 1 ? 's' : ''})` : ''} as ${s.options.category ?? 'spam'}${s.options.forward ? ', forwarded' : ''}`;
    case 'mute':
      return `Mute ${who}${s.options.durationSeconds ? ` for ${Math.round(s.options.durationSeconds / 3600)} h` : ''}`;
    case 'domain_block':
    case 'domain_unblock':
    case 'email_domain_block':
      return `${s.kind === 'domain_block' ? 'Block the domain' : s.kind === 'domain_unblock' ? 'Unblock the domain' : 'Block sign-ups from'} ${s.domain ?? hostOf(s.acct)}`;
    case 'resolve_report':
      return `Resolve report ${s.reportId ?? ''}`;
    case 'delete_note':
      return `Delete post ${s.postIds[0] ?? ''} by ${who}`;
    default: {
      const verb: Record<string, string> = {
        block: 'Block',
        unblock: 'Unblock',
        unmute: 'Unmute',
        limit: 'Limit',
        unlimit: 'Lift the limit on',
        suspend: 'Suspend',
        unsuspend: 'Unsuspend',
        approve: 'Approve',
        reject: 'Reject',
      };
      return `${verb[s.kind] ?? s.kind} ${who}${s.reportId && (s.kind === 'suspend' || s.kind === 'limit') ? ` (report ${s.reportId})` : ''}`;
    }
  }
}

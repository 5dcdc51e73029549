/**
 * The triage page's words: group reasons, skips and warnings translated from their `code` and
 * `params` (src/core/triage), the engine's own reasons through the overlay's translations, and the
 * English sentence when a code is unknown here.
 */
import type { GroupReason } from '../../core/triage/types';
import type { TriageAction } from '../../core/triage/actions';
import { t, type MessageKey } from '../i18n';
import { reasonText } from '../overlay/text';

/** Message key and the params, in $1, $2... order, of each reason code. */
const CODES: Record<string, [MessageKey, string[]]> = {
  'report.count': ['trR_count', ['reports', 'accounts', 'reporters', 'instances']],
  'report.spamCategory': ['trR_spamCategory', ['count', 'reports']],
  'report.comment': ['trR_comment', ['count', 'comment']],
  'report.sameAccount': ['trR_sameAccount', ['reports', 'acct']],
  'report.waves': ['trR_waves', ['waves']],
  'signup.shape': ['trR_shape', ['count', 'pattern']],
  'signup.emailDomain': ['trR_emailDomain', ['count', 'domain']],
  'signup.reason': ['trR_reason', ['count', 'reason']],
  'signup.ipRange': ['trR_ipRange', ['count', 'range']],
  'signup.emailIsUsername': ['trR_emailIsUsername', ['count']],
  'signup.within': ['trR_within', ['count', 'minutes']],
  'signup.unconfirmed': ['trR_unconfirmed', ['count']],
  'triage.skip.noLimit': ['trSkip_noLimit', ['instance']],
  'triage.skip.commonMail': ['trSkip_commonMail', ['domain']],
  'triage.warn.otherReports': ['trWarn_otherReports', ['instance', 'count']],
  'triage.warn.domainShared': ['trWarn_domainShared', ['instance', 'count', 'domain']],
};

const SHARED: Record<string, MessageKey> = {
  'same-image': 'trShared_sameImage',
  'same-link': 'trShared_sameLink',
  'rotating-links': 'trShared_rotatingLinks',
  mentions: 'trShared_mentions',
  'no-text': 'trShared_noText',
  'fresh-accounts': 'trShared_freshAccounts',
};

/** A group reason, skip or warning in the browser's language. */
export function groupReasonText(r: GroupReason): string {
  if (r.code === 'report.shared') {
    const key = SHARED[String(r.params.signal)];
    if (!key) return r.text;
    const text = t(key, String(r.params.site ?? ''));
    return text === key ? r.text : text;
  }
  const entry = CODES[r.code];
  if (!entry) return reasonText({ signal: '', code: r.code, params: r.params, text: r.text, weight: 0 });
  const [key, names] = entry;
  const subs = names.map((n) => r.params[n]);
  if (subs.some((s) => s === undefined)) return r.text;
  const text = t(key, ...(subs as (string | number)[]));
  return text === key ? r.text : text;
}

/** The button label of an action (on a group, a selection or in the dialog). */
export const ACTION_LABEL: Record<TriageAction, MessageKey> = {
  suspend: 'trActSuspend',
  limit: 'trActLimit',
  resolve: 'trActResolve',
  dismiss: 'trActDismiss',
  reject: 'trActReject',
  reject_block: 'trActRejectBlock',
  approve: 'trActApprove',
};

/** What an action does, one line (the dialog's title says it with the counts). */
export const ACTION_HELP: Record<TriageAction, MessageKey> = {
  suspend: 'trHelpSuspend',
  limit: 'trHelpLimit',
  resolve: 'trHelpResolve',
  dismiss: 'trHelpDismiss',
  reject: 'trHelpReject',
  reject_block: 'trHelpRejectBlock',
  approve: 'trHelpApprove',
};

export { t };

/**
 * The overlay's words: verdict labels, ages and durations, and the engine's reasons translated from
 * their `code` and `params` (src/core/heuristics, src/core/engine/reasons.ts, src/core/rules), with
 * the engine's English `text` when a code is unknown here.
 */
import type { Reason, Verdict } from '../../core/model';
import type { ActionKind, BatchState } from '../../core/queue/types';
import { t as translate, type MessageKey } from '../i18n';

/**
 * `t()` remembered: every badge asks for the same few strings again and again, and each
 * `i18n.getMessage` is a call into the extension API.
 */
const cache = new Map<string, string>();
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const k = subs.length ? `${key}\u0000${subs.join('\u0000')}` : key;
  let text = cache.get(k);
  if (text === undefined) {
    text = translate(key, ...subs);
    if (cache.size > 5_000) cache.clear();
    cache.set(k, text);
  }
  return text;
}

/**
 * Characters that reorder or hide text: bidi embeddings, overrides and isolates, marks, zero-width
 * spaces and joiners, the word joiner and invisible operators, the BOM, the soft hyphen.
 */
const HIDDEN = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Longest piece of a post's or a server's text the overlay shows (a name, a domain, a keyword). */
const MAX_SHOWN = 200;

/**
 * A string that came from a post, an account or a server, as the overlay shows it: characters that
 * would reorder or hide the overlay's words made visible (`<U+202E>`), and cut to 200 characters.
 * Preact renders it as a text node, never as markup.
 */
export function visible(s: string): string {
  const cut = s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
  return cut.replace(HIDDEN, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** Message key and the params, in $1, $2... order, of each reason code. */
const REASONS: Record<string, [MessageKey, string[]]> = {
  'wave.nearDuplicates': ['ovR_wave_nearDuplicates', ['posts', 'accounts']],
  'wave.nearDuplicatesFresh': ['ovR_wave_nearDuplicatesFresh', ['posts', 'accounts', 'hours']],
  'wave.nearDuplicatesMostlyFresh': ['ovR_wave_nearDuplicatesMostlyFresh', ['posts', 'accounts', 'fresh']],
  'wave.learned': ['ovR_wave_learned', ['posts']],
  'learned.spam': ['ovR_learned_spam', []],
  'learned.notSpam': ['ovR_learned_notSpam', []],
  'allow.listed': ['ovR_allow_listed', ['what']],
  'account.noAvatar': ['ovR_account_noAvatar', []],
  'account.noBio': ['ovR_account_noBio', []],
  'account.noDisplayName': ['ovR_account_noDisplayName', []],
  'account.displayNameIsUsername': ['ovR_account_displayNameIsUsername', []],
  'account.noFollowers': ['ovR_account_noFollowers', []],
  'account.fewFollowers': ['ovR_account_fewFollowers', ['followers']],
  'account.postingRate': ['ovR_account_postingRate', ['posts']],
  'account.postingRateProfile': ['ovR_account_postingRateProfile', ['posts', 'hours']],
  'account.randomUsername': ['ovR_account_randomUsername', ['username']],
  'post.hashtagStuffing': ['ovR_post_hashtagStuffing', ['tags']],
  'post.onlyMentionsAndImage': ['ovR_post_onlyMentionsAndImage', []],
  'post.repeatedImage': ['ovR_post_repeatedImage', ['accounts']],
  'post.languageMismatch': ['ovR_post_languageMismatch', ['language']],
  'post.link.idn': ['ovR_post_link_idn', ['domain']],
  'post.link.lookalike': ['ovR_post_link_lookalike', ['domain']],
  'post.link.shortener': ['ovR_post_link_shortener', ['domain']],
  'post.link.invite': ['ovR_post_link_invite', ['domain']],
  'post.massMentions': ['ovR_post_massMentions', ['mentions']],
  'post.strangerMentions': ['ovR_post_strangerMentions', ['strangers']],
  'rule.keyword': ['ovR_rule_keyword', ['keyword']],
  'rule.pattern': ['ovR_rule_pattern', ['pattern']],
  'rule.username': ['ovR_rule_username', ['pattern']],
  'rule.linkDomain': ['ovR_rule_linkDomain', ['domain']],
  'rule.instance': ['ovR_rule_instance', ['instance']],
};

/** A human age from hours: "35 min", "5 h", "3 days" (localized). */
export function formatAge(hours: number): string {
  if (hours < 1) return t('ovAgeMinutes', Math.max(1, Math.round(hours * 60)));
  if (hours < 48) return t('ovAgeHours', Math.round(hours));
  return t('ovAgeDays', Math.round(hours / 24));
}

/** A duration in ms: "40 s", "3 min", "2 h 15 min" (Misskey's 20 blocks an hour make hours). */
export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return t('ovDurSeconds', s);
  const min = Math.round(s / 60);
  return min < 90 ? t('ovDurMinutes', min) : t('mkDurHours', Math.floor(min / 60), min % 60);
}

export function reasonText(r: Reason): string {
  const entry = REASONS[r.code];
  if (r.code === 'account.fresh' && typeof r.params.hours === 'number')
    return t('ovR_account_fresh', formatAge(r.params.hours));
  if (!entry) return visible(r.text);
  const [key, names] = entry;
  const subs = names.map((n) => r.params[n]);
  if (subs.some((s) => s === undefined)) return visible(r.text);
  const text = t(key, ...(subs as (string | number)[]).map((s) => (typeof s === 'string' ? visible(s) : s)));
  // A missing message returns its key: keep the engine's English then.
  return text === key ? visible(r.text) : text;
}

/** Reasons that explain the verdict, strongest first (weight 0 ones only inform). */
export function sortedReasons(v: Verdict): Reason[] {
  return [...v.reasons].sort((a, b) => b.weight - a.weight);
}

export function verdictLabel(v: Verdict): string | null {
  if (v.verdict === 'spam') return v.wave ? t('ovBadgeWave') : t('ovBadgeSpam');
  if (v.verdict === 'suspicious') return t('ovBadgeSuspicious');
  return null;
}

export function freshLabel(v: Verdict): string | null {
  if (!v.freshAccount) return null;
  return t('ovBadgeFresh', v.accountAgeHours === null ? '?' : formatAge(v.accountAgeHours));
}

export const ACTION_LABEL: Partial<Record<ActionKind, MessageKey>> = {
  report: 'ovReport',
  block: 'ovBlock',
  mute: 'ovMute',
  domain_block: 'ovBlockDomain',
  limit: 'ovLimit',
  suspend: 'ovSuspend',
  unblock: 'ovUnblock',
  unmute: 'ovUnmute',
  domain_unblock: 'ovUnblockDomain',
  unlimit: 'ovUnlimit',
  unsuspend: 'ovUnsuspend',
  delete_note: 'mkDeleteNotes',
  resolve_report: 'mkResolveReports',
};

export const actionLabel = (k: ActionKind): string => {
  const key = ACTION_LABEL[k];
  return key ? t(key) : k;
};

export const TITLE: Partial<Record<ActionKind, MessageKey>> = {
  report: 'ovTitleReport',
  block: 'ovTitleBlock',
  mute: 'ovTitleMute',
  domain_block: 'ovTitleBlockDomain',
  limit: 'ovTitleLimit',
  suspend: 'ovTitleSuspend',
  delete_note: 'mkTitleDeleteNotes',
  resolve_report: 'mkTitleResolveReports',
};

export const CONFIRM: Partial<Record<ActionKind, MessageKey>> = {
  report: 'ovDoReport',
  block: 'ovDoBlock',
  mute: 'ovDoMute',
  domain_block: 'ovDoBlockDomain',
  limit: 'ovDoLimit',
  suspend: 'ovDoSuspend',
  delete_note: 'mkDoDeleteNotes',
  resolve_report: 'mkDoResolveReports',
};

/** The preview's line about a platform's per-account limit (Misskey's blocks and mutes). */
export function limitText(kind: ActionKind, limit: { max: number; windowMs: number }): string {
  const perHour = Math.max(1, Math.round((limit.max * 3_600_000) / limit.windowMs));
  return t(kind === 'block' ? 'mkLimitBlock' : kind === 'mute' ? 'mkLimitMute' : 'mkLimitOther', perHour);
}

export const STATE_LABEL: Record<BatchState, MessageKey> = {
  queued: 'ovStateQueued',
  running: 'ovStateRunning',
  waiting: 'ovStateWaiting',
  paused: 'ovStatePaused',
  done: 'ovStateDone',
  cancelled: 'ovStateCancelled',
};

/**
 * What a triage decision becomes in the action queue: batch requests per instance and kind
 * (src/core/queue/types.ts), what cannot be done and why, warnings for the preview, and the posts
 * that teach the engine. Pure: the page sends the requests with `ui:planBatch` (the preview) and
 * `ui:enqueueBatch`, and the posts with `ui:decide`.
 *
 * - Suspend / limit the reported accounts: Mastodon's account action takes the report
 *   (`report_id`) and resolves every open report about the account, so one action per account
 *   settles all its reports. Misskey's `admin/suspend-user` resolves nothing: a second batch
 *   resolves the reports (after the suspensions: the queue runs the older batch first). Misskey has
 *   no limit (silence) in its API: those reports are left and said so.
 * - Resolve: one `resolve_report` per report. "Not spam" resolves too and teaches the engine.
 * - Sign-ups (Mastodon): reject or approve each; "reject and block the e-mail domain" also blocks
 *   the domains (never a big mail provider's, and with a warning when other pending sign-ups use it).
 */
import { isCommonMailDomain } from './signups';
import { comparisonText } from '../text/normalize';
import type { Post } from '../model';
import { BATCH_LIMITS, type ActionKind, type BatchRequest, type BatchTarget } from '../queue/types';
import type { GroupReason, TriageReport, TriageSignup } from './types';

export type ReportAction = 'suspend' | 'limit' | 'resolve' | 'dismiss';
export type SignupAction = 'reject' | 'reject_block' | 'approve';
export type TriageAction = ReportAction | SignupAction;

export const REPORT_ACTIONS: readonly ReportAction[] = ['suspend', 'limit', 'resolve', 'dismiss'];
export const SIGNUP_ACTIONS: readonly SignupAction[] = ['reject', 'reject_block', 'approve'];

export interface TriagePlanInput {
  action: TriageAction;
  /** The selected reports (for a report action). */
  reports: readonly TriageReport[];
  /** The selected sign-ups (for a sign-up action). */
  signups: readonly TriageSignup[];
  /** The moderator's note: sent with account actions where the API takes one (Mastodon `text`). */
  note: string;
  /** Everything loaded, for the warnings (other reports an account action resolves, other sign-ups of a domain). */
  allReports?: readonly TriageReport[];
  allSignups?: readonly TriageSignup[];
}

export interface PlannedBatch {
  req: BatchRequest;
  /** The report or sign-up keys this batch settles (when it succeeds). */
  covers: string[];
}

export interface TriagePlan {
  batches: PlannedBatch[];
  /** Selected items this action cannot take, with why. */
  skipped: { key: string; reason: GroupReason }[];
  warnings: GroupReason[];
  /** Posts that teach the engine what the moderator decided (`ui:decide`), if any. */
  teach: { kind: 'spam' | 'not-spam'; posts: Post[] } | null;
}

/** Posts taught per decision: a few of each look (the engine recognises near-duplicates from them). */
export const TEACH_POSTS = 8;

function chunks<T>(list: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

function byInstance<T extends { instance: string }>(items: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const list = m.get(it.instance);
    if (list) list.push(it);
    else m.set(it.instance, [it]);
  }
  return m;
}

function push(
  out: PlannedBatch[],
  instance: string,
  kind: ActionKind,
  targets: BatchTarget[],
  covers: (t: BatchTarget) => string[],
  options: BatchRequest['options'] = {},
): void {
  for (const part of chunks(targets, BATCH_LIMITS.targets))
    out.push({ req: { instance, kind, targets: part, options }, covers: part.flatMap(covers) });
}

const accountTarget = (r: TriageReport, reportId: string | null): BatchTarget => ({
  accountId: r.target.id,
  acct: r.target.acct,
  postIds: [],
  postUrls: [],
  reportId,
});

/** Posts to teach: reported or linked ones (not an account's unrelated latest), one of each look. */
export function postsToTeach(reports: readonly TriageReport[], max = TEACH_POSTS): Post[] {
  const out: Post[] = [];
  const looks = new Set<string>();
  const authors = new Map<string, number>();
  for (const r of reports) {
    if (r.postsSource !== 'reported' && r.postsSource !== 'linked') continue;
    for (const p of r.posts) {
      const look = comparisonText(p.text || p.cw).slice(0, 200) || `media:${p.media[0]?.blurhash ?? p.key}`;
      if (looks.has(look) || (authors.get(p.author.key) ?? 0) >= 2) continue;
      looks.add(look);
      authors.set(p.author.key, (authors.get(p.author.key) ?? 0) + 1);
      out.push(p);
      if (out.length >= max) return out;
    }
  }
  return out;
}

function planReports(input: TriagePlanInput, plan: TriagePlan): void {
  const { action } = input;
  const note = input.note.trim().slice(0, BATCH_LIMITS.note);
  for (const [instance, reports] of byInstance(input.reports)) {
    const platform = reports[0]!.platform;
    const resolveAll = (list: readonly TriageReport[]) =>
      push(
        plan.batches,
        instance,
        'resolve_report',
        list.map((r) => accountTarget(r, r.id)),
        (t) => list.filter((r) => r.id === t.reportId).map((r) => r.key),
      );
    if (action === 'resolve' || action === 'dismiss') {
      resolveAll(reports);
      continue;
    }
    if (action === 'limit' && platform === 'misskey') {
      for (const r of reports)
        plan.skipped.push({
          key: r.key,
          reason: {
            code: 'triage.skip.noLimit',
            params: { instance },
            text: `${instance}: Misskey has no limit (silence) in its API`,
          },
        });
      continue;
    }
    const kind: ActionKind = action === 'limit' ? 'limit' : 'suspend';
    // One action per account, with its newest selected report; accounts already in that state only
    // get their reports resolved.
    const newest = new Map<string, TriageReport>();
    for (const r of reports) {
      const had = newest.get(r.target.id);
      if (!had || r.createdAt > had.createdAt) newest.set(r.target.id, r);
    }
    const already = (r: TriageReport) => (kind === 'suspend' ? r.target.suspended : r.target.limited);
    const act = [...newest.values()].filter((r) => !already(r));
    const done = reports.filter(already);
    const ofAccount = (t: BatchTarget) => reports.filter((r) => r.target.id === t.accountId).map((r) => r.key);
    push(
      plan.batches,
      instance,
      kind,
      act.map((r) => accountTarget(r, platform === 'mastodon' ? r.id : null)),
      platform === 'mastodon' ? ofAccount : () => [],
      note ? { note } : {},
    );
    if (platform === 'misskey') resolveAll(reports.filter((r) => !already(r)));
    if (done.length) resolveAll(done);
    if (platform === 'mastodon') {
      const selected = new Set(reports.map((r) => r.key));
      const accounts = new Set(act.map((r) => r.target.id));
      const others = (input.allReports ?? []).filter(
        (r) => r.instance === instance && accounts.has(r.target.id) && !selected.has(r.key),
      ).length;
      if (others)
        plan.warnings.push({
          code: 'triage.warn.otherReports',
          params: { instance, count: others },
          text: `${instance}: this also resolves ${others} other open reports about these accounts (Mastodon resolves every open report of an account it acts on)`,
        });
    }
  }
  const posts = postsToTeach(input.reports);
  if (posts.length && action !== 'resolve') plan.teach = { kind: action === 'dismiss' ? 'not-spam' : 'spam', posts };
}

function planSignups(input: TriagePlanInput, plan: TriagePlan): void {
  const kind: ActionKind = input.action === 'approve' ? 'approve' : 'reject';
  for (const [instance, signups] of byInstance(input.signups)) {
    if (input.action === 'reject_block') {
      const domains = new Map<string, TriageSignup>();
      for (const s of signups) {
        const d = s.emailDomain;
        if (!d) continue;
        if (isCommonMailDomain(d)) {
          plan.skipped.push({
            key: s.key,
            reason: {
              code: 'triage.skip.commonMail',
              params: { domain: d },
              text: `${d} is a big mail provider: its domain is not blocked (the sign-up is still rejected)`,
            },
          });
          continue;
        }
        if (!domains.has(d)) domains.set(d, s);
      }
      const selected = new Set(signups.map((s) => s.key));
      for (const d of domains.keys()) {
        const others = (input.allSignups ?? []).filter(
          (s) => s.instance === instance && s.emailDomain === d && !selected.has(s.key),
        ).length;
        if (others)
          plan.warnings.push({
            code: 'triage.warn.domainShared',
            params: { instance, domain: d, count: others },
            text: `${instance}: ${others} other pending sign-ups use ${d}; blocking it keeps anyone from signing up with it`,
          });
      }
      push(
        plan.batches,
        instance,
        'email_domain_block',
        [...domains].map(([domain, s]) => ({ accountId: null, acct: s.acct, postIds: [], postUrls: [], domain })),
        () => [],
      );
    }
    push(
      plan.batches,
      instance,
      kind,
      signups.map((s) => ({ accountId: s.id, acct: s.acct, postIds: [], postUrls: [] })),
      (t) => signups.filter((s) => s.id === t.accountId).map((s) => s.key),
    );
  }
}

/** The batches, skipped items, warnings and teaching of one triage decision. */
export function planTriage(input: TriagePlanInput): TriagePlan {
  const plan: TriagePlan = { batches: [], skipped: [], warnings: [], teach: null };
  if ((REPORT_ACTIONS as readonly string[]).includes(input.action)) planReports(input, plan);
  else planSignups(input, plan);
  return plan;
}

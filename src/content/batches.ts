/**
 * From the selection to the action queue's requests: one target per account (reports carry all of
 * that account's selected posts), one per remote domain for domain blocks, and the options the
 * preview chose. Pure: tested in Node.
 */
import type { ActionKind, BatchRequest, BatchTarget } from '../core/queue/types';
import { BATCH_LIMITS } from '../core/queue/types';
import type { BatchTraits } from '../platforms/types';
import type { BatchChoices, PreparedBatch, PreviewRow } from '../ui/overlay/controller';
import type { FlaggedPost } from '../ui/overlay/model';

/** Kinds that say "this is spam" and so teach the engine. */
export const SPAM_KINDS: ReadonlySet<ActionKind> = new Set<ActionKind>([
  'report',
  'block',
  'mute',
  'domain_block',
  'limit',
  'suspend',
]);

const ADMIN: ReadonlySet<ActionKind> = new Set<ActionKind>(['limit', 'suspend']);

/** Mastodon's batches: the platform traits the runtime takes when an adapter states none. */
export const DEFAULT_TRAITS: BatchTraits = {
  reportLinksInText: false,
  reportForward: true,
  postLinks: (p) => (p.url ? [p.url] : []),
  linkReports: ['limit', 'suspend'],
  noteKinds: ['limit', 'suspend'],
  limit: () => null,
};

/**
 * The comment: the template's first line, then the posts' links, as many as fit in `max`
 * characters (Mastodon's default limit is 1,000), then how many more there are.
 */
export function reportComment(head: string, urls: readonly string[], max: number = BATCH_LIMITS.comment): string {
  let out = head.slice(0, max);
  let i = 0;
  for (; i < urls.length; i++) {
    const rest = urls.length - i - 1;
    const tail = rest > 0 ? `\n(+${rest})` : '';
    if (out.length + 1 + urls[i]!.length + tail.length > max) break;
    out += `\n${urls[i]}`;
  }
  if (i < urls.length) {
    const more = `\n(+${urls.length - i})`;
    if (out.length + more.length <= max) out += more;
  }
  return out;
}

export interface PrepareInput {
  kind: ActionKind;
  instance: string;
  posts: readonly FlaggedPost[];
  /** Reports: the comment's first line, given the posts and accounts counts. */
  commentHead: (posts: number, accounts: number) => string;
  /** Moderator actions: the newest open report per account id. */
  reportIds?: Readonly<Record<string, string>>;
  /** `resolve_report`: every open report per account id (one target each). */
  reportLists?: Readonly<Record<string, readonly string[]>>;
  /** The links a report gives for a post (default: its URL). */
  links?: (p: FlaggedPost) => string[];
  /** The comment lists the posts' links (default); false where the action adds them itself. */
  commentWithLinks?: boolean;
  /** The preview offers a note for the moderation log (default: limit and suspend). */
  noteField?: boolean;
  /** Reports may be forwarded to remote servers (default true). */
  forwardable?: boolean;
  limit?: { max: number; windowMs: number } | null;
}

export function prepareBatch(input: PrepareInput): PreparedBatch | null {
  const { kind, instance, posts } = input;
  if (!posts.length) return null;
  const byAcct = new Map<string, FlaggedPost[]>();
  for (const p of posts) {
    const list = byAcct.get(p.acct);
    if (list) list.push(p);
    else byAcct.set(p.acct, [p]);
  }
  const targets: BatchTarget[] = [];
  const rows: PreviewRow[] = [];
  let linkedReports = 0;
  const linksOf = input.links ?? ((p: FlaggedPost) => (p.url ? [p.url] : []));
  if (kind === 'resolve_report') {
    // One target per open report about each selected account.
    for (const [acct, list] of byAcct) {
      const first = list[0]!;
      const reports = first.accountId ? (input.reportLists?.[first.accountId] ?? []) : [];
      for (const reportId of reports)
        targets.push({ accountId: first.accountId, acct, postIds: [], postUrls: [], reportId });
      if (reports.length) rows.push({ label: acct, posts: list.length, remote: first.remote });
    }
  } else if (kind === 'domain_block') {
    const byDomain = new Map<string, FlaggedPost[]>();
    for (const p of posts) {
      // A user cannot block their own instance's domain.
      if (!p.remote || p.host === instance) continue;
      const list = byDomain.get(p.host);
      if (list) list.push(p);
      else byDomain.set(p.host, [p]);
    }
    for (const [domain, list] of byDomain) {
      targets.push({ accountId: null, acct: list[0]!.acct, postIds: [], postUrls: [], domain });
      rows.push({ label: domain, posts: list.length, remote: true });
    }
  } else {
    for (const [acct, list] of byAcct) {
      const first = list[0]!;
      const target: BatchTarget = {
        accountId: first.accountId,
        acct,
        postIds: list.map((p) => p.id).slice(0, BATCH_LIMITS.postIdsPerTarget),
        postUrls: [...new Set(list.flatMap(linksOf))].slice(0, BATCH_LIMITS.postUrlsPerTarget),
      };
      if (ADMIN.has(kind)) {
        const reportId = first.accountId ? input.reportIds?.[first.accountId] : undefined;
        target.reportId = reportId ?? null;
        if (reportId) linkedReports++;
      }
      targets.push(target);
      rows.push({ label: acct, posts: list.length, remote: first.remote });
    }
  }
  if (!targets.length) return null;
  const capped = targets.slice(0, BATCH_LIMITS.targets);
  const remoteAccounts = [...byAcct.values()].filter((l) => l[0]!.remote).length;
  const withLinks = input.commentWithLinks ?? true;
  const urls = withLinks ? posts.map((p) => p.url).filter((u): u is string => !!u) : [];
  const head = kind === 'report' ? input.commentHead(posts.length, byAcct.size) : '';
  const count =
    kind === 'domain_block'
      ? rows.length
      : kind === 'delete_note'
        ? capped.reduce((n, t) => n + t.postIds.length, 0)
        : capped.length;
  return {
    kind,
    instance,
    targets: capped,
    rows: rows.slice(0, BATCH_LIMITS.targets),
    posts: posts.length,
    remoteAccounts,
    defaultComment: kind === 'report' ? reportComment(head, urls) : '',
    linkedReports,
    count,
    noteField: input.noteField ?? ADMIN.has(kind),
    linksInText: kind === 'report' && !withLinks,
    forwardable: input.forwardable ?? true,
    limit: input.limit ?? null,
  };
}

/** The request for the action queue, with what the preview chose. */
export function batchRequest(batch: PreparedBatch, choices: BatchChoices): BatchRequest {
  const options: BatchRequest['options'] = {};
  if (batch.kind === 'report') {
    options.category = 'spam';
    options.comment = choices.comment.slice(0, BATCH_LIMITS.comment);
    // Forwarding matters only for remote accounts; the server ignores it for local ones.
    options.forward = batch.remoteAccounts > 0 && batch.forwardable !== false && choices.forward;
  } else if (batch.kind === 'mute') {
    options.durationSeconds = Math.max(0, Math.min(BATCH_LIMITS.durationSeconds, Math.floor(choices.durationSeconds)));
    options.notifications = choices.notifications;
  } else if ((batch.noteField ?? ADMIN.has(batch.kind)) && choices.note.trim()) {
    options.note = choices.note.slice(0, BATCH_LIMITS.note);
  }
  return { instance: batch.instance, kind: batch.kind, targets: batch.targets, options };
}

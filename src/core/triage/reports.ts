/**
 * Open reports grouped by wave. The reported posts of every instance go through a detection
 * engine of their own (a throwaway instance, made for this grouping and dropped after it: the
 * user's engine keeps learning only from what they see and decide, and a report queue, weeks of
 * posts at once, neither fills its window nor counts as "seen"). The engine clusters near-identical
 * posts across instances and says which clusters are waves, with its reasons; reports whose posts
 * are in one wave form a group, and so do reports about the same account (a spammer reported for
 * several posts, or on several instances). Reports in no group are the "real" ones, listed alone.
 */
import { createEngine } from '../engine';
import type { Post, Reason, Verdict, WaveSummary } from '../model';
import type { RuleSet } from '../rules/types';
import { shortId } from '../text/hash';
import type { GroupReason, ReportGroup, TriageReport } from './types';
import { UnionFind } from './union-find';

/** Posts the grouping engine takes at most (its smallest window); the newest reports' posts first. */
export const MAX_GROUPED_POSTS = 4_000;

export interface ReportGrouping {
  groups: ReportGroup[];
  /** Reports in no group, newest first. */
  singles: string[];
  /** The engine's verdict of each reported post (by post key), for the page to show why. */
  verdicts: Record<string, Pick<Verdict, 'verdict' | 'wave' | 'freshAccount' | 'reasons'>>;
}

export interface GroupReportsOptions {
  /** The user's rules (keywords, patterns) for the engine's scoring; built-in signals only without. */
  rules?: RuleSet;
}

const clip = (s: string, n: number) => {
  const chars = [...s.trim()];
  return chars.length > n ? chars.slice(0, n - 1).join('') + '…' : chars.join('');
};

/**
 * What the reporter wrote, without the lines Misskey's note menu puts first
 * (`Note: <url>`, `Local Note: <url>`, `-----`).
 */
export function commentBody(comment: string): string {
  return comment
    .split('\n')
    .filter((l) => !/^\s*(?:(?:Local )?Note:\s*\S+|-{3,})\s*$/.test(l))
    .join('\n')
    .trim();
}

function newestFirst(a: TriageReport, b: TriageReport): number {
  return b.createdAt - a.createdAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Every distinct post of the reports, oldest first (the engine's order), at most MAX_GROUPED_POSTS. */
function postsOf(reports: readonly TriageReport[]): Post[] {
  const byKey = new Map<string, Post>();
  for (const r of reports) {
    for (const p of r.posts) {
      if (byKey.size >= MAX_GROUPED_POSTS) break;
      if (!byKey.has(p.key)) byKey.set(p.key, p);
    }
  }
  return [...byKey.values()].sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
}

function sharedReason(signal: string): GroupReason {
  const [name, site] = signal.split(':', 2) as [string, string | undefined];
  const text: Record<string, string> = {
    'same-image': 'Most posts carry the same picture',
    'same-link': `Most posts link to ${site ?? ''}`,
    'rotating-links': 'Most posts carry a link, rotating between sites',
    mentions: 'Most posts mention other accounts',
    'no-text': 'Most posts have no text',
    'fresh-accounts': 'Most accounts are only days old',
  };
  return {
    code: 'report.shared',
    params: { signal: name, ...(site ? { site } : {}) },
    text: text[name] ?? signal,
  };
}

function factsOf(members: readonly TriageReport[]): GroupReason[] {
  const out: GroupReason[] = [];
  const accounts = new Set(members.map((r) => r.target.acct)).size;
  const reporters = new Set(members.map((r) => r.reporter ?? `?${r.key}`)).size;
  const instances = new Set(members.map((r) => r.instance)).size;
  out.push({
    code: 'report.count',
    params: { reports: members.length, accounts, reporters, instances },
    text: `${members.length} reports about ${accounts} accounts, from ${reporters} reporters on ${instances} instances`,
  });
  const spam = members.filter((r) => r.category === 'spam').length;
  const categorized = members.filter((r) => r.category !== null).length;
  if (categorized && spam * 2 > categorized)
    out.push({
      code: 'report.spamCategory',
      params: { count: spam, reports: categorized },
      text: `${spam} of ${categorized} reports say "spam"`,
    });
  return out;
}

/** The most frequent comments (after the note-menu lines), most frequent first. */
function topComments(members: readonly TriageReport[], n: number): { text: string; count: number }[] {
  const counts = new Map<string, { text: string; count: number }>();
  for (const r of members) {
    const body = commentBody(r.comment);
    if (!body) continue;
    const k = body.toLowerCase().replace(/\s+/g, ' ');
    const c = counts.get(k);
    if (c) c.count++;
    else counts.set(k, { text: clip(body, 200), count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count).slice(0, n);
}

/** Groups open reports (of one or several instances) by wave and by account. */
export function groupReports(reports: readonly TriageReport[], opts: GroupReportsOptions = {}): ReportGrouping {
  const list = [...reports].sort(newestFirst);
  const posts = postsOf(list);
  const engine = createEngine({
    // Reports pile up for weeks: the whole queue is one window.
    windowHours: 24 * 365,
    waveTtlDays: 365,
    learnedTtlDays: 365,
    capacity: MAX_GROUPED_POSTS,
    knownCapacity: 4_096,
    ...(opts.rules ? { rules: opts.rules } : {}),
  });
  const first = posts.length ? engine.ingest(posts) : { verdicts: [] as Verdict[] };
  const verdicts: ReportGrouping['verdicts'] = {};
  first.verdicts.forEach((v, i) => {
    const key = posts[i]!.key;
    // The latest verdict: a wave that a later post formed or merged is named as it is now.
    const now = engine.verdictOf(key) ?? v;
    verdicts[key] = { verdict: now.verdict, wave: now.wave, freshAccount: now.freshAccount, reasons: now.reasons };
  });
  const waves = new Map<string, WaveSummary>(engine.waves().map((w) => [w.id, w]));

  const uf = new UnionFind(list.length);
  const firstOfWave = new Map<string, number>();
  const firstOfAccount = new Map<string, number>();
  const waveOf: (string | null)[] = list.map(() => null);
  list.forEach((r, i) => {
    for (const p of r.posts) {
      const w = verdicts[p.key]?.wave;
      if (!w) continue;
      waveOf[i] ??= w;
      const j = firstOfWave.get(w);
      if (j === undefined) firstOfWave.set(w, i);
      else uf.union(j, i);
    }
    // The same account, wherever it was reported (a remote spammer is the same acct everywhere).
    const acct = r.target.acct.toLowerCase();
    const j = firstOfAccount.get(acct);
    if (j === undefined) firstOfAccount.set(acct, i);
    else uf.union(j, i);
  });

  const byRoot = new Map<number, number[]>();
  list.forEach((_, i) => {
    const root = uf.find(i);
    const m = byRoot.get(root);
    if (m) m.push(i);
    else byRoot.set(root, [i]);
  });

  const groups: ReportGroup[] = [];
  const singles: string[] = [];
  for (const idx of byRoot.values()) {
    const members = idx.map((i) => list[i]!);
    const waveIds = [...new Set(idx.map((i) => waveOf[i]).filter((w): w is string => !!w))];
    if (members.length < 2 && !waveIds.length) {
      singles.push(members[0]!.key);
      continue;
    }
    const reasons: GroupReason[] = [];
    // The biggest wave of the group speaks for it: the engine's own reason, then what its posts share.
    const mainWave = waveIds.map((w) => waves.get(w)).sort((a, b) => (b?.size ?? 0) - (a?.size ?? 0))[0] ?? null;
    let sample: ReportGroup['sample'] | null = null;
    if (waveIds.length) {
      const samplePost = members.flatMap((r) => r.posts).find((p) => verdicts[p.key]?.wave === mainWave?.id);
      const why: Reason | undefined = samplePost
        ? verdicts[samplePost.key]?.reasons.find((x) => x.code.startsWith('wave.'))
        : undefined;
      if (why) reasons.push({ code: why.code, params: { ...why.params }, text: why.text });
      for (const s of mainWave?.shared ?? []) reasons.push(sharedReason(s));
      if (waveIds.length > 1)
        reasons.push({
          code: 'report.waves',
          params: { waves: waveIds.length },
          text: `${waveIds.length} clusters of near-identical posts by the same accounts`,
        });
      if (samplePost)
        sample = {
          text: clip(samplePost.text || samplePost.cw, 500),
          acct: samplePost.author.key,
          postKey: samplePost.key,
          comments: [],
        };
    } else {
      reasons.push({
        code: 'report.sameAccount',
        params: { acct: members[0]!.target.acct, reports: members.length },
        text: `${members.length} reports about ${members[0]!.target.acct}`,
      });
    }
    // An account group's heading already says how many reports about whom.
    reasons.push(...factsOf(members).filter((r) => waveIds.length || r.code !== 'report.count'));
    const comments = topComments(members, 3);
    const common = comments[0];
    if (common && common.count >= 2 && common.count * 4 >= members.length)
      reasons.push({
        code: 'report.comment',
        params: { count: common.count, comment: common.text },
        text: `${common.count} reports say “${common.text}”`,
      });
    const anyPost = members.flatMap((r) => r.posts)[0];
    sample ??= {
      text: anyPost ? clip(anyPost.text || anyPost.cw, 500) : '',
      acct: anyPost?.author.key ?? members[0]!.target.acct,
      postKey: anyPost?.key ?? null,
      comments: [],
    };
    sample.comments = comments.map((c) => c.text);
    const instances: Record<string, number> = {};
    for (const m of members) instances[m.instance] = (instances[m.instance] ?? 0) + 1;
    const keys = members.map((m) => m.key);
    groups.push({
      id: `rg-${shortId([...keys].sort().join('\n'))}`,
      kind: waveIds.length ? 'wave' : 'account',
      keys,
      accounts: new Set(members.map((m) => m.target.acct.toLowerCase())).size,
      instances,
      reasons,
      sample,
      firstAt: Math.min(...members.map((m) => m.createdAt)),
      lastAt: Math.max(...members.map((m) => m.createdAt)),
    });
  }
  groups.sort((a, b) => b.keys.length - a.keys.length || b.lastAt - a.lastAt);
  const order = new Map(list.map((r, i) => [r.key, i]));
  singles.sort((a, b) => order.get(a)! - order.get(b)!);
  return { groups, singles, verdicts };
}

/**
 * Clusters of near-duplicate posts, and when a cluster is a wave. A cluster grows as posts join
 * it and merges with another when a post resembles both, so small mutations do not split a wave.
 */
import { detach } from '../post-limits';

export interface Cluster {
  id: number;
  waveId: string | null;
  isWave: boolean;
  /** A moderator marked one of its posts "not spam": never a wave again. */
  cleared: boolean;
  /** A moderator marked one of its posts spam: a wave whatever its size. */
  learnedSpam: boolean;
  posts: number;
  authors: Set<number>;
  freshAuthors: number;
  /** Accounts younger than the wave rule's `youngDays` (or of unknown age). */
  youngAuthors: number;
  /** Oldest account age (hours, at posting time) among its fresh accounts. */
  maxFreshAgeHours: number;
  firstSeen: number;
  lastSeen: number;
  scoreSum: number;
  accountScoreSum: number;
  postScoreSum: number;
  /** Posts with a picture another member also posted / a link / two or more mentions / no text. */
  withImage: number;
  withLink: number;
  withMentions: number;
  withoutText: number;
  /** Posts linking to a site only young accounts had linked to (a throwaway domain). */
  withThrowawayLink: number;
  /** Link sites and counts, for the wave's shared signals. */
  sites: Map<string, number>;
  instances: Set<string>;
  /** Recent members (sequence numbers in the window), newest last. */
  members: number[];
  samplePostKey: string;
  sampleText: string;
  /** Exemplars of this wave in the known store. */
  exemplars: number;
}

export const MAX_MEMBERS = 512;
export const MAX_AUTHORS = 4096;

export function newCluster(id: number, now: number): Cluster {
  return {
    id,
    waveId: null,
    isWave: false,
    cleared: false,
    learnedSpam: false,
    posts: 0,
    authors: new Set(),
    freshAuthors: 0,
    youngAuthors: 0,
    maxFreshAgeHours: 0,
    firstSeen: now,
    lastSeen: now,
    scoreSum: 0,
    accountScoreSum: 0,
    postScoreSum: 0,
    withImage: 0,
    withLink: 0,
    withMentions: 0,
    withoutText: 0,
    withThrowawayLink: 0,
    sites: new Map(),
    instances: new Set(),
    members: [],
    samplePostKey: '',
    sampleText: '',
    exemplars: 0,
  };
}

export interface MemberInfo {
  seq: number;
  ts: number;
  author: number;
  fresh: boolean;
  young: boolean;
  ageHours: number | null;
  score: number;
  accountScore: number;
  /** Post signals and rules, without the repeated-image signal. */
  postScore: number;
  /** The post's picture matched another member's. */
  sharedImage: boolean;
  site: string | null;
  /** The link's site was used only by young accounts when the post came. */
  throwawayLink: boolean;
  mentions: number;
  hasText: boolean;
  instance: string;
  postKey: string;
  text: string;
}

export function addMember(c: Cluster, m: MemberInfo): void {
  c.posts++;
  if (!c.authors.has(m.author) && c.authors.size < MAX_AUTHORS) {
    c.authors.add(m.author);
    if (m.young) c.youngAuthors++;
    if (m.fresh) {
      c.freshAuthors++;
      if (m.ageHours !== null) c.maxFreshAgeHours = Math.max(c.maxFreshAgeHours, m.ageHours);
    }
  }
  c.firstSeen = Math.min(c.firstSeen, m.ts);
  c.lastSeen = Math.max(c.lastSeen, m.ts);
  c.scoreSum += m.score;
  c.accountScoreSum += m.accountScore;
  c.postScoreSum += m.postScore;
  if (m.sharedImage) c.withImage++;
  if (m.site) {
    c.withLink++;
    if (c.sites.size < 64 || c.sites.has(m.site)) c.sites.set(m.site, (c.sites.get(m.site) ?? 0) + 1);
  }
  if (m.mentions >= 2) c.withMentions++;
  if (!m.hasText) c.withoutText++;
  if (m.throwawayLink) c.withThrowawayLink++;
  if (c.instances.size < 64) c.instances.add(m.instance);
  c.members.push(m.seq);
  // Trimmed in steps, not one element per post (a splice moves the whole array).
  if (c.members.length > 2 * MAX_MEMBERS) c.members.splice(0, c.members.length - MAX_MEMBERS);
  if (!c.samplePostKey || (m.hasText && !c.sampleText)) {
    c.samplePostKey = m.postKey;
    // A copy: a slice would keep the whole post text alive as long as the cluster.
    c.sampleText = detach(m.text.slice(0, 280));
  }
}

/** Moves everything of `from` into `into` (members keep their order by sequence). */
export function mergeInto(into: Cluster, from: Cluster): void {
  into.posts += from.posts;
  for (const a of from.authors) if (into.authors.size < MAX_AUTHORS) into.authors.add(a);
  into.freshAuthors += from.freshAuthors;
  into.youngAuthors += from.youngAuthors;
  into.maxFreshAgeHours = Math.max(into.maxFreshAgeHours, from.maxFreshAgeHours);
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastSeen = Math.max(into.lastSeen, from.lastSeen);
  into.scoreSum += from.scoreSum;
  into.accountScoreSum += from.accountScoreSum;
  into.postScoreSum += from.postScoreSum;
  into.withImage += from.withImage;
  into.withLink += from.withLink;
  into.withMentions += from.withMentions;
  into.withoutText += from.withoutText;
  into.withThrowawayLink += from.withThrowawayLink;
  // The same caps as addMember: a wave that swallows many clusters keeps 64 sites and instances.
  for (const [s, n] of from.sites)
    if (into.sites.size < 64 || into.sites.has(s)) into.sites.set(s, (into.sites.get(s) ?? 0) + n);
  for (const i of from.instances) if (into.instances.size < 64) into.instances.add(i);
  into.members = [...into.members, ...from.members].sort((a, b) => a - b).slice(-MAX_MEMBERS);
  into.cleared ||= from.cleared;
  into.learnedSpam ||= from.learnedSpam;
  into.exemplars += from.exemplars;
  if (!into.waveId && from.waveId) into.waveId = from.waveId;
  if (from.firstSeen < into.firstSeen || !into.sampleText) {
    into.samplePostKey = from.samplePostKey || into.samplePostKey;
    into.sampleText = from.sampleText || into.sampleText;
  }
}

export interface WaveRule {
  minAccounts: number;
  minMeanScore: number;
  youngDays: number;
}

/**
 * Whether a cluster is a wave: enough distinct accounts, mostly young ones (waves use new or
 * sleeper accounts: hundreds of established people sharing a news link, a meme or thanks to many
 * friends are not a wave), and either a shared payload in most posts (the same picture, a link,
 * mentions of two or more people) from accounts that look made for it (mostly fresh, or bare on
 * average), or posts that look bad on their own. Newcomers saying hello carry no payload.
 */
export function isWaveNow(c: Cluster, rule: WaveRule): boolean {
  if (c.cleared) return false;
  if (c.learnedSpam) return true;
  const accounts = c.authors.size;
  if (accounts < Math.min(2, rule.minAccounts)) return false;
  if (c.youngAuthors / accounts < 0.5) return false;
  const payload = Math.max(c.withMentions, c.withLink, c.withImage) / c.posts;
  const meanAccount = c.accountScoreSum / c.posts;
  const meanPost = c.postScoreSum / c.posts;
  const freshShare = c.freshAuthors / accounts;
  if (accounts < rule.minAccounts) {
    // Two brand-new accounts posting the same payload, early enough to stop a wave at its start:
    // bare accounts; or accounts created within the hour, each linking to a site no established
    // account links to (rotating throwaway domains: a picture and a name do not make them real).
    if (rule.minAccounts > 3 || freshShare !== 1 || payload !== 1) return false;
    if (meanAccount >= rule.minMeanScore + 0.1) return true;
    return c.maxFreshAgeHours < 1 && c.withThrowawayLink === c.posts;
  }
  if (meanPost >= 0.3 && meanAccount >= rule.minMeanScore) return true;
  if (payload < 0.5) return false;
  return freshShare >= 0.5 || meanAccount >= rule.minMeanScore;
}

/** Signals the wave's posts share, e.g. `same-image`, `same-link:discord.gg`, `mentions`. */
export function sharedSignals(c: Cluster): string[] {
  const out: string[] = [];
  const half = c.posts / 2;
  if (c.withImage > half) out.push('same-image');
  for (const [site, n] of c.sites) if (n > half) out.push(`same-link:${site}`);
  if (c.withLink > half && !out.some((s) => s.startsWith('same-link'))) out.push('rotating-links');
  if (c.withMentions > half) out.push('mentions');
  if (c.withoutText > half) out.push('no-text');
  if (c.freshAuthors > c.authors.size / 2) out.push('fresh-accounts');
  return out;
}

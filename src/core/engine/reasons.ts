/** The engine's own reason sentences (signals write theirs in heuristics/). */
import type { Reason } from '../model';
import type { Cluster } from '../waves/clusters';

function within(hours: number): string {
  if (hours <= 1) return 'the last hour';
  if (hours < 48) return `the last ${Math.ceil(hours)} hours`;
  return `the last ${Math.ceil(hours / 24)} days`;
}

/** "12 near-identical posts from 11 accounts created in the last hour". */
export function waveReason(c: Cluster): Reason {
  const posts = c.posts;
  const accounts = c.authors.size;
  const params: Record<string, string | number> = { posts, accounts, fresh: c.freshAuthors, wave: c.waveId ?? '' };
  let text = `${posts} near-identical posts from ${accounts} ${accounts === 1 ? 'account' : 'accounts'}`;
  let code = 'wave.nearDuplicates';
  if (c.learnedSpam && accounts < 3) {
    code = 'wave.learned';
    text = `${posts} near-identical ${posts === 1 ? 'post' : 'posts'} of a wave you marked as spam`;
  } else if (accounts > 0 && c.freshAuthors === accounts) {
    const hours = Math.max(1, Math.ceil(c.maxFreshAgeHours));
    params.hours = hours;
    code = 'wave.nearDuplicatesFresh';
    text += ` created in ${within(hours)}`;
  } else if (c.freshAuthors > accounts / 2) {
    code = 'wave.nearDuplicatesMostlyFresh';
    text += `, ${c.freshAuthors} of them created in the last 2 days`;
  }
  return { signal: 'wave', code, params, text, weight: 0.95 };
}

export function learnedSpamReason(): Reason {
  return {
    signal: 'learned',
    code: 'learned.spam',
    params: {},
    text: 'Near-identical to a post you marked as spam',
    weight: 0.97,
  };
}

export function learnedOkReason(): Reason {
  return {
    signal: 'learned',
    code: 'learned.notSpam',
    params: {},
    text: 'Similar to a post you marked as not spam',
    weight: 0,
  };
}

export function allowReason(what: string): Reason {
  return { signal: 'allow', code: 'allow.listed', params: { what }, text: `Allow-listed (${what})`, weight: 0 };
}

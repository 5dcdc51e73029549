import type { Post, Reason } from '../model';

/** What every signal sees about one post (computed once by the engine). */
export interface SignalInput {
  post: Post;
  /** Hours between the author's creation (or first sighting) and the post; null when unknown. */
  ageHours: number | null;
  /** Posts by this author seen in the last hour, this one included. */
  recentPosts: number;
  /** Mentioned accounts the author has not been seen interacting with (0 in replies). */
  strangers: number;
  /** The post's comparison text (text/normalize.ts comparisonText of cw + text). */
  cmp: string;
  /** Other accounts that posted the same picture (blurhash + size) in the recent window. */
  imageAccounts: number;
}

export interface SignalSettings {
  enabled: boolean;
  /** Contribution to the score when the signal fires at full strength, 0..1. */
  weight: number;
  /** The signal's own threshold (meaning per signal: hours, count, ...). */
  threshold: number;
}

export type SignalGroup = 'account' | 'post';

export interface Signal {
  name: string;
  group: SignalGroup;
  defaults: SignalSettings;
  /** Meaning of `threshold`, for docs/rules.md and validation messages. */
  thresholdMeaning: string;
  /**
   * The signal reads nothing but the author's profile fields that `ProfileMemo` compares
   * (display name, username, avatar, bio, follower count) and its settings: the scorer keeps its
   * result per author and reuses it while those fields stay the same.
   */
  profile?: boolean;
  evaluate(input: SignalInput, settings: SignalSettings): Reason | null;
}

export function reason(
  signal: string,
  code: string,
  params: Record<string, string | number>,
  text: string,
  weight: number,
): Reason {
  return { signal, code, params, text, weight: Math.max(0, Math.min(1, weight)) };
}

/**
 * A reason whose text and params never vary: one object per weight, shared by every verdict that
 * gives it (reasons are read, never changed, by whoever receives a verdict).
 */
export function fixedReason(signal: string, code: string, text: string): (weight: number) => Reason {
  let last: Reason | null = null;
  return (weight) => {
    if (last === null || last.weight !== Math.max(0, Math.min(1, weight)))
      last = reason(signal, code, {}, text, weight);
    return last;
  };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "35 minutes", "5 hours", "3 days": a human duration from hours. */
export function humanAge(hours: number): string {
  if (hours < 1) return plural(Math.max(1, Math.round(hours * 60)), 'minute');
  if (hours < 48) return plural(Math.round(hours), 'hour');
  return plural(Math.round(hours / 24), 'day');
}

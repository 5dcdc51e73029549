import { reason, type Signal } from './types';

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const RARE = new Set(['q', 'x', 'z', 'j', 'v', 'w', 'k', 'f']);

/**
 * How random a username looks, 0..1: long runs of consonants, rare letters clustered, too few
 * vowels, digits sprinkled between letters, and the exact 10-character form of the 2024 waves.
 * Real people have such names too (mastodonInboxFilter had to allow-list `eks4lebwur`,
 * `m2aioqjxwz`), so this signal is weak on its own and never flags by itself.
 */
export function usernameRandomness(username: string): number {
  const u = username.toLowerCase();
  if (!/^[a-z0-9]+$/.test(u) || u.length < 7) return 0; // separators or short: human-chosen
  const letters = u.replace(/[0-9]/g, '');
  if (letters.length < 4) return 0;
  let vowels = 0;
  let run = 0;
  let maxRun = 0;
  let rareInRuns = 0;
  for (const ch of letters) {
    if (VOWELS.has(ch)) {
      vowels++;
      run = 0;
    } else {
      run++;
      maxRun = Math.max(maxRun, run);
      if (run >= 2 && RARE.has(ch)) rareInRuns++;
    }
  }
  let transitions = 0;
  for (let i = 1; i < u.length; i++) {
    const a = u[i - 1]! >= '0' && u[i - 1]! <= '9';
    const b = u[i]! >= '0' && u[i]! <= '9';
    if (a !== b) transitions++;
  }
  const trailingDigits = /[a-z][0-9]+$/.test(u) && transitions === 1; // "alice1987": human
  let score = 0;
  const ratio = vowels / letters.length;
  if (maxRun >= 5) score += 0.5;
  else if (maxRun === 4) score += 0.3;
  if (ratio < 0.2) score += 0.3;
  else if (ratio < 0.3) score += 0.1;
  score += Math.min(0.3, rareInRuns * 0.1);
  if (!trailingDigits && transitions >= 2) score += 0.3;
  if (u.length === 10) score += 0.1;
  return Math.min(1, score);
}

const memo = new Map<string, number>();
const MEMO_KEY = 300;

export const username: Signal = {
  name: 'username',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0.6 },
  thresholdMeaning: 'randomness score 0..1 from which a username counts as random',
  profile: true,
  evaluate({ post }, { weight, threshold }) {
    // Longer than any platform allows: not judged (and not repeated in a reason).
    if (post.author.username.length > 300) return null;
    let r = memo.get(post.author.username);
    if (r === undefined) {
      r = usernameRandomness(post.author.username);
      if (memo.size >= 8192) memo.clear();
      // Only short keys: 8,192 usernames of a megabyte each would hold 16 GB.
      if (post.author.username.length <= MEMO_KEY) memo.set(post.author.username, r);
    }
    if (r < threshold) return null;
    return reason(
      'username',
      'account.randomUsername',
      { username: post.author.username },
      `Random-looking username (${post.author.username})`,
      weight,
    );
  },
};

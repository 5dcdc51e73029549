import { canonical } from '../text/normalize';
import { fixedReason, type Signal } from './types';

/** Names repeat from post to post: remember the last few thousand canonical forms. */
const memo = new Map<string, string>();
function canon(s: string): string {
  let v = memo.get(s);
  if (v === undefined) {
    v = canonical(s).trim();
    if (memo.size >= 8192) memo.clear();
    // Only short keys: 8,192 names of a megabyte each would hold 16 GB.
    if (s.length <= 300) memo.set(s, v);
  }
  return v;
}

const noName = fixedReason('display-name', 'account.noDisplayName', 'No display name');
const nameIsUsername = fixedReason(
  'display-name',
  'account.displayNameIsUsername',
  'Display name is just the username',
);

/** Empty display name, or the same as the username (nulta's checkUserSpamness). */
export const displayName: Signal = {
  name: 'display-name',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0 },
  thresholdMeaning: 'unused',
  profile: true,
  evaluate({ post }, { weight }) {
    const name = canon(post.author.displayName);
    if (name === '') return noName(weight);
    if (name === canon(post.author.username)) return nameIsUsername(weight);
    return null;
  },
};

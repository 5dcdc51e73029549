import { reason, type Signal } from './types';

/** No followers at all, when known (Akkoma's AntiLinkSpamPolicy: 0 posts and 0 followers). */
export const followers: Signal = {
  name: 'followers',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0 },
  thresholdMeaning: 'follower count at or below which the signal fires',
  profile: true,
  evaluate({ post }, { weight, threshold }) {
    const n = post.author.followersCount;
    if (n === null || n > threshold) return null;
    return n === 0
      ? reason('followers', 'account.noFollowers', { followers: 0 }, 'No followers', weight)
      : reason('followers', 'account.fewFollowers', { followers: n }, `Only ${n} followers`, weight);
  },
};

import { reason, type Signal } from './types';

/**
 * Posting fast: many posts in the last hour seen by the engine, or a profile whose post count over
 * its age says so (a 2-hour-old account with 40 posts). The 2024 waves looped endlessly.
 */
export const postingRate: Signal = {
  name: 'posting-rate',
  group: 'account',
  defaults: { enabled: true, weight: 0.2, threshold: 10 },
  thresholdMeaning: 'posts per hour from which the rate counts as high',
  evaluate({ post, recentPosts, ageHours }, { weight, threshold }) {
    if (recentPosts >= threshold) {
      return reason(
        'posting-rate',
        'account.postingRate',
        { posts: recentPosts },
        `${recentPosts} posts in the last hour`,
        weight,
      );
    }
    const total = post.author.postsCount;
    if (total !== null && ageHours !== null && ageHours < 72 && total >= threshold) {
      const perHour = total / Math.max(1, ageHours);
      if (perHour >= threshold) {
        return reason(
          'posting-rate',
          'account.postingRateProfile',
          { posts: total, hours: Math.round(Math.max(1, ageHours)) },
          `${total} posts in the account's first ${Math.round(Math.max(1, ageHours))} hours`,
          weight,
        );
      }
    }
    return null;
  },
};

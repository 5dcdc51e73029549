import { fixedReason, type Signal } from './types';

const noBio = fixedReason('bio', 'account.noBio', 'Empty profile bio');

/** An empty bio, when the platform sent one (Misskey's UserLite does not: then nothing is said). */
export const bio: Signal = {
  name: 'bio',
  group: 'account',
  defaults: { enabled: true, weight: 0.05, threshold: 0 },
  thresholdMeaning: 'unused',
  profile: true,
  evaluate({ post }, { weight }) {
    return post.author.bio !== null && post.author.bio.trim() === '' ? noBio(weight) : null;
  },
};

import { reason, type Signal } from './types';

/** No avatar of its own: Mastodon's missing.png, Misskey's identicon. Weak alone: many real users never set one. */
export const avatar: Signal = {
  name: 'avatar',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0 },
  thresholdMeaning: 'unused',
  evaluate({ post }, { weight }) {
    return post.author.avatarMissing ? reason('avatar', 'account.noAvatar', {}, 'No profile picture', weight) : null;
  },
};

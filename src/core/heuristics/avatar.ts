import { fixedReason, type Signal } from './types';

const noAvatar = fixedReason('avatar', 'account.noAvatar', 'No profile picture');

/** No avatar of its own: Mastodon's missing.png, Misskey's identicon. Weak alone: many real users never set one. */
export const avatar: Signal = {
  name: 'avatar',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0 },
  thresholdMeaning: 'unused',
  profile: true,
  evaluate({ post }, { weight }) {
    return post.author.avatarMissing ? noAvatar(weight) : null;
  },
};

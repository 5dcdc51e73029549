import { canonical } from '../text/normalize';
import { reason, type Signal } from './types';

/** Empty display name, or the same as the username (nulta's checkUserSpamness). */
export const displayName: Signal = {
  name: 'display-name',
  group: 'account',
  defaults: { enabled: true, weight: 0.1, threshold: 0 },
  thresholdMeaning: 'unused',
  evaluate({ post }, { weight }) {
    const name = canonical(post.author.displayName).trim();
    if (name === '') return reason('display-name', 'account.noDisplayName', {}, 'No display name', weight);
    if (name === canonical(post.author.username)) {
      return reason('display-name', 'account.displayNameIsUsername', {}, 'Display name is just the username', weight);
    }
    return null;
  },
};

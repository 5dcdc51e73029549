import { plural, reason, type Signal } from './types';

/**
 * The same picture (BlurHash components and aspect ratio, tolerant of re-encoding) posted by other
 * accounts in the recent window: nulta's "recurring image", einbeck.social's BlurHash list, without
 * a list to maintain.
 */
export const images: Signal = {
  name: 'images',
  group: 'post',
  defaults: { enabled: true, weight: 0.3, threshold: 2 },
  thresholdMeaning: 'other accounts posting the same picture from which the signal fires',
  evaluate({ imageAccounts }, { weight, threshold }) {
    if (imageAccounts < threshold) return null;
    return reason(
      'images',
      'post.repeatedImage',
      { accounts: imageAccounts },
      `The same image was posted by ${plural(imageAccounts, 'other account')} recently`,
      weight,
    );
  },
};

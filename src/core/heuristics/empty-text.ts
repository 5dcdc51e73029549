import { substantiveText } from '../text/normalize';
import { reason, type Signal } from './types';

/** Nothing said, only mentions and an image: the February 2024 wave's main form (misskey #13394). */
export const emptyText: Signal = {
  name: 'empty-text',
  group: 'post',
  defaults: { enabled: true, weight: 0.35, threshold: 1 },
  thresholdMeaning: 'mentions from which an image-only post counts',
  evaluate({ post, cmp }, { weight, threshold }) {
    if (post.media.length === 0 || post.mentions.length < threshold) return null;
    if (substantiveText(cmp).length > 2) return null;
    return reason(
      'empty-text',
      'post.onlyMentionsAndImage',
      { mentions: post.mentions.length },
      'No text, only mentions and an image',
      weight,
    );
  },
};

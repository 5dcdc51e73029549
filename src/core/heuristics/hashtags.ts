import { reason, type Signal } from './types';

/** Hashtag stuffing: many tags, or tags making up most of the words (kmyblue's hashtag limit). */
export const hashtags: Signal = {
  name: 'hashtags',
  group: 'post',
  defaults: { enabled: true, weight: 0.2, threshold: 6 },
  thresholdMeaning: 'hashtags per post from which the signal fires',
  evaluate({ post, cmp }, { weight, threshold }) {
    if (post.tags.length < 3) return null;
    const tags = new Set(post.tags).size;
    if (tags < 3) return null;
    const words = cmp.split(' ').filter((w) => w && !w.startsWith('#')).length;
    if (tags >= threshold || (tags >= 4 && tags >= words)) {
      return reason('hashtags', 'post.hashtagStuffing', { tags }, `${tags} hashtags in one post`, weight);
    }
    return null;
  },
};

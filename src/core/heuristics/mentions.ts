import { plural, reason, type Signal } from './types';

/**
 * Mentions of strangers: the 2024 waves mentioned 2 to 10 people the sender never talked to.
 * Thresholds in the field: ≥2 (nulta), >3 (kuroAntiSpam), ≥5, 10 (October 2024 wave); Akkoma's
 * hellthread delists above 10 recipients. Mentions in a reply, or of accounts the author has
 * talked with, do not count as strangers.
 */
export const mentions: Signal = {
  name: 'mentions',
  group: 'post',
  defaults: { enabled: true, weight: 0.3, threshold: 2 },
  thresholdMeaning: 'mentioned strangers from which the signal fires',
  evaluate({ post, strangers }, { weight, threshold }) {
    const total = post.mentions.length;
    if (total >= 10) {
      return reason(
        'mentions',
        'post.massMentions',
        { mentions: total, strangers },
        `Mentions ${total} accounts at once`,
        Math.min(1, weight * 1.7),
      );
    }
    if (strangers < threshold) return null;
    const strength = strangers >= 5 ? 1.3 : 1;
    return reason(
      'mentions',
      'post.strangerMentions',
      { mentions: total, strangers },
      `Mentions ${plural(strangers, 'account')} it has never interacted with`,
      weight * strength,
    );
  },
};

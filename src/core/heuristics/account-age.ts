import { humanAge, reason, type Signal } from './types';

/**
 * A freshly created (or freshly seen) account. The 2024 waves used accounts within their first
 * hour (nulta: < 1 h is "new", > 5 days trusted; Akkoma RejectNewlyCreatedAccountNotes: 24 h).
 * Strength falls with age: full in the first hour, half near the threshold.
 */
export const accountAge: Signal = {
  name: 'account-age',
  group: 'account',
  defaults: { enabled: true, weight: 0.2, threshold: 48 },
  thresholdMeaning: 'hours under which an account counts as fresh',
  evaluate({ ageHours }, { weight, threshold }) {
    if (ageHours === null || ageHours >= threshold) return null;
    const h = Math.max(0, ageHours);
    const strength = h < 1 ? 1 : h < 24 ? 0.75 : 0.5;
    return reason(
      'account-age',
      'account.fresh',
      { hours: Math.round(h * 10) / 10 },
      `Account created ${humanAge(h)} before posting`,
      weight * strength,
    );
  },
};

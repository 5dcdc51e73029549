/**
 * The built-in signals and the scorer that combines them. Each signal is one small module with its
 * own table test; the scorer is a noisy-or (1 - product of (1 - weight)) in two groups: what the
 * account looks like is capped (a new user without an avatar is not a spammer), what the post does
 * is not.
 */
import type { Reason } from '../model';
import { accountAge } from './account-age';
import { avatar } from './avatar';
import { bio } from './bio';
import { displayName } from './display-name';
import { emptyText } from './empty-text';
import { followers } from './followers';
import { hashtags } from './hashtags';
import { images } from './images';
import { language } from './language';
import { links } from './links';
import { mentions } from './mentions';
import { postingRate } from './posting-rate';
import type { Signal, SignalInput, SignalSettings } from './types';
import { username } from './username';

export type { Signal, SignalInput, SignalSettings } from './types';

export const SIGNALS: readonly Signal[] = [
  accountAge,
  avatar,
  displayName,
  username,
  bio,
  followers,
  postingRate,
  mentions,
  links,
  images,
  hashtags,
  emptyText,
  language,
];

export const SIGNAL_NAMES = SIGNALS.map((s) => s.name);

/** How much the account-only signals may add up to. */
export const DEFAULT_ACCOUNT_CAP = 0.4;

export function noisyOr(weights: Iterable<number>): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - Math.max(0, Math.min(1, w));
  return 1 - keep;
}

export interface Scored {
  score: number;
  accountScore: number;
  postScore: number;
  reasons: Reason[];
}

/** Evaluates every enabled signal and combines them. */
export function scoreSignals(
  input: SignalInput,
  settings: Readonly<Record<string, SignalSettings>>,
  accountCap = DEFAULT_ACCOUNT_CAP,
): Scored {
  const reasons: Reason[] = [];
  let accountKeep = 1;
  let postKeep = 1;
  for (const s of SIGNALS) {
    const cfg = settings[s.name] ?? s.defaults;
    if (!cfg.enabled || cfg.weight <= 0) continue;
    const r = s.evaluate(input, cfg);
    if (!r) continue;
    reasons.push(r);
    if (s.group === 'account') accountKeep *= 1 - r.weight;
    else postKeep *= 1 - r.weight;
  }
  const accountScore = Math.min(accountCap, 1 - accountKeep);
  const postScore = 1 - postKeep;
  return { score: 1 - (1 - accountScore) * (1 - postScore), accountScore, postScore, reasons };
}

export function defaultSignalSettings(): Record<string, SignalSettings> {
  const out: Record<string, SignalSettings> = {};
  for (const s of SIGNALS) out[s.name] = { ...s.defaults };
  return out;
}

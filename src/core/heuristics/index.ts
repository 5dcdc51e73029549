/**
 * The built-in signals and the scorer that combines them. Each signal is one small module with its
 * own table test; the scorer is a noisy-or (1 - product of (1 - weight)) in two groups: what the
 * account looks like is capped (a new user without an avatar is not a spammer), what the post does
 * is not.
 */
import type { Reason } from '../model';
import { detach } from '../post-limits';
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

/**
 * What the profile signals (`Signal.profile`) said about one author, and the profile fields they
 * read: kept per author by the engine, reused while the fields and the settings stay the same.
 */
export interface ProfileMemo {
  settings: object | null;
  displayName: string;
  username: string;
  avatarMissing: boolean;
  bio: string | null;
  followersCount: number | null;
  /** By index in SIGNALS (profile signals only; undefined: disabled then). */
  reasons: (Reason | null | undefined)[];
}

export function newProfileMemo(): ProfileMemo {
  return {
    settings: null,
    displayName: '',
    username: '',
    avatarMissing: false,
    bio: null,
    followersCount: null,
    reasons: [],
  };
}

/** Each settings object's entries in SIGNALS order (rule sets change rarely; posts come often). */
const ordered = new WeakMap<object, (SignalSettings | null)[]>();

function inOrder(settings: Readonly<Record<string, SignalSettings>>): (SignalSettings | null)[] {
  let list = ordered.get(settings);
  if (!list) {
    list = SIGNALS.map((s) => {
      const cfg = settings[s.name] ?? s.defaults;
      return cfg.enabled && cfg.weight > 0 ? cfg : null;
    });
    ordered.set(settings, list);
  }
  return list;
}

/**
 * Evaluates every enabled signal and combines them. With a `memo` (the author's), the profile
 * signals are taken from it when the author's profile and the settings are those it was made for.
 */
export function scoreSignals(
  input: SignalInput,
  settings: Readonly<Record<string, SignalSettings>>,
  accountCap = DEFAULT_ACCOUNT_CAP,
  memo?: ProfileMemo,
): Scored {
  const reasons: Reason[] = [];
  let accountKeep = 1;
  let postKeep = 1;
  let reuse = false;
  if (memo) {
    const a = input.post.author;
    reuse =
      memo.settings === settings &&
      memo.displayName === a.displayName &&
      memo.username === a.username &&
      memo.avatarMissing === a.avatarMissing &&
      memo.bio === a.bio &&
      memo.followersCount === a.followersCount;
    if (!reuse) {
      // Copies: kept per author, they must not keep the JSON they were cut from alive.
      memo.settings = settings;
      memo.displayName = detach(a.displayName);
      memo.username = detach(a.username);
      memo.avatarMissing = a.avatarMissing;
      memo.bio = a.bio === null ? null : detach(a.bio);
      memo.followersCount = a.followersCount;
    }
  }
  const cfgs = inOrder(settings);
  for (let i = 0; i < SIGNALS.length; i++) {
    const s = SIGNALS[i]!;
    let r: Reason | null;
    if (reuse && s.profile) {
      r = memo!.reasons[i] ?? null;
    } else {
      const cfg = cfgs[i]!;
      r = cfg ? s.evaluate(input, cfg) : null;
      if (memo && s.profile) memo.reasons[i] = r;
    }
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

/**
 * The rule-set format (documented in docs/rules.md). Versioned JSON, shareable between
 * moderators. Every field is optional except `format` and `version`.
 */
import type { SignalSettings } from '../heuristics/types';

export const RULES_FORMAT = 'breakwater-rules';
export const RULES_VERSION = 1;

/** Where a keyword or pattern looks. */
export type RuleField = 'text' | 'cw' | 'post' | 'name' | 'bio' | 'links' | 'media';

export interface KeywordRule {
  text: string;
  /** Contribution to the score, 0..1 (default 0.9: a keyword alone makes a post spam). */
  weight?: number;
  /** Default `post` (text + CW + link hosts + media descriptions). */
  in?: RuleField;
  /** A label shown in the reason, e.g. "Feb 2024 wave". */
  label?: string;
}

export interface PatternRule {
  regex: string;
  /** `i`, `m`, `s`, `u` only. */
  flags?: string;
  weight?: number;
  in?: RuleField;
  label?: string;
}

export interface DomainRule {
  domain: string;
  weight?: number;
  label?: string;
}

export interface Thresholds {
  /** Score from which a post is `suspicious` (default 0.6). */
  suspicious?: number;
  /** Score from which a post is `spam` (default 0.9). */
  spam?: number;
  /** Most the account-only signals may add up to (default 0.4). */
  accountCap?: number;
}

export interface WaveSettings {
  /** Distinct accounts before a cluster of near-duplicates can be a wave (default 3). */
  minAccounts?: number;
  /** Mean account score (0..0.4) of the cluster's posts from which its accounts look made for spam (default 0.25). */
  minMeanScore?: number;
  /** Accounts younger than this many days count as young; a wave needs mostly young accounts (default 14). */
  youngDays?: number;
}

export interface AllowList {
  /** `user@host` handles whose posts are never flagged. */
  accounts?: string[];
  /** Link domains never held against a post (subdomains included). */
  domains?: string[];
  /** Home instances whose accounts are never flagged (subdomains included). */
  instances?: string[];
}

export interface RuleBody {
  keywords?: (KeywordRule | string)[];
  patterns?: PatternRule[];
  linkDomains?: (DomainRule | string)[];
  instanceDomains?: (DomainRule | string)[];
  usernamePatterns?: PatternRule[];
  /** Per built-in signal: enable, weight, threshold (see docs/rules.md for each signal's threshold). */
  signals?: Record<string, Partial<SignalSettings>>;
  thresholds?: Thresholds;
  wave?: WaveSettings;
  allow?: AllowList;
}

export interface RuleSet extends RuleBody {
  format: typeof RULES_FORMAT;
  version: typeof RULES_VERSION;
  name?: string;
  description?: string;
  author?: string;
  /** ISO date of the last change. */
  updated?: string;
  /** Per viewing instance (its domain): rules added to, and settings replacing, the base ones there. */
  overrides?: Record<string, RuleBody>;
}

export function emptyRuleSet(): RuleSet {
  return { format: RULES_FORMAT, version: RULES_VERSION };
}

/**
 * Whether `key` may name an instance in `overrides`: not a name JavaScript objects already have
 * (`__proto__`, `constructor`, `toString`...). A rule list with `"overrides": {"__proto__": {...}}`
 * made the merge write its lists onto Object.prototype, so every object had `keywords` (issue 10).
 */
export function isOverrideKey(key: string): boolean {
  return key !== '__proto__' && !(key in Object.prototype);
}

/** The override of `instance`, if the rule set has one of its own. */
export function overrideOf(rules: { overrides?: Record<string, RuleBody> }, instance: string): RuleBody | undefined {
  const o = rules.overrides;
  return o && isOverrideKey(instance) && Object.hasOwn(o, instance) ? o[instance] : undefined;
}

/**
 * Rule sets compiled for matching: keywords in canonical form, safe regexes, domain maps, merged
 * signal settings. One compiled form per viewing instance (base rules plus its override).
 */
import { defaultSignalSettings, DEFAULT_ACCOUNT_CAP, type SignalSettings } from '../heuristics';
import type { Post, Reason } from '../model';
import { cut, detach, POST_LIMITS } from '../post-limits';
import { canonical } from '../text/normalize';
import { compileSafeRegex, safeTest } from './safe-regex';
import {
  overrideOf,
  type DomainRule,
  type KeywordRule,
  type PatternRule,
  type RuleBody,
  type RuleField,
  type RuleSet,
} from './types';

export interface CompiledRules {
  signals: Record<string, SignalSettings>;
  suspicious: number;
  spam: number;
  accountCap: number;
  minAccounts: number;
  minMeanScore: number;
  youngDays: number;
  keywords: { needle: string; text: string; weight: number; in: RuleField; label: string | null }[];
  patterns: { re: RegExp; source: string; weight: number; in: RuleField; label: string | null }[];
  usernamePatterns: { re: RegExp; source: string; weight: number; label: string | null }[];
  linkDomains: { domain: string; weight: number; label: string | null }[];
  instanceDomains: { domain: string; weight: number; label: string | null }[];
  allowAccounts: Set<string>;
  allowDomains: string[];
  allowInstances: string[];
}

export const DEFAULTS = { suspicious: 0.6, spam: 0.9, minAccounts: 3, minMeanScore: 0.25, youngDays: 14 };

function bodies(rules: RuleSet, instance: string | null): RuleBody[] {
  const out: RuleBody[] = [rules];
  if (instance && rules.overrides) {
    const o = overrideOf(rules, instance);
    if (o) out.push(o);
  }
  return out;
}

const normDomain = (d: string) =>
  canonical(d.trim())
    .replace(/^\*\./, '')
    .replace(/^www\./, '');

export function compileRules(rules: RuleSet, instance: string | null = null): CompiledRules {
  const c: CompiledRules = {
    signals: defaultSignalSettings(),
    ...DEFAULTS,
    accountCap: DEFAULT_ACCOUNT_CAP,
    keywords: [],
    patterns: [],
    usernamePatterns: [],
    linkDomains: [],
    instanceDomains: [],
    allowAccounts: new Set(),
    allowDomains: [],
    allowInstances: [],
  };
  for (const b of bodies(rules, instance)) {
    for (const k of b.keywords ?? []) {
      const r: KeywordRule = typeof k === 'string' ? { text: k } : k;
      c.keywords.push({
        needle: canonical(r.text).trim(),
        text: r.text,
        weight: r.weight ?? 0.9,
        in: r.in ?? 'post',
        label: r.label ?? null,
      });
    }
    const pat = (p: PatternRule) => {
      const r = compileSafeRegex(p.regex, p.flags ?? '');
      return r.ok
        ? { re: r.regex, source: p.regex, weight: p.weight ?? 0.9, in: p.in ?? 'post', label: p.label ?? null }
        : null;
    };
    for (const p of b.patterns ?? []) {
      const r = pat(p);
      if (r) c.patterns.push(r);
    }
    for (const p of b.usernamePatterns ?? []) {
      const r = pat(p);
      if (r) c.usernamePatterns.push({ re: r.re, source: r.source, weight: p.weight ?? 0.3, label: r.label });
    }
    const dom = (d: DomainRule | string, w: number) => {
      const r = typeof d === 'string' ? { domain: d } : d;
      return { domain: normDomain(r.domain), weight: r.weight ?? w, label: r.label ?? null };
    };
    for (const d of b.linkDomains ?? []) c.linkDomains.push(dom(d, 0.9));
    for (const d of b.instanceDomains ?? []) c.instanceDomains.push(dom(d, 0.5));
    for (const [name, s] of Object.entries(b.signals ?? {})) {
      const base = c.signals[name];
      if (base) c.signals[name] = { ...base, ...s };
    }
    if (b.thresholds?.suspicious !== undefined) c.suspicious = b.thresholds.suspicious;
    if (b.thresholds?.spam !== undefined) c.spam = b.thresholds.spam;
    if (b.thresholds?.accountCap !== undefined) c.accountCap = b.thresholds.accountCap;
    if (b.wave?.minAccounts !== undefined) c.minAccounts = Math.max(2, b.wave.minAccounts);
    if (b.wave?.minMeanScore !== undefined) c.minMeanScore = b.wave.minMeanScore;
    if (b.wave?.youngDays !== undefined) c.youngDays = b.wave.youngDays;
    for (const a of b.allow?.accounts ?? []) c.allowAccounts.add(canonical(a.trim().replace(/^@/, '')));
    for (const d of b.allow?.domains ?? []) c.allowDomains.push(normDomain(d));
    for (const d of b.allow?.instances ?? []) c.allowInstances.push(normDomain(d));
  }
  return c;
}

/** Whether `host` is `domain` or one of its subdomains. */
export function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith('.' + domain);
}

function fieldText(post: Post, field: RuleField): string {
  switch (field) {
    case 'text':
      return post.text;
    case 'cw':
      return post.cw;
    case 'name':
      return post.author.displayName;
    case 'bio':
      return post.author.bio ?? '';
    case 'links':
      return post.links.map((l) => `${l.host} ${l.url}`).join('\n') + (post.card ? `\n${post.card.title}` : '');
    case 'media':
      return post.media.map((m) => m.description ?? '').join('\n');
    case 'post':
      return [
        post.cw,
        post.text,
        ...post.links.map((l) => l.host),
        post.card?.title ?? '',
        ...post.media.map((m) => m.description ?? ''),
      ].join('\n');
  }
}

/** Whether the rules allow-list the post's author (account or home instance). */
export function isAllowed(c: CompiledRules, post: Post): string | null {
  if (c.allowAccounts.has(post.author.key)) return `account ${post.author.key}`;
  for (const d of c.allowInstances) if (domainMatches(post.author.host, d)) return `instance ${d}`;
  return null;
}

/** Whether a link host is allow-listed. */
export function isAllowedDomain(c: CompiledRules, host: string): boolean {
  return c.allowDomains.some((d) => domainMatches(host, d));
}

/** The reasons the user's rules give for a post (keywords, patterns, domains, username patterns). */
const NONE: Reason[] = [];
const MAX_FIELD = 2 * (POST_LIMITS.text + POST_LIMITS.cw);

export function matchRules(c: CompiledRules, post: Post): Reason[] {
  if (
    !c.keywords.length &&
    !c.patterns.length &&
    !c.usernamePatterns.length &&
    !c.linkDomains.length &&
    !c.instanceDomains.length
  ) {
    return NONE;
  }
  const out: Reason[] = [];
  const cache = new Map<RuleField, string>();
  const get = (f: RuleField) => {
    let v = cache.get(f);
    if (v === undefined) {
      // Bounded whatever the post holds: twice what a normalized post's text and cw can be.
      v = canonical(cut(fieldText(post, f), MAX_FIELD));
      cache.set(f, v);
    }
    return v;
  };
  const label = (l: string | null) => (l ? ` (${l})` : '');
  for (const k of c.keywords) {
    if (k.needle && get(k.in).includes(k.needle)) {
      out.push({
        signal: 'rule',
        code: 'rule.keyword',
        params: { keyword: k.text },
        text: `Contains the blocked keyword "${k.text}"${label(k.label)}`,
        weight: k.weight,
      });
    }
  }
  for (const p of c.patterns) {
    if (safeTest(p.re, get(p.in))) {
      out.push({
        signal: 'rule',
        code: 'rule.pattern',
        params: { pattern: p.source },
        text: `Matches the rule /${p.source}/${label(p.label)}`,
        weight: p.weight,
      });
    }
  }
  for (const p of c.usernamePatterns) {
    if (safeTest(p.re, post.author.username)) {
      out.push({
        signal: 'rule',
        code: 'rule.username',
        params: { pattern: p.source },
        text: `Username matches /${p.source}/${label(p.label)}`,
        weight: p.weight,
      });
    }
  }
  for (const d of c.linkDomains) {
    const hit = post.links.find((l) => l.host.length <= POST_LIMITS.host && domainMatches(l.host, d.domain));
    if (hit)
      out.push({
        signal: 'rule',
        code: 'rule.linkDomain',
        params: { domain: detach(hit.host) },
        text: `Links to the blocked domain ${detach(hit.host)}${label(d.label)}`,
        weight: d.weight,
      });
  }
  for (const d of c.instanceDomains) {
    if (domainMatches(post.author.host, d.domain)) {
      out.push({
        signal: 'rule',
        code: 'rule.instance',
        params: { instance: cut(post.author.host, POST_LIMITS.host) },
        text: `Posted from the listed instance ${cut(post.author.host, POST_LIMITS.host)}${label(d.label)}`,
        weight: d.weight,
      });
    }
  }
  return out;
}

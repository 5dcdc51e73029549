/**
 * The rule editor's logic, apart from its components: a rule set as the editor holds it (every
 * entry an object, so each can be edited field by field), back to the compact file form (a keyword
 * with only its text is a string again, empty entries and sections dropped), errors per entry, and
 * a one-line summary for the list.
 */
import type { DomainRule, KeywordRule, PatternRule, RuleBody, RuleField, RuleSet } from '../../../core/rules/types';
import { RULES_FORMAT, RULES_VERSION } from '../../../core/rules/types';
import { validateRules } from '../../../core/rules/validate';

export const FIELDS: readonly RuleField[] = ['post', 'text', 'cw', 'name', 'bio', 'links', 'media'];

/** The entry lists of the format, in the editor's order. */
export const ENTRY_LISTS = ['keywords', 'patterns', 'linkDomains', 'instanceDomains', 'usernamePatterns'] as const;
export type EntryList = (typeof ENTRY_LISTS)[number];

export type DraftEntry = {
  keywords: KeywordRule;
  patterns: PatternRule;
  linkDomains: DomainRule;
  instanceDomains: DomainRule;
  usernamePatterns: PatternRule;
};

/** The rule set the editor holds: entries as objects, allow-lists present. */
export interface Draft extends RuleSet {
  keywords: KeywordRule[];
  patterns: PatternRule[];
  linkDomains: DomainRule[];
  instanceDomains: DomainRule[];
  usernamePatterns: PatternRule[];
}

export function newRuleSet(name: string): RuleSet {
  return { format: RULES_FORMAT, version: RULES_VERSION, name };
}

/** Any stored rule set as a draft (an invalid or foreign value becomes an empty set). */
export function toDraft(rule: unknown): Draft {
  const r = (rule && typeof rule === 'object' ? structuredClone(rule) : {}) as RuleSet;
  const obj = <T>(x: T | string, key: 'text' | 'domain'): T => (typeof x === 'string' ? ({ [key]: x } as T) : x);
  return {
    ...r,
    format: RULES_FORMAT,
    version: RULES_VERSION,
    keywords: (r.keywords ?? []).map((k) => obj<KeywordRule>(k, 'text')),
    patterns: r.patterns ?? [],
    linkDomains: (r.linkDomains ?? []).map((d) => obj<DomainRule>(d, 'domain')),
    instanceDomains: (r.instanceDomains ?? []).map((d) => obj<DomainRule>(d, 'domain')),
    usernamePatterns: r.usernamePatterns ?? [],
  };
}

function compactEntry<T extends object>(e: T, main: 'text' | 'domain' | 'regex'): T | string | null {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = typeof v === 'string' && k !== 'regex' ? v.trim() : v;
  }
  if (typeof out[main] !== 'string' || !(out[main] as string).trim()) return null;
  if (out.in === 'post') delete out.in;
  if (out.flags === '') delete out.flags;
  if (main !== 'regex' && Object.keys(out).length === 1) return out[main] as string;
  return out as T;
}

function compactBody(b: RuleBody): RuleBody {
  const out: RuleBody = {};
  const lists: [EntryList, 'text' | 'domain' | 'regex'][] = [
    ['keywords', 'text'],
    ['patterns', 'regex'],
    ['linkDomains', 'domain'],
    ['instanceDomains', 'domain'],
    ['usernamePatterns', 'regex'],
  ];
  for (const [k, main] of lists) {
    const items = ((b[k] ?? []) as object[]).map((e) => compactEntry(e, main)).filter((e) => e !== null);
    if (items.length) (out as Record<string, unknown>)[k] = items;
  }
  const signals = Object.fromEntries(
    Object.entries(b.signals ?? {})
      .map(([name, s]) => [name, Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined))] as const)
      .filter(([, s]) => Object.keys(s).length),
  );
  if (Object.keys(signals).length) out.signals = signals;
  const nums = <T extends object>(o: T | undefined) => {
    const r = Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => typeof v === 'number')) as T;
    return Object.keys(r).length ? r : undefined;
  };
  const th = nums(b.thresholds);
  if (th) out.thresholds = th;
  const wave = nums(b.wave);
  if (wave) out.wave = wave;
  const allow: NonNullable<RuleBody['allow']> = {};
  for (const k of ['accounts', 'domains', 'instances'] as const) {
    const items = (b.allow?.[k] ?? []).map((x) => x.trim()).filter(Boolean);
    if (items.length) allow[k] = [...new Set(items)];
  }
  if (Object.keys(allow).length) out.allow = allow;
  return out;
}

/** The draft in the file form: what is stored, exported and validated. */
export function compact(d: RuleSet): RuleSet {
  const out: RuleSet = { format: RULES_FORMAT, version: RULES_VERSION };
  for (const k of ['name', 'description', 'author', 'updated'] as const) {
    const v = d[k]?.trim();
    if (v) out[k] = v;
  }
  Object.assign(out, compactBody(d));
  const overrides = Object.entries(d.overrides ?? {})
    .map(([inst, body]) => [inst.trim().toLowerCase(), compactBody(body)] as const)
    .filter(([inst, body]) => inst && Object.keys(body).length);
  if (overrides.length) out.overrides = Object.fromEntries(overrides);
  return out;
}

/** The validator's errors for one entry or section, by JSON path prefix (`patterns[2]`, `thresholds`). */
export function errorsAt(errors: readonly string[], path: string): string[] {
  return errors
    .filter((e) => e.startsWith(`${path}:`) || e.startsWith(`${path}.`) || e.startsWith(`${path}[`))
    .map((e) => e.slice(e.indexOf(':') + 1).trim());
}

/**
 * Validates the draft as it would be saved. Paths refer to the compact form, whose entry indexes
 * differ from the draft's when empty entries are dropped; so empty entries are kept as they are for
 * validation (an empty keyword is reported where it is) and only dropped on save.
 */
export function checkDraft(d: Draft): { ok: true; rules: RuleSet } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const blanks = (list: EntryList, main: 'text' | 'domain' | 'regex') =>
    (d[list] as object[]).forEach((e, i) => {
      const v = (e as Record<string, unknown>)[main];
      const others = Object.entries(e).some(([k, x]) => k !== main && x !== undefined && x !== '' && k !== 'in');
      if ((typeof v !== 'string' || !v.trim()) && others) errors.push(`${list}[${i}]: ${main} is empty`);
    });
  blanks('keywords', 'text');
  blanks('patterns', 'regex');
  blanks('linkDomains', 'domain');
  blanks('instanceDomains', 'domain');
  blanks('usernamePatterns', 'regex');
  // Validate with entries in the draft's positions (blank ones replaced by a harmless value).
  const positional: RuleSet = {
    ...compact(d),
    keywords: d.keywords.map((k) => compactEntry(k, 'text') ?? 'x') as KeywordRule[],
    patterns: d.patterns.map((p) => compactEntry(p, 'regex') ?? { regex: 'x' }) as PatternRule[],
    linkDomains: d.linkDomains.map((x) => compactEntry(x, 'domain') ?? 'x.example') as DomainRule[],
    instanceDomains: d.instanceDomains.map((x) => compactEntry(x, 'domain') ?? 'x.example') as DomainRule[],
    usernamePatterns: d.usernamePatterns.map((p) => compactEntry(p, 'regex') ?? { regex: 'x' }) as PatternRule[],
  };
  const v = validateRules(positional);
  if (!v.ok) errors.push(...v.errors);
  return errors.length ? { ok: false, errors } : { ok: true, rules: compact(d) };
}

export interface RuleSummary {
  keywords: number;
  patterns: number;
  domains: number;
  usernames: number;
  allow: number;
  settings: number;
  overrides: number;
}

export function summarize(rule: unknown): RuleSummary {
  const r = (rule && typeof rule === 'object' ? rule : {}) as RuleSet;
  return {
    keywords: r.keywords?.length ?? 0,
    patterns: r.patterns?.length ?? 0,
    domains: (r.linkDomains?.length ?? 0) + (r.instanceDomains?.length ?? 0),
    usernames: r.usernamePatterns?.length ?? 0,
    allow: (r.allow?.accounts?.length ?? 0) + (r.allow?.domains?.length ?? 0) + (r.allow?.instances?.length ?? 0),
    settings:
      Object.keys(r.signals ?? {}).length + Object.keys(r.thresholds ?? {}).length + Object.keys(r.wave ?? {}).length,
    overrides: Object.keys(r.overrides ?? {}).length,
  };
}

/** A new id for a local rule set. */
export function newRuleId(): string {
  return `local-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Shared rule lists: a rule file (docs/rules.md) anyone can host, or a Mastodon domain-block CSV,
 * fetched by URL. Reading one, and telling what changed between two versions of it.
 */
import { parseRules } from '../rules/validate';
import type { DomainRule, KeywordRule, PatternRule, RuleBody, RuleSet } from '../rules/types';
import { CSV_MAX_CHARS, importDomainCsv } from './domain-csv';

/** Most characters a shared list may have (a rule file of 5,000 keywords is about 500 KB). */
export const LIST_MAX_CHARS = CSV_MAX_CHARS;

export type SharedListRead = { ok: true; rules: RuleSet; kind: 'rules' | 'csv' } | { ok: false; errors: string[] };

/** Reads a fetched list: JSON is a rule file, anything else is tried as a domain-block CSV. */
export function readSharedList(text: string, fallbackName: string): SharedListRead {
  if (text.length > LIST_MAX_CHARS)
    return { ok: false, errors: [`the list has ${text.length} characters; at most ${LIST_MAX_CHARS} are read`] };
  const clean = text.replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(clean)) {
    const r = parseRules(clean);
    return r.ok ? { ok: true, rules: r.rules, kind: 'rules' } : { ok: false, errors: r.errors.slice(0, 20) };
  }
  if (/^\s*</.test(clean))
    return { ok: false, errors: ['the address answered with a web page, not a rule file or a domain-block CSV'] };
  const csv = importDomainCsv(clean, fallbackName);
  return csv.ok ? { ok: true, rules: csv.rules, kind: 'csv' } : { ok: false, errors: csv.errors };
}

/** One difference between two versions of a list; `field` is the rule format's field name. */
export interface ListChange {
  change: 'added' | 'removed' | 'changed';
  field: string;
  value: string;
}

const ENTRY_LISTS = ['keywords', 'patterns', 'linkDomains', 'instanceDomains', 'usernamePatterns'] as const;

function entryKey(field: (typeof ENTRY_LISTS)[number], e: unknown): { key: string; value: string; detail: string } {
  if (typeof e === 'string') return { key: e, value: e, detail: '' };
  if (field === 'keywords') {
    const k = e as KeywordRule;
    return { key: `${k.text}\u0000${k.in ?? 'post'}`, value: k.text, detail: JSON.stringify([k.weight, k.label]) };
  }
  if (field === 'patterns' || field === 'usernamePatterns') {
    const p = e as PatternRule;
    const value = `/${p.regex}/${p.flags ?? ''}`;
    return { key: `${value}\u0000${p.in ?? 'post'}`, value, detail: JSON.stringify([p.weight, p.label]) };
  }
  const d = e as DomainRule;
  return { key: d.domain, value: d.domain, detail: JSON.stringify([d.weight, d.label]) };
}

function diffBody(a: RuleBody, b: RuleBody, prefix: string, out: ListChange[]): void {
  for (const field of ENTRY_LISTS) {
    const before = new Map(((a[field] ?? []) as unknown[]).map((e) => [entryKey(field, e).key, entryKey(field, e)]));
    const after = new Map(((b[field] ?? []) as unknown[]).map((e) => [entryKey(field, e).key, entryKey(field, e)]));
    for (const [k, e] of after) {
      const old = before.get(k);
      if (!old) out.push({ change: 'added', field: prefix + field, value: e.value });
      else if (old.detail !== e.detail) out.push({ change: 'changed', field: prefix + field, value: e.value });
    }
    for (const [k, e] of before)
      if (!after.has(k)) out.push({ change: 'removed', field: prefix + field, value: e.value });
  }
  for (const list of ['accounts', 'domains', 'instances'] as const) {
    const before = new Set(a.allow?.[list] ?? []);
    const after = new Set(b.allow?.[list] ?? []);
    for (const v of after) if (!before.has(v)) out.push({ change: 'added', field: `${prefix}allow.${list}`, value: v });
    for (const v of before)
      if (!after.has(v)) out.push({ change: 'removed', field: `${prefix}allow.${list}`, value: v });
  }
  const settings = (x: RuleBody) => ({
    ...Object.fromEntries(Object.entries(x.thresholds ?? {}).map(([k, v]) => [`thresholds.${k}`, v])),
    ...Object.fromEntries(Object.entries(x.wave ?? {}).map(([k, v]) => [`wave.${k}`, v])),
    ...Object.fromEntries(
      Object.entries(x.signals ?? {}).flatMap(([name, s]) =>
        Object.entries(s).map(([k, v]) => [`signals.${name}.${k}`, v] as const),
      ),
    ),
  });
  const sa: Record<string, unknown> = settings(a);
  const sb: Record<string, unknown> = settings(b);
  for (const k of new Set([...Object.keys(sa), ...Object.keys(sb)])) {
    if (sa[k] === sb[k]) continue;
    const show = (v: unknown) => (v === undefined ? '—' : String(v));
    out.push({ change: 'changed', field: prefix + k, value: `${show(sa[k])} → ${show(sb[k])}` });
  }
}

/** What changed from one version of a list to the next (entries added, removed, re-weighted; settings). */
export function diffRuleSets(before: RuleSet | null, after: RuleSet): ListChange[] {
  const out: ListChange[] = [];
  const a = before ?? ({} as RuleSet);
  diffBody(a, after, '', out);
  const instances = new Set([...Object.keys(a.overrides ?? {}), ...Object.keys(after.overrides ?? {})]);
  for (const inst of instances)
    diffBody(a.overrides?.[inst] ?? {}, after.overrides?.[inst] ?? {}, `overrides.${inst}.`, out);
  return out;
}

/** How many entries (keywords, patterns, domains, allow-list items) a rule set holds. */
export function countEntries(r: RuleBody): number {
  let n = 0;
  for (const f of ENTRY_LISTS) n += r[f]?.length ?? 0;
  for (const l of ['accounts', 'domains', 'instances'] as const) n += r.allow?.[l]?.length ?? 0;
  return n;
}

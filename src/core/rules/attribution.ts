/**
 * Which stored rule sets a verdict's rule reasons came from, so that the options page can tell how
 * often each rule fired. The engine gets the merged rule set (./merge.ts) and its reasons name the
 * entry that matched (`rule.keyword` with the keyword, `rule.pattern` with the pattern, a domain
 * rule with the post's host); this maps them back to the rows that hold such an entry.
 */
import type { Reason, Verdict } from '../model';
import { compileRules, domainMatches, type CompiledRules } from './compile';
import { isRuleSet } from './merge';

export interface AttributableRule {
  id: string;
  enabled: boolean;
  rule: unknown;
}

function hit(c: CompiledRules, r: Reason): boolean {
  const p = r.params;
  switch (r.code) {
    case 'rule.keyword':
      return c.keywords.some((k) => k.text === p.keyword);
    case 'rule.pattern':
      return c.patterns.some((k) => k.source === p.pattern);
    case 'rule.username':
      return c.usernamePatterns.some((k) => k.source === p.pattern);
    case 'rule.linkDomain':
      return typeof p.domain === 'string' && c.linkDomains.some((d) => domainMatches(p.domain as string, d.domain));
    case 'rule.instance':
      return (
        typeof p.instance === 'string' && c.instanceDomains.some((d) => domainMatches(p.instance as string, d.domain))
      );
    default:
      return false;
  }
}

/**
 * Counts, per rule row, the verdicts one of its entries fired on (once per verdict, whatever the
 * number of its entries that matched). The instance of a verdict is the part of its post key before
 * the first `/`, so rows' per-instance overrides count too.
 */
export function attributeHits(verdicts: readonly Verdict[], rows: readonly AttributableRule[]): Map<string, number> {
  const out = new Map<string, number>();
  const live = rows.filter((r) => r.enabled && isRuleSet(r.rule));
  if (!live.length) return out;
  const cache = new Map<string, CompiledRules>();
  for (const v of verdicts) {
    const reasons = v.reasons.filter((r) => r.signal === 'rule');
    if (!reasons.length) continue;
    const instance = v.postKey.slice(0, Math.max(0, v.postKey.indexOf('/')));
    for (const row of live) {
      const key = `${row.id}\u0000${instance}`;
      let c = cache.get(key);
      if (!c) cache.set(key, (c = compileRules(row.rule as never, instance || null)));
      if (reasons.some((r) => hit(c!, r))) out.set(row.id, (out.get(row.id) ?? 0) + 1);
    }
  }
  return out;
}

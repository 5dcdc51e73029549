import type { RuleBody, RuleSet } from '../core/rules/types';
import { RULES_FORMAT, RULES_VERSION } from '../core/rules/types';
import type { BreakwaterDB } from '../storage/db';
import type { RuleRow } from '../storage/schema';

/**
 * The engine takes one rule set; the store holds several (each `rules` row's `rule` is a rule set
 * in the engine's format: the user's own, source `local`, and one per subscribed list). This
 * combines the enabled ones: lists (keywords, patterns, domains, allowlists) are joined; settings
 * (signals, thresholds, wave) come from the user's own set first, then from lists in order.
 */

const LISTS = ['keywords', 'patterns', 'linkDomains', 'instanceDomains', 'usernamePatterns'] as const;

function isRuleSet(x: unknown): x is RuleSet {
  return !!x && typeof x === 'object' && (x as { format?: unknown }).format === RULES_FORMAT;
}

function mergeBody(into: RuleBody, from: RuleBody): void {
  for (const k of LISTS) {
    const add = from[k];
    if (Array.isArray(add) && add.length) (into[k] as unknown[]) = [...((into[k] as unknown[]) ?? []), ...add];
  }
  if (from.allow) {
    const a = (into.allow ??= {});
    for (const k of ['accounts', 'domains', 'instances'] as const) {
      if (from.allow[k]?.length) a[k] = [...(a[k] ?? []), ...from.allow[k]];
    }
  }
  into.signals = { ...from.signals, ...into.signals };
  into.thresholds ??= from.thresholds;
  into.wave ??= from.wave;
  if (!Object.keys(into.signals).length) delete into.signals;
  if (!into.thresholds) delete into.thresholds;
  if (!into.wave) delete into.wave;
}

export function mergeRuleSets(rows: readonly Pick<RuleRow, 'source' | 'enabled' | 'rule'>[]): RuleSet {
  const out: RuleSet = { format: RULES_FORMAT, version: RULES_VERSION };
  const ordered = [...rows.filter((r) => r.source === 'local'), ...rows.filter((r) => r.source !== 'local')];
  for (const row of ordered) {
    if (!row.enabled || !isRuleSet(row.rule)) continue;
    mergeBody(out, row.rule);
    for (const [inst, body] of Object.entries(row.rule.overrides ?? {})) {
      const o = ((out.overrides ??= {})[inst] ??= {});
      mergeBody(o, body);
    }
  }
  return out;
}

export async function storedRuleSet(d: BreakwaterDB): Promise<RuleSet> {
  return mergeRuleSets(await d.rules.toArray());
}

import { mergeRuleSets, withInstanceTuning } from '../core/rules/merge';
import type { RuleSet } from '../core/rules/types';
import type { BreakwaterDB } from '../storage/db';

/**
 * The rule set the engine gets: the enabled stored rule sets merged (src/core/rules/merge.ts, pure,
 * shared with the options page's live preview), with each instance's own thresholds and switched
 * off signals (set on the options page) as that instance's override.
 */
export { mergeRuleSets } from '../core/rules/merge';

export async function storedRuleSet(d: BreakwaterDB): Promise<RuleSet> {
  const [rows, instances] = await Promise.all([d.rules.toArray(), d.instances.toArray()]);
  return withInstanceTuning(
    mergeRuleSets(rows),
    instances.map((i) => ({ domain: i.domain, ...i.settings })),
  );
}

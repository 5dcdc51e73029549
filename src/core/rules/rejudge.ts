/**
 * Posts already on screen, judged again after the rules changed: the verdicts that the new rules
 * change, built from the stored verdicts the same way the live preview computes them
 * (`previewRules`), so that what the preview promised is what the timeline then shows.
 *
 * The new verdict keeps every reason that is not the rules' (signals, wave, learned decisions),
 * drops the old rules' matches and allow-list entries, and adds the new rules' matches (or the
 * allow-list entry that now clears the post). A post the change does not relabel is left alone.
 */
import { allowReason } from '../engine/reasons';
import type { Reason, Verdict } from '../model';
import { previewRules, type PreviewInput } from './preview';
import type { RuleSet } from './types';

/** The rules' own reasons: their matches and their allow-list (not an allow learned from a decision). */
const isRulesOwn = (r: Reason) =>
  r.signal === 'rule' ||
  (r.signal === 'allow' && r.code === 'allow.listed' && !String(r.params.what ?? '').includes('marked not spam'));

export function rejudgeVerdicts(current: RuleSet, next: RuleSet, items: readonly PreviewInput[]): Verdict[] {
  const outcomes = previewRules(current, next, items);
  const changed: Verdict[] = [];
  outcomes.forEach((o, i) => {
    if (o.after === o.before) return;
    const was = items[i]!.verdict;
    const kept = was.reasons.filter((r) => !isRulesOwn(r));
    const reasons = o.allowed ? [allowReason(o.allowed), ...kept] : [...o.matched, ...kept];
    changed.push({
      ...was,
      verdict: o.after,
      score: o.score,
      // A wave's membership is the engine's; a post the rules clear is not shown as part of one.
      wave: o.after === 'spam' ? was.wave : null,
      reasons,
    });
  });
  return changed;
}

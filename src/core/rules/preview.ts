/**
 * Live preview of a rule change on posts already judged: which of them the changed rules would
 * flag, and which they would clear, without running the engine again.
 *
 * A stored verdict keeps every reason with its weight, so the score can be recomputed from it:
 * the built-in signals' reasons (re-weighted or dropped by the new signal settings), the reasons of
 * the new rules (matched again on the post), the wave, learned and allow-list reasons as they were.
 * What cannot be known without the engine's state is left as it was: a signal switched on that was
 * off when the post came (it left no reason), a changed signal threshold, wave membership. To show
 * only what the change does, the old rules are recomputed the same way and only posts whose label
 * differs between the two recomputations are reported as changed.
 */
import { noisyOr, SIGNALS } from '../heuristics';
import type { Post, Reason, Verdict, VerdictLabel } from '../model';
import { compileRules, isAllowed, matchRules, type CompiledRules } from './compile';
import type { RuleSet } from './types';

export interface PreviewInput {
  post: Post;
  /** The verdict the post got when it was seen. */
  verdict: Verdict;
}

export interface PreviewOutcome {
  postKey: string;
  /** The stored verdict's label. */
  before: VerdictLabel;
  /** The label with the new rules. */
  after: VerdictLabel;
  /** The recomputed score with the new rules. */
  score: number;
  /** What the new rules' matching entries say about the post (keywords, patterns, domains). */
  matched: Reason[];
  /** Allow-listed by the new rules (account or instance). */
  allowed: string | null;
}

const GROUP = new Map(SIGNALS.map((s) => [s.name, s.group]));

interface Recomputed {
  label: VerdictLabel;
  score: number;
  matched: Reason[];
  allowed: string | null;
}

function recompute(c: CompiledRules, base: CompiledRules, item: PreviewInput): Recomputed {
  const { post, verdict } = item;
  const account: number[] = [];
  const postWeights: number[] = [];
  let wave = false;
  let learnedSpam = false;
  let learnedOk = false;
  let learnedAllow: string | null = null;
  for (const r of verdict.reasons) {
    const group = GROUP.get(r.signal);
    if (group) {
      const now = c.signals[r.signal];
      const then = base.signals[r.signal];
      if (!now || !now.enabled || now.weight <= 0) continue;
      // A reason's weight is the signal's weight, sometimes scaled (half strength near a threshold).
      const w = then && then.weight > 0 ? Math.min(1, (r.weight * now.weight) / then.weight) : r.weight;
      (group === 'account' ? account : postWeights).push(w);
    } else if (r.signal === 'wave') wave = true;
    else if (r.code === 'learned.spam') learnedSpam = true;
    else if (r.code === 'learned.notSpam') learnedOk = true;
    else if (r.signal === 'allow' && String(r.params.what ?? '').includes('marked not spam'))
      learnedAllow = String(r.params.what);
  }
  const matched = matchRules(c, post);
  const accountScore = Math.min(c.accountCap, noisyOr(account));
  const postKeep = (1 - noisyOr(postWeights)) * (1 - noisyOr(matched.map((r) => r.weight)));
  const score = 1 - (1 - accountScore) * postKeep;
  const ruleMax = matched.reduce((m, r) => Math.max(m, r.weight), 0);
  const allowed = isAllowed(c, post) ?? learnedAllow;
  let label: VerdictLabel;
  if (allowed) label = 'ok';
  else if (learnedSpam || wave) label = 'spam';
  else if (learnedOk && ruleMax < c.spam) label = 'ok';
  else label = score >= c.spam ? 'spam' : score >= c.suspicious ? 'suspicious' : 'ok';
  return { label, score: allowed ? 0 : score, matched, allowed };
}

/**
 * Each post's label with `next` instead of `current` (the rule sets the engine would get: merged,
 * with the instances' tuning). Posts come in any order; outcomes keep it.
 */
export function previewRules(current: RuleSet, next: RuleSet, items: readonly PreviewInput[]): PreviewOutcome[] {
  const cache = new Map<string, [CompiledRules, CompiledRules]>();
  const compiled = (instance: string) => {
    let c = cache.get(instance);
    if (!c) {
      c = [compileRules(current, instance), compileRules(next, instance)];
      cache.set(instance, c);
    }
    return c;
  };
  return items.map((item) => {
    const [before, after] = compiled(item.post.instance);
    const was = recompute(before, before, item);
    const will = recompute(after, before, item);
    const changed = was.label !== will.label;
    return {
      postKey: item.post.key,
      before: item.verdict.verdict,
      after: changed ? will.label : item.verdict.verdict,
      score: Math.round(will.score * 1000) / 1000,
      matched: will.matched,
      allowed: will.allowed,
    };
  });
}

/** Labels by severity, to tell a flag from a clear. */
const RANK: Record<VerdictLabel, number> = { ok: 0, suspicious: 1, spam: 2 };

export interface PreviewSummary {
  /** Posts the change flags (or flags more severely). */
  flagged: PreviewOutcome[];
  /** Posts the change clears (or flags less severely). */
  cleared: PreviewOutcome[];
  /** Posts some entry of the edited rules matches (whether or not the label changes). */
  matched: PreviewOutcome[];
}

/**
 * The outcomes sorted for display. `own` (the edited rule set alone) decides which posts count as
 * matched by it: a keyword of another rule set that matches is not this rule's doing.
 */
export function summarizePreview(
  outcomes: readonly PreviewOutcome[],
  own?: (o: PreviewOutcome) => boolean,
): PreviewSummary {
  const flagged: PreviewOutcome[] = [];
  const cleared: PreviewOutcome[] = [];
  const matched: PreviewOutcome[] = [];
  for (const o of outcomes) {
    if (RANK[o.after] > RANK[o.before]) flagged.push(o);
    else if (RANK[o.after] < RANK[o.before]) cleared.push(o);
    if (own ? own(o) : o.matched.length > 0) matched.push(o);
  }
  return { flagged, cleared, matched };
}

/** Which posts the entries of one rule set match (its own keywords, patterns, domains, allow-list). */
export function matchesOf(rules: RuleSet, items: readonly PreviewInput[]): Set<string> {
  const cache = new Map<string, CompiledRules>();
  const out = new Set<string>();
  for (const { post } of items) {
    let c = cache.get(post.instance);
    if (!c) cache.set(post.instance, (c = compileRules(rules, post.instance)));
    if (matchRules(c, post).length || isAllowed(c, post)) out.add(post.key);
  }
  return out;
}

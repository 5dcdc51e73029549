/**
 * The engine takes one rule set; the store holds several (each `rules` row's `rule` is a rule set
 * in the engine's format: the user's own, source `local`, and one per subscribed list). This
 * combines the enabled ones: lists (keywords, patterns, domains, allowlists) are joined; settings
 * (signals, thresholds, wave) come from the user's own sets first, then from lists in order.
 * Pure, so that the options page's live preview merges exactly as the background does.
 */
import { SIGNAL_NAMES } from '../heuristics';
import { isOverrideKey, overrideOf, RULES_FORMAT, RULES_VERSION, type RuleBody, type RuleSet } from './types';

/** What the merge needs of a stored rule row. */
export interface RuleSource {
  source: string;
  enabled: boolean;
  rule: unknown;
}

const LISTS = ['keywords', 'patterns', 'linkDomains', 'instanceDomains', 'usernamePatterns'] as const;

export function isRuleSet(x: unknown): x is RuleSet {
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

export function mergeRuleSets(rows: readonly RuleSource[]): RuleSet {
  const out: RuleSet = { format: RULES_FORMAT, version: RULES_VERSION };
  const ordered = [...rows.filter((r) => r.source === 'local'), ...rows.filter((r) => r.source !== 'local')];
  for (const row of ordered) {
    if (!row.enabled || !isRuleSet(row.rule)) continue;
    mergeBody(out, row.rule);
    for (const [inst, body] of Object.entries(row.rule.overrides ?? {})) {
      // `__proto__` would make `o` Object.prototype itself (a stored rule set is not re-validated).
      if (!isOverrideKey(inst) || !body || typeof body !== 'object') continue;
      const all = (out.overrides ??= {});
      const o = Object.hasOwn(all, inst) ? all[inst]! : (all[inst] = {});
      mergeBody(o, body);
    }
  }
  return out;
}

/**
 * Per-instance tuning chosen on the options page (stored with the instance): thresholds by signal
 * name, or by `suspicious` / `spam` / `accountCap` for the verdict thresholds, and signals switched
 * off there.
 */
export interface InstanceTuning {
  domain: string;
  thresholds?: Record<string, number>;
  disabledSignals?: string[];
}

export const VERDICT_THRESHOLDS = ['suspicious', 'spam', 'accountCap'] as const;
type VerdictThreshold = (typeof VERDICT_THRESHOLDS)[number];
const isVerdictThreshold = (k: string): k is VerdictThreshold => (VERDICT_THRESHOLDS as readonly string[]).includes(k);

/**
 * The rule set with each instance's tuning as its override (docs/rules.md, `overrides`): the
 * tuning wins over what rule files say for that instance. Nothing changes for an instance without
 * tuning. Values out of range are left out (the validator would refuse the whole set otherwise).
 */
export function withInstanceTuning(rules: RuleSet, instances: readonly InstanceTuning[]): RuleSet {
  let out = rules;
  for (const inst of instances) {
    // Unknown names are dropped: the engine refuses a rule set that names an unknown signal.
    const known = (name: string) => isVerdictThreshold(name) || SIGNAL_NAMES.includes(name);
    const thresholds = Object.entries(inst.thresholds ?? {}).filter(
      ([k, v]) => known(k) && typeof v === 'number' && Number.isFinite(v) && v >= 0,
    );
    const disabled = (inst.disabledSignals ?? []).filter((n) => SIGNAL_NAMES.includes(n));
    if ((!thresholds.length && !disabled.length) || !isOverrideKey(inst.domain)) continue;
    if (out === rules) out = { ...rules, overrides: { ...rules.overrides } };
    const body: RuleBody = structuredClone(overrideOf(out, inst.domain) ?? {});
    for (const [name, value] of thresholds) {
      if (isVerdictThreshold(name)) {
        if (value <= 1) (body.thresholds ??= {})[name] = value;
      } else {
        const signals = (body.signals ??= {});
        signals[name] = { ...signals[name], threshold: value };
      }
    }
    for (const name of disabled) {
      const signals = (body.signals ??= {});
      signals[name] = { ...signals[name], enabled: false };
    }
    const t = body.thresholds;
    if (t?.suspicious !== undefined && t.spam !== undefined && t.suspicious > t.spam) t.suspicious = t.spam;
    out.overrides![inst.domain] = body;
  }
  return out;
}

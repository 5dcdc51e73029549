import type { Verdict } from '../core/model';
import { attributeHits } from '../core/rules/attribution';
import type { BreakwaterDB } from '../storage/db';
import { addRuleHits } from '../storage/rules';

/**
 * Counts how often each stored rule set fired, for the options page ("fired 12 times"). Verdicts
 * with a rule reason are collected as posts are judged and attributed to rule rows in one go every
 * few seconds (one small transaction), never on the path that answers a tab.
 */
export class RuleHitCounter {
  private pending: Verdict[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly d: BreakwaterDB,
    private readonly delayMs = 3_000,
    private readonly now: () => number = Date.now,
  ) {}

  note(verdicts: readonly Verdict[]): void {
    for (const v of verdicts) if (v.reasons.some((r) => r.signal === 'rule')) this.pending.push(v);
    if (this.pending.length > 5_000) this.pending.splice(0, this.pending.length - 5_000);
    if (this.pending.length && this.timer === null) this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const verdicts = this.pending;
    this.pending = [];
    if (!verdicts.length) return;
    try {
      const rows = await this.d.rules.toArray();
      await addRuleHits(attributeHits(verdicts, rows), this.now(), this.d);
    } catch (e) {
      console.error('Breakwater: counting rule hits', e);
    }
  }
}

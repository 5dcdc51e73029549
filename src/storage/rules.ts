import { db as sharedDb, type BreakwaterDB } from './db';
import type { RuleRow } from './schema';

/** The user's rules and those of subscribed lists, in the engine's rule format (issue 3). */

export function listRules(d: BreakwaterDB = sharedDb()): Promise<RuleRow[]> {
  return d.rules.orderBy('updatedAt').toArray();
}

export function enabledRules(d: BreakwaterDB = sharedDb()): Promise<RuleRow[]> {
  return d.rules.filter((r) => r.enabled).toArray();
}

export async function putRule(
  rule: Pick<RuleRow, 'id' | 'rule'> & Partial<Pick<RuleRow, 'source' | 'enabled' | 'note'>>,
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<RuleRow> {
  return d.transaction('rw', d.rules, async () => {
    const old = await d.rules.get(rule.id);
    const row: RuleRow = {
      source: 'local',
      enabled: true,
      note: '',
      hits: 0,
      lastHitAt: null,
      createdAt: now,
      ...old,
      ...rule,
      updatedAt: now,
    };
    await d.rules.put(row);
    return row;
  });
}

export function removeRule(id: string, d: BreakwaterDB = sharedDb()): Promise<void> {
  return d.rules.delete(id);
}

/** Counts how often rules fired (called with the counts of a batch, not once per hit). */
export async function addRuleHits(hits: Map<string, number>, at: number, d: BreakwaterDB = sharedDb()): Promise<void> {
  if (!hits.size) return;
  await d.transaction('rw', d.rules, async () => {
    for (const [id, n] of hits) {
      await d.rules
        .where('id')
        .equals(id)
        .modify((r) => {
          r.hits += n;
          r.lastHitAt = at;
        });
    }
  });
}

/** Replaces the rules that came from one subscription with the list's current content. */
export async function replaceSubscriptionRules(
  source: string,
  rules: Pick<RuleRow, 'id' | 'rule' | 'note'>[],
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<void> {
  await d.transaction('rw', d.rules, async () => {
    const old = new Map((await d.rules.where('source').equals(source).toArray()).map((r) => [r.id, r]));
    await d.rules.where('source').equals(source).delete();
    await d.rules.bulkPut(
      rules.map((r) => {
        const prev = old.get(r.id);
        return {
          ...r,
          source,
          enabled: prev?.enabled ?? true,
          hits: prev?.hits ?? 0,
          lastHitAt: prev?.lastHitAt ?? null,
          createdAt: prev?.createdAt ?? now,
          updatedAt: now,
        };
      }),
    );
  });
}

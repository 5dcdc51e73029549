import Dexie from 'dexie';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { ActionRow, ActionState } from './schema';

/**
 * Rows of the action queue. Only storage here: what runs next, retries and rate limits are the
 * queue's (issue 5), which builds on these rows and indexes.
 */

export type NewAction = Pick<ActionRow, 'id' | 'batchId' | 'instance' | 'kind' | 'target' | 'payload' | 'dedupeKey'> &
  Partial<Pick<ActionRow, 'notBefore'>>;

export function newActionRow(a: NewAction, now: number): ActionRow {
  return {
    notBefore: 0,
    ...a,
    state: 'pending',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    doneAt: null,
    result: null,
  };
}

export async function enqueueActions(
  actions: readonly NewAction[],
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<ActionRow[]> {
  const rows = actions.map((a) => newActionRow(a, now));
  await d.actions.bulkAdd(rows);
  return rows;
}

/** Actions of one instance in one state (default: pending), oldest first. */
export function actionsOfInstance(
  instance: string,
  state: ActionState = 'pending',
  limit = Infinity,
  d: BreakwaterDB = sharedDb(),
): Promise<ActionRow[]> {
  return d.actions
    .where('[instance+state+createdAt]')
    .between([instance, state, Dexie.minKey], [instance, state, Dexie.maxKey])
    .limit(limit)
    .toArray();
}

export function actionsOfBatch(batchId: string, d: BreakwaterDB = sharedDb()): Promise<ActionRow[]> {
  return d.actions.where('batchId').equals(batchId).toArray();
}

/** Actions in a state that may run at `now` (notBefore passed), soonest first. */
export function dueActions(now: number, state: ActionState = 'pending', d: BreakwaterDB = sharedDb()) {
  return d.actions.where('[state+notBefore]').between([state, Dexie.minKey], [state, now], true, true).toArray();
}

export function actionsWithDedupeKey(key: string, d: BreakwaterDB = sharedDb()): Promise<ActionRow[]> {
  return d.actions.where('dedupeKey').equals(key).toArray();
}

export async function updateAction(
  id: string,
  changes: Partial<Omit<ActionRow, 'id' | 'createdAt'>>,
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<boolean> {
  return (await d.actions.update(id, { ...changes, updatedAt: now })) === 1;
}

/** Actions not finished (pending, running or paused), any instance. */
export async function unfinishedActions(d: BreakwaterDB = sharedDb()): Promise<ActionRow[]> {
  const out: ActionRow[] = [];
  for (const state of ['pending', 'running', 'paused'] as const)
    out.push(
      ...(await d.actions
        .where('[state+notBefore]')
        .between([state, Dexie.minKey], [state, Dexie.maxKey], true, true)
        .toArray()),
    );
  return out;
}

import { db as sharedDb, type BreakwaterDB } from './db';
import type { SubscriptionRow } from './schema';

/** Rule lists the user subscribed to by URL (fetching them on a schedule is issue 8's). */

export function listSubscriptions(d: BreakwaterDB = sharedDb()): Promise<SubscriptionRow[]> {
  return d.subscriptions.toArray();
}

export async function subscribe(
  sub: Pick<SubscriptionRow, 'id' | 'url' | 'name'> & Partial<Pick<SubscriptionRow, 'enabled' | 'intervalHours'>>,
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<SubscriptionRow> {
  const row: SubscriptionRow = {
    enabled: true,
    intervalHours: 24,
    lastCheckedAt: null,
    lastChangedAt: null,
    lastError: null,
    etag: null,
    listVersion: null,
    createdAt: now,
    ...sub,
    updatedAt: now,
  };
  await d.subscriptions.put(row);
  return row;
}

export async function updateSubscription(
  id: string,
  changes: Partial<Omit<SubscriptionRow, 'id' | 'url' | 'createdAt'>>,
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<boolean> {
  return (await d.subscriptions.update(id, { ...changes, updatedAt: now })) === 1;
}

/** Removes the subscription and the rules it brought. */
export async function unsubscribe(id: string, d: BreakwaterDB = sharedDb()): Promise<void> {
  await d.transaction('rw', d.subscriptions, d.rules, async () => {
    await d.rules.where('source').equals(id).delete();
    await d.subscriptions.delete(id);
  });
}

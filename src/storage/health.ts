import { browser } from 'wxt/browser';

/**
 * Whether the store can write. Kept in `browser.storage.local`, outside the IndexedDB database
 * whose quota may be what failed, so the popup and options can show it (and watch it change)
 * even when the database is full.
 */
export type StorageHealth =
  | { state: 'ok'; at: number }
  | {
      state: 'full';
      /** Since when writes fail. */
      since: number;
      at: number;
      /** Records waiting in memory to be written (nothing already stored is lost). */
      pending: number;
      message: string;
    };

export const HEALTH_KEY = 'breakwater:storageHealth';

export async function readHealth(): Promise<StorageHealth> {
  const got = await browser.storage.local.get(HEALTH_KEY);
  const h = got[HEALTH_KEY] as StorageHealth | undefined;
  return h && (h.state === 'ok' || h.state === 'full') ? h : { state: 'ok', at: 0 };
}

export async function writeHealth(h: StorageHealth): Promise<void> {
  await browser.storage.local.set({ [HEALTH_KEY]: h });
}

export function fullMessage(pending: number): string {
  return (
    `The browser refused to store more of Breakwater's data (storage quota exceeded). ` +
    `Nothing already stored was lost; ${pending} new record(s) wait in memory and are retried after old data is pruned. ` +
    `Free disk space or lower the retention in the options.`
  );
}

/** Calls back with the health now and on every change; returns the unsubscribe function. */
export function watchHealth(cb: (h: StorageHealth) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[HEALTH_KEY]) void readHealth().then(cb);
  };
  browser.storage.onChanged.addListener(listener);
  void readHealth().then(cb);
  return () => browser.storage.onChanged.removeListener(listener);
}

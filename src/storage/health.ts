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
    }
  | {
      /**
       * blocked: the database cannot be opened at this version while another connection holds an
       * older one (another Breakwater page or window left open across an update); error: a write
       * failed for another reason. Nothing stored is lost in either case.
       */
      state: 'blocked' | 'error';
      since: number;
      at: number;
      message: string;
    };

export const HEALTH_KEY = 'breakwater:storageHealth';

export async function readHealth(): Promise<StorageHealth> {
  const got = await browser.storage.local.get(HEALTH_KEY);
  const h = got[HEALTH_KEY] as StorageHealth | undefined;
  return h && ['ok', 'full', 'blocked', 'error'].includes(h.state) ? h : { state: 'ok', at: 0 };
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

export function blockedMessage(oldVersion: number, newVersion: number): string {
  return (
    `Breakwater is waiting to open its database: another Breakwater page or window still holds it at ` +
    `schema version ${oldVersion}, and this version needs ${newVersion}. Close Breakwater's other pages ` +
    `(options, dashboard, triage) and any old window, or restart the browser. Nothing stored is lost; ` +
    `Breakwater goes on by itself once they are closed.`
  );
}

/**
 * Sets a problem, or clears it (`message` null) when the stored state is the one this caller set
 * (so one part of the background does not clear another's problem).
 */
export async function reportProblem(
  state: 'full' | 'blocked' | 'error',
  message: string | null,
  now = Date.now(),
): Promise<void> {
  const h = await readHealth();
  if (message === null) {
    if (h.state === state) await writeHealth({ state: 'ok', at: now });
    return;
  }
  const since = h.state === state ? h.since : now;
  await writeHealth(
    state === 'full' ? { state, since, at: now, pending: 0, message } : { state, since, at: now, message },
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

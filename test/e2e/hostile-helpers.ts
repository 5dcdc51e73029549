/**
 * Helpers of the hostile-page suite: what the page's own scripts can do (run in the page's main
 * world with page.evaluate), and what the extension knows (read from one of its own pages).
 */
import type { Page } from 'playwright-core';
import type { Bench } from './setup';

declare const chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } };

/** Rows of a table of Breakwater's IndexedDB store, read from an extension page. */
export async function storeRows(ext: Page, table: string): Promise<unknown[]> {
  return ext.evaluate(async (table) => {
    const req = indexedDB.open('breakwater');
    const db = await new Promise<IDBDatabase>((r, j) => {
      req.onsuccess = () => r(req.result);
      req.onerror = () => j(req.error);
    });
    try {
      if (!db.objectStoreNames.contains(table)) return [];
      const all = db.transaction(table).objectStore(table).getAll();
      return await new Promise<unknown[]>((r) => (all.onsuccess = () => r(all.result as unknown[])));
    } finally {
      db.close();
    }
  }, table);
}

/** The batches the action queue knows (ui:listBatches, from an extension page). */
export async function queuedBatches(ext: Page): Promise<unknown[]> {
  const res: unknown = await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'ui:listBatches', req: {} }));
  if (!Array.isArray(res)) throw new Error(`ui:listBatches answered ${JSON.stringify(res)}`);
  return res as unknown[];
}

/** Every action the simulated server recorded on `domain` (reports, blocks, suspensions...). */
export const serverActions = (bench: Bench, domain: string) => bench.sim.state(domain).actions;

/**
 * The page learns the observer's channel the way any page script can: it asks the content script
 * to say hello again (the observer's "ready" event) and reads the hello.
 */
export function learnChannel(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener(
          'breakwater:observer-hello',
          (e) => resolve((JSON.parse((e as CustomEvent<string>).detail) as { channel: string }).channel),
          { once: true },
        );
        document.dispatchEvent(new CustomEvent('breakwater:observer-ready'));
      }),
  );
}

/** Time for a trivial round trip into the page (is its main thread free?). */
export async function roundTripMs(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.evaluate(() => 1);
  return Date.now() - t0;
}

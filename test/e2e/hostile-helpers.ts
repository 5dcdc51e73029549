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

/**
 * A page script from the first moment (page.addInitScript): keeps every window message, every
 * Breakwater DOM event it can name (the observer's channel included, learned from the hello) and
 * every DOM change, in `window.__heard`.
 */
export function listenToEverything(): void {
  const heard: string[] = [];
  (window as unknown as { __heard: string[] }).__heard = heard;
  const keep = (x: unknown) => {
    try {
      heard.push(typeof x === 'string' ? x : JSON.stringify(x));
    } catch {
      heard.push(String(x));
    }
  };
  window.addEventListener('message', (e) => keep(e.data), true);
  const types = ['breakwater:observer-hello', 'breakwater:observer-ready', 'breakwater:stats-answer'];
  for (const t of types) document.addEventListener(t, (e) => keep((e as CustomEvent).detail), true);
  document.addEventListener(
    'breakwater:observer-hello',
    (e) => {
      const channel = (JSON.parse((e as CustomEvent<string>).detail) as { channel: string }).channel;
      document.addEventListener(`breakwater:${channel}`, (ev) => keep((ev as CustomEvent).detail), true);
    },
    true,
  );
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') keep(`${r.attributeName}=${(r.target as Element).getAttribute(r.attributeName!)}`);
      for (const n of r.addedNodes) keep(n.nodeType === 1 ? (n as Element).outerHTML : n.textContent);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** Everything a page script can reach, searched for `needle`: the names of the places it is in. */
export function searchPageFor(page: Page, needle: string): Promise<string[]> {
  return page.evaluate((token) => {
    const places: Record<string, string> = {};
    const storage = (s: Storage) =>
      Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n');
    places.localStorage = storage(localStorage);
    places.sessionStorage = storage(sessionStorage);
    places.cookie = document.cookie;
    places.dom = document.documentElement.outerHTML;
    const shadows: string[] = [];
    const attrs: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) attrs.push(a.value);
      const root = el.shadowRoot;
      if (root) {
        shadows.push(root.innerHTML);
        for (const t of root.querySelectorAll('textarea, input')) shadows.push((t as HTMLInputElement).value);
      }
    }
    places.shadowRoots = shadows.join('\n');
    places.attributes = attrs.join('\n');
    const props: string[] = [];
    for (const k of Object.getOwnPropertyNames(window)) {
      try {
        const v = (window as unknown as Record<string, unknown>)[k];
        props.push(k);
        if (typeof v === 'string') props.push(v);
        else if (v && typeof v === 'object' && !(v instanceof Node) && v !== window)
          props.push(JSON.stringify(v)?.slice(0, 100_000) ?? '');
      } catch {
        /* cyclic or not readable */
      }
    }
    places.windowProperties = props.join('\n');
    places.heard = (window as unknown as { __heard: string[] }).__heard.join('\n');
    places.performance = performance
      .getEntries()
      .map((e) => e.name)
      .join('\n');
    return Object.entries(places)
      .filter(([, v]) => v.includes(token))
      .map(([k]) => k);
  }, needle);
}

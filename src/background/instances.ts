import { browser } from 'wxt/browser';
import { probeServer, normalizeDomain, ProbeError } from '../platforms/nodeinfo';
import { db, type InstanceRow } from '../storage/db';
import { saveInstance } from '../storage/instances';
import { removeToken } from '../storage/tokens';

/**
 * Instances are added one domain at a time, with a host permission for that domain only, and
 * Breakwater's content scripts are registered at runtime for exactly the added instances.
 */

const CONTENT_ID = 'breakwater-content';
/** The main-world observer (entrypoints/page-observer.ts): copies the API answers the web UI gets. */
const OBSERVER_ID = 'breakwater-page-observer';

/** Scripts injected into every added instance; more may be appended by later features. */
export const contentScriptFiles = {
  isolated: ['/content-scripts/content.js'] as const,
  main: ['/page-observer.js'] as const,
};

export function originPatterns(origin: string): string[] {
  return [`${origin}/*`];
}

export type AddResult = { ok: true; instance: InstanceRow } | { ok: false; code: string; message: string };

export async function addInstance(input: string, fetcher: typeof fetch = fetch): Promise<AddResult> {
  let domain: string;
  try {
    domain = normalizeDomain(input);
  } catch (e) {
    return { ok: false, code: 'invalid-domain', message: (e as Error).message };
  }
  let identity;
  try {
    identity = await probeServer(domain, fetcher);
  } catch (e) {
    if (e instanceof ProbeError) return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: 'unreachable', message: `${domain} could not be reached: ${String(e)}` };
  }
  const granted = await browser.permissions.contains({ origins: originPatterns(identity.origin) });
  if (!granted) {
    // registerContentScripts succeeds without the permission but injects nothing (toolchain.md, 6).
    return {
      ok: false,
      code: 'permission-refused',
      message: `Breakwater needs permission to read and change pages on ${domain}. Add the instance again and allow it when the browser asks.`,
    };
  }
  // Added again: keeps the login and per-instance settings it had.
  const instance = await saveInstance({ domain, ...identity });
  await syncContentScripts();
  await injectIntoOpenTabs(instance);
  return { ok: true, instance };
}

export async function removeInstance(domain: string): Promise<void> {
  const row = await db().instances.get(domain);
  await db().instances.delete(domain);
  // Signed out there too: no token is kept for an instance Breakwater no longer works on.
  await removeToken(domain);
  await syncContentScripts();
  if (row) {
    // Take back the permission; nothing of Breakwater keeps running there after a reload.
    await browser.permissions.remove({ origins: originPatterns(row.origin) }).catch(() => false);
    const tabs = await browser.tabs.query({ url: originPatterns(row.origin) }).catch(() => []);
    for (const tab of tabs)
      if (tab.id != null) void browser.tabs.sendMessage(tab.id, { type: 'bg:instanceRemoved' }).catch(() => {});
  }
}

/** Makes the registered content scripts match the stored instances we still hold permission for. */
export async function syncContentScripts(): Promise<string[]> {
  const rows = await db().instances.toArray();
  const matches: string[] = [];
  for (const row of rows) {
    const patterns = originPatterns(row.origin);
    if (await browser.permissions.contains({ origins: patterns })) matches.push(...patterns);
  }
  const ids = [CONTENT_ID, OBSERVER_ID];
  const existing = await browser.scripting.getRegisteredContentScripts({ ids });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (matches.length) {
    await browser.scripting.registerContentScripts([
      {
        id: CONTENT_ID,
        matches,
        js: [...contentScriptFiles.isolated],
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
      {
        // In the page's own JS world before its scripts run, so it sees the web UI's first requests
        // (Chrome 111+, Firefox 128+). It uses no extension API; the content script checks all it says.
        id: OBSERVER_ID,
        matches,
        js: [...contentScriptFiles.main],
        runAt: 'document_start',
        world: 'MAIN',
        persistAcrossSessions: true,
      },
    ]);
  }
  return matches;
}

/** A page already open when the instance is added gets the content script at once. */
async function injectIntoOpenTabs(instance: InstanceRow): Promise<void> {
  const tabs = await browser.tabs.query({ url: originPatterns(instance.origin) }).catch(() => []);
  for (const tab of tabs) {
    if (tab.id == null) continue;
    // The observer first: it then sees what the page loads from now on (streamed posts, paging).
    await browser.scripting
      .executeScript({ target: { tabId: tab.id }, files: [...contentScriptFiles.main], world: 'MAIN' })
      .catch(() => {});
    await browser.scripting
      .executeScript({ target: { tabId: tab.id }, files: [...contentScriptFiles.isolated] })
      .catch(() => {});
  }
}

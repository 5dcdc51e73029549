import { browser } from 'wxt/browser';
import type { PlatformKind } from '../../core/model';

/** The tab the popup is about: the active tab, or `?tabId=` when the popup is opened as a page (tests, a pinned tab). */
export async function currentTab(search = location.search): Promise<{ id: number; url: string | null } | null> {
  const param = new URLSearchParams(search).get('tabId');
  try {
    const tab = param
      ? await browser.tabs.get(Number(param))
      : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    if (!tab || tab.id === undefined) return null;
    return { id: tab.id, url: tab.url ?? null };
  } catch {
    return null;
  }
}

/**
 * Runs in the tab (scripting.executeScript serialises it, so it must stand alone): which web UI
 * family the page is, from the same marks as src/platforms/detect.ts (keep the two in step; a
 * test checks they agree).
 */
export function probePage(): PlatformKind | null {
  const d = document;
  if (d.querySelector('script#initial-state[type="application/json"]') || d.querySelector('#mastodon[data-props]'))
    return 'mastodon';
  if (d.querySelector('script#misskey_meta') || d.querySelector('meta[name="application-name"][content="Misskey"]'))
    return 'misskey';
  return null;
}

/** Asks the tab what it is; null when it is neither or Breakwater may not look (no activeTab grant, a browser page). */
export async function detectTab(tabId: number): Promise<PlatformKind | null> {
  try {
    const [res] = await browser.scripting.executeScript({ target: { tabId }, func: probePage });
    const v = res?.result;
    return v === 'mastodon' || v === 'misskey' ? v : null;
  } catch {
    return null;
  }
}

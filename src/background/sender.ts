import { browser, type Browser } from 'wxt/browser';

/** True when the message comes from one of Breakwater's own pages (popup, options), not a web page. */
export function fromExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  const own = browser.runtime.getURL('/');
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(own);
}

/** The origin of the tab a content script message comes from, or null. */
export function senderOrigin(sender: Browser.runtime.MessageSender): string | null {
  if (sender.id !== browser.runtime.id || !sender.tab || typeof sender.url !== 'string') return null;
  try {
    return new URL(sender.url).origin;
  } catch {
    return null;
  }
}

import { browser, type Browser } from 'wxt/browser';
import { db } from '../storage/db';
import { addInstance, removeInstance, syncContentScripts } from './instances';

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

async function handle(msg: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
  if (!msg || typeof msg !== 'object' || typeof (msg as { type?: unknown }).type !== 'string') return undefined;
  const m = msg as { type: string; [k: string]: unknown };
  if (m.type.startsWith('ui:')) {
    if (!fromExtensionPage(sender)) return undefined;
    switch (m.type) {
      case 'ui:addInstance':
        return typeof m.domain === 'string' ? addInstance(m.domain) : { ok: false, code: 'invalid-domain', message: 'No domain given.' };
      case 'ui:removeInstance':
        if (typeof m.domain === 'string') await removeInstance(m.domain);
        return { ok: true };
      case 'ui:listInstances':
        return db().instances.orderBy('addedAt').toArray();
    }
    return undefined;
  }
  if (m.type.startsWith('content:')) {
    const origin = senderOrigin(sender);
    if (!origin) return undefined;
    const instance = (await db().instances.where('domain').equals(new URL(origin).host).first()) ?? null;
    if (!instance || instance.origin !== origin) return undefined;
    switch (m.type) {
      case 'content:hello':
        return { instance };
    }
  }
  return undefined;
}

export function startBackground(): void {
  browser.runtime.onMessage.addListener((msg, sender) => {
    const answer = handle(msg, sender);
    return answer.then((a) => a ?? null);
  });
  browser.runtime.onInstalled.addListener(() => void syncContentScripts());
  browser.runtime.onStartup.addListener(() => void syncContentScripts());
}

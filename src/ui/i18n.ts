import { browser } from 'wxt/browser';

/** Keys of public/_locales/en/messages.json (WXT generates the type, so a typo fails typecheck). */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/** A message in the browser's language (public/_locales), falling back to the key itself. */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const text = browser.i18n.getMessage(key, subs.map(String));
  return text || key;
}

import { drawHost } from './host';

/**
 * Only a real user's event inside Breakwater's own UI may change anything: the page can call
 * `.click()` or dispatch events on elements of an open shadow root, but such events are not
 * trusted. Every handler that selects, decides or acts goes through `trusted`.
 */
export function trusted<E extends Event>(fn: (e: E) => void): (e: E) => void {
  return (e: E) => {
    if (!e.isTrusted) {
      e.preventDefault();
      return;
    }
    fn(e);
  };
}

/**
 * Whether the overlay holding `el` is shown as Breakwater drew it. The page owns the shadow host
 * element and its ancestors: it can fade the bar out over a decoy of its own so that the user's real
 * press lands on a button they do not see (clickjacking). Breakwater never fades, filters or
 * transforms its hosts, so any of that on the host, or a fading on an ancestor, is the page's doing.
 * (Filters that only recolour, as dark-mode tools put on <html>, are fine; opacity and blur are not.)
 */
export function shownAsDrawn(el: Element): boolean {
  const root = el.getRootNode() as Node & { host?: Element };
  const host = root.host;
  const win = el.ownerDocument.defaultView;
  if (!host || !win) return true;
  const hiding = (filter: string) => /opacity|blur|alpha/i.test(filter);
  // A value the page set (engines differ in how they spell "nothing": '', none, normal, auto).
  const set = (v: string) => v !== '' && v !== 'none' && v !== 'normal' && v !== 'auto';
  for (let n: Element | null = host; n; n = n.parentElement) {
    const cs = win.getComputedStyle(n);
    if (parseFloat(cs.opacity) < 1 || hiding(cs.filter)) return false;
    if (n === host) {
      const mask = cs.getPropertyValue('mask-image') || cs.getPropertyValue('-webkit-mask-image');
      if (cs.visibility === 'hidden' || cs.visibility === 'collapse') return false;
      if (set(cs.transform) || set(cs.clipPath) || set(cs.mixBlendMode) || set(mask)) return false;
    }
  }
  return true;
}

/**
 * `trusted`, for the presses that act (open a preview, confirm, teach "not spam", undo): refused
 * while the page fades or hides Breakwater's overlay (`shownAsDrawn`). The host's own style is then
 * drawn again, so that the user sees the bar the page had hidden.
 */
export function trustedShown<E extends Event>(fn: (e: E) => void): (e: E) => void {
  return trusted((e: E) => {
    const target = e.currentTarget as Element | null;
    if (target && !shownAsDrawn(target)) {
      e.preventDefault();
      const host = (target.getRootNode() as Node & { host?: Element }).host;
      if (host && 'style' in host) drawHost(host as HTMLElement);
      return;
    }
    fn(e);
  });
}

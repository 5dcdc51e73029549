/**
 * Shadow roots for the overlay: the page's CSS cannot reach inside, the page's hotkeys and click
 * handlers never see what happens inside (events stop at the shadow root), and one parsed style
 * sheet is shared by every root of the document (adoptedStyleSheets; a <style> where a browser
 * refuses a sheet made by a content script, as Firefox's Xrays may).
 *
 * Open roots: assistive technology and automated tests find the controls by role and name. The
 * page could reach into them, but cannot act through them: every handler that changes anything
 * checks `event.isTrusted` (./trusted.ts), and requests are built from the overlay's own state,
 * never read back from the DOM.
 */

/** Events that must not reach the page's listeners (Mastodon's hotkeys, its click-to-open). */
const ISOLATED = [
  'keydown',
  'keyup',
  'keypress',
  'click',
  'dblclick',
  'auxclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'input',
  'change',
  'focusin',
  'focusout',
  'contextmenu',
] as const;

export const HOST_ATTR = 'data-breakwater-host';

const sheets = new WeakMap<Document, CSSStyleSheet | null>();

function sheetFor(doc: Document, css: string): CSSStyleSheet | null {
  if (sheets.has(doc)) return sheets.get(doc)!;
  let sheet: CSSStyleSheet | null;
  try {
    const Ctor = (doc.defaultView as (Window & typeof globalThis) | null)?.CSSStyleSheet ?? CSSStyleSheet;
    sheet = new Ctor();
    sheet.replaceSync(css);
  } catch {
    sheet = null;
  }
  sheets.set(doc, sheet);
  return sheet;
}

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
  /** Where Preact renders (not the root itself: Preact would remove a fallback <style>). */
  mount: HTMLElement;
}

/** A host element (not yet inserted) with an open shadow root styled by `css`. */
export function createShadowHost(doc: Document, tag: string, css: string, kind: string): ShadowHost {
  const host = doc.createElement(tag);
  host.setAttribute(HOST_ATTR, kind);
  drawHost(host);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = sheetFor(doc, css);
  let adopted = false;
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      adopted = root.adoptedStyleSheets.length === 1;
    } catch {
      adopted = false;
    }
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  for (const type of ISOLATED) root.addEventListener(type, (e) => e.stopPropagation());
  const mount = doc.createElement('div');
  mount.className = 'bw';
  root.append(mount);
  return { host, root, mount };
}

/**
 * The host's only inline style: nothing inherited from the page (fonts, colours, line height; the
 * root's CSS sets its own). Set again when the page restyled the host (./trusted.ts).
 */
export function drawHost(host: HTMLElement): void {
  host.removeAttribute('style');
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'block', 'important');
}

export function setHostTheme(h: ShadowHost, theme: 'light' | 'dark'): void {
  if (h.host.getAttribute('data-theme') !== theme) h.host.setAttribute('data-theme', theme);
}

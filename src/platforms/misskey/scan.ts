/**
 * Finds Misskey note elements by structure and links only (class names are hashed): timeline
 * items (home, local, social, global, lists, antennas, channels, profiles, deck columns), pure
 * renotes (the renoted note), replies (not the parent shown above), notification items (their
 * anchor is the notification's id), and the note page. 2024.2 has no id in the DOM but the
 * permalinks, which is all this reads.
 */
import { hostToUnicode } from '../../core/text/punycode';
import type { Post } from '../../core/model';
import type { PostElement } from '../types';
import { SEL } from './selectors';

/** Misskey ids: aid (10), aidx (16), meid/objectid (24), ulid (26) alphanumerics. */
export const NOTE_ID = /^[0-9A-Za-z]{8,32}$/;

/** Every element `scanMisskeyNotes` may return: a MkNote or MkNoteDetailed root. */
export const POST_SELECTOR = 'div:has(> article > div > header a[href^="/notes/"]), div:has(> article > header)';

/** The note id of a permalink `/notes/<id>` (`/notes/<id>/reactions` too); null for anything else. */
export function idFromNoteHref(href: string | null): string | null {
  const m = href ? /^(?:https?:\/\/[^/]+)?\/notes\/([0-9A-Za-z]{8,32})(?:[/?#].*)?$/.exec(href) : null;
  return m ? m[1]! : null;
}

/** `/@user` or `/@user@host` (also absolute) to `user` / `user@host`; null for anything else. */
export function acctFromHref(href: string | null): string | null {
  const m = href ? /^(?:https?:\/\/[^/]+)?\/@([^/?#@\s]+(?:@[^/?#@\s]+)?)\/?(?:[?#].*)?$/.exec(href) : null;
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

function firstIn(el: Element, alternatives: readonly string[]): Element | null {
  for (const sel of alternatives) {
    const found = el.querySelector(sel);
    if (found) return found;
  }
  return null;
}

function childArticle(el: Element): Element | null {
  for (const c of el.children) if (c.tagName === 'ARTICLE') return c;
  return null;
}

/** The id of the note page in the address bar (`/notes/<id>`), for a detailed note without a permalink. */
function pageNoteId(el: Element): string | null {
  try {
    return idFromNoteHref(el.ownerDocument?.location?.pathname ?? null);
  } catch {
    return null;
  }
}

/** A MkNote / MkNoteDetailed root as a post element, or null when `el` is none. */
function toPost(el: Element): PostElement | null {
  // Duck-typed: `instanceof HTMLElement` differs between worlds (content scripts, Firefox Xrays).
  if (!('dataset' in el)) return null;
  const article = childArticle(el);
  if (!article) return null;
  let detailed = false;
  let id = idFromNoteHref(firstIn(article, SEL.notePermalink)?.getAttribute('href') ?? null);
  if (!id && article.querySelector(SEL.detailedHeader)) {
    id = idFromNoteHref(firstIn(article, SEL.detailedPermalink)?.getAttribute('href') ?? null) ?? pageNoteId(el);
    detailed = id !== null;
  }
  if (!id) return null;
  const anchor = el.hasAttribute('data-scroll-anchor')
    ? el
    : el.parentElement?.hasAttribute('data-scroll-anchor')
      ? el.parentElement
      : null;
  const item = anchor?.getAttribute('data-scroll-anchor') ?? null;
  return {
    id,
    el: el as HTMLElement,
    itemId: item && NOTE_ID.test(item) && item !== id ? item : null,
    authorAcct: acctFromHref(firstIn(article, SEL.author)?.getAttribute('href') ?? null),
    // User ids never appear in Misskey's DOM (web-ui-dom.md 2.1).
    authorId: null,
    quoted: false,
    detailed,
  };
}

/** The note root around `article`, when `article` is a note's (not a URL preview card's). */
function rootOfArticle(article: Element): PostElement | null {
  const parent = article.parentElement;
  return parent ? toPost(parent) : null;
}

/** Note elements in `root` (root included, and the note around `root` when it is inside one). */
export function scanMisskeyNotes(root: ParentNode): PostElement[] {
  const out: PostElement[] = [];
  const seen = new Set<Element>();
  const add = (p: PostElement | null) => {
    if (p && !seen.has(p.el)) {
      seen.add(p.el);
      out.push(p);
    }
  };
  const r = root as Element;
  if (typeof r.closest === 'function') {
    // Vue may re-create a part of a note (its article, its text): the note around it is seen again.
    const around = r.tagName === 'ARTICLE' ? r : r.parentElement?.closest('article');
    let a: Element | null | undefined = around;
    while (a) {
      const p = rootOfArticle(a);
      if (p) {
        add(p);
        break;
      }
      a = a.parentElement?.closest('article');
    }
    add(toPost(r));
  }
  // The root's own article was read with the root just above: not twice (each note is scanned
  // again whenever the list re-creates its items).
  for (const article of root.querySelectorAll('article')) {
    const parent = article.parentElement;
    if (parent && !seen.has(parent)) add(toPost(parent));
  }
  return out;
}

/** Misskey has no placeholders: every listed note is rendered (no virtual scroller). */
export function misskeyListed(): { id: string; el: Element }[] {
  return [];
}

/** The note element holding `node` (focus sits on the MkNote root, `tabindex`). */
export function misskeyPostAround(node: Node): PostElement | null {
  const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
  if (!start) return null;
  const own = toPost(start);
  if (own) return own;
  let a = start.closest('article');
  while (a) {
    const p = rootOfArticle(a);
    if (p) return p;
    a = a.parentElement?.closest('article') ?? null;
  }
  return null;
}

/** The badge goes right above the note's article: below a renote line or the reply's parent. */
export function misskeyBadgeSlot(p: PostElement): { parent: Element; before: Node | null } {
  return { parent: p.el, before: childArticle(p.el) ?? p.el.firstChild };
}

/** `user` (local) or `user@host` as the page shows it, to `user@host` in the Post's form. */
export function fullAcct(acct: string, instance: string): string {
  const at = acct.indexOf('@');
  const user = at >= 0 ? acct.slice(0, at) : acct;
  const host = at >= 0 ? acct.slice(at + 1) : instance;
  return `${user}@${hostToUnicode(host.toLowerCase())}`.toLowerCase();
}

/** The data agrees with the element: same note id and the same author handle. */
export function misskeyAgrees(post: Post, p: PostElement, instance: string): boolean {
  if (post.id !== p.id) return false;
  if (p.authorAcct && fullAcct(p.authorAcct, instance) !== post.author.key) return false;
  return true;
}

/**
 * Finds Mastodon post elements (4.2 and 4.3+ DOM): timeline items, boosts, quotes, thread posts and
 * the focused post, notifications. Placeholders (an `article` whose `.status` was unrendered) hold
 * no `.status` and are skipped; the runtime finds the post again when Mastodon rebuilds it.
 */
import { hostToUnicode } from '../../core/text/punycode';
import type { Post } from '../../core/model';
import type { PostElement } from '../types';
import { SEL, any } from './selectors';

const STATUS = any(SEL.status);
const DETAILED = any(SEL.detailed);
export const POST_SELECTOR = `${STATUS}, ${DETAILED}`;
const ID = /^\d{1,24}$/;

function first(el: Element, alternatives: readonly string[]): HTMLAnchorElement | null {
  for (const sel of alternatives) {
    const found = el.querySelector<HTMLAnchorElement>(sel);
    if (found) return found;
  }
  return null;
}

/** `/@user@host` or `/@user` (a local account) to `user@host` / `user`; null for anything else. */
export function acctFromHref(href: string | null): string | null {
  const m = href ? /^(?:https?:\/\/[^/]+)?\/@([^/?#@\s]+(?:@[^/?#@\s]+)?)\/?(?:[?#].*)?$/.exec(href) : null;
  return m ? decodeURIComponent(m[1]!) : null;
}

/** The status id at the end of a permalink `/@acct/<id>` (or `/deck/@acct/<id>`). */
export function idFromPermalink(href: string | null): string | null {
  const m = href ? /\/@[^/]+\/(\d{1,24})\/?(?:[?#].*)?$/.exec(href) : null;
  return m ? m[1]! : null;
}

function fromStatus(el: HTMLElement): PostElement | null {
  const id = el.getAttribute('data-id');
  if (!id || !ID.test(id)) return null;
  const author = first(el, SEL.authorLink);
  const authorId = author?.getAttribute('data-hover-card-account') ?? author?.getAttribute('data-id') ?? null;
  const quoted = el.classList.contains(SEL.quotedClass);
  const article = quoted ? null : el.closest(SEL.article);
  return {
    id,
    el,
    itemId: article?.getAttribute('data-id') ?? null,
    authorAcct: acctFromHref(author?.getAttribute('href') ?? null),
    authorId: authorId && ID.test(authorId) ? authorId : null,
    quoted,
    detailed: false,
  };
}

function fromDetailed(el: HTMLElement): PostElement | null {
  const id = idFromPermalink(first(el, SEL.detailedPermalink)?.getAttribute('href') ?? null);
  if (!id) return null;
  const author = first(el, SEL.detailedAuthor);
  const authorId = author?.getAttribute('data-hover-card-account') ?? null;
  return {
    id,
    el,
    itemId: null,
    authorAcct: acctFromHref(author?.getAttribute('href') ?? null),
    authorId: authorId && ID.test(authorId) ? authorId : null,
    quoted: false,
    detailed: true,
  };
}

function toPost(el: Element): PostElement | null {
  // Duck-typed: `instanceof HTMLElement` differs between worlds (content scripts, Firefox Xrays).
  if (!('dataset' in el)) return null;
  const h = el as HTMLElement;
  if (h.matches(STATUS)) return fromStatus(h);
  if (h.matches(DETAILED)) return fromDetailed(h);
  return null;
}

/** Post elements in `root` (root included), in document order. */
export function scanMastodonPosts(root: ParentNode): PostElement[] {
  const out: PostElement[] = [];
  if ((root as Element).matches?.(POST_SELECTOR)) {
    const p = toPost(root as Element);
    if (p) out.push(p);
  }
  for (const el of root.querySelectorAll(POST_SELECTOR)) {
    const p = toPost(el);
    if (p) out.push(p);
  }
  return out;
}

/**
 * Placeholders: `article[data-id]` without a `.status` inside (`intersection_observer_article.jsx`
 * unrenders off-screen items). Their id is the list item's (a boost's own id for boosts, a
 * notification's id in 4.2); non-numeric keys (4.6 notification groups, gaps) are skipped.
 */
export function mastodonListed(root: ParentNode): { id: string; el: Element }[] {
  const out: { id: string; el: Element }[] = [];
  const check = (a: Element) => {
    const id = a.getAttribute('data-id');
    if (id && ID.test(id) && !a.querySelector(POST_SELECTOR)) out.push({ id, el: a });
  };
  if ((root as Element).matches?.(SEL.article)) check(root as Element);
  for (const a of root.querySelectorAll(SEL.article)) check(a);
  return out;
}

/** The post element holding `node` (the innermost, so a focused quote is the quote). */
export function mastodonPostAround(node: Node): PostElement | null {
  const start = node.nodeType === 1 ? (node as Element) : node.parentElement;
  const el = start?.closest(POST_SELECTOR);
  if (el) return toPost(el);
  // Focus sits on the wrapper around the post (`.status__wrapper[tabindex=0]`): look inside it.
  const wrapper = start?.closest(any(SEL.focusable));
  const inner = wrapper?.querySelector(POST_SELECTOR);
  return inner ? toPost(inner) : null;
}

/** The badge goes first in the post, above its header. */
export function mastodonBadgeSlot(p: PostElement): { parent: Element; before: Node | null } {
  return { parent: p.el, before: p.el.firstChild };
}

/** `user` (local) or `user@host` as the page shows it, to `user@host` in the Post's form. */
export function fullAcct(acct: string, instance: string): string {
  const at = acct.indexOf('@');
  const user = at >= 0 ? acct.slice(0, at) : acct;
  const host = at >= 0 ? acct.slice(at + 1) : instance;
  return `${user}@${hostToUnicode(host.toLowerCase())}`.toLowerCase();
}

/**
 * The data agrees with the element: same author handle (and the same account id where the page
 * shows one). A forged report that puts another author's text under this id disagrees.
 */
export function mastodonAgrees(post: Post, p: PostElement, instance: string): boolean {
  if (post.id !== p.id) return false;
  if (p.authorAcct && fullAcct(p.authorAcct, instance) !== post.author.key) return false;
  if (p.authorId && post.author.id && p.authorId !== post.author.id) return false;
  return true;
}

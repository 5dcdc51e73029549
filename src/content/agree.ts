/**
 * Does the page show the text of a post's data? The main-world observer's copies cross a wire the
 * page can read and forge (./bridge.ts): a page script that owns the web UI's socket can send
 * Breakwater a copy of a post it is about to show, with the same id and author but another text,
 * before the observer's own copy. The copy is then only a hint: it is used when the words of its
 * text (or of its content warning, when the text is hidden behind one) are in the post's element.
 *
 * Loose on purpose, so that the web UI's rendering does not make real posts disagree: links
 * (shortened on screen) and mentions (`@user@host` shown as `@user`) are left out, words are
 * compared after NFKC and lower case, and half of them are enough (custom emoji become pictures).
 * A post with fewer than two words to compare (an image, mentions only) agrees.
 */
import type { Post } from '../core/model';

/** Words compared per post at most (the first ones), and their length at most. */
const MAX_WORDS = 32;
const MAX_WORD = 40;
/** DOM text read per element at most (a 100 KB post is compared on its beginning). */
const MAX_SHOWN = 200_000;

const WORD = /[\p{L}\p{N}]{3,}/gu;
const LINK = /\bhttps?:\/\/\S+/giu;
const MENTION = /(^|\s)@[\w.-]+(@[\w.-]+)?/gu;

/** NFKC leaves printable ASCII as it is: most of what the page shows needs lower case only. */
const NOT_ASCII = /[^\t\n\r\x20-\x7e]/;
const fold = (s: string) => (NOT_ASCII.test(s) ? s.normalize('NFKC') : s).toLowerCase();

/** The words of a text that the page is expected to show. */
export function wordsOf(text: string): string[] {
  const out: string[] = [];
  const plain = fold(text.length > 20_000 ? text.slice(0, 20_000) : text)
    .replace(LINK, ' ')
    .replace(MENTION, ' ');
  for (const m of plain.matchAll(WORD)) {
    out.push(m[0].length > MAX_WORD ? m[0].slice(0, MAX_WORD) : m[0]);
    if (out.length >= MAX_WORDS) break;
  }
  return out;
}

/** null: nothing to compare; else whether enough of the words are shown. */
function shows(words: string[], shown: string, min: number, share: number): boolean | null {
  if (words.length < min) return null;
  let found = 0;
  for (const w of words) if (shown.includes(w)) found++;
  return found >= Math.ceil(words.length * share);
}

/** Whether the element shows the post's text (or its content warning while the text is hidden). */
export function pageShowsText(post: Pick<Post, 'text' | 'cw'>, el: Element): boolean {
  const raw = el.textContent ?? '';
  const shown = fold(raw.length > MAX_SHOWN ? raw.slice(0, MAX_SHOWN) : raw);
  const text = shows(wordsOf(post.text), shown, 2, 0.5);
  if (text !== false) return true;
  // The text behind a content warning may not be in the DOM at all: then the warning must be.
  return post.cw !== '' && shows(wordsOf(post.cw), shown, 1, 1) === true;
}

// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://127.0.0.1:3000/" }
/**
 * The web UI client draws the fixtures' own notes (JSON captured from Misskey 2025.7.0) into the
 * same DOM Misskey drew for them (dom/*.html captured from the same server): same elements, classes,
 * links, ids. Text nodes and attributes that only style or size are left out of the comparison.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { fixture, FIXTURES } from './helpers';

const dom = (name: string) => readFileSync(join(FIXTURES, 'dom', name), 'utf8');

type Json = Record<string, unknown>;
const KEEP = ['class', 'href', 'title', 'data-scroll-anchor', 'tabindex', 'src', 'alt', 'rel', 'target'];

/** A comparable outline of an element: tags, kept attributes, and non-time text, comments dropped. */
function outline(el: Element, depth = 0): string[] {
  const attrs = KEEP.filter((a) => el.hasAttribute(a)).map((a) => {
    const v = el.getAttribute(a)!;
    // The title is the time in the browser's zone (JST in the capture): compare its format.
    if (el.tagName === 'TIME' && a === 'title')
      return `title=${/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/.test(v) ? 'YYYY/MM/DD HH:mm:ss' : v}`;
    return `${a}="${v}"`;
  });
  const lines = [`${'  '.repeat(depth)}<${el.tagName.toLowerCase()}${attrs.length ? ' ' + attrs.join(' ') : ''}>`];
  for (const c of el.childNodes) {
    if (c.nodeType === 1) lines.push(...outline(c as Element, depth + 1));
    else if (c.nodeType === 3 && el.tagName !== 'TIME' && c.textContent!.trim())
      lines.push(`${'  '.repeat(depth + 1)}"${c.textContent!.trim()}"`);
  }
  return lines;
}

function parse(html: string): Element {
  const t = document.createElement('template');
  t.innerHTML = html;
  return t.content.firstElementChild!;
}

function notesOf(name: string): Json[] {
  return fixture(name).response.body as Json[];
}

let noteEl: typeof import('./client/note').noteEl;
let renderNotes: typeof import('./client/timeline').renderNotes;
let renderNotifications: typeof import('./client/timeline').renderNotifications;
let env: typeof import('./client/env').env;
let C: typeof import('./client/css').C;

beforeAll(async () => {
  const meta = document.createElement('script');
  meta.type = 'application/json';
  meta.id = 'misskey_meta';
  meta.textContent = JSON.stringify(fixture('meta').response.body);
  document.head.append(meta);
  localStorage.setItem('account', JSON.stringify({ ...(fixture('i.admin').response.body as Json), token: 'x' }));
  ({ noteEl } = await import('./client/note'));
  ({ renderNotes, renderNotifications } = await import('./client/timeline'));
  ({ env } = await import('./client/env'));
  ({ C } = await import('./client/css'));
  globalThis.fetch = (() => Promise.reject(new Error('offline'))) as typeof fetch;
});

function loginAs(name: 'i.admin' | 'i.alice'): void {
  env.account = { ...(fixture(name).response.body as Json), token: 'x' } as typeof env.account;
}

describe('MkNote in a 2025.7.0 timeline', () => {
  test('a spam note with mentions, emoji, a link and its URL preview (sample-note.spam)', () => {
    loginAs('i.admin');
    const note = notesOf('notes-local-timeline.admin').find((n) => n.id === 'atxl2na62xq10031')!;
    const ours = noteEl(note as never, { rootClass: C.tl('note'), anchor: note.id as string });
    expect(outline(ours)).toEqual(outline(parse(dom('sample-note.spam.local-timeline.html'))));
  });

  test('a pure renote: the renote header and the renoted note (sample-note.renote)', () => {
    loginAs('i.alice');
    const note = notesOf('notes-timeline.alice').find((n) => n.id === 'atxl2d6t2xq1001p')!;
    const ours = noteEl(note as never, { rootClass: C.tl('note'), anchor: note.id as string });
    expect(outline(ours)).toEqual(outline(parse(dom('sample-note.renote.home-timeline.html'))));
  });

  test('a whole home timeline: replies with MkNoteSub first, the ad-slot wrapper on the 4th note, CW', () => {
    loginAs('i.alice');
    const page = parse(
      `<div>${dom('home-timeline.alice.html')
        .replace(/^[\s\S]*?<body>/, '')
        .replace(/<\/body>[\s\S]*$/, '')}</div>`,
    );
    const theirs = page.querySelector(`.${C.tl('notes')}`)!;
    const notes = notesOf('notes-timeline.alice');
    const items = notes.slice(0, theirs.children.length).map((n) => ({ ...n }));
    if (items[3]) (items[3] as Json)._shouldInsertAd_ = true;
    const ours = document.createElement('div');
    ours.className = C.tl('notes');
    renderNotes(items as never, ours);
    expect(outline(ours)).toEqual(outline(theirs));
  });
});

describe('notification lists', () => {
  test('the notifications page: notification ids on the items, mentions and replies drawn as MkNote', () => {
    loginAs('i.alice');
    const page = parse(
      `<div>${dom('notifications.alice.html')
        .replace(/^[\s\S]*?<body>/, '')
        .replace(/<\/body>[\s\S]*$/, '')}</div>`,
    );
    const theirs = [...page.querySelectorAll(`.${C.ntl('item')}`)].filter((el) => !el.closest(`.${cx_widget()}`));
    const notifs = notesOf('i-notifications.alice');
    const byId = new Map(notifs.map((n) => [n.id, n]));
    const noteItems = theirs.filter(
      (el) => byId.has(el.getAttribute('data-scroll-anchor')!) && el.querySelector(`.${C.note('root')}`),
    );
    expect(noteItems.length).toBeGreaterThan(3);
    for (const el of noteItems) {
      const ours = document.createElement('div');
      renderNotifications([byId.get(el.getAttribute('data-scroll-anchor')!)] as never, ours);
      expect(outline(ours.firstElementChild!)).toEqual(outline(el));
    }
  });
});

function cx_widget(): string {
  return 'xzYGK';
}

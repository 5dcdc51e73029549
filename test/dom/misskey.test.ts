/**
 * Every Misskey selector and page reader against the real captures of the 2025.7.0 web UI
 * (../shared/fixtures/misskey/dom): home, local and social timelines (as a user and as the admin),
 * notifications (page and widget), a spammer's profile, the deck, the first-login dialog, and the
 * two single notes. The ground truth is the captured API answers the pages were drawn from.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { detectPlatform } from '../../src/platforms/detect';
import { misskeyAdapter } from '../../src/platforms/misskey/adapter';
import { normalizeMisskeyNote } from '../../src/platforms/misskey/normalize';
import {
  isMisskeyShell,
  readMisskeySession,
  readMisskeyTheme,
  readMisskeyView,
} from '../../src/platforms/misskey/page';
import {
  POST_SELECTOR,
  acctFromHref,
  fullAcct,
  idFromNoteHref,
  misskeyAgrees,
  misskeyBadgeSlot,
  misskeyListed,
  misskeyPostAround,
  scanMisskeyNotes,
} from '../../src/platforms/misskey/scan';
import type { PostElement } from '../../src/platforms/types';
import { DOMAIN, ORIGIN, PAGE_NAMES, apiItems, closeAll, load, pageToken, type Json } from './misskey-fixtures';

afterAll(closeAll);

const { notes, notifications } = apiItems();

const isPure = (n: Json) =>
  !!n.renote && (n.text === null || n.text === undefined) && !((n.files as unknown[] | undefined)?.length ?? 0);

const acctOf = (n: Json) => {
  const u = n.user as { username: string; host: string | null };
  return u.host ? `${u.username}@${u.host}` : u.username;
};

/** What a timeline item (by its `data-scroll-anchor`) shows, from the captured API answers. */
function expected(anchor: string): { id: string; item: string | null; acct: string } | 'none' | 'unknown' {
  const n = notes.get(anchor);
  if (n) {
    const shown = isPure(n) ? (n.renote as Json) : n;
    return { id: shown.id as string, item: shown.id === anchor ? null : anchor, acct: acctOf(shown) };
  }
  const nf = notifications.get(anchor);
  if (nf) {
    if (!nf.note || !['mention', 'reply', 'quote'].includes(nf.type as string)) return 'none';
    const note = nf.note as Json;
    return { id: note.id as string, item: anchor, acct: acctOf(note) };
  }
  return 'unknown';
}

/** The post element inside an anchor (the anchor itself, or the MkNote root it wraps). */
const within = (posts: PostElement[], anchorEl: Element) =>
  posts.filter((p) => p.el === anchorEl || p.el.parentElement === anchorEl);

describe.each(PAGE_NAMES)('%s', (page) => {
  test('every note is found once, with the id it shows, its list item and its author', () => {
    const { doc } = load(page);
    const posts = scanMisskeyNotes(doc);
    // Independent count (2025.x only): the MkNote root is the `div[tabindex="0"]` holding the article.
    expect(posts.length).toBe(doc.querySelectorAll('div[tabindex="0"] > article').length);
    expect(posts.length).toBeGreaterThan(0);
    expect(new Set(posts.map((p) => p.el)).size).toBe(posts.length);
    let checked = 0;
    for (const anchorEl of doc.querySelectorAll('[data-scroll-anchor]')) {
      const anchor = anchorEl.getAttribute('data-scroll-anchor')!;
      const found = within(posts, anchorEl);
      const want = expected(anchor);
      if (want === 'none') {
        expect(found, `notification ${anchor} shows no note`).toEqual([]);
        continue;
      }
      if (want === 'unknown') {
        // Captured after the API answers (the admin's notifications: achievements, later mentions):
        // a note where the independent 2025.x selector sees one.
        const roots = anchorEl.querySelectorAll('div[tabindex="0"] > article').length;
        expect(found.length, `notes in item ${anchor}`).toBe(roots);
        continue;
      }
      expect(found.length, `one note in item ${anchor}`).toBe(1);
      const p = found[0]!;
      expect(p.id, `note of item ${anchor}`).toBe(want.id);
      expect(p.itemId, `list item of ${anchor}`).toBe(want.item);
      expect(p.authorAcct, `author of ${anchor}`).toBe(want.acct);
      checked++;
    }
    for (const p of posts) {
      expect(p.id).toMatch(/^[0-9a-z]{16}$/);
      expect(p.authorAcct).toMatch(/^[a-z0-9_]+(@[a-z0-9.:-]+)?$/i);
      expect(p.authorId).toBeNull();
      expect(p.detailed).toBe(false);
      expect(p.el.matches(POST_SELECTOR)).toBe(true);
      // The badge goes right above the note's own article (below a renote line or a reply's parent).
      const slot = misskeyBadgeSlot(p);
      expect(slot.parent).toBe(p.el);
      expect((slot.before as Element).tagName).toBe('ARTICLE');
      expect((slot.before as Element).parentElement).toBe(p.el);
      // Keyboard shortcuts find the note from its focus (the root) and from inside it.
      expect(misskeyPostAround(p.el)?.id).toBe(p.id);
      const inner = p.el.querySelector('article time') ?? p.el.querySelector('article span');
      expect(misskeyPostAround(inner!)?.id).toBe(p.id);
      // Scanning only the added note (as the runtime does for an added node) finds it too.
      expect(scanMisskeyNotes(p.el).map((x) => x.id)).toEqual([p.id]);
    }
    if (!page.includes('admin') || page.startsWith('sample')) expect(checked).toBeGreaterThan(0);
    expect(misskeyListed()).toEqual([]);
  });

  test('the page is a Misskey web UI; the session, the view and the theme are read', () => {
    const { doc, win } = load(page);
    expect(detectPlatform(doc)).toBe('misskey');
    const s = readMisskeySession(doc)!;
    expect(s.domain).toBe(DOMAIN);
    expect(s.version).toBe('2025.7.0');
    expect(s.streamingOrigins).toEqual([]);
    const user = page.endsWith('.alice') ? 'alice' : page.endsWith('.admin') ? 'admin' : null;
    expect(s.username).toBe(user);
    expect(s.token).toBe(user ? pageToken(user) : null);
    expect(s.accountId).toBe(user === 'alice' ? 'atxl29bm2xq10007' : user === 'admin' ? 'atxl28la2xq10003' : null);
    expect(s.moderator).toEqual(user === 'admin' ? { reports: true, users: true } : { reports: false, users: false });
    const url = new URL(win.location.href);
    const view = readMisskeyView(doc, url);
    expect(view.layout).toBe(page === 'deck.admin' ? 'multi' : 'single');
    expect(view.kind).toBe(
      page.startsWith('notifications') ? 'notifications' : page.startsWith('user-page') ? 'profile' : 'home',
    );
    expect(readMisskeyTheme(doc, win as unknown as Window)).toBe('light');
  });
});

test('a reply: its own id, not the parent shown above it (whose /notes/ link comes first)', () => {
  const { doc } = load('home-timeline.alice');
  const el = doc.querySelector('[data-scroll-anchor="atxl32i32xq1003m"]')!;
  expect(idFromNoteHref(el.querySelector('a[href^="/notes/"]')!.getAttribute('href'))).toBe('atxl32ap2xq1003l');
  const [p] = scanMisskeyNotes(el);
  expect(p!.id).toBe('atxl32i32xq1003m');
  expect(p!.authorAcct).toBe('bob');
  // The parent (MkNoteSub) is not a note element of its own.
  expect(scanMisskeyNotes(doc).filter((x) => x.id === 'atxl32ap2xq1003l').length).toBe(1);
});

test('a pure renote: the renoted note, with the renote as the list item; the renoter is not the author', () => {
  const { doc } = load('sample-note.renote.home-timeline');
  const [p] = scanMisskeyNotes(doc);
  expect(p).toMatchObject({ id: 'atxl2cw82xq1001m', itemId: 'atxl2d6t2xq1001p', authorAcct: 'erin' });
  // The renote line links to the renoter: it holds no /notes/ link and is not taken for the author.
  expect(p!.el.querySelector(':scope > div a[href="/@bob"]')).not.toBeNull();
});

test('notifications: the item is the notification, the note is its note; follows and achievements are skipped', () => {
  const { doc } = load('notifications.alice');
  const posts = scanMisskeyNotes(doc);
  const shown = new Set(
    [...doc.querySelectorAll('[data-scroll-anchor]')].map((a) => a.getAttribute('data-scroll-anchor')),
  );
  const mentions = [...notifications.values()].filter(
    (n) => (n.type === 'mention' || n.type === 'reply') && shown.has(n.id as string),
  );
  expect(mentions.length).toBeGreaterThan(3);
  for (const n of mentions) {
    const p = posts.find((x) => x.itemId === n.id);
    expect(p, `notification ${String(n.id)}`).toBeDefined();
    expect(p!.id).toBe((n.note as Json).id);
  }
});

test('a wrapper carries the anchor when an ad slot or date separator goes with the note', () => {
  const { doc } = load('local-timeline.admin');
  // The timeline's class-less wrappers (the notifications widget's items have a class of their own).
  const wrappers = [...doc.querySelectorAll('[data-scroll-anchor]')].filter(
    (a) => !a.getAttribute('class') && a.querySelector(':scope > div > article'),
  );
  expect(wrappers.length).toBeGreaterThan(0);
  for (const w of wrappers) {
    const [p] = scanMisskeyNotes(w);
    expect(p!.el.parentElement).toBe(w);
    expect(p!.id).toBe(w.getAttribute('data-scroll-anchor'));
  }
});

test('the deck: notes of every column, the same note in several places found in each', () => {
  const { doc } = load('deck.admin');
  const columns = [...doc.querySelectorAll('section')].filter((s) => s.querySelector('[data-scroll-anchor]'));
  expect(columns.length).toBe(3);
  const perColumn = columns.map((c) => scanMisskeyNotes(c).map((p) => p.id));
  for (const ids of perColumn) expect(ids.length).toBeGreaterThan(5);
  const all = scanMisskeyNotes(doc);
  expect(all.length).toBe(perColumn.reduce((n, ids) => n + ids.length, 0));
  const twice = perColumn[0]!.filter((id) => perColumn[1]!.includes(id));
  expect(twice.length).toBeGreaterThan(0);
  for (const id of twice)
    expect(all.filter((p) => p.id === id).length).toBe(perColumn.flat().filter((x) => x === id).length);
});

test('the captured notes agree with their elements; another author under the same id does not', () => {
  const { doc } = load('home-timeline.alice');
  let n = 0;
  for (const p of scanMisskeyNotes(doc)) {
    const item = notes.get(p.itemId ?? p.id);
    if (!item) continue;
    const post = normalizeMisskeyNote(item, DOMAIN);
    expect(post.id).toBe(p.id);
    expect(misskeyAgrees(post, p, DOMAIN)).toBe(true);
    const forged = { ...post, author: { ...post.author, key: `mallory@${DOMAIN}` } };
    expect(misskeyAgrees(forged, p, DOMAIN)).toBe(false);
    expect(misskeyAgrees({ ...post, id: 'atxl000000000000' }, p, DOMAIN)).toBe(false);
    n++;
  }
  expect(n).toBeGreaterThan(5);
});

test('links: permalinks, user pages (local and remote), and what is neither', () => {
  expect(idFromNoteHref('/notes/atxl2cw82xq1001m')).toBe('atxl2cw82xq1001m');
  expect(idFromNoteHref(`${ORIGIN}/notes/9xyzabcd12`)).toBe('9xyzabcd12');
  expect(idFromNoteHref('/notes/atxl2cw82xq1001m/reactions')).toBe('atxl2cw82xq1001m');
  expect(idFromNoteHref('/notes/')).toBeNull();
  expect(idFromNoteHref('/@alice')).toBeNull();
  expect(acctFromHref('/@alice')).toBe('alice');
  expect(acctFromHref('/@spam@mstdn.example')).toBe('spam@mstdn.example');
  expect(acctFromHref('/@x%C3%A9@h')).toBe('xé@h');
  expect(acctFromHref('/@alice/notes')).toBeNull();
  expect(acctFromHref('/tags/misskey')).toBeNull();
  expect(fullAcct('alice', DOMAIN)).toBe(`alice@${DOMAIN}`);
  expect(fullAcct('Spam@MSTDN.example', DOMAIN)).toBe('spam@mstdn.example');
});

test('the session: logged out, without the meta (the cached copy), and malformed storage', () => {
  const out = load('local-timeline.alice', { login: false });
  expect(readMisskeySession(out.doc)).toMatchObject({ token: null, username: null, domain: DOMAIN });
  const noMeta = load('local-timeline.alice', { meta: false });
  // Without `#misskey_meta` the domain comes from `meta[property=instance_url]`.
  expect(readMisskeySession(noMeta.doc)).toMatchObject({ domain: DOMAIN, version: '' });
  noMeta.win.localStorage.setItem('instance', JSON.stringify({ uri: ORIGIN, version: '2024.2.0' }));
  expect(readMisskeySession(noMeta.doc)!.version).toBe('2024.2.0');
  const bad = load('local-timeline.alice');
  bad.win.localStorage.setItem('account', '{"token": "a b c", "username": 5, "isAdmin": "yes"');
  expect(readMisskeySession(bad.doc)).toMatchObject({ token: null, username: null, moderator: { users: false } });
  bad.win.localStorage.setItem(
    'account',
    JSON.stringify({ id: 'x', username: 'mod', token: '<script>', isModerator: true }),
  );
  expect(readMisskeySession(bad.doc)).toMatchObject({ token: null, accountId: null, moderator: { users: true } });
});

test('actions: users report, block and mute; moderators also suspend, delete notes and resolve reports with their own login', () => {
  const alice = readMisskeySession(load('home-timeline.alice').doc)!;
  const admin = readMisskeySession(load('home-timeline.admin').doc)!;
  expect(misskeyAdapter.actions(alice)).toEqual({
    user: ['report', 'block', 'mute'],
    moderator: [],
    pageLoginModerates: false,
  });
  expect(misskeyAdapter.actions(admin)).toEqual({
    user: ['report', 'block', 'mute'],
    moderator: ['suspend', 'delete_note', 'resolve_report'],
    pageLoginModerates: true,
  });
});

test('theme and view: dark scheme, routes, the deck', () => {
  const { doc, win } = load('home-timeline.alice');
  doc.documentElement.setAttribute('data-color-scheme', 'dark');
  expect(readMisskeyTheme(doc, win as unknown as Window)).toBe('dark');
  const view = (path: string) => readMisskeyView(doc, new URL(`${ORIGIN}${path}`)).kind;
  expect(view('/')).toBe('home');
  expect(view('/timeline')).toBe('home');
  expect(view('/my/notifications')).toBe('notifications');
  expect(view('/notes/atxl2cw82xq1001m')).toBe('thread');
  expect(view('/@spam@mstdn.example')).toBe('profile');
  expect(view('/list/atxl2cw82xq1001m')).toBe('list');
  expect(view('/antennas/atxl2cw82xq1001m')).toBe('list');
  expect(view('/tags/misskey')).toBe('tag');
  expect(view('/settings/profile')).toBe('other');
});

test('the note page: MkNoteDetailed, its id from its permalink, else from the address', () => {
  const { doc } = load('home-timeline.alice');
  const body = doc.body;
  body.innerHTML = `<div class="x1" tabindex="0"><article><header><a href="/@kgjhsvnjga" title="kgjhsvnjga"></a><div><a href="/@kgjhsvnjga">kg</a></div></header><div>text <a class="_link" href="https://free-followers.example/">x</a><div><a href="https://free-followers.example/"><article><header><h1>t</h1></header><footer><p>site</p></footer></article></a></div></div><footer><div><a href="/notes/atxl2na62xq10031"><time>now</time></a></div></footer></article></div>`;
  const posts = scanMisskeyNotes(doc);
  expect(posts).toHaveLength(1);
  expect(posts[0]).toMatchObject({ id: 'atxl2na62xq10031', detailed: true, authorAcct: 'kgjhsvnjga', itemId: null });
  // Without its footer link, the id of the page in the address bar (`/notes/<id>`).
  body.querySelector('footer a')!.remove();
  const onPage = load('home-timeline.alice');
  onPage.win.happyDOM.setURL(`${ORIGIN}/notes/atxl2na62xq10031`);
  onPage.doc.body.innerHTML = body.innerHTML;
  expect(scanMisskeyNotes(onPage.doc)[0]).toMatchObject({ id: 'atxl2na62xq10031', detailed: true });
  // A URL preview card (`article > header > h1`) is never a note, not even on a note page.
  onPage.doc.body.innerHTML = `<div><a href="https://x.example/"><article><header><h1>t</h1></header></article></a></div>`;
  expect(scanMisskeyNotes(onPage.doc)).toEqual([]);
});

test('not Misskey: a Mastodon page and a plain page; forks by their application name', () => {
  const { doc } = load('sample-note.spam.local-timeline');
  for (const name of ['Misskey', 'CherryPick', 'Sharkey']) {
    doc.querySelector('meta[name="application-name"]')!.setAttribute('content', name);
    doc.querySelector('#misskey_meta')?.remove();
    doc.querySelector('#misskey_app')?.removeAttribute('id');
    expect(isMisskeyShell(doc), name).toBe(true);
  }
  doc.querySelector('meta[name="application-name"]')!.setAttribute('content', 'Some blog');
  expect(isMisskeyShell(doc)).toBe(false);
  expect(readMisskeySession(doc)).toBeNull();
});

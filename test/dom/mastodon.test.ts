/**
 * Every Mastodon selector and page reader against the real captures of the 4.6.5 and 4.2.0 web UI
 * (../shared/fixtures/mastodon): timelines rendered and in placeholders, boosts, quotes, threads,
 * notifications, a profile, the multi-column layout.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { normalizeMastodonStatus } from '../../src/platforms/mastodon/normalize';
import { readMastodonSignInCode } from '../../src/platforms/mastodon/adapter';
import { readMastodonSession, readMastodonTheme, readMastodonView } from '../../src/platforms/mastodon/page';
import {
  acctFromHref,
  fullAcct,
  idFromPermalink,
  mastodonAgrees,
  mastodonBadgeSlot,
  mastodonListed,
  mastodonPostAround,
  scanMastodonPosts,
} from '../../src/platforms/mastodon/scan';
import { CAPTURES, VERSIONS, apiAnswers, closeAll, initialState, load, spam, type Version } from './fixtures';

afterAll(closeAll);

const DOMAIN = '127.0.0.1:4080';

/** Every status object in a version's API answers (reblogs and quotes included), by id. */
function statuses(version: Version): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.id === 'string' && 'account' in o && 'content' in o && !out.has(o.id)) out.set(o.id, o);
      Object.values(o).forEach(walk);
    }
  };
  for (const body of apiAnswers(version).values()) walk(body);
  return out;
}

describe.each(VERSIONS)('%s', (version) => {
  test.each(CAPTURES)('%s: every rendered post is found with its id and author; placeholders are listed', (capture) => {
    const { doc, meta } = load(version, capture);
    const posts = scanMastodonPosts(doc);
    const detailed = posts.filter((p) => p.detailed);
    expect(detailed.length).toBe(capture === 'thread' ? 1 : 0);
    // `.status[data-id]` elements (quotes included) plus the thread's focused post.
    expect(posts.length - detailed.length).toBe(meta.statusCount);
    for (const p of posts) {
      expect(p.id).toMatch(/^\d+$/);
      expect(p.authorAcct, `author of ${p.id}`).toMatch(/^[a-z0-9_]+(@[a-z0-9.:-]+)?$/i);
      // 4.3+ puts the account id on the author link (hover cards); 4.2 has none there.
      if (version === '4.6.5') expect(p.authorId).toMatch(/^\d+$/);
      else expect(p.authorId).toBeNull();
      const slot = mastodonBadgeSlot(p);
      expect(slot.parent).toBe(p.el);
      expect(slot.before).toBe(p.el.firstChild);
    }
    // Placeholders: the unrendered articles with a numeric id (group keys and gaps are no posts).
    const numeric = meta.placeholderIds.filter((id) => /^\d+$/.test(id));
    expect(
      mastodonListed(doc)
        .map((x) => x.id)
        .sort(),
    ).toEqual(numeric.sort());
    // Within a column, nothing listed is also rendered (another column may show the same post).
    for (const column of doc.querySelectorAll('.column')) {
      const rendered = new Set(scanMastodonPosts(column).map((p) => p.itemId ?? p.id));
      for (const { id } of mastodonListed(column)) expect(rendered.has(id)).toBe(false);
    }
  });

  test('a boost: the boosted post, its author, and the timeline item (the boost) apart', () => {
    const { doc } = load(version, 'home-boost-quote-tall');
    const boost = scanMastodonPosts(doc).find((p) => p.itemId === '111944348467243493')!;
    expect(boost.id).toBe('111944230502419736');
    expect(boost.authorAcct).toBe('bob@tech.example.social');
    // The booster's link (.status__prepend) is not taken for the author.
    expect(boost.el.closest('article')!.querySelector('.status__prepend a')!.getAttribute('href')).toBe('/@hiro');
  });

  test('the spam of the February 2024 wave is found with the spammers as authors', () => {
    const { doc } = load(version, 'home-tall');
    const { spam_status_ids, spam_accts } = spam(version);
    const found = scanMastodonPosts(doc).filter((p) => spam_status_ids.includes(p.id));
    expect(found.length).toBeGreaterThan(5);
    for (const p of found) expect(spam_accts).toContain(p.authorAcct);
  });

  test('the thread view: the focused post from its permalink, ancestors and replies as posts', () => {
    const { doc } = load(version, 'thread');
    const posts = scanMastodonPosts(doc);
    const focused = posts.find((p) => p.detailed)!;
    expect(focused.id).toBe('111944151859261515');
    expect(focused.authorAcct).toBe('alice@fedi.example.org');
    expect(focused.el.classList.contains('detailed-status')).toBe(true);
    if (version === '4.6.5') expect(focused.authorId).toBe('99787127036227105');
    expect(posts.filter((p) => !p.detailed).every((p) => p.itemId === null)).toBe(true);
  });

  test('notifications: mentions are posts, group items and follows are not', () => {
    const { doc } = load(version, 'notifications');
    const posts = scanMastodonPosts(doc);
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) expect(p.itemId).not.toBe(p.id);
    if (version === '4.6.5') {
      // Items are keyed by group key; embedded previews have no id and are skipped.
      expect(posts.every((p) => /^(ungrouped-|favourite-|reblog-)/.test(p.itemId!))).toBe(true);
      expect(doc.querySelectorAll('.notification-group__embedded-status').length).toBeGreaterThan(0);
    }
  });

  test('the data agrees with the page; data that puts another author under an id does not', () => {
    const byId = statuses(version);
    const { doc } = load(version, 'home-boost-quote-tall');
    let checked = 0;
    for (const p of scanMastodonPosts(doc)) {
      const raw = p.quoted ? byId.get(p.id) : (byId.get(p.itemId ?? p.id) ?? byId.get(p.id));
      if (!raw) continue;
      const post = normalizeMastodonStatus(raw, DOMAIN);
      const shown = post.id === p.id ? post : post.quote;
      if (!shown || shown.id !== p.id) continue;
      expect(mastodonAgrees(shown, p, DOMAIN), p.id).toBe(true);
      const forged = { ...shown, author: { ...shown.author, key: 'someone@else.example', id: '1' } };
      expect(mastodonAgrees(forged, p, DOMAIN)).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  test('postAround: from a button, the focusable wrapper, or inside a quote', () => {
    const { doc } = load(version, 'home-boost-quote-tall');
    const first = scanMastodonPosts(doc).find((p) => !p.quoted)!;
    const button = first.el.querySelector('.status__action-bar button')!;
    expect(mastodonPostAround(button)!.id).toBe(first.id);
    const wrapper = first.el.closest('.status__wrapper')!;
    expect(mastodonPostAround(wrapper)!.id).toBe(first.id);
    if (version === '4.6.5') {
      const quoted = scanMastodonPosts(doc).find((p) => p.quoted)!;
      expect(quoted.id).toBe('111944151859261515');
      expect(quoted.el.closest('.status__quote')).not.toBeNull();
      expect(mastodonPostAround(quoted.el.querySelector('.status__content')!)!.quoted).toBe(true);
    }
  });

  test('layouts: single column and the multi-column deck', () => {
    const single = load(version, 'home');
    expect(readMastodonView(single.doc, new URL(single.meta.url)).layout).toBe('single');
    const multi = load(version, 'advanced');
    const view = readMastodonView(multi.doc, new URL(multi.meta.url));
    expect(view).toEqual({ kind: 'deck', path: '/getting-started', layout: 'multi' });
    // Every column holds the same post DOM.
    const columns = new Set(
      scanMastodonPosts(multi.doc).map((p) => p.el.closest('.column')?.getAttribute('aria-label')),
    );
    expect(columns.size).toBeGreaterThanOrEqual(2);
  });

  test('the session from #initial-state: token, account, role bits, streaming origin', () => {
    const host = new URL(load(version, 'home').meta.url).host;
    const { doc } = load(version, 'home', initialState({ version, streaming: `ws://${host}` }));
    const s = readMastodonSession(doc)!;
    expect(s).toMatchObject({
      token: 'page-token-0123456789abcdef',
      accountId: '109316725286858819',
      username: 'hiro',
      version,
      moderator: { reports: false, users: false },
      streamingOrigins: [],
    });
    expect(readMastodonSession(load(version, 'home').doc)).toBeNull();
  });

  test('the theme', () => {
    const { doc, win } = load(version, 'home');
    // 4.6 states it on <html>; 4.2's default theme is the dark one (`body.theme-default`).
    expect(readMastodonTheme(doc, win as unknown as Window)).toBe(version === '4.6.5' ? 'light' : 'dark');
  });
});

describe('page readers', () => {
  test.each([
    ['65536', { reports: false, users: false }],
    ['66844', { reports: true, users: true }],
    ['16', { reports: true, users: false }],
    ['1024', { reports: false, users: true }],
    ['1', { reports: true, users: true }],
    ['not a number', { reports: false, users: false }],
  ])('role.permissions %s', (permissions, moderator) => {
    const { doc } = load('4.6.5', 'home', initialState({ version: '4.6.5', permissions }));
    expect(readMastodonSession(doc)!.moderator).toEqual(moderator);
  });

  test('signed out: no token, no moderator actions; a token with spaces is not a token', () => {
    const out = load('4.6.5', 'home', initialState({ version: '4.6.5', token: null, permissions: '1' }));
    expect(readMastodonSession(out.doc)).toMatchObject({ token: null, moderator: { reports: false, users: false } });
    const odd = load('4.6.5', 'home', initialState({ version: '4.6.5', token: 'a b c d e f g h' }));
    expect(readMastodonSession(odd.doc)!.token).toBeNull();
  });

  test('a separate streaming server is an allowed WebSocket origin', () => {
    const { doc } = load(
      '4.6.5',
      'home',
      initialState({ version: '4.6.5', streaming: 'wss://streaming.example.social' }),
    );
    expect(readMastodonSession(doc)!.streamingOrigins).toEqual(['wss://streaming.example.social']);
  });

  test.each([
    ['/home', 'home', '/home'],
    ['/', 'home', '/'],
    ['/public/local', 'local', '/public/local'],
    ['/public', 'federated', '/public'],
    ['/public/remote', 'federated', '/public/remote'],
    ['/tags/spam', 'tag', '/tags/spam'],
    ['/lists/12', 'list', '/lists/12'],
    ['/notifications', 'notifications', '/notifications'],
    ['/@alice@fedi.example.org/111944151859261515', 'thread', '/@alice@fedi.example.org/111944151859261515'],
    ['/deck/@jzpwtaxbeq', 'profile', '/@jzpwtaxbeq'],
    ['/deck/home', 'home', '/home'],
    ['/explore', 'other', '/explore'],
  ])('route %s', (path, kind, clean) => {
    const { doc } = load('4.6.5', 'home');
    expect(readMastodonView(doc, new URL(`http://x.example${path}`))).toMatchObject({ kind, path: clean });
  });

  test('links: acct and status id', () => {
    expect(acctFromHref('/@jzpwtaxbeq')).toBe('jzpwtaxbeq');
    expect(acctFromHref('/@bob@tech.example.social')).toBe('bob@tech.example.social');
    expect(acctFromHref('https://x.example/@bob')).toBe('bob');
    expect(acctFromHref('/@bob/123')).toBeNull();
    expect(acctFromHref('/tags/x')).toBeNull();
    expect(idFromPermalink('/@bob@tech.example.social/111944230502419736')).toBe('111944230502419736');
    expect(idFromPermalink('/deck/@bob/42')).toBe('42');
    expect(idFromPermalink('/@bob')).toBeNull();
    expect(fullAcct('Alice', 'Mastodon-A.test')).toBe('alice@mastodon-a.test');
    expect(fullAcct('bob@XN--R8JZ45G.example', 'a.test')).toBe('bob@例え.example');
  });

  test('dark and light: the page says so, or its body class, or the system', () => {
    const { doc, win } = load('4.6.5', 'home');
    doc.documentElement.setAttribute('data-color-scheme', 'dark');
    expect(readMastodonTheme(doc, win as unknown as Window)).toBe('dark');
    doc.documentElement.setAttribute('data-color-scheme', 'auto');
    expect(['light', 'dark']).toContain(readMastodonTheme(doc, win as unknown as Window));
    const old = load('4.2.0', 'home');
    old.doc.body.classList.replace('theme-default', 'theme-mastodon-light');
    expect(readMastodonTheme(old.doc, old.win as unknown as Window)).toBe('light');
  });

  test('the out-of-band code page of the OAuth flow', () => {
    const { doc } = load('4.6.5', 'home');
    doc.body.innerHTML =
      '<div class="form-container"><input class="oauth-code" readonly type="text" value="abcDEF_123-xyz"></div>';
    expect(readMastodonSignInCode(doc, new URL('http://a.test/oauth/authorize/native'))).toBe('abcDEF_123-xyz');
    expect(readMastodonSignInCode(doc, new URL('http://a.test/oauth/authorize/native?code=fromUrl_1234'))).toBe(
      'fromUrl_1234',
    );
    expect(readMastodonSignInCode(doc, new URL('http://a.test/home?code=fromUrl_1234'))).toBeNull();
    doc.body.innerHTML = '<input class="oauth-code" value="<script>x</script>">';
    expect(readMastodonSignInCode(doc, new URL('http://a.test/oauth/authorize/native'))).toBeNull();
  });
});

// @vitest-environment happy-dom
/**
 * The text check of post data against the page (src/content/agree.ts): a forged copy with another
 * text disagrees; every real post of the captured Mastodon (4.6.5, 4.2.0) and Misskey web UIs
 * agrees with its own API data, so the check costs no real post its verdict.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { pageShowsText, wordsOf } from '../../../src/content/agree';
import { mastodonAdapter } from '../../../src/platforms/mastodon/adapter';
import { misskeyAdapter } from '../../../src/platforms/misskey/adapter';
import * as masto from '../../dom/fixtures';
import * as mk from '../../dom/misskey-fixtures';

afterAll(async () => {
  await masto.closeAll();
  await mk.closeAll();
});

function el(html: string): Element {
  const doc = document.implementation.createHTMLDocument('');
  const div = doc.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('pageShowsText', () => {
  test('the same text agrees; another text disagrees', () => {
    const shown = el(
      '<a>Alice</a><div class="status__content"><p>Off to the lake this morning, the fog is lifting</p></div>',
    );
    expect(pageShowsText({ text: 'Off to the lake this morning, the fog is lifting', cw: '' }, shown)).toBe(true);
    expect(pageShowsText({ text: 'FREE GIVEAWAY claim your prize at the link now', cw: '' }, shown)).toBe(false);
  });

  test('links, mentions, line breaks, case and width as the web UI renders them agree', () => {
    const shown = el(
      '<p><span class="h-card"><a>@<span>bob</span></a></span> Ｈｅｌｌｏ there<br>see <a>example.com/a/very/lo…</a> #Tag</p>',
    );
    expect(
      pageShowsText(
        { text: '@bob@other.example hello THERE\nsee https://example.com/a/very/long/path #tag', cw: '' },
        shown,
      ),
    ).toBe(true);
  });

  test('a text hidden behind its content warning agrees when the warning is shown', () => {
    const shown = el(
      '<div class="content-warning"><span>Spoilers for the finale</span><button>Show more</button></div>',
    );
    expect(
      pageShowsText({ text: 'He was the villain all along, who knew', cw: 'Spoilers for the finale' }, shown),
    ).toBe(true);
    expect(
      pageShowsText({ text: 'He was the villain all along, who knew', cw: 'Something else entirely' }, shown),
    ).toBe(false);
  });

  test('nothing to compare (an image, mentions only) agrees; Japanese without spaces is compared', () => {
    const shown = el('<p>日本語の投稿です。よろしく</p>');
    expect(pageShowsText({ text: '', cw: '' }, shown)).toBe(true);
    expect(pageShowsText({ text: '@a@b.example @c', cw: '' }, shown)).toBe(true);
    expect(pageShowsText({ text: '日本語の投稿です。よろしく', cw: '' }, shown)).toBe(true);
    expect(pageShowsText({ text: '荒らし共栄圏の宣伝です。参加しよう', cw: '' }, shown)).toBe(false);
  });

  test('a 100 KB text is compared on its first words, in bounded time', () => {
    const text = 'lorem ipsum dolor '.repeat(6_000);
    expect(wordsOf(text).length).toBe(32);
    const shown = el(`<p>${text}</p>`);
    const t0 = performance.now();
    expect(pageShowsText({ text, cw: '' }, shown)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe('every real post of the captured web UIs agrees with its API data', () => {
  test.each(masto.VERSIONS)('Mastodon %s', (version) => {
    const statuses = new Map<string, unknown>();
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (typeof o.id === 'string' && typeof o.content === 'string' && o.account) statuses.set(o.id, o);
      Object.values(o).forEach(walk);
    };
    for (const body of masto.apiAnswers(version).values()) walk(body);
    let checked = 0;
    let placeholders = 0;
    for (const capture of masto.CAPTURES) {
      const { doc } = masto.load(version, capture);
      for (const pe of mastodonAdapter.scanPosts(doc.body)) {
        const raw = statuses.get(pe.id);
        if (!raw) continue;
        const post = mastodonAdapter.normalize(raw, '127.0.0.1:4080');
        if (!post) continue;
        expect(pageShowsText(post, pe.el), `${capture} ${pe.id}`).toBe(true);
        checked++;
      }
      // Placeholders (articles scrolled away) hold the text too.
      for (const { id: itemId, el } of mastodonAdapter.listed(doc.body)) {
        const raw = statuses.get(itemId);
        if (!raw) continue;
        const post = mastodonAdapter.normalize(raw, '127.0.0.1:4080');
        // A boost's placeholder shows the booster's empty text: the runtime checks it once rendered.
        if (!post || post.id !== itemId) continue;
        expect(pageShowsText(post, el), `${capture} placeholder ${itemId}`).toBe(true);
        placeholders++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(placeholders).toBeGreaterThan(5);
  });

  test('Misskey 2025.7.0', () => {
    const { notes } = mk.apiItems();
    let checked = 0;
    for (const name of mk.PAGE_NAMES) {
      const { doc } = mk.load(name);
      for (const pe of misskeyAdapter.scanPosts(doc.body)) {
        const raw = notes.get(pe.id);
        if (!raw) continue;
        const post = misskeyAdapter.normalize(raw, mk.DOMAIN);
        if (!post) continue;
        expect(pageShowsText(post, pe.el), `${name} ${pe.id}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

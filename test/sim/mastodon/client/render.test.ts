// @vitest-environment happy-dom
/**
 * The client renderer fed with the fixture's own API JSON must rebuild the fixture's DOM: same
 * elements, classes and selector-relevant attributes, article by article (emoji images, SVG paths
 * and relative times aside). This is what makes selectors proven on the captures work on the sim.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { FIXTURES_DIR, fixtureStatuses, haveFixtures } from '../../fixture-keys';

import { detailedStatusHtml, setTimeZone, statusHiddenHtml, statusHtml } from './render';

setTimeZone('Asia/Tokyo'); // the captures were made in JST
type Status = Parameters<typeof statusHtml>[0];
type Account = Status['account'];

const ATTRS = [
  'class',
  'data-id',
  'data-hover-card-account',
  'data-menu-hashtag',
  'href',
  'title',
  'lang',
  'rel',
  'target',
  'role',
  'tabindex',
  'aria-label',
  'data-nosnippet',
];

/** Elements as `tag.classes[attr=value…]`, in document order; SVG innards, emoji images and times' text skipped. */
function skeleton(root: Element): string[] {
  const out: string[] = [];
  const walk = (el: Element, depth: number) => {
    if (el.tagName.toLowerCase() === 'img' && el.classList.contains('emojione')) return;
    const attrs = ATTRS.filter((a) => el.hasAttribute(a))
      .map((a) => {
        let v = el.getAttribute(a) ?? '';
        if (a === 'title' && el.tagName.toLowerCase() === 'time') v = '*';
        if (a === 'aria-label') v = v.replace(/\s+/g, ' ');
        return `[${a}=${v}]`;
      })
      .join('');
    out.push(`${'  '.repeat(depth)}${el.tagName.toLowerCase()}${attrs}`);
    if (el.tagName.toLowerCase() === 'svg') return;
    for (const c of Array.from(el.children)) walk(c, depth + 1);
  };
  walk(root, 0);
  return out;
}

function fixtureDoc(version: string, file: string): Document {
  const doc = document.implementation.createHTMLDocument('f');
  const html = readFileSync(join(FIXTURES_DIR, 'mastodon', version, 'dom', file), 'utf8');
  // Only the body: the head's stylesheet links would make the DOM library try to fetch them.
  doc.body.innerHTML = html.slice(html.indexOf('<body'));
  return doc;
}

function render(html: string): Element {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div.firstElementChild!;
}

/** The fixture's aria-labels read emoji images as nothing (4.2) or as their alt (4.6); ours keep the text. */
const stripEmoji = (lines: string[]) =>
  lines.map((l) => l.replace(/\p{Extended_Pictographic}\uFE0F?/gu, '').replace(/:verified:/g, ''));

describe.runIf(haveFixtures()).each([
  ['4.6.5', ['home-tall.html', 'home-boost-quote-tall.html']],
  ['4.2.0', ['home-tall.html', 'home-boost-quote-tall.html']],
] as const)('%s timeline articles', (version, files) => {
  const statuses = new Map(fixtureStatuses(version).map((s) => [String(s.id), s as unknown as Status]));
  const accounts = new Map<string, Account>();
  for (const s of statuses.values()) accounts.set(s.account.id, s.account);
  const cases: [string, Element][] = [];
  for (const f of files) {
    const doc = fixtureDoc(version, f);
    for (const art of Array.from(doc.querySelectorAll('article[data-id]'))) {
      const id = art.getAttribute('data-id')!;
      if (!cases.some(([x]) => x === id) && art.querySelector('.status') && statuses.has(id)) cases.push([id, art]);
    }
  }

  test('there are rendered articles to compare', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  test.each(cases.map(([id, art]) => [id, art] as const))('article %s', (id, art) => {
    const s = statuses.get(id)!;
    const fixtureWrapper = art.querySelector(':scope > div > .status__wrapper')!;
    const ours = render(statusHtml(s, { old: version === '4.2.0', accounts }));
    expect(stripEmoji(skeleton(ours))).toEqual(stripEmoji(skeleton(fixtureWrapper)));
  });
});

describe.runIf(haveFixtures()).each(['4.6.5', '4.2.0'])('%s placeholders and thread', (version) => {
  test('a placeholder is the bare wrapper of spans the fixture shows', () => {
    const doc = fixtureDoc(version, 'home.html');
    const statuses = new Map(fixtureStatuses(version).map((s) => [String(s.id), s as unknown as Status]));
    let n = 0;
    for (const art of Array.from(doc.querySelectorAll('article[style*="opacity: 0"]'))) {
      const s = statuses.get(art.getAttribute('data-id')!);
      if (!s) continue;
      const fx = art.querySelector(':scope > div')!.innerHTML;
      const ours = document.createElement('div');
      ours.innerHTML = statusHiddenHtml(s);
      const theirs = document.createElement('div');
      theirs.innerHTML = fx;
      expect(ours.innerHTML).toBe(theirs.innerHTML);
      n++;
    }
    expect(n).toBeGreaterThan(5);
  });

  test('the detailed status has the fixture structure (no data-id)', () => {
    const doc = fixtureDoc(version, 'thread.html');
    const fx = doc.querySelector('.detailed-status__wrapper')!;
    const s = JSON.parse(
      readFileSync(
        join(FIXTURES_DIR, 'mastodon', version, 'api', 'GET_api_v1_statuses_111944151859261515.json'),
        'utf8',
      ),
    ) as Status;
    const ours = render(detailedStatusHtml(s, { old: version === '4.2.0', accounts: new Map() })).querySelector(
      '.detailed-status__wrapper',
    )!;
    const keep = (l: string[]) =>
      l
        .filter((x) => /detailed-status|status__content|display-name/.test(x))
        .map((x) => x.replace(/\[aria-label=[^\]]*\]/, ''));
    expect(keep(stripEmoji(skeleton(ours)))).toEqual(keep(stripEmoji(skeleton(fx))));
  });
});

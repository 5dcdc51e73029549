/**
 * The simulated Mastodon web UI in plain Chromium: the selectors proven on the real captures
 * (../shared/fixtures/mastodon/README.md, "DOM hooks observed") find the posts, placeholders come and
 * go as in the real frontend, and streamed posts land on top.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSim, DEFAULT_ROSTER } from '../sim';
import { simRequest } from '../sim/client';
import { statusIdFor } from '../sim/mastodon/render';
import { webTokenFor } from '../sim/mastodon/users';
import type { Sim } from '../sim/types';
import { CHROMIUM } from './browser';

let sim: Sim;
let browser: Browser;
const A = 'mastodon-a.test';
const B = 'mastodon-b.test';

beforeAll(async () => {
  sim = await startSim({ roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'), stopAfterMs: 5 * 60_000 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate,MediaRouter',
      `--host-resolver-rules=MAP *.test 127.0.0.1:${sim.port}`,
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

async function open(domain: string, user: string, next: string, extra = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(`http://${domain}/__sim/login?user=${user}&next=${encodeURIComponent(next)}${extra}`);
  await page.waitForSelector('html[data-sim-ready]', { timeout: 20_000 });
  return page;
}

/** What the fixture-documented selectors read from each rendered article. */
const readArticles = (page: Page) =>
  page.$$eval('article[data-id]', (arts) =>
    arts.map((a) => {
      const st = a.querySelector(':scope > div > .status__wrapper > .status[data-id]');
      const author = st?.querySelector(':scope > .status__info a.status__display-name');
      return {
        articleId: a.getAttribute('data-id'),
        statusId: st?.getAttribute('data-id') ?? null,
        placeholder: !a.querySelector('.status'),
        style: a.getAttribute('style'),
        aria: a.querySelector('.status__wrapper')?.getAttribute('aria-label') ?? null,
        authorHref: author?.getAttribute('href') ?? null,
        authorTitle: author?.getAttribute('title') ?? null,
        authorId: author?.getAttribute('data-id') ?? null,
        hoverId: author?.getAttribute('data-hover-card-account') ?? null,
        permalink: st?.querySelector('a.status__relative-time')?.getAttribute('href') ?? null,
        boostedBy: a.querySelector('.status__prepend a[data-id]')?.getAttribute('href') ?? null,
        infoOrder: st ? [...st.querySelector('.status__info')!.children].map((c) => c.className) : [],
      };
    }),
  );

describe('4.6.5 single column', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open(A, 'alice', '/home');
  });

  test('the shell carries the session token, and the fixture selectors find the posts the API returned', async () => {
    expect(await page.evaluate(() => document.body.className)).toBe('app-body layout-single-column');
    const init = await page.evaluate(
      () =>
        JSON.parse(document.getElementById('initial-state')!.textContent!) as {
          meta: { access_token: string; me: string };
          role: { permissions: string };
        },
    );
    expect(init.meta.access_token).toBe(webTokenFor(A, 'alice'));
    expect(init.role.permissions).toBe('65536');
    const api = (
      await simRequest(sim.port, A, 'GET', '/api/v1/timelines/home', { token: init.meta.access_token })
    ).json<
      {
        id: string;
        account: { id: string; acct: string };
        reblog: { id: string; account: { id: string; acct: string } } | null;
      }[]
    >();
    const arts = await readArticles(page);
    expect(arts.map((a) => a.articleId)).toEqual(api.map((s) => s.id));
    const rendered = arts.filter((a) => !a.placeholder);
    expect(rendered.length).toBeGreaterThan(1);
    for (const a of rendered) {
      const s = api.find((x) => x.id === a.articleId)!;
      const shown = s.reblog ?? s;
      expect(a.statusId).toBe(shown.id);
      expect(a.authorHref).toBe(`/@${shown.account.acct}`);
      expect(a.authorTitle).toBe(`@${shown.account.acct}`);
      expect(a.authorId).toBe(shown.account.id);
      expect(a.hoverId).toBe(shown.account.id);
      expect(a.permalink).toBe(`/@${shown.account.acct}/${shown.id}`);
      expect(a.aria).toContain(shown.account.acct);
      expect(a.infoOrder).toEqual(['status__display-name', 'status__relative-time']);
      if (s.reblog) expect(a.boostedBy).toBe(`/@${s.account.acct}`);
    }
    // Below the fold, already placeholders: same article, no .status, inline height/opacity, bare spans.
    const ph = arts.filter((a) => a.placeholder);
    expect(ph.length).toBeGreaterThan(5);
    for (const a of ph) expect(a.style).toMatch(/^height: [\d.]+px; opacity: 0; overflow: hidden;$/);
    const inner = await page.$eval('article[style*="opacity: 0"]', (a) => a.innerHTML);
    expect(inner).toMatch(
      /^<div tabindex="-1"><div class="status__wrapper focusable" tabindex="0"><span>[^<]*<\/span>(<span>[^<]*<\/span>)+<\/div><\/div>$/,
    );
  });

  test('scrolling unrenders what left the viewport, pages with max_id, and scrolling back rebuilds from scratch', async () => {
    const firstId = (await readArticles(page))[0]!.articleId!;
    await page.evaluate((id) => {
      const marker = document.createElement('span');
      marker.id = 'injected-by-test';
      document.querySelector(`article[data-id="${id}"] .status`)!.append(marker);
    }, firstId);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(150);
    }
    await expect
      .poll(async () => (await readArticles(page)).find((a) => a.articleId === firstId)?.placeholder, {
        timeout: 10_000,
      })
      .toBe(true);
    expect(await page.$('#injected-by-test')).toBeNull();
    await expect.poll(async () => (await readArticles(page)).length, { timeout: 10_000 }).toBeGreaterThan(20);
    expect(requests.some((u) => u.includes('/api/v1/timelines/home') && u.includes('max_id='))).toBe(true);
    const setsize = await page.$eval('article[data-id]', (a) => a.getAttribute('aria-setsize'));
    expect(Number(setsize)).toBe((await readArticles(page)).length);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect
      .poll(async () => (await readArticles(page)).find((a) => a.articleId === firstId)?.placeholder, {
        timeout: 10_000,
      })
      .toBe(false);
    const back = (await readArticles(page)).find((a) => a.articleId === firstId)!;
    expect(back.style).toBe('');
    expect(await page.$('#injected-by-test')).toBeNull();
  });

  test('a delivered post is streamed over the WebSocket and appears at the top', async () => {
    const pending = sim.scenario.posts.find(
      (p) => p.createdAt > Date.now() && p.deliveredTo.includes(A) && !p.boostOf,
    )!;
    await simRequest(sim.port, A, 'POST', '/__sim/deliver', { json: { instance: A, postIds: [pending.id] } });
    const expected = statusIdFor(pending, sim.scenario, A);
    await expect.poll(async () => (await readArticles(page))[0]?.articleId, { timeout: 10_000 }).toBe(expected);
    const top = (await readArticles(page))[0]!;
    expect(top.statusId).toBe(expected);
    expect(top.placeholder).toBe(false);
  });

  test('a permalink click pushes /@acct/:id: the detailed status has no data-id, its id is in the datetime link', async () => {
    const link = await page.$eval('article .status__relative-time', (a) => a.getAttribute('href')!);
    await page.click(`article a.status__relative-time[href="${link}"]`);
    await page.waitForSelector('.detailed-status');
    expect(new URL(page.url()).pathname).toBe(link);
    expect(await page.$eval('.detailed-status__wrapper', (w) => w.closest('[data-id]'))).toBeNull();
    expect(await page.$eval('a.detailed-status__datetime', (a) => a.getAttribute('href'))).toBe(link);
    expect(await page.$$('article')).toHaveLength(0);
    await page.goBack();
    await page.waitForSelector('article .status[data-id]');
  });

  test('notifications are grouped as in the fixture (ungrouped mentions carry a full .status)', async () => {
    await page.click('.navigation-panel a[href="/notifications"]');
    await page.waitForSelector(
      'article[data-id^="ungrouped-"], article[data-id^="favourite-"], article[data-id^="follow-"]',
    );
    expect(new URL(page.url()).pathname).toBe('/notifications');
    const ids = await page.$$eval('article[data-id]', (as) => as.map((a) => a.getAttribute('data-id')!));
    expect(ids.every((id) => /^(ungrouped-\d+|favourite-\d+-\d+|reblog-\d+-\d+|follow-\d+)$/.test(id))).toBe(true);
    const firstMention = ids.find((id) => id.startsWith('ungrouped-'));
    expect(firstMention).toBeDefined();
    const art = page.locator(`article[data-id="${firstMention}"]`);
    await art.scrollIntoViewIfNeeded();
    await art.locator('.notification-ungrouped--mention .status[data-id]').waitFor({ timeout: 10_000 });
  });
});

test('4.2.0: no account id on the author link, title without @, permalink first', async () => {
  const page = await open(B, 'bob', '/home');
  const arts = (await readArticles(page)).filter((a) => !a.placeholder);
  expect(arts.length).toBeGreaterThan(1);
  for (const a of arts) {
    expect(a.authorId).toBeNull();
    expect(a.hoverId).toBeNull();
    expect(a.authorTitle).toBe(a.authorHref!.slice(2));
    expect(a.infoOrder).toEqual(['status__relative-time', 'status__display-name']);
  }
  expect(await page.$eval('article', (a) => a.getAttributeNames().join(','))).toBe(
    'aria-posinset,aria-setsize,data-id,tabindex',
  );
  await page.close();
});

test('advanced layout: /deck paths, several columns, each column scrolls and unrenders on its own', async () => {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.goto(`http://${A}/__sim/login?user=carol&next=/home&layout=advanced`);
  await page.waitForSelector('html[data-sim-ready]');
  expect(new URL(page.url()).pathname).toBe('/deck/getting-started');
  expect(await page.evaluate(() => document.body.className)).toBe('app-body layout-multiple-columns');
  expect(
    await page.$$eval('main.columns-area > div.column', (c) => c.map((x) => x.getAttribute('aria-label'))),
  ).toEqual(['Home', 'Notifications', 'Getting started']);
  const home = page.locator('div.column[aria-label="Home"] .scrollable');
  // With rootMargin 300% of the column, the first page is rendered in full at first.
  const first = await page.$$eval('div.column[aria-label="Home"] article', (as) =>
    as.map((a) => !!a.querySelector('.status')),
  );
  expect(first.filter(Boolean).length).toBeGreaterThan(10);
  for (let i = 0; i < 15; i++) {
    await home.evaluate((el) => el.scrollBy(0, 1500));
    await page.waitForTimeout(120);
  }
  await expect
    .poll(() => page.$$eval('div.column[aria-label="Home"] article[style*="opacity: 0"]', (as) => as.length), {
      timeout: 10_000,
    })
    .toBeGreaterThan(0);
  await page.click('div.column[aria-label="Getting started"] a[href="/public/local"]');
  await expect.poll(() => new URL(page.url()).pathname).toBe('/deck/public/local');
  await page.close();
});

/**
 * Hostile posts and token reading (issue 10), in real Chromium against the simulated Mastodon:
 *
 * - Posts whose text, display names and usernames carry markup, script, `javascript:` links,
 *   bidi overrides, zero-width characters, 100 KB of text and 5,000 mentions are delivered and
 *   rendered by the web UI; the overlay (badge, reasons, bar, report preview) shows them as text.
 * - After a moderator signs in through Breakwater's OAuth flow and Breakwater acts with that token,
 *   the page's scripts search everything they can reach for the token: it is nowhere.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_ROSTER } from '../sim';
import type { GenPost } from '../sim/generator/types';
import type { MastodonInstance } from '../sim/mastodon';
import { webTokenFor } from '../sim/mastodon/users';
import type { SimOptions } from '../sim/types';
import { addInstance, startBench, type Bench } from './setup';
import { A, bar, localId, openInstance, pending, post, stream, verdictOf } from './mastodon-helpers';
import { listenToEverything, roundTripMs, searchPageFor, serverActions, storeRows } from './hostile-helpers';

let bench: Bench;

beforeAll(async () => {
  bench = await startBench({
    roster: DEFAULT_ROSTER.filter((r) => r.domain === A),
    scale: 0.01,
  } as SimOptions);
  await addInstance(bench.browser, A);
});
afterAll(async () => {
  await bench?.close();
});

const id = (p: GenPost) => localId(bench.sim, A, p);
const settled = /ok|suspicious|spam/;

/** Markup and tricks a spammer writes into a post; each script sets `window.__bwXss` if it ever runs. */
const XSS = [
  '<img src=x onerror="window.__bwXss=1">',
  '<script>window.__bwXss=2</script>',
  '<a href="javascript:window.__bwXss=3">claim</a>',
  'javascript:window.__bwXss=4',
  '<svg onload="window.__bwXss=5"></svg>',
  '<iframe srcdoc="<script>parent.__bwXss=6</script>"></iframe>',
].join(' ');
const BIDI = '\u202Egnp.exe\u202C';
const ZW = 'gi\u200Bve\u200Daway\uFEFF';
const HOSTILE_TEXT = `Win a prize ${XSS} ${BIDI} ${ZW} today only`;

/** Every element and the text inside Breakwater's shadow roots. */
function overlayDom(page: Page) {
  return page.evaluate(() => {
    const roots = [...document.querySelectorAll('breakwater-post, breakwater-bar')]
      .map((h) => h.shadowRoot)
      .filter((r) => r !== null);
    const tags = new Set<string>();
    let text = '';
    const attrs: string[] = [];
    for (const r of roots) {
      for (const el of r.querySelectorAll('*')) {
        tags.add(el.tagName.toLowerCase());
        for (const a of el.attributes) attrs.push(`${a.name}=${a.value}`);
      }
      text += `${r.textContent ?? ''}\n`;
      for (const t of r.querySelectorAll('textarea')) text += `${t.value}\n`;
    }
    return { roots: roots.length, tags: [...tags], text, attrs };
  });
}

describe('hostile posts rendered in the real page', () => {
  let page: Page;
  let hostile: GenPost[];

  test('markup, script, javascript: links, bidi overrides, zero-width characters, 100 KB of text and 5,000 mentions: no script runs, the overlay shows text only, the page stays responsive', async () => {
    const sc = bench.sim.scenario;
    const wave = pending(bench.sim, A, (p) => p.wave === 'w-oct2024');
    // Five wave posts say the same hostile text, from accounts with hostile names.
    hostile = wave.slice(0, 5);
    for (const [i, p] of hostile.entries()) {
      p.text = HOSTILE_TEXT;
      const a = sc.accounts[p.author]!;
      a.displayName = `<img src=x onerror="window.__bwXss=7">${BIDI}${i}`;
      a.username = `${a.username.slice(0, 6)}${i % 2 ? BIDI : '\u200B'}x`;
    }
    // A post of 100 KB, and one with 5,000 mentions.
    const big = wave[5]!;
    big.text = `${HOSTILE_TEXT} ${'lorem ipsum dolor sit amet '.repeat(4_000)}`;
    const many = wave[6]!;
    const targets = [...new Set(wave.flatMap((p) => p.mentions))];
    many.mentions = Array.from({ length: 5_000 }, (_, i) => targets[i % targets.length]!);
    many.text = `${many.mentions.map((m) => `@${m}`).join(' ')} ${HOSTILE_TEXT}`;

    page = await openInstance(bench, A, 'alice', '/home');
    // The big ones first: each post lands on top, the ones below turn into placeholders.
    const ext = await bench.browser.openExtensionPage('options.html');
    await stream(bench.sim, A, [big, many], 300);
    const judged = async (p: GenPost) =>
      (await storeRows(ext, 'posts')).some((r) => (r as { key: string }).key === `${A}/${id(p)}`);
    await expect.poll(() => judged(big), { timeout: 15_000 }).toBe(true);
    // (The 5,000-mention post is not judged at all: the Mastodon schema refuses a status with more
    // than 1,000 mentions, src/platforms/mastodon/schema.ts. A known limit, see docs/content.md.)
    await expect.poll(() => page.locator(`article[data-id="${id(many)}"]`).count()).toBe(1);
    await ext.close();
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    const verdicts: string[] = [];
    for (const p of hostile) {
      await stream(bench.sim, A, [p], 0);
      await expect.poll(() => verdictOf(page, id(p)), { timeout: 15_000 }).toMatch(settled);
      verdicts.push((await verdictOf(page, id(p)))!);
    }
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    // The web UI itself escaped them too (no script ran at all).
    expect(await page.evaluate(() => (window as unknown as { __bwXss?: number }).__bwXss)).toBeUndefined();
    expect(verdicts.at(-1)).toBe('spam');

    // The reasons of a flagged hostile post: readable, plain text.
    const el = post(page, id(hostile.at(-1)!));
    const badge = el.getByRole('button', { name: 'Spam wave' });
    await badge.focus();
    const tip = el.getByRole('tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/near-identical posts/);

    // The report preview of the hostile wave: the accounts listed as text.
    const b = bar(page);
    await b.getByRole('button', { name: 'Select wave' }).click();
    await b.getByText(/Selected: \d+ posts from \d+ accounts/).waitFor();
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = b.getByRole('dialog');
    await dialog.getByRole('table').waitFor();
    await expect.poll(() => dialog.getByRole('button', { name: /^Report \d+ accounts$/ }).isEnabled()).toBe(true);

    const dom = await overlayDom(page);
    expect(dom.roots).toBeGreaterThanOrEqual(3);
    // Only the overlay's own elements: nothing made from a post's text.
    for (const tag of ['img', 'script', 'a', 'svg', 'iframe', 'b', 'object', 'embed'])
      expect(dom.tags, tag).not.toContain(tag);
    for (const a of dom.attrs) expect(a).not.toMatch(/^on|javascript:/i);
    // Bidi overrides and invisible characters from names cannot reorder or hide the overlay's words.
    expect(dom.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/);
    // They are shown, as marks: the accounts read as what they are.
    expect(dom.text).toContain('<U+202E>gnp.exe<U+202C>');
    expect(dom.text).toContain('<U+200B>x@');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.evaluate(() => (window as unknown as { __bwXss?: number }).__bwXss)).toBeUndefined();
    expect(await roundTripMs(page)).toBeLessThan(1_000);
  });
});

describe('token reading', () => {
  test('after a moderator signs in through Breakwater and it acts with the token, the page finds the token nowhere it can reach', async () => {
    const page = await bench.browser.context.newPage();
    // The page's own script, from the first moment: it keeps every message and event it can hear.
    await page.addInitScript(listenToEverything);
    await page.goto(`http://${A}/__sim/login?user=mod&next=/home`);
    await page.waitForSelector('html[data-breakwater-ready]');
    const wave = pending(bench.sim, A, (p) => p.wave === 'w-nov2024').slice(0, 6);
    for (const p of wave) {
      await stream(bench.sim, A, [p], 0);
      await expect.poll(() => verdictOf(page, id(p)), { timeout: 15_000 }).toMatch(settled);
    }

    // Sign in as moderator through Breakwater (OAuth in a tab of its own).
    const b = bar(page);
    const [auth] = await Promise.all([
      bench.browser.context.waitForEvent('page'),
      b.getByRole('button', { name: 'Sign in as moderator' }).click(),
    ]);
    await auth.waitForLoadState();
    await auth.getByRole('button', { name: 'Authorize' }).click();
    await expect.poll(() => auth.isClosed(), { timeout: 15_000 }).toBe(true);
    await b.getByText(/Moderator actions · Moderator: @mod/).waitFor({ timeout: 10_000 });
    const store = (bench.sim.instances.get(A) as MastodonInstance).store;
    const token = [...store.tokens.values()].filter((t) => t.username === 'mod' && t.kind === 'oauth').at(-1)?.token;
    expect(token, 'the token Breakwater was issued').toBeTruthy();

    // Breakwater acts with it: a moderator's Limit on the wave (open reports are asked for too).
    await b.getByRole('button', { name: 'Select wave' }).click();
    const summary = b.getByText(/Selected: \d+ posts from \d+ accounts/);
    await summary.waitFor();
    const n = Number(/from (\d+) accounts/.exec((await summary.textContent()) ?? '')![1]);
    await b.getByRole('button', { name: 'Limit', exact: true }).click();
    const dialog = b.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: `Limit ${n} accounts` });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    await confirm.click();
    await expect
      .poll(() => serverActions(bench, A).filter((a) => a.kind === 'silence').length, { timeout: 30_000 })
      .toBe(n);

    // The page searches everything it can reach.
    const found = await searchPageFor(page, token!);
    expect(found).toEqual([]);
    // (The search works: the web UI's own token is where the web UI keeps it.)
    expect(await searchPageFor(page, webTokenFor(A, 'mod'))).toContain('dom');
    // (It was really looking: what it heard includes the observer's copies of the page's own traffic.)
    expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard.length)).toBeGreaterThan(10);
  });
});

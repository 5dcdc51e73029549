/**
 * The Mastodon overlay end to end, 4.6.5 DOM (mastodon-a.test), single-column layout: the built
 * extension in Chromium, the simulated instance's web UI streaming posts, the action queue filing
 * reports and blocks, the simulated server's own record as the proof.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_ROSTER } from '../sim';
import type { GenPost } from '../sim/generator/types';
import type { SimOptions } from '../sim/types';
import { addInstance, startBench, type Bench } from './setup';
import {
  A,
  ARTIFACTS,
  B,
  bar,
  localId,
  openInstance,
  pending,
  post,
  runtimeStats,
  screenshot,
  stream,
  verdictOf,
} from './mastodon-helpers';

let bench: Bench;
let page: Page;
let wave: GenPost[];
let legit: GenPost[];
/** Wave posts the first test saw flagged as spam. */
let spamIds: string[] = [];

beforeAll(async () => {
  bench = await startBench({
    roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'),
    // Rate-limit windows 100 times shorter: the queue's pacing stays real, the tests stay short.
    scale: 0.01,
  } as SimOptions);
  await addInstance(bench.browser, A);
  wave = pending(bench.sim, A, (p) => p.wave === 'w-oct2024');
  legit = pending(bench.sim, A, (p) => p.label === 'legit' && !p.hardCase && !p.quoteOf);
});
afterAll(async () => {
  await bench?.close();
});

const id = (p: GenPost) => localId(bench.sim, A, p);
const acctOf = (p: GenPost) => p.author;

describe('4.6.5, single column', () => {
  test('a wave streamed in is flagged within a few posts, and legitimate posts are not', async () => {
    page = await openInstance(bench, A, 'alice', '/home');
    const firstFlagged: number[] = [];
    const shown = wave.slice(0, 8);
    const settled = /ok|suspicious|spam/;
    for (let i = 0; i < shown.length; i++) {
      // Each pair lands at the top (the legitimate post above); older ones turn into placeholders.
      await stream(bench.sim, A, [shown[i]!, legit[i]!], 100);
      await expect.poll(() => verdictOf(page, id(legit[i]!)), { timeout: 10_000 }).toMatch(settled);
      await expect.poll(() => verdictOf(page, id(shown[i]!)), { timeout: 10_000 }).toMatch(settled);
      expect(await verdictOf(page, id(legit[i]!))).not.toBe('spam');
      if (i > 0 && (await verdictOf(page, id(shown[i - 1]!))) === 'spam' && !firstFlagged.includes(i - 1))
        firstFlagged.push(i - 1);
      if ((await verdictOf(page, id(shown[i]!))) === 'spam') firstFlagged.push(i);
    }
    spamIds = firstFlagged.map((i) => id(shown[i]!));
    // Flagged from the second or third post of the wave on, and every later one.
    expect(firstFlagged[0]).toBeLessThanOrEqual(2);
    expect(firstFlagged.length).toBeGreaterThanOrEqual(shown.length - 2);
    // The badge and checkbox are there, by role and name.
    const top = post(page, id(shown.at(-1)!));
    await expect.poll(() => top.getByRole('button', { name: 'Spam wave' }).count()).toBe(1);
    await expect.poll(() => top.getByRole('checkbox', { name: 'Select post' }).count()).toBe(1);
    // Unflagged posts stay untouched: no badge inside them.
    const calm = post(page, id(legit[shown.length - 1]!));
    expect(await calm.locator('breakwater-post').count()).toBe(0);
    await bar(page)
      .getByText(/posts from \d+ accounts in this wave/)
      .waitFor();
    await top.getByRole('button', { name: 'Spam wave' }).focus();
    await screenshot(page, '46-wave-flagged');
  });

  test('the reasons show on keyboard focus, and Not spam teaches the engine', async () => {
    const target = post(page, id(wave[7]!));
    const badge = target.getByRole('button', { name: 'Spam wave' });
    await badge.focus();
    const tip = target.getByRole('tooltip');
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toMatch(/near-identical posts/);
    await page.keyboard.press('Tab');
    await tip.waitFor({ state: 'hidden' });
  });

  test('selecting the wave and pressing Report files one report per account with its posts, as spam, forwarded', async () => {
    const b = bar(page);
    await b.getByRole('button', { name: 'Select wave' }).click();
    // Posts scrolled into placeholders count too: the bar says how many.
    const summary = await b.getByText(/Selected: \d+ posts from \d+ accounts/).textContent();
    const [, nPosts, nAccounts] = /Selected: (\d+) posts from (\d+) accounts/.exec(summary ?? '')!.map(Number) as [
      number,
      number,
      number,
    ];
    expect(nPosts).toBeGreaterThanOrEqual(5);
    const waveIds = new Map(wave.map((p) => [id(p), p]));
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = b.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe(`Report ${nAccounts} accounts on ${A}`);
    const comment = dialog.getByLabel('Comment');
    expect(await comment.inputValue()).toMatch(/Spam wave: \d+ near-identical posts/);
    // The posts' links (their canonical URLs) follow the first line.
    expect((await comment.inputValue()).split('\n').length).toBeGreaterThan(nPosts / 2);
    const forward = dialog.getByRole('checkbox', { name: /Forward a copy/ });
    expect(await forward.isChecked()).toBe(true);
    const confirm = dialog.getByRole('button', { name: `Report ${nAccounts} accounts` });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '46-report-preview');
    const before = bench.sim.state(A).actions.length;
    await confirm.click();

    await expect
      .poll(() => bench.sim.state(A).actions.filter((a) => a.kind === 'report').length, { timeout: 30_000 })
      .toBe(nAccounts);
    const reports = bench.sim
      .state(A)
      .actions.slice(before)
      .filter((a) => a.kind === 'report');
    const reported: string[] = [];
    const targets = new Set<string>();
    for (const r of reports) {
      expect(r.by).toBe('alice');
      targets.add(r.target);
      const ids = r.details.statusIds as string[];
      reported.push(...ids);
      for (const sid of ids) {
        // The right posts: wave posts, all by the reported account (one report per account).
        const p = waveIds.get(sid);
        expect(p, `status ${sid} is a post of the wave`).toBeDefined();
        expect(p!.author.startsWith(`${r.targetAcct}`)).toBe(true);
      }
      expect(r.details.category).toBe('spam');
      // The wave's accounts are remote (Misskey-hosted): forwarded to their servers.
      expect(r.details.forward).toBe(true);
      expect(String(r.details.comment)).toMatch(/Spam wave/);
    }
    expect(targets.size).toBe(nAccounts);
    expect(reported.length).toBe(nPosts);
    for (const sid of spamIds) expect(reported).toContain(sid);
    await b
      .getByText(/Report: Done/)
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, '46-report-done');
  });

  test('acting as spam teaches the engine: the next near-duplicate is flagged at once', async () => {
    const next = wave[8]!;
    await stream(bench.sim, A, [next], 0);
    await expect.poll(() => verdictOf(page, id(next)), { timeout: 10_000 }).toBe('spam');
    const reasons = await post(page, id(next)).getByRole('tooltip', { includeHidden: true }).textContent();
    expect(reasons).toMatch(/marked as spam|near-identical/);
  });

  test('Block, then Undo, as the server records them', async () => {
    const b = bar(page);
    const target = wave[8]!;
    await post(page, id(target)).getByRole('checkbox', { name: 'Select post' }).check();
    await b.getByText('Selected: 1 posts from 1 accounts').waitFor();
    await b.getByRole('button', { name: 'Block', exact: true }).click();
    const dialog = b.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Block 1 accounts' }).click();
    await expect
      .poll(() => bench.sim.state(A).actions.filter((a) => a.kind === 'block').length, { timeout: 20_000 })
      .toBe(1);
    const block = bench.sim.state(A).actions.find((a) => a.kind === 'block')!;
    expect(acctOf(target).startsWith(`${block.targetAcct}`)).toBe(true);
    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => bench.sim.state(A).actions.filter((a) => a.kind === 'unblock').length, { timeout: 20_000 })
      .toBe(1);
    expect(bench.sim.state(A).actions.find((a) => a.kind === 'unblock')!.target).toBe(block.target);
    // The undo's progress comes live too, to its end.
    await b.getByText('Unblock: Done').waitFor({ timeout: 15_000 });
    await screenshot(page, '46-block-undone');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  test('keyboard: Alt+Shift+S selects the focused post, Alt+Shift+C clears, Alt+Shift+B reaches the bar', async () => {
    const target = post(page, id(wave[8]!));
    await target.locator('xpath=..').focus();
    await page.keyboard.press('Alt+Shift+KeyS');
    await expect.poll(() => target.getByRole('checkbox', { name: 'Select post' }).isChecked()).toBe(true);
    await page.keyboard.press('Alt+Shift+KeyC');
    await expect.poll(() => target.getByRole('checkbox', { name: 'Select post' }).isChecked()).toBe(false);
    await page.keyboard.press('Alt+Shift+KeyB');
    const focusedInBar = await page.evaluate(() => document.activeElement?.tagName === 'BREAKWATER-BAR');
    expect(focusedInBar).toBe(true);
  });

  test("the overlay follows the web UI's colour scheme", async () => {
    const host = page.locator('breakwater-bar');
    expect(await host.getAttribute('data-theme')).toBe('light');
    await page.evaluate(() => document.documentElement.setAttribute('data-color-scheme', 'dark'));
    await expect.poll(() => host.getAttribute('data-theme')).toBe('dark');
    await expect
      .poll(() => post(page, id(wave[8]!)).locator('breakwater-post').getAttribute('data-theme'))
      .toBe('dark');
    await screenshot(page, '46-dark');
    await page.evaluate(() => document.documentElement.setAttribute('data-color-scheme', 'light'));
    await expect.poll(() => host.getAttribute('data-theme')).toBe('light');
  });

  test('overlays survive placeholders (scrolled away and back) and navigation; 200 posts cost no extra request', async () => {
    const lookups = () => {
      const c = bench.sim.state(A).requestCounts;
      return (c['GET /api/v1/statuses'] ?? 0) + (c['GET /api/v1/statuses/:id'] ?? 0);
    };
    const before = lookups();
    const flagged = id(wave[7]!);
    await expect.poll(() => verdictOf(page, flagged)).toBe('spam');
    // Scroll until 200 posts are listed: the top ones turn into placeholders.
    for (let i = 0; i < 80; i++) {
      const n = await page.locator('article[data-id]').count();
      if (n >= 200) break;
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    expect(await page.locator('article[data-id]').count()).toBeGreaterThanOrEqual(200);
    await expect.poll(() => page.locator(`.status[data-id="${flagged}"]`).count()).toBe(0);
    // Back to the top: rebuilt from scratch, flagged again at once.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => verdictOf(page, flagged), { timeout: 5_000 }).toBe('spam');
    await post(page, flagged).getByRole('button', { name: 'Spam wave' }).waitFor();
    const stats = await runtimeStats(page);
    const extra = lookups() - before;
    writeFileSync(
      join(ARTIFACTS, 'requests-4.6.5.json'),
      JSON.stringify(
        { version: '4.6.5', listed: await page.locator('article[data-id]').count(), extra, stats },
        null,
        2,
      ),
    );
    expect(extra).toBe(0);

    // Single-page navigation: to the spammer's profile and back.
    const author = wave[7]!.author;
    await post(page, flagged).locator('a.status__display-name').click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toContain('/@');
    await expect
      .poll(() => page.locator('.status[data-breakwater-verdict="spam"]').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await screenshot(page, '46-profile');
    await page.goBack();
    await expect.poll(() => verdictOf(page, flagged), { timeout: 10_000 }).toBe('spam');
    expect(author).toBeTruthy();
  });
});

describe('4.2.0, a tab open before the instance is added', () => {
  test('what the page showed before is looked up (one request per post on 4.2); after a reload nothing is', async () => {
    const page = await bench.browser.context.newPage();
    await page.goto(`http://${B}/__sim/login?user=alice&next=/home`);
    await page.waitForSelector('html[data-sim-ready]');
    const lookups = () => bench.sim.state(B).requestCounts['GET /api/v1/statuses/:id'] ?? 0;
    expect(lookups()).toBe(0);
    // Added now: the background injects the observer and the content script into the open tab.
    await addInstance(bench.browser, B);
    await page.waitForSelector('html[data-breakwater-ready]', { timeout: 20_000 });
    // Every rendered post gets its verdict; placeholders are never looked up (only what renders).
    const settledAll = async () =>
      (await page.locator('.status[data-id]').count()) ===
      (await page.locator('.status[data-breakwater-verdict]').count());
    await expect.poll(settledAll, { timeout: 15_000 }).toBe(true);
    // The server answered each lookup with the post asked for.
    await expect
      .poll(async () => (await runtimeStats(page)).fromLookup === lookups() && (await settledAll()), {
        timeout: 10_000,
      })
      .toBe(true);
    const asked = lookups();
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(20);
    const idB = (p: GenPost) => localId(bench.sim, B, p);
    const more = pending(bench.sim, B, (p) => p.wave === 'w-oct2024').slice(0, 6);
    const streamIn = async (posts: GenPost[]) => {
      for (const p of posts) {
        await stream(bench.sim, B, [p], 0);
        await expect.poll(() => verdictOf(page, idB(p)), { timeout: 10_000 }).toMatch(/ok|suspicious|spam/);
      }
    };
    // The web UI's socket was open before the observer came: what it streams is looked up too.
    await streamIn(more.slice(0, 3));
    expect(lookups()).toBe(asked + 3);
    // After a reload the observer is there from the start: streamed posts cost nothing.
    await page.reload();
    await page.waitForSelector('html[data-breakwater-ready]', { timeout: 20_000 });
    await page.waitForTimeout(500);
    const before = lookups();
    await streamIn(more.slice(3));
    expect(lookups()).toBe(before);
    const stats = await runtimeStats(page);
    expect((stats.lookup as { failures: number }).failures).toBe(0);
    await page.close();
  });
});

/**
 * The Mastodon overlay end to end on the 4.2.0 DOM (mastodon-b.test): a moderator in the
 * multi-column layout signs in as moderator through the instance's real OAuth flow and suspends a
 * wave; a user in the single-column layout sees the wave flagged at no extra request; and the
 * 4.6.5 multi-column layout flags posts in its Home column.
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

beforeAll(async () => {
  bench = await startBench({
    roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'),
    scale: 0.01,
  } as SimOptions);
  await addInstance(bench.browser, A);
  await addInstance(bench.browser, B);
});
afterAll(async () => {
  await bench?.close();
});

const settled = /ok|suspicious|spam/;

describe('4.2.0, multi-column, moderator', () => {
  let page: Page;
  let wave: GenPost[];
  const id = (p: GenPost) => localId(bench.sim, B, p);

  test('a moderator signs in as moderator through the OAuth flow, then suspends the wave', async () => {
    wave = pending(bench.sim, B, (p) => p.wave === 'w-oct2024' && !p.author.endsWith(`@${B}`)).slice(0, 6);
    page = await openInstance(bench, B, 'mod', '/', '&layout=advanced');
    expect(await page.evaluate(() => document.body.className)).toContain('layout-multiple-columns');
    await stream(bench.sim, B, wave, 150);
    const home = page.locator('div.column[aria-label="Home"]');
    for (const p of wave) await expect.poll(() => verdictOf(page, id(p)), { timeout: 10_000 }).toMatch(settled);
    await expect.poll(() => home.locator('.status[data-breakwater-verdict="spam"]').count()).toBeGreaterThanOrEqual(4);

    // The role allows moderator actions; without Breakwater's own token they wait for a sign-in.
    const b = bar(page);
    const suspend = b.getByRole('button', { name: 'Suspend', exact: true });
    await suspend.waitFor();
    const signIn = b.getByRole('button', { name: 'Sign in as moderator' });
    const [auth] = await Promise.all([bench.browser.context.waitForEvent('page'), signIn.click()]);
    await auth.waitForLoadState();
    expect(new URL(auth.url()).pathname).toBe('/oauth/authorize');
    expect(await auth.textContent('body')).toContain('@mod');
    await screenshot(auth, '42-authorize');
    await auth.getByRole('button', { name: 'Authorize' }).click();
    // The code page's content script hands the code over; the background closes the tab.
    await expect.poll(() => auth.isClosed(), { timeout: 15_000 }).toBe(true);
    const issued = bench.sim.state(B).actions.filter((a) => a.kind === 'token_issued');
    expect(issued.at(-1)!.by).toBe('mod');
    expect(issued.at(-1)!.details.scopes).toEqual(expect.arrayContaining(['admin:write:accounts', 'write:reports']));
    await b.getByText('Moderator actions · Moderator: @mod').waitFor({ timeout: 10_000 });
    await signIn.waitFor({ state: 'detached' });

    // The wave the moderator looks at (its badge pressed) is the one "Select wave" takes: the
    // Notifications column also shows the earlier wave's mentions.
    await home
      .locator(`.status[data-id="${id(wave.at(-1)!)}"]`)
      .getByRole('button', { name: 'Spam wave' })
      .click();
    await b.getByRole('button', { name: 'Select wave' }).click();
    const summary = (await b.getByText(/Selected: \d+ posts from \d+ accounts/).textContent()) ?? '';
    const nAccounts = Number(/from (\d+) accounts/.exec(summary)![1]);
    expect(nAccounts).toBeGreaterThanOrEqual(3);
    await suspend.click();
    const dialog = b.getByRole('dialog');
    await dialog.getByLabel('Note for the moderation log').fill('Spam wave (Breakwater e2e)');
    const confirm = dialog.getByRole('button', { name: `Suspend ${nAccounts} accounts` });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, '42-suspend-preview');
    await confirm.click();
    await expect
      .poll(() => bench.sim.state(B).actions.filter((a) => a.kind === 'suspend').length, { timeout: 30_000 })
      .toBe(nAccounts);
    const suspended = bench.sim.state(B).actions.filter((a) => a.kind === 'suspend');
    // The page's wave holds the streamed posts and, in the Notifications column, earlier mentions
    // with the same text (the engine joins them): every account suspended is a spam account, and
    // every author of the streamed posts is among them.
    const accounts = bench.sim.scenario.accounts;
    const full = (local: string) => (local.includes('@') ? local : `${local}@${B}`);
    for (const s of suspended) {
      expect(s.by).toBe('mod');
      expect(accounts[full(s.targetAcct!)]?.label, s.targetAcct).toBe('spam');
    }
    for (const p of wave) expect(suspended.map((s) => full(s.targetAcct!))).toContain(p.author);
    await b
      .getByText(/Suspend: Done/)
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, '42-suspended');
  });

  test('in a column, overlays survive placeholders', async () => {
    await page.reload();
    await page.waitForSelector('html[data-breakwater-ready]');
    const more = pending(bench.sim, B, (p) => p.wave === 'w-nov2024').slice(0, 5);
    await stream(bench.sim, B, more, 150);
    const target = id(more.at(-1)!);
    await expect.poll(() => verdictOf(page, target), { timeout: 10_000 }).toMatch(settled);
    const v = await verdictOf(page, target);
    const scroller = page.locator('div.column[aria-label="Home"] .scrollable');
    for (let i = 0; i < 25; i++) {
      await scroller.evaluate((el) => el.scrollBy(0, 2000));
      await page.waitForTimeout(80);
    }
    // (The post may also show in the Notifications column: only the Home column's copy is looked at.)
    const inHome = page.locator(`div.column[aria-label="Home"] .status[data-id="${target}"]`);
    await expect.poll(() => inHome.count(), { timeout: 10_000 }).toBe(0);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await expect.poll(() => inHome.getAttribute('data-breakwater-verdict'), { timeout: 5_000 }).toBe(v);
  });
});

describe('4.2.0, single column, a user', () => {
  test('the wave is flagged and 200 listed posts cost no extra request', async () => {
    const page = await openInstance(bench, B, 'bob', '/home');
    const lookups = () => {
      const c = bench.sim.state(B).requestCounts;
      return (c['GET /api/v1/statuses'] ?? 0) + (c['GET /api/v1/statuses/:id'] ?? 0);
    };
    const before = lookups();
    // Some of the wave's accounts signed up on this open-registration instance: local spam.
    const wave = pending(bench.sim, B, (p) => p.wave === 'w-nov2024').slice(5, 9);
    // One by one: each lands on top (older ones soon become placeholders below the fold).
    for (const p of wave) {
      await stream(bench.sim, B, [p], 0);
      await expect.poll(() => verdictOf(page, localId(bench.sim, B, p)), { timeout: 10_000 }).toMatch(settled);
    }
    expect(await verdictOf(page, localId(bench.sim, B, wave.at(-1)!))).toBe('spam');
    await screenshot(page, '42-single-flagged');
    for (let i = 0; i < 80; i++) {
      if ((await page.locator('article[data-id]').count()) >= 200) break;
      await page.mouse.wheel(0, 4000);
      await page.waitForTimeout(150);
    }
    const listed = await page.locator('article[data-id]').count();
    expect(listed).toBeGreaterThanOrEqual(200);
    const extra = lookups() - before;
    const stats = await runtimeStats(page);
    writeFileSync(
      join(ARTIFACTS, 'requests-4.2.0.json'),
      JSON.stringify({ version: '4.2.0', listed, extra, stats }, null, 2),
    );
    expect(extra).toBe(0);
    await page.close();
  });
});

describe('4.6.5, multi-column', () => {
  test('posts streamed into the Home column are flagged there', async () => {
    const page = await openInstance(bench, A, 'carol', '/', '&layout=advanced');
    const wave = pending(bench.sim, A, (p) => p.wave === 'w-nov2024').slice(0, 6);
    await stream(bench.sim, A, wave, 150);
    const home = page.locator('div.column[aria-label="Home"]');
    await expect
      .poll(() => home.locator('.status[data-breakwater-verdict="spam"]').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(3);
    const flagged = home.locator('.status[data-breakwater-verdict="spam"]').first();
    await flagged.getByRole('checkbox', { name: 'Select post' }).waitFor();
    await screenshot(page, '46-advanced');
    expect(await post(page, localId(bench.sim, A, wave[0]!)).count()).toBe(1);
    await page.close();
  });
});

/**
 * Token reading on Misskey (issue 10): a moderator signs in with MiAuth through Breakwater, which
 * then suspends a wave with that token; the page's scripts search everything they can reach for the
 * token. (The Mastodon OAuth case and the other attacks: hostile-posts.e2e.ts, hostile-page.e2e.ts.)
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_ROSTER } from '../sim';
import type { GenPost } from '../sim/generator/types';
import type { SimOptions } from '../sim/types';
import { addInstance, startBench, type Bench } from './setup';
import { KB, bar, misskey, noteId, pendingNotes, stream, verdictOf } from './misskey-helpers';
import { listenToEverything, searchPageFor, storeRows } from './hostile-helpers';

let bench: Bench;

beforeAll(async () => {
  bench = await startBench({ roster: DEFAULT_ROSTER.filter((r) => r.domain === KB), scale: 0.01 } as SimOptions);
  await addInstance(bench.browser, KB);
});
afterAll(async () => {
  await bench?.close();
});

test('after a moderator signs in with MiAuth through Breakwater and it suspends a wave with the token, the page finds the token nowhere it can reach', async () => {
  // The moderator's tab (its script listens from the first moment), logged in to the instance.
  const page = await bench.browser.context.newPage();
  await page.addInitScript(listenToEverything);
  await page.goto(`http://${KB}/__sim/login?user=mod&next=${encodeURIComponent('/')}`);
  await page.waitForSelector('html[data-breakwater-ready]', { timeout: 20_000 });
  const options = await bench.browser.openExtensionPage('options.html');
  const card = options.locator(`li[data-domain="${KB}"]`);
  const [auth] = await Promise.all([
    bench.browser.context.waitForEvent('page'),
    card.getByRole('button', { name: `Sign in as moderator on ${KB}` }).click(),
  ]);
  await auth.waitForURL(/\/miauth\//);
  await auth.getByRole('button', { name: 'Allow' }).click();
  await expect.poll(() => auth.isClosed(), { timeout: 15_000 }).toBe(true);
  await card.getByText('Signed in as @mod.').waitFor({ timeout: 10_000 });
  const rows = (await storeRows(options, 'tokens')) as { instance: string; source: string; token: string }[];
  const token = rows.find((r) => r.instance === KB && r.source !== 'page')?.token;
  expect(token, 'the MiAuth token Breakwater keeps').toBeTruthy();
  await options.close();

  const wave = pendingNotes(bench.sim, KB, (p) => p.wave === 'w-oct2024').slice(0, 5);
  const id = (p: GenPost) => noteId(bench.sim, KB, p);
  await stream(bench.sim, KB, wave, 100);
  for (const p of wave) await expect.poll(() => verdictOf(page, id(p)), { timeout: 10_000 }).toMatch(/spam/);

  const b = bar(page);
  await b.getByText('Moderator actions · Moderator: @mod').waitFor({ timeout: 10_000 });
  await b.getByRole('button', { name: 'Select wave' }).click();
  const summary = b.getByText(/Selected: \d+ posts from \d+ accounts/);
  await summary.waitFor();
  const n = Number(/from (\d+) accounts/.exec((await summary.textContent()) ?? '')![1]);
  await b.getByRole('button', { name: 'Suspend', exact: true }).click();
  const confirm = b.getByRole('dialog').getByRole('button', { name: `Suspend ${n} accounts` });
  await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
  await confirm.click();
  await expect
    .poll(() => bench.sim.state(KB).actions.filter((a) => a.kind === 'suspend').length, { timeout: 20_000 })
    .toBe(n);

  expect(await searchPageFor(page, token!)).toEqual([]);
  // (The search works: the web UI's own token is where the web UI keeps it.)
  expect(await searchPageFor(page, misskey(bench.sim, KB).token('mod'))).toContain('localStorage');
  expect(await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard.length)).toBeGreaterThan(10);
});

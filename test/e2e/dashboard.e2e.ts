/**
 * The control room with posts flowing: a simulated Mastodon timeline open in a tab (the content
 * runtime judges its posts), a wave streamed into it. The dashboard shows the wave, the popup the
 * page's counts, and a rule edited with its live preview changes what is flagged in the open
 * timeline. Screenshots of the dashboard, the popup and the rule editor go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { statusIdFor } from '../sim/mastodon/render';
import type { GenPost } from '../sim/generator/types';
import { addInstance, loginAs, startBench, type Bench } from './setup';

/** The extension APIs as the pages and the service worker see them (only what these tests call). */
declare const chrome: {
  tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
  i18n: { getUILanguage(): string };
  runtime: { sendMessage(msg: unknown): Promise<unknown> };
};

const ART = 'test/artifacts/dashboard';
const A = 'mastodon-a.test';
let bench: Bench;
let tab: Page;
/** Posts created after this are not in the instances' history yet: tests deliver them. */
let liveFrom = 0;

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  liveFrom = Date.now();
  bench = await startBench();
  expect(await addInstance(bench.browser, A)).toMatch(/Added mastodon-a\.test/);
  tab = await bench.browser.context.newPage();
  await loginAs(tab, A, 'mod', '/home');
});
afterAll(async () => {
  await bench?.close();
});

/** Posts not yet delivered to A that A receives, in time order. */
function pending(filter: (p: GenPost) => boolean): GenPost[] {
  const sc = bench.sim.scenario;
  return sc.posts.filter(
    (p) => p.createdAt > liveFrom && (p.deliveredTo.includes(A) || sc.accounts[p.author]?.host === A) && filter(p),
  );
}
async function deliver(ids: string[]) {
  const r = await fetch(`${bench.sim.url}/__sim/deliver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instance: A, postIds: ids }),
  });
  expect(r.status).toBe(200);
}
const verdictOf = (statusId: string) =>
  tab
    .locator(
      `article[data-id="${statusId}"][data-breakwater-verdict], article[data-id="${statusId}"] [data-breakwater-verdict]`,
    )
    .first()
    .getAttribute('data-breakwater-verdict', { timeout: 15_000 });

test('a streamed wave is flagged in the tab and shown on the dashboard', async () => {
  // The timeline's own posts are judged first (those on screen carry their verdict).
  await expect.poll(() => tab.locator('[data-breakwater-verdict]').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const wave = pending((p) => p.wave === 'w-oct2024' && !p.boostOf).slice(0, 12);
  expect(wave.length).toBeGreaterThanOrEqual(8);
  // A tall window: more of the timeline is rendered (Mastodon collapses posts off screen).
  await tab.setViewportSize({ width: 1280, height: 2400 });
  await deliver(wave.map((p) => p.id));
  await expect
    .poll(() => tab.locator('[data-breakwater-verdict="spam"]').count(), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(4);

  const dash = await bench.browser.openExtensionPage('dashboard.html');
  await expect.poll(() => dash.locator('li[data-wave]').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(Number(await dash.getByTestId('tile-waves').locator('.value').textContent())).toBeGreaterThanOrEqual(1);
  expect(await dash.locator('li[data-wave]').first().textContent()).toMatch(
    /posts from \d+ accounts[\s\S]*Seen on [^\n]*mastodon-a\.test/,
  );
  const row = dash.locator(`[data-testid="per-instance"] tr[data-domain="${A}"]`);
  const cells = (await row.locator('td').allTextContents()).map((x) => Number(x.replace(/\D/g, '')));
  // Checked (every post judged on the page), spam among them (the wave).
  expect(cells[1]).toBeGreaterThanOrEqual(4);
  expect(cells[0]).toBeGreaterThanOrEqual(cells[1]! + 1);
  await dash.setViewportSize({ width: 1280, height: 1400 });
  await dash.screenshot({ path: `${ART}/dashboard.png`, fullPage: true });
  // The same in dark mode (the chart takes its colours when drawn: reload).
  await dash.emulateMedia({ colorScheme: 'dark' });
  await dash.reload();
  await dash.locator('li[data-wave]').first().waitFor();
  await dash.screenshot({ path: `${ART}/dashboard-dark.png`, fullPage: true });
  await dash.close();
});

test('the popup shows the current page counts', async () => {
  const worker = await bench.browser.worker();
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, `http://${A}/*`);
  const popup = await bench.browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 460 });
  await popup.goto(`chrome-extension://${bench.browser.extensionId}/popup.html?tabId=${tabId}`);
  const counts = popup.getByTestId('page-counts');
  await expect.poll(() => counts.getAttribute('data-spam'), { timeout: 10_000 }).toMatch(/^[1-9]\d*$/);
  const onPage = await tab.locator('[data-breakwater-verdict="spam"]').count();
  expect(Number(await counts.getAttribute('data-spam'))).toBeGreaterThanOrEqual(Math.min(onPage, 4));
  expect(Number(await counts.getAttribute('data-waves'))).toBeGreaterThanOrEqual(1);
  expect(await popup.locator('section.current').textContent()).toMatch(/mastodon-a\.test/);
  await popup.screenshot({ path: `${ART}/popup.png` });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: `${ART}/popup-dark.png` });
  await popup.close();
});

test('a batch of actions: paused and resumed from the popup, its progress and the actions taken on the dashboard', async () => {
  const sc = bench.sim.scenario;
  const accts = [...new Set(sc.posts.filter((p) => p.wave === 'w-oct2024').map((p) => p.author))].slice(0, 3);
  // The server answers the first mute slowly: the batch is still at work when the popup opens.
  bench.sim.addFault({ kind: 'slow', host: A, path: /\/api\/v1\/accounts\/[^/]+\/mute$/, delayMs: 2_500, times: 1 });
  const dash = await bench.browser.openExtensionPage('dashboard.html');
  const res = await dash.evaluate((req) => chrome.runtime.sendMessage({ type: 'ui:enqueueBatch', req }), {
    instance: A,
    kind: 'mute',
    targets: accts.map((acct) => ({ accountId: null, acct, postIds: [], postUrls: [] })),
    options: { durationSeconds: 3600 },
  });
  expect(res).toMatchObject({ ok: true });

  const popup = await bench.browser.openExtensionPage('popup.html');
  const inPopup = popup.getByTestId('popup-batches');
  await popup.getByRole('button', { name: 'Pause Mute · mastodon-a.test' }).click({ timeout: 10_000 });
  await expect.poll(() => inPopup.locator('li.batch').getAttribute('data-state'), { timeout: 10_000 }).toBe('paused');
  await popup.screenshot({ path: `${ART}/popup-batch.png` });
  await popup.getByRole('button', { name: 'Resume Mute · mastodon-a.test' }).click();
  // Done: the popup lists only batches at work.
  await expect.poll(() => inPopup.count(), { timeout: 20_000 }).toBe(0);
  await popup.close();

  const batch = dash.locator('li.batch').first();
  await expect.poll(() => batch.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
  expect(await batch.textContent()).toMatch(/Mute · mastodon-a\.test.*3 of 3 done, 0 failed \(100%\)/);
  await expect
    .poll(() => dash.getByTestId('tile-actions').locator('.value').textContent(), { timeout: 10_000 })
    .toBe('3');
  // The simulated server's own record: three mutes by the signed-in user.
  expect(bench.sim.state(A).actions.filter((x) => x.kind === 'mute')).toHaveLength(3);
  await dash.setViewportSize({ width: 1280, height: 1400 });
  await dash.screenshot({ path: `${ART}/dashboard-actions.png`, fullPage: true });
  await dash.close();
});

test('a rule edited with its live preview changes what is flagged in the open timeline', async () => {
  const sc = bench.sim.scenario;
  // A remote instance with two ordinary posts to come: the first is delivered now and judged ok in
  // the open tab, the second comes after the rule is saved.
  const next = pending(
    (p) => p.label === 'legit' && !p.boostOf && !p.replyTo && !p.quoteOf && sc.accounts[p.author]!.host !== A,
  );
  const byHost = new Map<string, GenPost[]>();
  for (const p of next)
    byHost.set(sc.accounts[p.author]!.host, [...(byHost.get(sc.accounts[p.author]!.host) ?? []), p]);
  const [host, [first, target]] = [...byHost].find(([, ps]) => ps.length >= 2) as [string, GenPost[]];
  await deliver([first!.id]);
  const onScreen = statusIdFor(first!, sc, A);
  await expect.poll(() => verdictOf(onScreen), { timeout: 20_000 }).toBe('ok');
  const options = await bench.browser.openExtensionPage('options.html');

  await options.getByRole('button', { name: 'New rule set' }).click();
  await options.getByLabel('Name', { exact: true }).fill(`Posts from ${host}`);
  await options.getByRole('button', { name: 'Add instance domain' }).click();
  await options.getByLabel('Instance domain 1', { exact: true }).fill(host);
  await options.getByLabel('Weight of Instance domain 1').fill('0.95');
  // Before saving: the preview lists posts of that instance as newly flagged.
  const preview = options.getByTestId('rule-preview');
  await expect
    .poll(() => preview.locator('.preview-counts').getAttribute('data-flag'), { timeout: 10_000 })
    .toMatch(/^[1-9]/);
  const flagged = await preview.locator('.preview-list.flagged li .row > span.muted').allTextContents();
  expect(flagged.length).toBeGreaterThan(0);
  for (const who of flagged.slice(0, 5)) expect(who).toContain(`@${host}`);
  await options.setViewportSize({ width: 1280, height: 1100 });
  await options.screenshot({ path: `${ART}/rule-preview.png` });
  await options.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => options.locator('ul.rules li').count(), { timeout: 10_000 }).toBe(1);

  // The post of that instance already on screen is flagged at once, as the preview said.
  await expect.poll(() => verdictOf(onScreen), { timeout: 10_000 }).toBe('spam');
  // The next post from that instance arrives flagged in the open tab.
  await deliver([target!.id]);
  await expect.poll(() => verdictOf(statusIdFor(target!, sc, A)), { timeout: 20_000 }).toBe('spam');
  await options.close();
});

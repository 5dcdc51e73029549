import { afterAll, beforeAll, expect, test } from 'vitest';
import { addInstance, loginAs, startBench, type Bench } from './setup';

let bench: Bench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(async () => {
  await bench?.close();
});

test('adding a Mastodon instance through the options page runs the content script there', async () => {
  const status = await addInstance(bench.browser, 'mastodon-a.test');
  expect(status).toMatch(/Added mastodon-a\.test: mastodon 4\.6\.5/);
  const page = await bench.browser.context.newPage();
  await loginAs(page, 'mastodon-a.test', 'alice', '/home');
  await expect.poll(() => page.locator('html').getAttribute('data-breakwater'), { timeout: 15_000 }).toBe('mastodon');
  await page.close();
});

test('adding a Misskey instance works the same way', async () => {
  const status = await addInstance(bench.browser, 'misskey-a.test');
  expect(status).toMatch(/Added misskey-a\.test: misskey 2025\.7\.0/);
  const page = await bench.browser.context.newPage();
  await loginAs(page, 'misskey-a.test', 'alice', '/');
  await expect.poll(() => page.locator('html').getAttribute('data-breakwater'), { timeout: 15_000 }).toBe('misskey');
  await page.close();
});

test('an instance that is not added gets nothing injected', async () => {
  const page = await bench.browser.context.newPage();
  await loginAs(page, 'mastodon-b.test', 'alice', '/home');
  await page.waitForLoadState('load');
  await page.waitForTimeout(500);
  expect(await page.locator('html').getAttribute('data-breakwater')).toBeNull();
  await page.close();
});

test('a domain that is not a fediverse server gets a clear message', async () => {
  const status = await addInstance(bench.browser, 'nothing-here.test');
  expect(status).toMatch(/does not look like a Mastodon or Misskey server|could not be reached/);
});

test('removing an instance stops Breakwater there', async () => {
  const page = await bench.browser.openExtensionPage('options.html');
  await page.getByRole('button', { name: 'Remove mastodon-a.test' }).click();
  await expect.poll(() => page.locator('li[data-domain="mastodon-a.test"]').count()).toBe(0);
  const tab = await bench.browser.context.newPage();
  await loginAs(tab, 'mastodon-a.test', 'alice', '/home');
  await tab.waitForLoadState('load');
  await tab.waitForTimeout(500);
  expect(await tab.locator('html').getAttribute('data-breakwater')).toBeNull();
});

/**
 * A Japanese-language browser: the options page, the dashboard and the popup speak Japanese
 * (public/_locales/ja), and adding an instance works through the Japanese names of the field and
 * the button. Screenshots go to test/artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBench, type Bench } from './setup';

/** The extension APIs as the pages and the service worker see them (only what these tests call). */
declare const chrome: {
  tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
  i18n: { getUILanguage(): string };
};

const ART = 'test/artifacts/options-ja';
let bench: Bench;

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  // Chromium on Linux takes its UI language from the environment as well as --lang.
  process.env.LANGUAGE = 'ja';
  bench = await startBench({}, { lang: 'ja' });
});
afterAll(async () => {
  await bench?.close();
});

test('the options page is in Japanese, and an instance is added by the Japanese names', async () => {
  const page = await bench.browser.openExtensionPage('options.html');
  expect(await page.evaluate(() => chrome.i18n.getUILanguage())).toMatch(/^ja/);
  expect(await page.locator('html').getAttribute('lang')).toBe('ja');
  await page.getByLabel('インスタンスのドメイン').fill('mastodon-a.test');
  await page.getByRole('button', { name: 'インスタンスを追加' }).click();
  await expect
    .poll(() => page.locator('form.add-instance + p[role="status"]').textContent(), { timeout: 15_000 })
    .toMatch(/mastodon-a\.test を追加しました: mastodon 4\.6\.5/);
  await expect
    .poll(() => page.locator('li[data-domain="mastodon-a.test"]').textContent(), { timeout: 10_000 })
    .toMatch(/未ログイン/);
  await page.getByLabel('インスタンスのドメイン').fill('nothing-here.test');
  await page.getByRole('button', { name: 'インスタンスを追加' }).click();
  await expect
    .poll(() => page.locator('form.add-instance + p[role="status"]').textContent(), { timeout: 15_000 })
    .toMatch(/Mastodon や Misskey のサーバーではないようです/);
  expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
    'インスタンス',
    'ルール',
    '共有リスト',
    'バックアップ',
    '監査ログ',
  ]);
  await page.getByRole('button', { name: '新しいルールセット' }).click();
  await page.getByRole('button', { name: '語句を追加' }).click();
  await page.getByLabel('語句 1', { exact: true }).fill('荒らし共栄圏');
  await expect
    .poll(() => page.getByTestId('rule-preview').textContent(), { timeout: 10_000 })
    .toMatch(/ライブプレビュー/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${ART}/options-ja.png` });
  await page.close();
});

test('the dashboard and the popup are in Japanese', async () => {
  const dash = await bench.browser.openExtensionPage('dashboard.html');
  await expect.poll(() => dash.locator('h1').textContent(), { timeout: 10_000 }).toMatch(/ダッシュボード/);
  await expect.poll(() => dash.locator('h2').allTextContents(), { timeout: 10_000 }).toContain('波の推移');
  await dash.screenshot({ path: `${ART}/dashboard-ja.png`, fullPage: true });
  const popup = await bench.browser.openExtensionPage('popup.html');
  await expect.poll(() => popup.locator('main.popup').textContent(), { timeout: 10_000 }).toMatch(/設定/);
  await dash.close();
  await popup.close();
});

/**
 * The options page and the popup in the built extension, against the simulated instances: add
 * instances (and the clear messages when one cannot be added), add the current tab's instance from
 * the popup, tune and remove an instance, subscribe to a shared list served by the simulated static
 * host and see it update, import a domain-block CSV (a broken one refused), and a dangerous regular
 * expression refused with its explanation. Screenshots go to test/artifacts/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addInstance, loginAs, startBench, type Bench } from './setup';

/** The extension APIs as the pages and the service worker see them (only what these tests call). */
declare const chrome: {
  tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
  i18n: { getUILanguage(): string };
};

const ART = 'test/artifacts/options';
let bench: Bench;
let options: Page;

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  bench = await startBench();
  options = await bench.browser.openExtensionPage('options.html');
});
afterAll(async () => {
  await bench?.close();
});

/** Puts a file on the simulated static host lists.test. */
async function publish(path: string, body: string, etag?: string) {
  const r = await fetch(`${bench.sim.url}/__sim/static`, {
    method: 'PUT',
    headers: { host: 'lists.test', 'content-type': 'application/json' },
    body: JSON.stringify({ path, body, ...(etag ? { etag } : {}) }),
  });
  expect(r.status).toBe(200);
}

const ruleList = (name: string, keywords: string[], extra: object = {}) =>
  JSON.stringify({ format: 'breakwater-rules', version: 1, name, keywords, ...extra });

/** The text of the status line that follows an element (the add form, the subscribe form). */
const statusAfter = (page: Page, selector: string) => page.locator(`${selector} + p[role="status"]`);

test('instances are added through the options page and show what was found', async () => {
  expect(await addInstance(bench.browser, 'mastodon-a.test')).toMatch(/Added mastodon-a\.test: mastodon 4\.6\.5/);
  expect(await addInstance(bench.browser, 'misskey-a.test')).toMatch(/Added misskey-a\.test: misskey 2025\.7\.0/);
  const card = options.locator('li[data-domain="mastodon-a.test"]');
  await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => card.textContent(), { timeout: 10_000 }).toMatch(/mastodon 4\.6\.5/);
  expect(await card.textContent()).toMatch(/Not logged in/);
  await expect
    .poll(() => options.locator('li[data-domain="misskey-a.test"]').textContent())
    .toMatch(/misskey 2025\.7\.0/);
});

test.each([
  [
    'not a fediverse server',
    'nothing-here.test',
    /nothing-here\.test answered, but does not look like a Mastodon or Misskey server/,
  ],
  ['not a domain', 'not a domain', /"not a domain" is not a domain name/],
])('a clear message: %s', async (_what, domain, message) => {
  await options.getByLabel('Instance domain').fill(domain);
  await options.getByRole('button', { name: 'Add instance' }).click();
  await expect
    .poll(() => statusAfter(options, 'form.add-instance').textContent(), { timeout: 15_000 })
    .toMatch(message);
});

test('the popup offers to add the current tab instance, in one click', async () => {
  const tab = await bench.browser.context.newPage();
  await loginAs(tab, 'mastodon-b.test', 'alice', '/home');
  const tabId = await tabIdOf('http://mastodon-b.test/*');
  const popup = await openPopup(tabId);
  const add = popup.getByRole('button', { name: 'Add mastodon-b.test' });
  await add.waitFor({ timeout: 10_000 });
  expect(await popup.locator('section.current').textContent()).toMatch(/mastodon-b\.test is a Mastodon server/);
  await add.click();
  await expect
    .poll(() => popup.getByRole('status').first().textContent(), { timeout: 15_000 })
    .toMatch(/Added mastodon-b\.test/);
  // The popup now shows the instance; the options page lists it (live, without reload).
  await popup.locator('section.current[data-domain="mastodon-b.test"]').waitFor({ timeout: 10_000 });
  await expect.poll(() => options.locator('li[data-domain="mastodon-b.test"]').count(), { timeout: 10_000 }).toBe(1);
  // And Breakwater runs in that tab now.
  await expect.poll(() => tab.locator('html').getAttribute('data-breakwater'), { timeout: 15_000 }).toBe('mastodon');
  await popup.close();
  await tab.close();
});

test('per-instance detection settings are saved', async () => {
  const card = options.locator('li[data-domain="mastodon-a.test"]');
  await card.getByText('Detection on this instance').click();
  await card.getByLabel('Spam from score').fill('0.8');
  await card.getByRole('checkbox', { name: 'Language does not match the text on' }).uncheck();
  await card.getByRole('button', { name: 'Save detection settings' }).click();
  await expect.poll(() => card.getByRole('status').last().textContent(), { timeout: 10_000 }).toMatch(/Saved/);
  const settings = await options.evaluate(async () => {
    const req = indexedDB.open('breakwater');
    const dbh = await new Promise<IDBDatabase>((r) => (req.onsuccess = () => r(req.result)));
    const get = dbh.transaction('instances').objectStore('instances').get('mastodon-a.test');
    return new Promise((r) => (get.onsuccess = () => r(get.result.settings)));
  });
  expect(settings).toEqual({ thresholds: { spam: 0.8 }, disabledSignals: ['language'] });
  await card.getByText('Detection on this instance').click();
});

test('a shared list served by the simulated server is subscribed to and updates from its URL', async () => {
  await publish('/volunteers.json', ruleList('Volunteers list', ['giveaway', 'free crypto']), '"v1"');
  await options.getByLabel('List address').fill('http://lists.test/volunteers.json');
  await options.getByRole('button', { name: 'Subscribe' }).click();
  await expect
    .poll(() => statusAfter(options, '#lists form').textContent(), { timeout: 15_000 })
    .toMatch(/Subscribed to Volunteers list \(entries: 2\)/);
  const item = options.locator('ul.subscriptions > li').first();
  await expect.poll(() => item.textContent(), { timeout: 10_000 }).toMatch(/keywords: 2/);

  // The list changes where it is published; "Update now" fetches it and shows what changed.
  await publish(
    '/volunteers.json',
    ruleList('Volunteers list', ['giveaway', 'airdrop'], { linkDomains: ['claim-prize.example'] }),
    '"v2"',
  );
  await options.getByRole('button', { name: 'Update Volunteers list now' }).click();
  await expect.poll(() => item.locator('details.changes').getAttribute('data-changes'), { timeout: 15_000 }).toBe('3');
  await item.locator('details.changes summary').click();
  const changes = await item.locator('details.changes li').allTextContents();
  expect(changes.join('\n')).toMatch(/added.*Keywords.*airdrop/);
  expect(changes.join('\n')).toMatch(/removed.*Keywords.*free crypto/);
  expect(changes.join('\n')).toMatch(/added.*Link domains.*claim-prize\.example/);
  await screenshot(options, 'options-lists', '#lists');

  // A broken update is refused; the previous rules stay in force.
  await publish('/volunteers.json', '{"format":"breakwater-rules","version":1,"keywords":["cut', '"v3"');
  await options.getByRole('button', { name: 'Update Volunteers list now' }).click();
  await expect
    .poll(() => item.locator('[role="alert"]').textContent(), { timeout: 15_000 })
    .toMatch(/previous rules stay in force.*not valid JSON/);
  expect(await item.textContent()).toMatch(/keywords: 2 · domains: 1/);
});

test('a domain-block CSV is imported; a broken one is refused whole', async () => {
  const dir = join(tmpdir(), 'bw-csv');
  mkdirSync(dir, { recursive: true });
  const good = join(dir, 'blocks.csv');
  const bad = join(dir, 'broken.csv');
  const header = '#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate';
  writeFileSync(
    good,
    `${header}\nspam.example,suspend,true,true,"Feb 2024 wave",false\nloud.example,silence,false,false,,false\n`,
  );
  writeFileSync(bad, `${header}\nok.example,suspend,true,true,,false\nnot a domain,suspend,true,true,,false\n`);
  const input = options.locator('#lists input[type="file"]');
  await input.setInputFiles(bad);
  await expect
    .poll(() => options.locator('#lists p[role="status"]').last().textContent())
    .toMatch(/broken\.csv was refused, nothing was imported: line 3/);
  await input.setInputFiles(good);
  await expect
    .poll(() => options.locator('#lists p[role="status"]').last().textContent())
    .toMatch(/Imported as a new rule set; domains: 2/);
  await expect.poll(() => options.locator('ul.rules li').count(), { timeout: 10_000 }).toBe(1);
  expect(await options.locator('ul.rules li').textContent()).toMatch(/Domain blocks \(blocks\.csv\).*domains: 2/);
});

test('a dangerous regular expression is refused with an explanation', async () => {
  await options.getByRole('button', { name: 'New rule set' }).click();
  await options.getByRole('button', { name: 'Add regular expression' }).click();
  await options.getByLabel('Regular expression 1', { exact: true }).fill('(a+)+$');
  const alert = options.locator('.rule-editor [role="alert"]').first();
  await expect
    .poll(() => alert.textContent(), { timeout: 10_000 })
    .toMatch(/Refused: nested quantifier.*runs patterns on every post/);
  expect(await options.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
  await options.getByLabel('Regular expression 1', { exact: true }).fill('discord\\.gg/\\w+');
  await expect.poll(() => options.getByRole('button', { name: 'Save' }).isDisabled(), { timeout: 10_000 }).toBe(false);
  await options.getByRole('button', { name: 'Cancel' }).click();
});

test('sign in as moderator from the options page, see the token permissions, sign out', async () => {
  // Logged in to the instance's web page as a moderator, as a volunteer would be.
  const web = await bench.browser.context.newPage();
  await loginAs(web, 'mastodon-a.test', 'mod', '/home');
  const card = options.locator('li[data-domain="mastodon-a.test"]');
  const authorize = bench.browser.context.waitForEvent('page', { timeout: 15_000 });
  await card.getByRole('button', { name: 'Sign in as moderator on mastodon-a.test' }).click();
  const flow = await authorize;
  await flow.getByRole('button', { name: 'Authorize' }).click();
  // The instance's code page is read by Breakwater, which finishes the sign-in and closes the tab.
  await expect
    .poll(() => card.getByRole('status').first().textContent(), { timeout: 20_000 })
    .toMatch(/Signed in as @mod/);
  await expect
    .poll(() => card.locator('dd[data-login]').textContent(), { timeout: 10_000 })
    .toMatch(/Signed in as moderator: @mod/);
  expect(await card.locator('dd[data-role]').getAttribute('data-role')).toBe('moderator');
  const scopes = await card.getByLabel('Scopes of the sign-in token').locator('code').allTextContents();
  expect(scopes).toEqual(
    expect.arrayContaining(['admin:read:accounts', 'admin:write:accounts', 'admin:write:reports']),
  );
  await screenshot(options, 'options-signed-in', 'li[data-domain="mastodon-a.test"]');
  await options.evaluate(() => window.scrollTo(0, 0));
  await options.screenshot({ path: `${ART}/options-top.png` });
  await card.getByRole('button', { name: 'Sign out' }).click();
  await expect
    .poll(() => card.getByRole('button', { name: 'Sign in as moderator on mastodon-a.test' }).count())
    .toBe(1);
  await expect
    .poll(() => card.locator('dd[data-login]').textContent(), { timeout: 10_000 })
    .toMatch(/Logged in as @mod in the web page/);
  await web.close();
});

test('removing an instance leaves nothing running there', async () => {
  await screenshot(options, 'options', null);
  await options.getByRole('button', { name: 'Remove misskey-a.test' }).click();
  await expect.poll(() => options.locator('li[data-domain="misskey-a.test"]').count(), { timeout: 10_000 }).toBe(0);
  const tab = await bench.browser.context.newPage();
  await loginAs(tab, 'misskey-a.test', 'alice', '/');
  await tab.waitForLoadState('load');
  await tab.waitForTimeout(800);
  expect(await tab.locator('html').getAttribute('data-breakwater')).toBeNull();
  await tab.close();
});

async function tabIdOf(pattern: string): Promise<number> {
  const worker = await bench.browser.worker();
  const id = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, pattern);
  expect(typeof id).toBe('number');
  return id as number;
}

async function openPopup(tabId: number): Promise<Page> {
  const popup = await bench.browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 520 });
  await popup.goto(`chrome-extension://${bench.browser.extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}

async function screenshot(page: Page, name: string, selector: string | null) {
  if (selector) await page.locator(selector).screenshot({ path: `${ART}/${name}.png` });
  else {
    // From the top: the sticky navigation bar stays where it belongs in a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ART}/${name}.png`, fullPage: true });
  }
}

/**
 * The simulated Misskey web UI in a real Chromium (no extension): the login the web UI keeps, the
 * selectors the fixtures document, streaming at the top, the 30-item trim, the queue when scrolled,
 * element re-creation, the deck, and the 2024.2.0 variant (no ids, 20-item trim).
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSim, type Sim } from '../sim';
import type { MisskeySimInstance } from '../sim/misskey';
import { CHROMIUM } from './browser';

const A = 'misskey-a.test';
const B = 'misskey-b.test';
const ARTIFACTS = 'test/artifacts/sim-misskey';

let sim: Sim;
let browser: Browser;

beforeAll(async () => {
  sim = await startSim({
    stopAfterMs: 5 * 60_000,
    roster: [
      { domain: A, platform: 'misskey', version: '2025.7.0' },
      { domain: B, platform: 'misskey', version: '2024.2.0' },
    ],
  });
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
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

const inst = (domain: string) => sim.instances.get(domain) as MisskeySimInstance;

/** Posts addressed to `domain` that have not arrived yet and belong in its users' home timelines. */
function pendingHomePosts(domain: string): string[] {
  const arrived = new Set(inst(domain).arrivedPostIds());
  return sim.scenario.posts
    .filter(
      (p) => !arrived.has(p.id) && p.deliveredTo.includes(domain) && sim.scenario.accounts[p.author]?.host !== domain,
    )
    .map((p) => p.id);
}

async function login(page: Page, domain: string, user: string, next = '/', extra = ''): Promise<void> {
  await page.goto(`http://${domain}/__sim/login?user=${user}&next=${encodeURIComponent(next)}${extra}`);
  await page.waitForURL(`http://${domain}${next}`);
}

const TL = '.xi81h';
const firstAnchor = (page: Page) =>
  page.locator(`${TL} > [data-scroll-anchor]`).first().getAttribute('data-scroll-anchor');

describe('Misskey 2025.7.0 web UI', () => {
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  });

  test('login keeps localStorage.account (i + token) and the shell is base.pug', async () => {
    await login(page, A, 'alice');
    const account = await page.evaluate(() => JSON.parse(localStorage.getItem('account') ?? 'null'));
    expect(account).toMatchObject({ username: 'alice', token: inst(A).token('alice'), isAdmin: false });
    expect(await page.locator('meta[name="application-name"]').getAttribute('content')).toBe('Misskey');
    expect(await page.locator('meta[property="instance_url"]').getAttribute('content')).toBe(`http://${A}`);
    const meta = JSON.parse((await page.locator('script#misskey_meta').textContent()) ?? '{}');
    expect(meta.version).toBe('2025.7.0');
    await expect.poll(() => page.locator('#misskey_app').count()).toBe(1);
    expect(await page.locator('#splash').count()).toBe(0);
  });

  test('the timeline loads through the API and the documented selectors find every note', async () => {
    await expect.poll(() => page.locator(`${TL} > *`).count(), { timeout: 15_000 }).toBe(15);
    const items = page.locator(`${TL} > *`);
    const anchors = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-scroll-anchor')));
    const apiIds = await page.evaluate(async () => {
      const i = JSON.parse(localStorage.getItem('account')!).token;
      const res = await fetch('/api/notes/timeline', {
        method: 'POST',
        body: JSON.stringify({ i, limit: 15 }),
        headers: { 'Content-Type': 'application/json' },
      });
      return ((await res.json()) as { id: string }[]).map((n) => n.id);
    });
    expect(anchors).toEqual(apiIds);
    for (let k = 0; k < 15; k++) {
      const item = items.nth(k);
      expect(await item.locator('article header a[href^="/notes/"]').count()).toBeGreaterThan(0);
      expect(await item.locator('article > a[href^="/@"][title]').count()).toBe(1);
    }
    // The 4th item carries the ad slot: the anchor moves to a class-less wrapper.
    expect(await items.nth(3).getAttribute('class')).toBeNull();
    expect(await items.nth(3).locator('> [tabindex="0"] article').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/home-2025.png` });
  });

  test('a delivered note streams in at the top; elements are re-created; the list trims to 30', async () => {
    const pending = pendingHomePosts(A);
    expect(pending.length).toBeGreaterThan(25);
    const before = await page.locator(`${TL} > *`).first().elementHandle();
    sim.deliver(A, [pending[0]!]);
    await expect.poll(() => firstAnchor(page), { timeout: 10_000 }).toBe(inst(A).noteId(pending[0]!));
    expect(await before!.evaluate((el) => el.isConnected)).toBe(false);
    const batch = pending.slice(1, 21);
    sim.deliver(A, batch);
    await expect.poll(() => firstAnchor(page), { timeout: 10_000 }).toBe(inst(A).noteId(batch[batch.length - 1]!));
    await expect.poll(() => page.locator(`${TL} > *`).count()).toBe(30);
  });

  test('scrolled down, new notes queue behind the button instead of moving the list', async () => {
    const pending = pendingHomePosts(A);
    const top = await firstAnchor(page);
    await page.locator('._pageScrollable').evaluate((el) => el.scrollTo({ top: 900 }));
    sim.deliver(A, [pending[0]!]);
    await expect
      .poll(() => page.locator('._pageScrollable [data-sim-new-notes]').isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await firstAnchor(page)).toBe(top);
    await page.locator('._pageScrollable [data-sim-new-notes]').click();
    await expect.poll(() => firstAnchor(page)).toBe(inst(A).noteId(pending[0]!));
  });

  test('the note page is MkNoteDetailed without data-scroll-anchor; navigation uses pushState', async () => {
    const id = (await firstAnchor(page))!;
    await page.locator('._pageScrollable').evaluate((el) => el.scrollTo({ top: 0 }));
    await page.locator(`${TL} > [data-scroll-anchor="${id}"] article header a[href^="/notes/"]`).click();
    await page.waitForURL(`http://${A}/notes/${(await page.evaluate(() => location.pathname)).split('/')[2]}`);
    await expect.poll(() => page.locator('[tabindex="0"] article').count()).toBeGreaterThan(0);
    expect(await page.locator('._pageScrollable [data-scroll-anchor]').count()).toBe(0);
    expect(await page.evaluate(() => history.length)).toBeGreaterThan(1);
  });

  test('MiAuth: the permission page, Allow, the callback with the session, then the check', async () => {
    const session = '3f1d2c4b-5a69-4788-9abc-def012345678';
    await page.goto(
      `http://${A}/miauth/${session}?name=Breakwater&permission=write:blocks,read:account&callback=${encodeURIComponent(`http://${A}/callback`)}`,
    );
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(`http://${A}/callback?session=${session}`);
    const check = await page.evaluate(
      async (s) =>
        (
          await fetch(`/api/miauth/${s}/check`, {
            method: 'POST',
            body: '{}',
            headers: { 'Content-Type': 'application/json' },
          })
        ).json(),
      session,
    );
    expect(check).toMatchObject({ ok: true, user: { username: 'alice' } });
    expect(inst(A).state().actions.at(-1)).toMatchObject({
      kind: 'app_authorized',
      by: 'alice',
      details: { permission: ['write:blocks', 'read:account'] },
    });
  });

  test('the deck: several columns, each a timeline or notifications', async () => {
    const deck = await browser.newPage({ viewport: { width: 1700, height: 1100 } });
    await login(deck, A, 'admin', '/', '&ui=deck');
    await expect.poll(() => deck.locator('section[data-sim-column]').count()).toBe(3);
    await expect
      .poll(() => deck.locator('section[data-sim-column="home"] .xi81h > [data-scroll-anchor]').count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(5);
    await expect
      .poll(() => deck.locator('section[data-sim-column="local"] .xi81h > *').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await deck.screenshot({ path: `${ARTIFACTS}/deck-2025.png` });
    await deck.close();
  });
});

describe('Misskey 2024.2.0 web UI', () => {
  test('no data-scroll-anchor, ids only in permalinks, displayLimit 20', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await login(page, B, 'alice');
    const notes = page.locator('._pageScrollable .xcSej');
    await expect.poll(() => notes.count(), { timeout: 15_000 }).toBe(10);
    expect(await page.locator('._pageScrollable [data-scroll-anchor]').count()).toBe(0);
    expect(await notes.first().getAttribute('tabindex')).toBe('-1');
    expect(await notes.first().locator('article header a[href^="/notes/"]').count()).toBe(1);
    const pending = pendingHomePosts(B);
    sim.deliver(B, pending.slice(0, 15));
    await expect
      .poll(() => notes.first().locator('article header a[href^="/notes/"]').getAttribute('href'), { timeout: 10_000 })
      .toBe(`/notes/${inst(B).noteId(pending[14]!)}`);
    await expect.poll(() => notes.count()).toBe(20);
    await page.screenshot({ path: `${ARTIFACTS}/home-2024.png` });
    await page.close();
  });
});

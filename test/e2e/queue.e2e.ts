/**
 * The action queue in the built extension, in Chromium, against the simulated instances: batches
 * enqueued from an extension page (`ui:enqueueBatch`, as the overlay's batch bar will), the tab
 * closed, the service worker stopped mid-batch, then the whole browser closed and started again
 * with the same profile mid-batch. The simulated servers' own record must then hold every asked
 * action exactly once. The popup shows the progress; the options page shows the audit log.
 * Screenshots: test/artifacts/queue/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { BatchProgress } from '../../src/core/queue/types';
import { startSim, type Sim } from '../sim';
import { nativeToken } from '../sim/misskey';
import { KA, knownTargets, MA, recorded } from '../unit/queue/sim-tools';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { addInstance, loginAs } from './setup';

declare const chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } };

const ART = 'test/artifacts/queue';
let sim: Sim;
let browser: ExtensionBrowser | null = null;
let userDataDir = '';

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  userDataDir = mkdtempSync(join(tmpdir(), 'breakwater-queue-e2e-'));
  // Misskey's 20 blocks an hour on an hour of 7.2 s (`i` still says rateLimitFactor 1).
  sim = await startSim({ scale: 0.002, misskeyLimits: 'compressed', stopAfterMs: 10 * 60_000 });
  browser = await launchWithExtension({ simPort: sim.port, userDataDir });
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

const send = (page: Page, msg: unknown) => page.evaluate((m) => chrome.runtime.sendMessage(m), msg);
const batches = async (page: Page) =>
  (await send(page, { type: 'ui:listBatches', req: { limit: 20 } })) as BatchProgress[];

/** The extension's service worker target (its id changes with every start of the worker). */
async function workerTarget(b: ExtensionBrowser, page: Page): Promise<string | null> {
  const cdp = await b.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  await cdp.detach();
  return targetInfos.find((t) => t.type === 'service_worker' && t.url.includes(b.extensionId))?.targetId ?? null;
}

/** Stops the extension's service worker through the DevTools protocol, as Chrome ends a worker. */
async function stopWorker(b: ExtensionBrowser, page: Page): Promise<string> {
  const id = await workerTarget(b, page);
  expect(id, 'the extension service worker target').toBeTruthy();
  const cdp = await b.context.newCDPSession(page);
  expect(await cdp.send('Target.closeTarget', { targetId: id! })).toEqual({ success: true });
  await cdp.detach();
  return id!;
}

test(
  'batches survive a closed tab, a stopped worker and a browser restart: every action once',
  { timeout: 240_000 },
  async () => {
    const b1 = browser!;
    expect(await addInstance(b1, MA)).toMatch(/Added mastodon-a\.test/);
    expect(await addInstance(b1, KA)).toMatch(/Added misskey-a\.test/);
    // Mastodon: the content script reads the web UI's token from the page (content:token).
    const tab = await b1.context.newPage();
    await loginAs(tab, MA, 'alice', '/home');
    const opts = await b1.openExtensionPage('options.html');
    await expect
      .poll(
        async () =>
          ((await send(opts, { type: 'ui:listInstances' })) as { domain: string; login: { kind: string } }[]).find(
            (i) => i.domain === MA,
          )?.login.kind,
        { timeout: 20_000 },
      )
      .toBe('page');
    // Misskey's page reader is another engineer's work in progress: its token is written into the
    // extension's store the way the background's content:token does.
    await opts.evaluate(
      ({ instance, token }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('breakwater');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('tokens', 'readwrite');
            tx.objectStore('tokens').put({
              instance,
              source: 'page',
              token,
              account: 'alice',
              scopes: [],
              createdAt: Date.now(),
              updatedAt: Date.now(),
            });
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
      { instance: KA, token: nativeToken(KA, 'alice') },
    );
    await tab.close();

    const mt = knownTargets(sim, MA, 40);
    const kt = knownTargets(sim, KA, 45);
    // Mastodon answers a few blocks slowly: the worker is stopped with one in flight.
    sim.addFault({ kind: 'slow', host: MA, path: /\/block$/, delayMs: 1_500, times: 4 });
    const rm = (await send(opts, {
      type: 'ui:enqueueBatch',
      req: { instance: MA, kind: 'block', targets: mt, options: {} },
    })) as { ok: boolean; batchId: string };
    const rk = (await send(opts, {
      type: 'ui:enqueueBatch',
      req: { instance: KA, kind: 'block', targets: kt, options: {} },
    })) as { ok: boolean; batchId: string };
    expect([rm.ok, rk.ok]).toEqual([true, true]);

    // The popup shows both at work.
    const popup = await b1.openExtensionPage('popup.html');
    await popup.setViewportSize({ width: 400, height: 520 });
    const inPopup = popup.getByTestId('popup-batches').locator('li.batch');
    await expect.poll(() => inPopup.count(), { timeout: 10_000 }).toBe(2);
    expect(await popup.getByTestId('popup-batches').textContent()).toMatch(
      /Block · misskey-a\.test.*Block · mastodon-a\.test|Block · mastodon-a\.test.*Block · misskey-a\.test/s,
    );
    await popup.screenshot({ path: `${ART}/popup-running.png` });

    // 1. The service worker is stopped mid-batch, then woken by the page's next message.
    await expect
      .poll(async () => (await batches(opts)).find((x) => x.batchId === rm.batchId)?.done ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(1);
    const before = await batches(opts);
    expect(before.some((x) => x.remaining > 0)).toBe(true);
    // A mark in the worker's global scope: gone once a new worker runs.
    await (await b1.worker()).evaluate(() => ((globalThis as { bwLife?: string }).bwLife = 'before the stop'));
    const stopped = await stopWorker(b1, opts);
    await expect.poll(() => workerTarget(b1, opts), { timeout: 10_000 }).toBeNull();
    // The page's next message starts a new worker, which resumes the queue from the store.
    await expect.poll(async () => (await batches(opts)).length, { timeout: 20_000 }).toBe(2);
    expect(await workerTarget(b1, opts)).not.toBeNull();
    const life = await (await b1.worker()).evaluate(() => (globalThis as { bwLife?: string }).bwLife ?? 'new');
    expect(life).toBe('new');
    void stopped;

    // 2. Misskey has used its hour's 20 blocks and waits: the browser is closed and started again.
    await expect
      .poll(async () => (await batches(opts)).find((x) => x.batchId === rk.batchId), { timeout: 60_000 })
      .toMatchObject({ state: 'waiting' });
    const mid = await batches(opts);
    expect(mid.find((x) => x.batchId === rk.batchId)!.done).toBeGreaterThanOrEqual(20);
    expect(mid.find((x) => x.batchId === rk.batchId)!.remaining).toBeGreaterThan(0);
    await popup.screenshot({ path: `${ART}/popup-waiting.png` });
    await b1.context.close();
    browser = await launchWithExtension({ simPort: sim.port, userDataDir });
    const b2 = browser;

    const opts2 = await b2.openExtensionPage('options.html');
    await expect
      .poll(async () => (await batches(opts2)).map((x) => `${x.instance}:${x.state}:${x.done}/${x.total}`).sort(), {
        timeout: 150_000,
        interval: 1_000,
      })
      .toEqual([`${MA}:done:40/40`, `${KA}:done:45/45`].sort());

    // The servers' record: every account blocked once, none lost, none twice.
    const onMastodon = recorded(sim, MA, 'block', 'alice');
    expect([...onMastodon.keys()].sort()).toEqual(mt.map((t) => t.scenarioAcct).sort());
    expect([...onMastodon.values()].every((n) => n === 1)).toBe(true);
    const onMisskey = recorded(sim, KA, 'block', 'alice');
    expect([...onMisskey.keys()].sort()).toEqual(kt.map((t) => t.scenarioAcct).sort());
    expect([...onMisskey.values()].every((n) => n === 1)).toBe(true);
    // Misskey's window was learned from one refusal (and kept across the restart).
    expect(sim.state(KA).rateLimited.length).toBeLessThanOrEqual(2);
    expect(sim.state(MA).rateLimited).toEqual([]);
    // The block in flight when the worker stopped was checked (relationships) before it was sent again.
    expect(sim.state(MA).requestCounts['GET /api/v1/accounts/relationships']).toBeGreaterThanOrEqual(1);

    // The audit log in the options page: every action, searchable, exported.
    await opts2.reload();
    const log = opts2.getByTestId('audit-log');
    await expect.poll(() => log.locator('tbody tr[data-result="ok"]').count(), { timeout: 15_000 }).toBe(85);
    await opts2.getByRole('searchbox', { name: 'Search the audit log' }).fill(kt[0]!.acct);
    await expect.poll(() => log.locator('tbody tr').count()).toBeLessThanOrEqual(3);
    expect(await log.locator('tbody tr').first().textContent()).toContain(kt[0]!.acct);
    const download = opts2.waitForEvent('download');
    await opts2.locator('#audit').getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^breakwater-audit-.*\.csv$/);
    await opts2.getByRole('searchbox', { name: 'Search the audit log' }).fill('');
    await opts2.locator('#audit').screenshot({ path: `${ART}/audit-log.png` });

    // The finished batches in the popup, with Undo.
    const popup2 = await b2.openExtensionPage('popup.html');
    await popup2.setViewportSize({ width: 400, height: 520 });
    await expect
      .poll(() => popup2.getByTestId('popup-finished').locator('li.batch').count(), { timeout: 10_000 })
      .toBe(2);
    await popup2.screenshot({ path: `${ART}/popup-finished.png` });
    await popup2.getByRole('button', { name: 'Undo Block · mastodon-a.test' }).click();
    await expect.poll(() => recorded(sim, MA, 'unblock', 'alice').size, { timeout: 30_000 }).toBe(40);
  },
);

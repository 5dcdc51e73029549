/**
 * Moderator triage end to end (issue 9): the built extension in Chromium against mastodon-a.test
 * (200 open reports about a wave mixed with 10 genuine ones, 60 pending sign-ups of a bot wave
 * mixed with 8 genuine ones) and misskey-a.test (100 wave reports and 8 genuine ones). A volunteer
 * signs in as moderator on both through the instances' real OAuth and MiAuth pages, opens Triage
 * from the popup, sees one list across both instances with the wave grouped, settles the wave on
 * both with one decision (one batch per instance and kind through the action queue), rejects the
 * bot sign-ups, and the simulated servers' records prove that exactly the wave's reports were
 * resolved and its accounts suspended, the bots rejected, and nothing genuine touched.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_ROSTER } from '../sim';
import type { MastodonInstance } from '../sim/mastodon';
import type { MisskeySimInstance } from '../sim/misskey';
import type { SimOptions } from '../sim/types';
import { addInstance, loginAs, startBench, type Bench } from './setup';

const MA = 'mastodon-a.test';
const KA = 'misskey-a.test';
const ART = 'test/artifacts/triage';
let bench: Bench;
let triage: Page;
const figures: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(ART, { recursive: true });
  bench = await startBench(
    { roster: DEFAULT_ROSTER.filter((r) => r.domain === MA || r.domain === KA), scale: 0.01 } as SimOptions,
    { viewport: { width: 1280, height: 900 } },
  );
  await addInstance(bench.browser, MA);
  await addInstance(bench.browser, KA);
});
afterAll(async () => {
  // The figures the docs quote (docs/triage.md), printed for the record.
  console.log('triage figures', JSON.stringify(figures));
  await bench?.close();
});

/** Ground truth of the seeded queues (never served over HTTP). */
function truth() {
  const m = (bench.sim.instances.get(MA) as MastodonInstance).moderationTruth();
  const k = (bench.sim.instances.get(KA) as MisskeySimInstance).seededReports();
  return {
    mReports: m.reports,
    mSignups: m.signups,
    kReports: Object.fromEntries(k.map((r) => [r.id, r.truth === 'spam-wave' ? 'spam' : 'legit'])),
  };
}

/** mastodon-a.test's state with the moderation extras its `state()` carries. */
interface MastodonExtras {
  reports: { id: string; targetId: string; resolved: boolean }[];
  pendingSignups: { id: string; username: string; approved: boolean }[];
}
const mState = () => bench.sim.state(MA) as ReturnType<Bench['sim']['state']> & MastodonExtras;

const actionsOf = (domain: string, kind: string) => bench.sim.state(domain).actions.filter((a) => a.kind === kind);

describe('moderator triage', () => {
  test('a moderator signs in on both instances (Mastodon OAuth, Misskey MiAuth) from the options page', async () => {
    const web = await bench.browser.context.newPage();
    await loginAs(web, MA, 'mod', '/home');
    await loginAs(web, KA, 'mod', '/');
    const options = await bench.browser.openExtensionPage('options.html');
    for (const [domain, button] of [
      [MA, 'Authorize'],
      [KA, 'Allow'],
    ] as const) {
      const card = options.locator(`li[data-domain="${domain}"]`);
      const [flow] = await Promise.all([
        bench.browser.context.waitForEvent('page'),
        card.getByRole('button', { name: `Sign in as moderator on ${domain}` }).click(),
      ]);
      await flow.getByRole('button', { name: button }).click();
      await expect.poll(() => flow.isClosed(), { timeout: 15_000 }).toBe(true);
      await card
        .getByText(/Signed in as @mod/)
        .first()
        .waitFor({ timeout: 10_000 });
    }
    await options.close();
    await web.close();
  });

  test('Triage, opened from the popup, lists both queues as one, the wave grouped and the real reports apart', async () => {
    const popup = await bench.browser.openExtensionPage('popup.html');
    const [page] = await Promise.all([
      bench.browser.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Triage' }).click(),
    ]);
    triage = page;
    const started = Date.now();
    await triage.waitForURL(/triage\.html/);
    const wave = triage.locator('article.group-card[data-kind="wave"]').first();
    await wave.waitFor({ timeout: 30_000 });
    figures.loadAndGroupMs = Date.now() - started;
    await popup.close();
    // The README's screenshot is refreshed on request only (a test run leaves the tree clean).
    await triage.screenshot({
      path: process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots/triage.png' : `${ART}/triage-first.png`,
    });

    // One group for the wave on both instances: 200 + 100 reports, the instance on each row.
    expect(await wave.getAttribute('data-size')).toBe('300');
    expect(await wave.locator('.badge.instance').allTextContents()).toEqual([`${MA} 200`, `${KA} 100`]);
    const heading = (await wave.getByRole('heading').textContent()) ?? '';
    expect(heading).toMatch(/^Wave: 300 reports about \d+ accounts$/);
    expect(await wave.locator('ul.reasons li').first().textContent()).toMatch(/near-identical posts from \d+ accounts/);
    expect(await triage.locator('article.group-card[data-kind="wave"]').count()).toBe(1);

    // The real reports: alone (or with another report about the same account), every one genuine.
    const t = truth();
    const real = triage.locator(
      '[data-testid="report-singles"] tr[data-report], article.group-card[data-kind="account"] tr[data-report]',
    );
    const keys = await real.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-report')!));
    expect(keys).toHaveLength(18);
    for (const k of keys) {
      const [domain, , id] = k.split('|') as [string, string, string];
      expect(domain === MA ? t.mReports[id] : t.kReports[id], k).toBe('legit');
    }
    figures.realReportsAlone = await triage.locator('[data-testid="report-singles"] tr[data-report]').count();
    const rowsInstances = await real.locator('td.inst').allTextContents();
    expect(new Set(rowsInstances)).toEqual(new Set([MA, KA]));

    // The sign-up wave: one group of the 60 bots, the 8 genuine sign-ups apart.
    const bots = triage.locator('article.group-card[data-kind="signups"]');
    expect(await bots.count()).toBe(1);
    expect(await bots.getAttribute('data-size')).toBe('60');
    expect(await bots.locator('ul.reasons').textContent()).toMatch(/at tempbox\.example/);
    expect(await triage.locator('[data-testid="signup-singles"] tr[data-signup]').count()).toBe(8);

    // Keyboard: j focuses the first group, x selects it, Escape clears the selection.
    await triage.locator('body').click({ position: { x: 5, y: 300 } });
    await triage.keyboard.press('j');
    expect(await triage.evaluate(() => document.activeElement?.getAttribute('data-kind'))).toBe('wave');
    await triage.keyboard.press('x');
    await expect
      .poll(() => triage.getByTestId('selection-summary').textContent())
      .toMatch(/^Selected: 300 reports about \d+ accounts, 0 sign-ups, on 2 instances$/);
    await triage.keyboard.press('Escape');
    await expect.poll(() => triage.getByTestId('selection-summary').count()).toBe(0);

    const timings = (await triage.getByTestId('triage-timings').textContent()) ?? '';
    const [, fetchMs, groupMs] = /Read in ([\d,]+) ms, grouped in ([\d,]+) ms/.exec(timings)!;
    figures.backgroundFetchMs = Number(fetchMs!.replace(/,/g, ''));
    figures.backgroundGroupMs = Number(groupMs!.replace(/,/g, ''));
    await triage.screenshot({ path: `${ART}/triage-loaded.png`, fullPage: true });
  });

  test('one decision settles the wave on both instances: accounts suspended, reports resolved, nothing genuine touched', async () => {
    const t = truth();
    const wave = triage.locator('article.group-card[data-kind="wave"]').first();
    await wave.getByRole('button', { name: 'Suspend and resolve' }).click();
    const dialog = triage.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Suspend and resolve: 300 items' }).waitFor();
    // The preview: per instance and kind, from the action queue's plan.
    const preview = (kind: string, domain: string) =>
      dialog.locator(`ul.previews > li[data-kind="${kind}"][data-instance="${domain}"] [data-count]`);
    await preview('suspend', MA).waitFor({ timeout: 10_000 });
    const mAccounts = Number(await preview('suspend', MA).getAttribute('data-count'));
    const kAccounts = Number(await preview('suspend', KA).getAttribute('data-count'));
    expect(Number(await preview('resolve_report', KA).getAttribute('data-count'))).toBe(100);
    await dialog.getByLabel('Note for the moderation log').fill('Spam wave, settled with Breakwater triage');
    expect(await dialog.getByRole('checkbox', { name: /Teach Breakwater that these posts are spam/ }).isChecked()).toBe(
      true,
    );
    await triage.screenshot({ path: `${ART}/triage-preview.png` });
    const confirm = dialog.getByRole('button', {
      name: `Suspend and resolve (${mAccounts + kAccounts + 100} actions)`,
    });
    const started = Date.now();
    await confirm.click();
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => triage.getByTestId('last-action').textContent())
      .toMatch(/Queued 3 batches on 2 instances\. Breakwater learned \d+ posts as spam\./);

    // The servers' record: every wave account suspended once, every wave report resolved.
    await expect
      .poll(
        () =>
          mState().reports.filter((r) => t.mReports[r.id] === 'spam' && !r.resolved).length +
          (100 - new Set(actionsOf(KA, 'resolve_report').map((a) => a.target)).size),
        { timeout: 45_000, interval: 250 },
      )
      .toBe(0);
    figures.settleMs = Date.now() - started;
    const mSuspended = actionsOf(MA, 'suspend');
    expect(mSuspended).toHaveLength(mAccounts);
    expect(new Set(mSuspended.map((a) => a.target)).size).toBe(mAccounts);
    const waveTargets = new Set(
      mState()
        .reports.filter((r) => t.mReports[r.id] === 'spam')
        .map((r) => r.targetId),
    );
    expect(new Set(mSuspended.map((a) => a.target))).toEqual(waveTargets);
    for (const a of mSuspended) {
      expect(a.by).toBe('mod');
      expect(a.details.text).toBe('Spam wave, settled with Breakwater triage');
      expect(t.mReports[String(a.details.reportId)]).toBe('spam');
    }
    const kSuspended = actionsOf(KA, 'suspend');
    expect(kSuspended).toHaveLength(kAccounts);
    const kWaveTargets = new Set(
      (bench.sim.instances.get(KA) as MisskeySimInstance)
        .seededReports()
        .filter((r) => r.truth === 'spam-wave')
        .map((r) => r.targetAcct),
    );
    expect(new Set(kSuspended.map((a) => a.targetAcct))).toEqual(kWaveTargets);
    // Nothing genuine touched: the real reports are open, their accounts not acted on.
    const genuine = mState().reports.filter((r) => t.mReports[r.id] === 'legit');
    expect(genuine).toHaveLength(10);
    for (const r of genuine) expect(r.resolved, r.id).toBe(false);
    const kResolved = new Set(actionsOf(KA, 'resolve_report').map((a) => a.target));
    for (const [id, label] of Object.entries(t.kReports)) expect(kResolved.has(id), id).toBe(label === 'spam');
    const genuineTargets = new Set(genuine.map((r) => r.targetId));
    for (const a of bench.sim.state(MA).actions) expect(genuineTargets.has(a.target)).toBe(false);
    expect(mState().pendingSignups).toHaveLength(68);
  });

  test('the bot sign-ups are rejected in one batch, the genuine ones left pending', async () => {
    const t = truth();
    const bots = triage.locator('article.group-card[data-kind="signups"]');
    await bots.getByRole('button', { name: 'Reject', exact: true }).click();
    const dialog = triage.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Reject (60 actions)' });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    const started = Date.now();
    await confirm.click();
    await expect.poll(() => actionsOf(MA, 'reject').length, { timeout: 30_000 }).toBe(60);
    figures.rejectMs = Date.now() - started;
    for (const a of actionsOf(MA, 'reject')) expect(t.mSignups[a.target], a.target).toBe('spam');
    const pending = mState().pendingSignups;
    expect(pending).toHaveLength(8);
    for (const p of pending) expect(t.mSignups[p.id]).toBe('legit');
    expect(actionsOf(MA, 'approve')).toHaveLength(0);
    expect(actionsOf(MA, 'email_domain_block')).toHaveLength(0);
  });

  test('when the batches are done the page reads the queues again: only the real reports and sign-ups are left', async () => {
    const wave = triage.locator('article.group-card[data-kind="wave"]');
    await expect.poll(() => wave.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => triage.locator('article.group-card[data-kind="signups"]').count()).toBe(0);
    const real = triage.locator(
      '[data-testid="report-singles"] tr[data-report], article.group-card[data-kind="account"] tr[data-report]',
    );
    expect(await real.count()).toBe(18);
    expect(await triage.locator('[data-testid="signup-singles"] tr[data-signup]').count()).toBe(8);
    const batches = triage.locator('section[aria-labelledby="batches-h"] li[data-batch]');
    expect(await batches.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual([
      'done',
      'done',
      'done',
      'done',
    ]);
    await triage.screenshot({ path: `${ART}/triage-settled.png`, fullPage: true });
    // Undo, where the API has one: the Mastodon suspensions are lifted by a new batch.
    const suspendBatch = batches.filter({ hasText: `Suspend · ${MA}` });
    await suspendBatch.getByRole('button', { name: `Undo Suspend · ${MA}` }).click();
    const n = actionsOf(MA, 'suspend').length;
    await expect.poll(() => actionsOf(MA, 'unsuspend').length, { timeout: 30_000 }).toBe(n);
    await expect.poll(() => triage.locator('section[aria-labelledby="batches-h"] li[data-batch]').count()).toBe(5);
  });
});

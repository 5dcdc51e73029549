/**
 * `npm run demo`: builds the extension, starts the simulated instances with a live spam wave, and
 * opens Chromium with Breakwater loaded on them, driving it the way a user would: add the
 * instances in the options page, open the timelines, watch the wave get flagged, select it and
 * preview a report. Headed when a display is available (then it stays open until Ctrl-C),
 * otherwise headless; either way it saves screenshots of what a user sees and prints where.
 *
 *   npm run demo                 # the whole tour
 *   npm run demo -- --headless   # force headless
 *   npm run demo -- --minutes 20 # headed: keep the browser and the instances up this long
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startSim } from '../test/sim';
import type { GenPost } from '../test/sim/generator/types';
import { launchWithExtension, type ExtensionBrowser } from '../test/e2e/browser';

const args = process.argv.slice(2);
const headless = args.includes('--headless') || !process.env.DISPLAY;
const minutes = Number(args[args.indexOf('--minutes') + 1]) || 15;
const OUT = resolve('demo-output');
const MASTODON = 'mastodon-a.test';
const MISSKEY = 'misskey-a.test';
const t0 = Date.now();
const say = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);
const shots: string[] = [];

async function shot(page: Page, name: string, what: string) {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  shots.push(`${path}  ${what}`);
  say(`screenshot: ${path}`);
}

async function addInstance(browser: ExtensionBrowser, domain: string): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  await page.getByLabel('Instance domain').fill(domain);
  await page.getByRole('button', { name: 'Add instance' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`Added ${domain.replace('.', '\\.')}`) })
    .first()
    .waitFor({ timeout: 20_000 });
  say(`added ${domain} in the options page`);
  await page.close();
}

async function openTimeline(browser: ExtensionBrowser, domain: string, user: string, path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`http://${domain}/__sim/login?user=${user}&next=${encodeURIComponent(path)}`);
  await page.waitForSelector('html[data-breakwater-ready]', { state: 'attached', timeout: 20_000 });
  say(`opened ${domain}${path} as @${user}`);
  return page;
}

/** What the batch bar says ("Flagged on this page: N"), waiting up to 20 s for a few. */
async function flaggedOnPage(page: Page): Promise<number> {
  const until = Date.now() + 20_000;
  let n = 0;
  while (Date.now() < until) {
    const text =
      (await page
        .getByRole('region', { name: 'Breakwater' })
        .textContent()
        .catch(() => '')) ?? '';
    n = Number(/Flagged on this page: (\d+)/.exec(text)?.[1] ?? 0);
    if (n >= 3) break;
    await page.waitForTimeout(250);
  }
  return n;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  say('building the extension (test build: *.test domains pre-granted, so no permission prompt)...');
  const build = spawnSync('npm', ['run', '--silent', 'build:e2e'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('the build failed');

  // No live mode during the tour: the demo streams the posts itself, so that the wave is on screen.
  const sim = await startSim({ scale: 0.05, stopAfterMs: (minutes + 2) * 60_000 });
  say(`simulated instances on 127.0.0.1:${sim.port}: ${[...sim.instances.keys()].join(', ')}`);
  const browser = await launchWithExtension({ simPort: sim.port, headless, viewport: { width: 1360, height: 1000 } });
  say(`Chromium started ${headless ? 'headless (no display)' : 'in a window'} with Breakwater loaded`);
  let feeding: ReturnType<typeof setInterval> | null = null;
  try {
    await addInstance(browser, MASTODON);
    await addInstance(browser, MISSKEY);

    const mastodon = await openTimeline(browser, MASTODON, 'alice', '/home');
    const misskey = await openTimeline(browser, MISSKEY, 'alice', '/');

    // The first wave of the scenario (its style is one of the 2024 waves), streamed into both
    // instances between ordinary posts, the newest on top, as the real web UIs show a wave arriving.
    const start = sim.scenario.options.start + 3 * 3_600_000;
    const upcoming = (domain: string, pred: (p: GenPost) => boolean): GenPost[] =>
      sim.scenario.posts.filter(
        (p) => p.createdAt > start && p.deliveredTo.includes(domain) && !p.boostOf && !p.replyTo && pred(p),
      );
    const waveId = upcoming(MASTODON, (p) => p.wave !== null)[0]?.wave;
    const feed = (domain: string) => ({
      wave: upcoming(domain, (p) => p.wave === waveId).slice(0, 8),
      legit: upcoming(domain, (p) => p.label === 'legit' && !p.hardCase && !p.quoteOf).slice(0, 16),
    });
    const m = feed(MASTODON);
    const k = feed(MISSKEY);
    say(
      `streaming wave ${waveId} between ordinary posts: ${m.wave.length} spam posts each to ${MASTODON} and ${MISSKEY}`,
    );
    for (let i = 0; i < 8; i++) {
      for (const [domain, f] of [
        [MASTODON, m],
        [MISSKEY, k],
      ] as const) {
        const batch = [f.legit[2 * i], f.legit[2 * i + 1], f.wave[i]].filter((p): p is GenPost => !!p);
        for (const p of batch) sim.deliver(domain, [p.id]);
      }
      await new Promise((r) => setTimeout(r, 400));
    }
    for (const [page, domain] of [
      [mastodon, MASTODON],
      [misskey, MISSKEY],
    ] as const) {
      say(`${domain}: ${await flaggedOnPage(page)} posts flagged as spam on the page`);
    }

    await mastodon.bringToFront();
    await mastodon.evaluate(() => window.scrollTo(0, 0));
    await mastodon.waitForTimeout(500);
    await shot(mastodon, '1-mastodon-wave-flagged', 'Mastodon timeline: the wave flagged, the batch bar');
    const badge = mastodon.getByRole('button', { name: 'Spam wave' }).first();
    if (await badge.count()) {
      await badge.hover();
      await badge.focus();
      await mastodon
        .getByRole('tooltip')
        .first()
        .waitFor({ timeout: 5_000 })
        .catch(() => {});
      await shot(mastodon, '2-mastodon-reasons', 'the reasons of a flag, shown on hover and keyboard focus');
    }
    const bar = mastodon.getByRole('region', { name: 'Breakwater' });
    await bar.getByRole('button', { name: 'Select wave' }).click();
    await bar.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = bar.getByRole('dialog');
    await dialog.waitFor({ timeout: 10_000 });
    const confirm = dialog.getByRole('button', { name: /^Report \d+ account/ });
    await confirm.waitFor({ timeout: 10_000 });
    await mastodon.waitForTimeout(500);
    await shot(mastodon, '3-mastodon-report-preview', 'the preview before reporting the whole wave');
    await confirm.click({ timeout: 10_000 });
    await bar.getByText(/(\d+) of \1 done/).waitFor({ timeout: 60_000 });
    const reports = sim.state(MASTODON).actions.filter((a) => a.kind === 'report');
    say(`${MASTODON} recorded ${reports.length} reports, one per account, each with its posts, category spam`);
    await shot(mastodon, '4-mastodon-reported', 'the batch done: what the server recorded');

    await misskey.bringToFront();
    await misskey.evaluate(() => window.scrollTo(0, 0));
    await misskey.waitForTimeout(500);
    await shot(misskey, '5-misskey-wave-flagged', 'Misskey timeline: the same wave, flagged');

    const dashboard = await browser.openExtensionPage('dashboard.html');
    await dashboard.waitForTimeout(1500);
    await shot(dashboard, '6-dashboard', 'the dashboard: waves over time, largest waves, queue');

    console.log(`\nBreakwater demo: screenshots of what a user sees, in ${OUT}/:`);
    for (const s of shots) console.log(`  ${s}`);
    if (!headless) {
      // From now on the scenario streams on by itself: ordinary posts and further waves.
      const rest = (domain: string) =>
        upcoming(domain, () => true).filter((p) => !m.wave.includes(p) && !k.wave.includes(p));
      const queues = new Map([MASTODON, MISSKEY].map((d) => [d, rest(d)]));
      feeding = setInterval(() => {
        for (const [domain, q] of queues) {
          const p = q.shift();
          if (p) sim.deliver(domain, [p.id]);
        }
      }, 1500);
      console.log(`\nThe browser stays open for ${minutes} minutes (Ctrl-C to stop). Posts keep coming.`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, minutes * 60_000);
        process.once('SIGINT', () => {
          clearTimeout(timer);
          r();
        });
        browser.context.once('close', () => r());
      });
    }
  } finally {
    if (feeding) clearInterval(feeding);
    await browser.close();
    await sim.close();
  }
}

main().catch((e) => {
  console.error(`demo failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});

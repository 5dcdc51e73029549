import type { Page } from 'playwright-core';
import { startSim } from '../sim';
import type { Sim, SimOptions } from '../sim/types';
import { launchWithExtension, type ExtensionBrowser, type LaunchOptions } from './browser';

/** A simulated fediverse and a Chromium with the built extension pointed at it. */
export interface Bench {
  sim: Sim;
  browser: ExtensionBrowser;
  close(): Promise<void>;
}

export async function startBench(
  simOptions: SimOptions = {},
  launch: Omit<LaunchOptions, 'simPort'> = {},
): Promise<Bench> {
  // The sim stops by itself even if a test dies without closing it.
  const sim = await startSim({ stopAfterMs: 10 * 60_000, ...simOptions });
  let browser: ExtensionBrowser;
  try {
    browser = await launchWithExtension({ simPort: sim.port, ...launch });
  } catch (e) {
    await sim.close();
    throw e;
  }
  return {
    sim,
    browser,
    async close() {
      await browser.close();
      await sim.close();
    },
  };
}

/** Adds an instance through the options page, exactly as a user does. Returns the status text. */
export async function addInstance(browser: ExtensionBrowser, domain: string): Promise<string> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.getByLabel('Instance domain').fill(domain);
    await page.getByRole('button', { name: 'Add instance' }).click();
    const status = page.getByRole('status').first();
    await status
      .filter({ hasText: /\S/ })
      .filter({ hasNotText: /Asking the server/ })
      .waitFor({ timeout: 20_000 });
    return (await status.textContent()) ?? '';
  } finally {
    await page.close();
  }
}

/** Logs a page in as a local user of a simulated instance (the way its web UI keeps a login). */
export async function loginAs(page: Page, domain: string, user: string, next = '/', extra = ''): Promise<void> {
  await page.goto(
    `http://${domain}/__sim/login?user=${encodeURIComponent(user)}&next=${encodeURIComponent(next)}${extra}`,
  );
}

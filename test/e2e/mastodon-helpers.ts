/**
 * Helpers of the Mastodon overlay's end-to-end tests: the scenario's posts on an instance, pages
 * logged in with the extension loaded, what the overlay shows, screenshots.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { GenPost } from '../sim/generator/types';
import { statusIdFor } from '../sim/mastodon/render';
import type { Sim } from '../sim/types';
import type { Bench } from './setup';
import { loginAs } from './setup';

export const A = 'mastodon-a.test';
export const B = 'mastodon-b.test';
export const ARTIFACTS = resolve('test/artifacts/mastodon');

/** Posts not delivered yet to `domain` (the scenario's future), in time order. */
export function pending(sim: Sim, domain: string, pred: (p: GenPost) => boolean): GenPost[] {
  const start = sim.scenario.options.start + 3 * 3_600_000;
  return sim.scenario.posts.filter(
    (p) => p.deliveredTo.includes(domain) && p.createdAt > start - 1 && !p.boostOf && !p.replyTo && pred(p),
  );
}

/** The local status id `domain` gives a scenario post. */
export const localId = (sim: Sim, domain: string, p: GenPost) => statusIdFor(p, sim.scenario, domain);

/** Opens the web UI logged in as `user`, waits for the simulated UI and for Breakwater to run. */
export async function openInstance(bench: Bench, domain: string, user: string, next = '/home', extra = '') {
  const page = await bench.browser.context.newPage();
  page.on('pageerror', (e) => console.error(`pageerror (${domain})`, e.message));
  await loginAs(page, domain, user, next, extra);
  await page.waitForSelector('html[data-sim-ready]', { timeout: 20_000 });
  await page.waitForSelector('html[data-breakwater-ready]', { timeout: 20_000 });
  return page;
}

/** The post element (`.status[data-id]`, or the focused post of a thread) of a local status id. */
export function post(page: Page, id: string): Locator {
  return page.locator(`.status[data-id="${id}"]:not(.status--is-quote)`).first();
}

export const verdictOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    const el = document.querySelector(`.status[data-id="${id}"]`);
    return el ? el.getAttribute('data-breakwater-verdict') : 'absent';
  }, id);

/** The batch bar (a region named "Breakwater" in its own shadow root). */
export const bar = (page: Page) => page.getByRole('region', { name: 'Breakwater' });

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Delivers posts one by one (as streaming does), waiting `gapMs` between them. */
export async function stream(sim: Sim, domain: string, posts: GenPost[], gapMs = 150): Promise<void> {
  for (const p of posts) {
    sim.deliver(domain, [p.id]);
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

export async function waitForVerdict(page: Page, id: string, timeout = 15_000): Promise<string | null> {
  await expect.poll(() => verdictOf(page, id), { timeout }).not.toBe('absent');
  await expect.poll(() => verdictOf(page, id), { timeout }).not.toBeNull();
  return verdictOf(page, id);
}

/** The runtime's counters (asked through a DOM event; see src/content/index.ts). */
export function runtimeStats(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown>>((resolve) => {
        document.addEventListener(
          'breakwater:stats-answer',
          (e) => resolve(JSON.parse((e as CustomEvent<string>).detail) as Record<string, unknown>),
          { once: true },
        );
        document.dispatchEvent(new CustomEvent('breakwater:stats'));
      }),
  );
}

/**
 * Helpers of the Misskey overlay's end-to-end tests: the scenario's notes on a simulated Misskey
 * instance (their local ids), pages logged in with the extension loaded, what the overlay shows.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { GenPost } from '../sim/generator/types';
import type { MisskeySimInstance } from '../sim/misskey';
import type { Sim } from '../sim/types';
import type { Bench } from './setup';
import { loginAs } from './setup';

export const KA = 'misskey-a.test';
export const KB = 'misskey-b.test';
export const ARTIFACTS = resolve('test/artifacts/misskey');

export const misskey = (sim: Sim, domain: string) => sim.instances.get(domain) as MisskeySimInstance;

/** Original notes (no renotes, no replies) not delivered yet to `domain`, in time order. */
export function pendingNotes(sim: Sim, domain: string, pred: (p: GenPost) => boolean): GenPost[] {
  const arrived = new Set(misskey(sim, domain).arrivedPostIds());
  return sim.scenario.posts.filter(
    (p) => p.deliveredTo.includes(domain) && !arrived.has(p.id) && !p.boostOf && !p.replyTo && !p.quoteOf && pred(p),
  );
}

/** The note id `domain` gives a scenario post. */
export const noteId = (sim: Sim, domain: string, p: GenPost) => misskey(sim, domain).noteId(p.id)!;

/** Opens the web UI logged in as `user` (`ui`: deck or zen), waits for Breakwater to run. */
export async function openMisskey(bench: Bench, domain: string, user: string, next = '/', extra = ''): Promise<Page> {
  const page = await bench.browser.context.newPage();
  page.on('pageerror', (e) => console.error(`pageerror (${domain})`, e.message));
  await loginAs(page, domain, user, next, extra);
  await page.waitForSelector('#misskey_app', { timeout: 20_000 });
  await page.waitForSelector('html[data-breakwater-ready]', { timeout: 20_000 });
  return page;
}

/** Every element showing the note `id` (timeline items, notification items, deck columns). */
export function notesOf(page: Page, id: string): Locator {
  return page
    .locator(`div:has(> article) :is(header, footer) a[href="/notes/${id}"]`)
    .locator('xpath=ancestor::article[1]/..');
}

/** The first element showing note `id`. */
export const note = (page: Page, id: string): Locator => notesOf(page, id).first();

/** The verdict attribute of the first element showing note `id` ('absent' when not shown). */
export const verdictOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    for (const a of document.querySelectorAll(`a[href="/notes/${id}"]`)) {
      const article = a.closest('article');
      const root = article?.parentElement;
      if (!root || !a.closest('header, footer') || a.closest('header, footer')!.closest('article') !== article)
        continue;
      return root.getAttribute('data-breakwater-verdict');
    }
    return 'absent';
  }, id);

export const bar = (page: Page) => page.getByRole('region', { name: 'Breakwater' });

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Delivers notes one by one (each streams in at the top of open timelines), `gapMs` apart. */
export async function stream(sim: Sim, domain: string, posts: GenPost[], gapMs = 120): Promise<void> {
  for (const p of posts) {
    sim.deliver(domain, [p.id]);
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

export const settled = /ok|suspicious|spam/;

export async function waitVerdict(page: Page, id: string, timeout = 10_000): Promise<string | null> {
  await expect.poll(() => verdictOf(page, id), { timeout }).toMatch(settled);
  return verdictOf(page, id);
}

/** Requests of one endpoint the server answered (`POST /api/<endpoint>`). */
export function calls(sim: Sim, domain: string, endpoint: string): number {
  const counts = sim.state(domain).requestCounts;
  return Object.entries(counts)
    .filter(([k]) => k.endsWith(`/api/${endpoint}`))
    .reduce((n, [, v]) => n + v, 0);
}

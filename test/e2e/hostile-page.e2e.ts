/**
 * A hostile page (issue 10): the page's own scripts, or a script injected through a post, try to
 * turn Breakwater against its user. They run in the page's main world (page.evaluate,
 * page.addInitScript), exactly where the web UI's own code runs, and they try to:
 *
 * - forge the main-world observer's reports of API answers (the channel is readable by nature),
 * - click Breakwater's controls with synthetic events,
 * - reach the extension with runtime messages, window messages and its DOM events,
 * - talk to the background as a content script of a tab it should not trust.
 *
 * The proof is what Breakwater learned (its own store, read from an extension page), what its
 * queue holds, and what the simulated server recorded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_ROSTER } from '../sim';
import type { GenPost } from '../sim/generator/types';
import type { SimOptions } from '../sim/types';
import { addInstance, startBench, type Bench } from './setup';
import { A, B, bar, localId, openInstance, pending, post, runtimeStats, stream, verdictOf } from './mastodon-helpers';
import { learnChannel, queuedBatches, roundTripMs, serverActions, storeRows } from './hostile-helpers';

/** The extension APIs called in the extension's own contexts (worker, pages, isolated world). */
declare const chrome: {
  runtime: { sendMessage(msg: unknown): Promise<unknown> };
  tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
  scripting: {
    executeScript<A extends unknown[], R>(o: {
      target: { tabId: number };
      world: 'ISOLATED' | 'MAIN';
      args: A;
      func: (...args: A) => R;
    }): Promise<{ result: Awaited<R> }[]>;
  };
};

let bench: Bench;
let ext: Page;
let wave: GenPost[];
let legit: GenPost[];

beforeAll(async () => {
  bench = await startBench({
    roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'),
    scale: 0.01,
  } as SimOptions);
  // mastodon-b.test is never added: its tabs are a site Breakwater must not trust.
  await addInstance(bench.browser, A);
  ext = await bench.browser.openExtensionPage('options.html');
  wave = pending(bench.sim, A, (p) => p.wave === 'w-oct2024');
  legit = pending(bench.sim, A, (p) => p.label === 'legit' && !p.hardCase && !p.quoteOf && p.text.length > 40);
});
afterAll(async () => {
  await bench?.close();
});

const id = (p: GenPost) => localId(bench.sim, A, p);
const settled = /ok|suspicious|spam/;

/** The background's engine has nothing unsaved (no post ingested since its last write). */
async function engineAtRest(): Promise<boolean> {
  const s = (await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'ui:status' }))) as {
    unsavedEngineChanges: boolean;
    pending: number;
  };
  return !s.unsavedEngineChanges && s.pending === 0;
}

/** What Breakwater learned and queued, and what the server did: all empty while nothing was decided. */
async function nothingLearnedOrDone(): Promise<void> {
  expect(await storeRows(ext, 'decisions')).toEqual([]);
  expect(await storeRows(ext, 'learned')).toEqual([]);
  expect(await queuedBatches(ext)).toEqual([]);
  const acted = serverActions(bench, A).filter((a) => !['token_issued', 'app_register'].includes(a.kind));
  expect(acted).toEqual([]);
}

describe('forged main-world reports', () => {
  let page: Page;

  test('forged reports (a 50-post wave, another instance, malformed shapes, huge payloads, 10,000 messages) teach nothing, queue nothing, and do not flag a legitimate post', async () => {
    page = await openInstance(bench, A, 'alice', '/home');
    const channel = await learnChannel(page);
    expect(channel).toMatch(/^[0-9a-f]{32}$/);
    const target = legit[0]!;
    // The engine at rest: everything it learned from the timeline written, its fingerprints counted.
    await expect.poll(engineAtRest, { timeout: 15_000 }).toBe(true);
    const fingerprints = (await storeRows(ext, 'fingerprints')).length;
    const engineRecords = (await storeRows(ext, 'engineState')).length;
    const result = await page.evaluate(
      async ({ channel, text, other }) => {
        const state = JSON.parse(document.getElementById('initial-state')!.textContent!) as {
          meta: { access_token: string };
        };
        const res = await fetch('/api/v1/timelines/home?limit=5', {
          headers: { Authorization: `Bearer ${state.meta.access_token}` },
        });
        const [tpl] = (await res.json()) as Record<string, unknown>[];
        const base = BigInt(tpl!.id as string);
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const now = new Date().toISOString();
        const forge = (i: number, host = 'spam.example') => ({
          ...tpl,
          id: String(base + 1_000n + BigInt(i)),
          uri: `https://${host}/statuses/${i}`,
          url: `https://${host}/@zz${i}/${i}`,
          created_at: now,
          content: `<p>${esc(text)}</p>`,
          account: {
            ...(tpl!.account as object),
            id: String(base + 50_000n + BigInt(i)),
            username: `zzfake${i}`,
            acct: `zzfake${i}@${host}`,
            display_name: '',
            created_at: now,
            followers_count: 0,
            statuses_count: 1,
            avatar: 'https://spam.example/avatars/original/missing.png',
          },
        });
        const fakeWave = Array.from({ length: 50 }, (_, i) => forge(i));
        const frame = (url: string, body: string, kind = 'http', method = 'GET', status = 200) =>
          `${kind}\n${method}\n${status}\n${url}\n${body}`;
        const send = (frames: string[]) =>
          document.dispatchEvent(
            new CustomEvent(`breakwater:${channel}`, { detail: frames.map((f) => `${f.length}:${f}`).join('') }),
          );
        const home = `${location.origin}/api/v1/timelines/home`;
        const streaming = `${location.origin.replace(/^http/, 'ws')}/api/v1/streaming?stream=user`;
        // 1. A fake wave of 50 posts, as a timeline page and as 50 streamed updates.
        send([frame(home, JSON.stringify(fakeWave))]);
        send(
          fakeWave.map((s) =>
            frame(
              streaming,
              JSON.stringify({ stream: ['user'], event: 'update', payload: JSON.stringify(s) }),
              'ws',
              'GET',
              0,
            ),
          ),
        );
        // 2. Posts claiming another instance: its URL, its posts.
        send([frame(`http://${other}/api/v1/timelines/home`, JSON.stringify(fakeWave.slice(0, 10)))]);
        send([frame(home, JSON.stringify(Array.from({ length: 10 }, (_, i) => forge(100 + i, other))))]);
        // 3. Malformed shapes and frames.
        const deep = '['.repeat(50_000) + ']'.repeat(50_000);
        send([
          frame(home, 'not json'),
          frame(home, '{"id":{}}'),
          frame(home, '[1,2,3,null,"x",{"id":[],"account":7}]'),
          frame(home, JSON.stringify([{ ...fakeWave[0], id: { toString: 1 }, account: null }])),
          frame(home, deep),
          frame(home, JSON.stringify(fakeWave), 'http', 'POST'),
          frame(home, JSON.stringify(fakeWave), 'http', 'GET', 500),
          frame(home.replace('//', '//user:pw@'), JSON.stringify(fakeWave)),
          'http\nGET\n200',
          'no frame at all',
        ]);
        document.dispatchEvent(new CustomEvent(`breakwater:${channel}`, { detail: '99999999:abc' }));
        document.dispatchEvent(new CustomEvent(`breakwater:${channel}`, { detail: { not: 'a string' } }));
        // 4. Huge payloads: a 5 MB body, a 12 MB packet.
        send([frame(home, JSON.stringify([{ ...fakeWave[0], content: 'x'.repeat(5_000_000) }]))]);
        const big = frame(home, JSON.stringify(fakeWave));
        send(Array.from({ length: Math.ceil(12_000_000 / big.length) }, () => big));
        // 5. A flood: 10,000 events, one forged post each.
        const t0 = performance.now();
        for (let i = 0; i < 10_000; i++) send([frame(home, JSON.stringify([forge(1_000 + i)]))]);
        const floodMs = performance.now() - t0;
        return { forgedIds: [...fakeWave.map((s) => s.id as string)], floodMs };
      },
      { channel, text: target.text, other: B },
    );
    // The engine was not touched at all: nothing new to write, the same fingerprints.
    await page.waitForTimeout(1_000);
    expect(await engineAtRest()).toBe(true);
    expect((await storeRows(ext, 'fingerprints')).length).toBe(fingerprints);
    expect((await storeRows(ext, 'engineState')).length).toBe(engineRecords);
    // The page stayed usable through it.
    // (About 0.2 s here: the content script refuses each event in microseconds.)
    expect(result.floodMs).toBeLessThan(5_000);
    expect(await roundTripMs(page)).toBeLessThan(1_000);
    await page.waitForTimeout(1_000);

    const stats = (await runtimeStats(page)) as {
      bridge: { refused: Record<string, number> };
    };
    // The wire's checks saw it: the flood cut off by rate, another origin, methods, statuses, sizes, JSON.
    for (const why of ['rate', 'origin', 'method', 'status', 'too-large', 'json', 'not-a-frame', 'url'])
      expect(stats.bridge.refused[why], why).toBeGreaterThan(0);

    // Nothing forged reached the engine: no post stored, no wave with the forged text.
    const keys = new Set((await storeRows(ext, 'posts')).map((r) => (r as { key: string }).key));
    for (const f of result.forgedIds) expect(keys.has(`${A}/${f}`), f).toBe(false);
    const waves = (await storeRows(ext, 'waves')) as { sampleText?: string; instances?: string[] }[];
    expect(waves.filter((w) => w.sampleText === target.text)).toEqual([]);
    await nothingLearnedOrDone();

    // The legitimate post the forged wave copied arrives for real: not flagged as a wave.
    await stream(bench.sim, A, [target], 0);
    await expect.poll(() => verdictOf(page, id(target)), { timeout: 10_000 }).toMatch(settled);
    expect(await verdictOf(page, id(target))).not.toBe('spam');
    expect(await post(page, id(target)).getByRole('button', { name: 'Spam wave' }).count()).toBe(0);
  });

  test('a forged copy of a post the page shows, sent before the real one with another text, is refused: posts are judged by what the page shows', async () => {
    // The page's script sees every streamed post first (it owns the socket) and sends Breakwater a
    // copy with the same id and author but another text, before the observer's own copy.
    const victims = legit.slice(1, 7);
    const spamText = wave[0]!.text;
    const tab = await bench.browser.context.newPage();
    await tab.addInitScript((spamText) => {
      const w = window as unknown as { __forged: number; __channel?: string };
      w.__forged = 0;
      document.addEventListener('breakwater:observer-hello', (e) => {
        w.__channel = (JSON.parse((e as CustomEvent<string>).detail) as { channel: string }).channel;
      });
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const Native = window.WebSocket;
      window.WebSocket = new Proxy(Native, {
        construct(target, args, newTarget) {
          const sock = Reflect.construct(target, args, newTarget) as WebSocket;
          sock.addEventListener('message', (e: MessageEvent) => {
            if (!w.__channel || typeof e.data !== 'string') return;
            const msg = JSON.parse(e.data) as { event?: string; payload?: string };
            if (msg.event !== 'update' || !msg.payload) return;
            const status = JSON.parse(msg.payload) as Record<string, unknown>;
            const forged = { ...msg, payload: JSON.stringify({ ...status, content: `<p>${esc(spamText)}</p>` }) };
            const f = `ws\nGET\n0\n${sock.url}\n${JSON.stringify(forged)}`;
            document.dispatchEvent(new CustomEvent(`breakwater:${w.__channel}`, { detail: `${f.length}:${f}` }));
            w.__forged++;
          });
          return sock;
        },
      });
    }, spamText);
    await tab.goto(`http://${A}/__sim/login?user=bob&next=/home`);
    await tab.waitForSelector('html[data-breakwater-ready]');
    await tab.waitForTimeout(300);
    await stream(bench.sim, A, victims, 150);
    for (const p of victims) await expect.poll(() => verdictOf(tab, id(p)), { timeout: 10_000 }).toMatch(settled);
    expect(await tab.evaluate(() => (window as unknown as { __forged: number }).__forged)).toBeGreaterThanOrEqual(
      victims.length,
    );
    // Six legitimate accounts "posting" the same spam text would be a wave: none is flagged.
    for (const p of victims) expect(await verdictOf(tab, id(p)), p.id).not.toBe('spam');
    const stats = (await runtimeStats(tab)) as { disagreed: number };
    expect(stats.disagreed).toBeGreaterThan(0);
    // What the background stored is what the server sent and the page shows.
    const stored = async () => {
      const rows = (await storeRows(ext, 'posts')) as { key: string; text: string }[];
      return victims.map((p) => rows.find((r) => r.key === `${A}/${id(p)}`)?.text.slice(0, 30) ?? null);
    };
    await expect.poll(stored, { timeout: 5_000 }).toEqual(victims.map((p) => p.text.slice(0, 30)));
    await nothingLearnedOrDone();
    await tab.close();
  });
});

/**
 * In the page's main world: every control in Breakwater's (open) shadow roots, reached and "used"
 * with everything a script can do: .click(), pointer, mouse, keyboard and submit events, focus and
 * Enter, checked and value set by hand. Returns how many controls it reached.
 */
function attackControls(page: Page, selector = 'breakwater-post, breakwater-bar'): Promise<number> {
  return page.evaluate((selector) => {
    const roots = [...document.querySelectorAll(selector)].map((h) => h.shadowRoot).filter((r) => r !== null);
    let reached = 0;
    const opts = { bubbles: true, composed: true, cancelable: true };
    for (const root of roots) {
      for (const c of root.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="button"]')) {
        reached++;
        c.removeAttribute('disabled');
        c.click();
        c.dispatchEvent(new PointerEvent('pointerdown', opts));
        c.dispatchEvent(new MouseEvent('mousedown', opts));
        c.dispatchEvent(new PointerEvent('pointerup', opts));
        c.dispatchEvent(new MouseEvent('mouseup', opts));
        c.dispatchEvent(new MouseEvent('click', opts));
        c.dispatchEvent(new PointerEvent('click', opts));
        c.focus();
        for (const [key, code] of [
          ['Enter', 'Enter'],
          [' ', 'Space'],
        ] as const) {
          c.dispatchEvent(new KeyboardEvent('keydown', { key, code, ...opts }));
          c.dispatchEvent(new KeyboardEvent('keypress', { key, code, ...opts }));
          c.dispatchEvent(new KeyboardEvent('keyup', { key, code, ...opts }));
        }
        if (c instanceof HTMLInputElement) {
          c.checked = !c.checked;
          c.dispatchEvent(new Event('input', opts));
          c.dispatchEvent(new Event('change', opts));
        }
        if (c instanceof HTMLTextAreaElement) {
          c.value = 'EVIL comment written by the page';
          c.dispatchEvent(new InputEvent('input', opts));
        }
        if (c instanceof HTMLSelectElement) {
          c.value = c.options[c.options.length - 1]?.value ?? '';
          c.dispatchEvent(new Event('change', opts));
        }
        c.dispatchEvent(new SubmitEvent('submit', opts));
        const form = document.createElement('form');
        // (The form's own submission would reload the page: that is not what is tested here.)
        form.addEventListener('submit', (e) => e.preventDefault());
        c.parentElement?.insertBefore(form, c);
        form.append(c);
        try {
          form.requestSubmit();
        } catch {
          /* not a submit button */
        }
        form.replaceWith(c);
      }
    }
    // Breakwater's own shortcuts (Alt+Shift+A/W/S), dispatched.
    for (const code of ['KeyA', 'KeyW', 'KeyS'])
      window.dispatchEvent(
        new KeyboardEvent('keydown', { code, key: code.slice(3), altKey: true, shiftKey: true, ...opts }),
      );
    return reached;
  }, selector);
}

describe('synthetic events on Breakwater controls', () => {
  let page: Page;

  test('the page reaches the checkboxes and bar buttons through the open shadow roots; clicks, pointer, keyboard and submit events select nothing and open nothing', async () => {
    page = await openInstance(bench, A, 'carol', '/home');
    await stream(bench.sim, A, wave.slice(0, 8), 120);
    await expect
      .poll(() => page.locator('.status[data-breakwater-verdict="spam"]').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(2);
    const b = bar(page);
    await b.getByText('Select posts to act on them.').waitFor();
    // Reached: the roots are open (for assistive technology and tests) ...
    expect(await attackControls(page)).toBeGreaterThan(10);
    await page.waitForTimeout(500);
    // ... but nothing happened: no selection, no preview, no reasons pinned open.
    expect(await b.getByText('Select posts to act on them.').count()).toBe(1);
    expect(await b.getByRole('dialog').count()).toBe(0);
    expect(await page.locator('breakwater-post').getByRole('button', { expanded: true }).count()).toBe(0);
    await nothingLearnedOrDone();
  });

  test("the open preview's confirm button, its comment and options: synthetic events queue nothing, the server records no report", async () => {
    const b = bar(page);
    // The user (trusted events) selects the wave and opens the Report preview. (The checkboxes the
    // page flipped by hand show a state that is not the selection: the bar tells the truth.)
    await b.getByRole('button', { name: 'Select wave' }).click();
    const summary = b.getByText(/Selected: \d+ posts from \d+ accounts/);
    await summary.waitFor();
    const selected = await summary.textContent();
    const n = Number(/from (\d+) accounts/.exec(selected ?? '')![1]);
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = b.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: `Report ${n} accounts` });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    const comment = await dialog.getByLabel('Comment').inputValue();

    // The page goes for the confirm button and everything else in the bar.
    expect(await attackControls(page, 'breakwater-bar')).toBeGreaterThan(5);
    await page.waitForTimeout(1_500);
    expect(await queuedBatches(ext)).toEqual([]);
    expect(serverActions(bench, A).filter((a) => a.kind === 'report')).toEqual([]);
    // The preview is still open, its state the overlay's own (the page only repainted a field).
    expect(await dialog.count()).toBe(1);
    expect(await summary.textContent()).toBe(selected);

    // The user presses Cancel (a real click): nothing was sent, nothing decided.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await b.getByRole('button', { name: 'Clear' }).click();
    await b.getByText('Select posts to act on them.').waitFor();
    await nothingLearnedOrDone();
    expect(comment).toMatch(/Spam wave/);
  });
});

describe('runtime messages and DOM events from the page', () => {
  test('the page has no runtime API for Breakwater, cannot find its id, and window messages or events imitating its messages do nothing', async () => {
    const page = await openInstance(bench, A, 'kaori', '/home');
    const target = wave[0]!;
    const found = await page.evaluate(
      async ({ instance, acct }) => {
        const c = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; id?: unknown } } }).chrome;
        const runtime = { chrome: typeof c, runtime: typeof c?.runtime, sendMessage: typeof c?.runtime?.sendMessage };
        // Everything that could name the extension: the DOM with its shadow roots and their style
        // sheets, the resources the page loaded.
        const blobs: string[] = [document.documentElement.outerHTML];
        for (const h of document.querySelectorAll('breakwater-post, breakwater-bar')) {
          const root = h.shadowRoot;
          if (!root) continue;
          blobs.push(root.innerHTML);
          for (const s of root.adoptedStyleSheets) blobs.push([...s.cssRules].map((r) => r.cssText).join('\n'));
        }
        for (const e of performance.getEntries()) blobs.push(e.name);
        const req = {
          instance,
          kind: 'block',
          targets: [{ accountId: '1', acct, postIds: [], postUrls: [] }],
          options: {},
        };
        // Messages shaped like the content script's and the background's.
        const messages = [
          { type: 'content:enqueueBatch', req },
          { type: 'ui:enqueueBatch', req },
          { type: 'content:decide', decision: { kind: 'spam', postKey: `${instance}/1`, at: Date.now() } },
          { type: 'bg:login', login: { kind: 'oauth', account: 'admin' }, capabilities: ['suspend'] },
          { type: 'bg:verdicts', verdicts: [] },
        ];
        for (const m of messages) {
          window.postMessage(m, '*');
          window.postMessage(JSON.stringify(m), '*');
          document.dispatchEvent(new CustomEvent(m.type, { detail: JSON.stringify(m) }));
          document.dispatchEvent(new CustomEvent(`breakwater:${m.type}`, { detail: JSON.stringify(m) }));
          window.dispatchEvent(new MessageEvent('message', { data: m, origin: location.origin }));
        }
        await new Promise((r) => setTimeout(r, 1_000));
        return { runtime, blobs };
      },
      { instance: A, acct: target.author },
    );
    expect(found.runtime.runtime).toBe('undefined');
    expect(found.runtime.sendMessage).toBe('undefined');
    const id = bench.browser.extensionId;
    for (const blob of found.blobs) {
      expect(blob.includes(id)).toBe(false);
      expect(blob.includes('chrome-extension://')).toBe(false);
    }
    // Even knowing the id, the page can load nothing of the extension (no web-accessible resources).
    const fetched = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'loaded';
      } catch {
        return 'refused';
      }
    }, `chrome-extension://${id}/manifest.json`);
    expect(fetched).toBe('refused');
    // The one DOM event Breakwater answers, in this test build only (a release build does not
    // listen, see src/content/test-build.ts): counters, nothing else.
    const stats = await runtimeStats(page);
    const leaves: unknown[] = [];
    const walk = (x: unknown): void => {
      if (x && typeof x === 'object') Object.values(x).forEach(walk);
      else leaves.push(x);
    };
    walk(stats);
    for (const v of leaves) expect(v === null || typeof v === 'number' || typeof v === 'boolean', String(v)).toBe(true);
    await page.waitForTimeout(500);
    await nothingLearnedOrDone();
    await page.close();
  });
});

/** A well-formed post of `instance` (the background's schema), invented. */
const inventedPost = (instance: string, id = '999') => ({
  key: `${instance}/${id}`,
  id,
  instance,
  platform: 'mastodon',
  url: null,
  createdAt: Date.now(),
  author: {
    key: 'zz@spam.example',
    id: null,
    username: 'zz',
    host: 'spam.example',
    displayName: '',
    avatarMissing: true,
    bio: null,
    bot: false,
    createdAt: null,
    createdAtSource: 'unknown',
    followersCount: null,
    followingCount: null,
    postsCount: null,
  },
  text: 'invented',
  cw: '',
  language: null,
  mentions: [],
  tags: [],
  links: [],
  media: [],
  card: null,
  visibility: 'public',
  inReplyToId: null,
  boost: null,
  quote: null,
});

describe("the background's sender checks", () => {
  /**
   * Runs `func` as a script of the extension's isolated world in the tab showing `url` (what a
   * content script there could send), through the service worker's scripting API.
   */
  async function asContentScript(url: string, msgs: unknown[]): Promise<unknown[]> {
    const worker = await bench.browser.worker();
    return worker.evaluate(
      async ({ url, msgs }) => {
        const [tab] = await chrome.tabs.query({ url });
        if (!tab?.id) throw new Error(`no tab at ${url}`);
        const [r] = await chrome.scripting.executeScript({
          target: { tabId: tab.id },
          world: 'ISOLATED',
          args: [msgs],
          func: async (msgs: unknown[]) => {
            const out: unknown[] = [];
            for (const m of msgs)
              out.push(await chrome.runtime.sendMessage(m).catch((e: unknown) => ({ error: String(e) })));
            return out;
          },
        });
        return r!.result as unknown[];
      },
      { url, msgs },
    );
  }

  const block = (instance: string) => ({
    type: 'content:enqueueBatch',
    req: {
      instance,
      kind: 'block',
      targets: [{ accountId: '1', acct: 'zz@spam.example', postIds: [], postUrls: [] }],
      options: {},
    },
  });

  test('a script in a tab of an instance the user has not added is refused every content: and ui: message', async () => {
    const tabB = await bench.browser.context.newPage();
    await tabB.goto(`http://${B}/__sim/login?user=alice&next=/home`);
    await tabB.waitForSelector('html[data-sim-ready]');
    expect(await tabB.evaluate(() => document.documentElement.hasAttribute('data-breakwater'))).toBe(false);
    const answers = await asContentScript(`http://${B}/*`, [
      { type: 'content:hello', platform: 'mastodon', url: `http://${B}/home` },
      { type: 'content:posts', posts: [inventedPost(B)] },
      { type: 'content:token', token: 'sim-stolen-token-0123456789', account: 'alice' },
      block(B),
      block(A),
      { type: 'content:signIn' },
      { type: 'ui:listBatches', req: {} },
      { type: 'ui:addInstance', domain: B },
      { type: 'ui:decide', decision: { kind: 'spam', postKey: `${B}/999`, at: Date.now() }, post: inventedPost(B) },
    ]);
    for (const a of answers) expect(a, JSON.stringify(a)).toMatchObject({ refused: true });
    await tabB.close();
    await nothingLearnedOrDone();
    expect(await storeRows(ext, 'tokens')).not.toContainEqual(expect.objectContaining({ instance: B }));
    expect((await storeRows(ext, 'instances')).map((r) => (r as { domain: string }).domain)).toEqual([A]);
  });

  test("a script in a tab of an added instance cannot act on, or send posts of, another instance than the tab's", async () => {
    const tabA = await openInstance(bench, A, 'hiro', '/home');
    const answers = (await asContentScript(`http://${A}/*`, [
      block(B),
      { ...block(B), type: 'content:planBatch' },
      { type: 'content:posts', posts: [inventedPost(B), { ...inventedPost(A), key: `${B}/999` }] },
      {
        type: 'content:decide',
        decision: { kind: 'spam', postKey: `${B}/999`, at: Date.now() },
        post: inventedPost(B),
      },
      { type: 'ui:listBatches', req: {} },
    ])) as { refused?: boolean; rejected?: unknown[]; verdicts?: unknown[] }[];
    expect(answers[0]).toMatchObject({ refused: true, message: expect.stringMatching(/may only act on/) });
    expect(answers[1]).toMatchObject({ refused: true });
    expect(answers[2]!.rejected).toHaveLength(2);
    expect(answers[2]!.verdicts).toEqual([]);
    expect(answers[3]).toMatchObject({ refused: true });
    expect(answers[4]).toMatchObject({ refused: true });
    await tabA.close();
    await nothingLearnedOrDone();
  });
});

describe('what a real click sends', () => {
  test('the comment the page wrote into the open preview is not what is sent, and presses while the page fades the bar are refused: the report carries the overlay’s own state', async () => {
    const page = await openInstance(bench, A, 'alice', '/home');
    const b = bar(page);
    await b.getByRole('button', { name: 'Select wave' }).click();
    const summary = b.getByText(/Selected: \d+ posts from \d+ accounts/);
    await summary.waitFor();
    const n = Number(/from (\d+) accounts/.exec((await summary.textContent()) ?? '')![1]);
    // Clickjacking: the page fades the bar (its host, or an ancestor) over a decoy of its own, and
    // the user's real press lands on Report: refused, and Breakwater draws its host again.
    const hostStyle = () => page.evaluate(() => document.querySelector('breakwater-bar')!.getAttribute('style'));
    const drawn = await hostStyle();
    await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('breakwater-bar')!;
      host.setAttribute('style', 'opacity: 0.02 !important; display: block !important');
    });
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    await page.waitForTimeout(500);
    expect(await b.getByRole('dialog').count()).toBe(0);
    expect(await hostStyle()).toBe(drawn);
    await page.evaluate(() => (document.body.style.opacity = '0.05'));
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    await page.waitForTimeout(500);
    expect(await b.getByRole('dialog').count()).toBe(0);
    await page.evaluate(() => (document.body.style.opacity = ''));
    // Shown as drawn: the same press opens the preview.
    await b.getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = b.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: `Report ${n} accounts` });
    await expect.poll(() => confirm.isEnabled(), { timeout: 10_000 }).toBe(true);
    const comment = await dialog.getByLabel('Comment').inputValue();
    // The page rewrites the comment and unticks "forward" by hand, with the events a user's typing makes.
    await page.evaluate(() => {
      const root = document.querySelector('breakwater-bar')!.shadowRoot!;
      const area = root.querySelector('textarea')!;
      area.value = 'EVIL comment written by the page';
      area.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: 'x' }));
      const forward = root.querySelector<HTMLInputElement>('input[type="checkbox"]');
      if (forward) {
        forward.checked = false;
        forward.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    // The confirm press while the page has faded the bar: refused too, nothing queued.
    await page.evaluate(() =>
      document.querySelector('breakwater-bar')!.setAttribute('style', 'transform: scale(0.1); opacity: 0.01'),
    );
    await confirm.click({ force: true });
    await page.waitForTimeout(1_000);
    expect(await queuedBatches(ext)).toEqual([]);
    expect(await hostStyle()).toBe(drawn);
    await confirm.click();
    await expect
      .poll(() => serverActions(bench, A).filter((a) => a.kind === 'report').length, { timeout: 30_000 })
      .toBe(n);
    for (const r of serverActions(bench, A).filter((a) => a.kind === 'report')) {
      expect(String(r.details.comment)).not.toMatch(/EVIL/);
      expect(String(r.details.comment).split('\n')[0]).toBe(comment.split('\n')[0]);
      expect(r.details.forward).toBe(true);
    }
  });
});

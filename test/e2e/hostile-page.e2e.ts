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
import { A, B, localId, openInstance, pending, post, runtimeStats, stream, verdictOf } from './mastodon-helpers';
import { learnChannel, queuedBatches, roundTripMs, serverActions, storeRows } from './hostile-helpers';

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
    // The page stayed usable through it.
    expect(result.floodMs).toBeLessThan(20_000);
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
    const rows = (await storeRows(ext, 'posts')) as { key: string; text: string }[];
    for (const p of victims) {
      const row = rows.find((r) => r.key === `${A}/${id(p)}`);
      expect(row?.text, p.id).toBeDefined();
      expect(row!.text.slice(0, 30)).toBe(p.text.slice(0, 30));
    }
    await nothingLearnedOrDone();
    await tab.close();
  });
});

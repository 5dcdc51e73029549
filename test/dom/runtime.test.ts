/**
 * The page runtime on a captured 4.6.5 timeline (happy-dom): post data from the observer's wire,
 * sent once per post the page shows, verdicts applied as attributes and badges, re-applied when
 * Mastodon rebuilds a post, forged data refused, everything removed on teardown. The background is
 * a small fake here (the end-to-end tests use the real one).
 */
import { afterAll, afterEach, expect, test } from 'vitest';
import type { Post, Verdict } from '../../src/core/model';
import { encodeFrame, encodePacket, channelEvent, OBSERVER_HELLO } from '../../src/content/observer-protocol';
import { PageRuntime, type RuntimeApi } from '../../src/content/runtime';
import { mastodonAdapter } from '../../src/platforms/mastodon/adapter';
import type { InstanceView } from '../../src/storage/instances';
import { apiAnswers, closeAll, initialState, load, spam, useEnglishMessages } from './fixtures';

useEnglishMessages();
afterAll(closeAll);
const DOMAIN = '127.0.0.1:4080';
const ORIGIN = `http://${DOMAIN}`;
const { spam_status_ids } = spam('4.6.5');

const instance: InstanceView = {
  domain: DOMAIN,
  origin: ORIGIN,
  platform: 'mastodon',
  software: 'mastodon',
  version: '4.6.5',
  login: { kind: 'page', account: 'hiro' },
  role: 'user',
  capabilities: [],
  settings: {},
};

function verdictFor(p: Post): Verdict {
  const isSpam = spam_status_ids.includes(p.id);
  return {
    postKey: p.key,
    verdict: isSpam ? 'spam' : 'ok',
    score: isSpam ? 0.95 : 0.1,
    wave: isSpam ? 'w-feb' : null,
    freshAccount: isSpam,
    accountAgeHours: isSpam ? 3 : null,
    reasons: isSpam
      ? [
          {
            signal: 'wave',
            code: 'wave.nearDuplicates',
            params: { posts: 16, accounts: 12 },
            text: '16 near-identical posts from 12 accounts',
            weight: 0.95,
          },
        ]
      : [],
  };
}

let runtime: PageRuntime | null = null;
afterEach(() => runtime?.dispose());

function start(capture: 'home-tall' | 'home' = 'home-tall') {
  const { doc, win } = load('4.6.5', capture, initialState({ version: '4.6.5' }));
  const sent: Post[] = [];
  const fetched: string[] = [];
  const api: RuntimeApi = {
    posts: async (posts) => {
      sent.push(...posts);
      return { verdicts: posts.map(verdictFor), updated: [], waves: [], rejected: [] };
    },
    decide: async () => ({ ok: true, verdict: null, updated: [], waves: [], saved: true }),
    token: async () => ({ ok: true }),
    plan: async () => ({ actions: [], skipped: [], estimatedMs: 0, needsModeratorToken: false, warnings: [] }),
    enqueue: async () => ({ ok: false, message: 'not here' }),
    control: async () => ({ ok: false, message: 'not here' }),
    undo: async () => ({ ok: false, message: 'not here' }),
    signIn: async () => ({ ok: true }),
    openReports: async () => ({}),
  };
  let channel = '';
  doc.addEventListener(OBSERVER_HELLO, (e) => (channel = JSON.parse((e as CustomEvent<string>).detail).channel));
  runtime = new PageRuntime({
    adapter: mastodonAdapter,
    doc,
    win: win as unknown as Window,
    instance,
    session: mastodonAdapter.readSession(doc)!,
    api,
    fetcher: (async (url: string) => {
      fetched.push(url);
      return new Response('[]');
    }) as unknown as typeof fetch,
    schedule: (fn) => setTimeout(fn, 0),
  });
  const frame = (path: string, body: unknown) =>
    doc.dispatchEvent(
      new (win as unknown as typeof globalThis).CustomEvent(channelEvent(channel), {
        detail: encodePacket([encodeFrame('http', 'GET', 200, `${ORIGIN}${path}`, JSON.stringify(body))]),
      }),
    );
  return { doc, win, sent, fetched, frame, rt: runtime };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};
const timeline = apiAnswers('4.6.5').get('GET_api_v1_timelines_home.json') as {
  id: string;
  account: { acct: string };
}[];

test('the posts the page shows are sent once, from the observed timeline, and flagged', async () => {
  const { doc, sent, fetched, frame, rt } = start();
  frame('/api/v1/timelines/home', timeline);
  await settle();
  // The web UI rendered these 20 posts from that very answer: no request of Breakwater's own.
  expect(sent.map((p) => p.id).sort()).toEqual(timeline.map((s) => s.id).sort());
  expect(fetched).toEqual([]);
  const spamShown = [...doc.querySelectorAll('.status[data-id]')].filter((el) =>
    spam_status_ids.includes(el.getAttribute('data-id')!),
  );
  expect(spamShown.length).toBeGreaterThan(5);
  for (const el of doc.querySelectorAll('.status[data-id]')) {
    const isSpam = spam_status_ids.includes(el.getAttribute('data-id')!);
    expect(el.getAttribute('data-breakwater-verdict')).toBe(isSpam ? 'spam' : 'ok');
    expect(el.hasAttribute('data-breakwater-fresh')).toBe(isSpam);
    // Unflagged posts get the attribute only; flagged ones the badge too, first in the post.
    expect(el.querySelector(':scope > breakwater-post') !== null).toBe(isSpam);
    if (isSpam) expect(el.firstElementChild!.tagName).toBe('BREAKWATER-POST');
  }
  const host = spamShown[0]!.querySelector('breakwater-post')!;
  expect(host.shadowRoot!.querySelector('input[type=checkbox]')!.getAttribute('aria-label')).toBe('Select post');
  expect(host.shadowRoot!.querySelector('button.badge')!.textContent).toBe('Spam wave');
  expect(host.shadowRoot!.querySelector('[role=tooltip] li')!.textContent).toMatch(/16/);
  // The model knows the wave: the bar shows it.
  expect(rt.model.snapshot().flagged.size).toBe(spamShown.length);
  expect(doc.querySelector('breakwater-bar')!.shadowRoot!.textContent).toMatch(/posts from \d+ accounts in this wave/);
  // Sent again? No: the same answer twice sends nothing more.
  frame('/api/v1/timelines/home', timeline);
  await settle();
  expect(sent.length).toBe(timeline.length);
});

test('a post Mastodon rebuilds (placeholder, then rendered again) gets its badge back in the next frame', async () => {
  const { doc, frame } = start();
  frame('/api/v1/timelines/home', timeline);
  await settle();
  const id = spam_status_ids.find((s) => doc.querySelector(`.status[data-id="${s}"]`))!;
  const article = doc.querySelector(`.status[data-id="${id}"]`)!.closest('article')!;
  const original = article.innerHTML.replace(/<breakwater-post[^>]*><\/breakwater-post>/, '');
  // Unrendered: a bare wrapper with spans, as intersection_observer_article.jsx leaves it.
  article.setAttribute('style', 'height: 600px; opacity: 0; overflow: hidden;');
  article.innerHTML =
    '<div tabindex="-1"><div class="status__wrapper focusable" tabindex="0"><span>x</span></div></div>';
  await settle();
  expect(doc.querySelector(`.status[data-id="${id}"]`)).toBeNull();
  // Rendered again from scratch.
  article.setAttribute('style', '');
  article.innerHTML = original;
  await settle();
  const rebuilt = doc.querySelector(`.status[data-id="${id}"]`)!;
  expect(rebuilt.getAttribute('data-breakwater-verdict')).toBe('spam');
  expect(rebuilt.querySelectorAll(':scope > breakwater-post').length).toBe(1);
});

test('a post element replaced by a new one: its badge moves over, rendered, without a new shadow root', async () => {
  const { doc, frame, rt } = start();
  frame('/api/v1/timelines/home', timeline);
  await settle();
  const id = spam_status_ids.find((s) => doc.querySelector(`.status[data-id="${s}"]`))!;
  const old = doc.querySelector<HTMLElement>(`.status[data-id="${id}"]`)!;
  const host = old.querySelector(':scope > breakwater-post')!;
  const created = rt.stats.badges;
  // Rebuilt from scratch, as Misskey's lists and Mastodon's placeholders do.
  const copy = old.cloneNode(true) as HTMLElement;
  copy.querySelectorAll('breakwater-post').forEach((b) => b.remove());
  old.replaceWith(copy);
  await settle();
  expect(copy.getAttribute('data-breakwater-verdict')).toBe('spam');
  expect(copy.querySelector(':scope > breakwater-post')).toBe(host);
  expect(old.querySelector('breakwater-post')).toBeNull();
  expect(host.shadowRoot!.querySelector('button.badge')!.textContent).toBe('Spam wave');
  expect(rt.stats.badges).toBe(created);
  expect(rt.stats.badgesMoved).toBeGreaterThanOrEqual(1);
});

test('placeholders are judged from the observed data, without a request', async () => {
  const { doc, sent, fetched, frame, rt } = start('home');
  frame('/api/v1/timelines/home', timeline);
  await settle();
  // 3 rendered, 17 placeholders: all 20 judged, none looked up.
  expect(doc.querySelectorAll('.status[data-id]').length).toBe(3);
  expect(sent.length).toBe(20);
  expect(fetched).toEqual([]);
  expect(rt.model.snapshot().flagged.size).toBe(spam_status_ids.filter((s) => timeline.some((t) => t.id === s)).length);
});

test('data that disagrees with the page about the author is refused, and the post is looked up instead', async () => {
  const { sent, fetched, frame, rt } = start();
  const forged = timeline.map((s) => ({
    ...s,
    account: { ...s.account, id: '1', username: 'victim', acct: 'victim' },
  }));
  frame('/api/v1/timelines/home', forged);
  await settle();
  expect(sent).toEqual([]);
  expect(rt.stats.disagreed).toBeGreaterThan(0);
  // 4.3+: the rendered posts in one request per 20 (after a short wait for the observer).
  await new Promise((r) => setTimeout(r, 1_700));
  expect(fetched.length).toBe(1);
  expect(fetched[0]).toMatch(/^http:\/\/127\.0\.0\.1:4080\/api\/v1\/statuses\?id\[\]=/);
});

test('frames from another origin or an unwatched path are not read', async () => {
  const { sent, frame, rt } = start();
  frame('/api/v1/accounts/verify_credentials', timeline);
  await settle();
  expect(sent).toEqual([]);
  expect(rt.bridge.stats.refused.pattern).toBe(1);
});

test('select, prepare a report, teardown leaves the page as it was', async () => {
  const { doc, frame, rt } = start();
  frame('/api/v1/timelines/home', timeline);
  await settle();
  rt.selectWave('w-feb');
  const batch = (await rt.prepare('report'))!;
  expect(batch.targets.length).toBe(new Set(rt.model.selectedPosts().map((p) => p.acct)).size);
  expect(batch.targets.flatMap((t) => t.postIds).sort()).toEqual(
    rt.model
      .selectedPosts()
      .map((p) => p.id)
      .sort(),
  );
  await settle();
  const checked = [...doc.querySelectorAll('breakwater-post')].filter(
    (h) => h.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!.checked,
  );
  expect(checked.length).toBe(rt.model.snapshot().selected.size);
  rt.dispose();
  runtime = null;
  expect(doc.querySelectorAll('breakwater-post, breakwater-bar').length).toBe(0);
  expect(doc.querySelectorAll('[data-breakwater-verdict], [data-breakwater-fresh]').length).toBe(0);
});

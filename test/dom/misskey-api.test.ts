/**
 * The observer's reading rules for Misskey on the captured API answers (2025.7.0): which URLs are
 * copied, every note of every timeline and notification list found under the id the page shows it
 * with, streaming frames, the fallback lookups, and what is refused. Then the shared page runtime
 * on a captured Misskey timeline, with the answers passed through the wire as the observer does.
 */
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { Post, Verdict } from '../../src/core/model';
import { checkFrame, compileRules } from '../../src/content/bridge';
import { OBSERVER_HELLO, channelEvent, encodeFrame, encodePacket } from '../../src/content/observer-protocol';
import { PageRuntime, type RuntimeApi } from '../../src/content/runtime';
import { misskeyAdapter } from '../../src/platforms/misskey/adapter';
import { normalizeMisskeyNote } from '../../src/platforms/misskey/normalize';
import {
  extractMisskeyPosts,
  misskeyLookupRequests,
  misskeyObserverSpec,
  parseMisskeyLookup,
} from '../../src/platforms/misskey/observe';
import { scanMisskeyNotes } from '../../src/platforms/misskey/scan';
import type { PageSession } from '../../src/platforms/types';
import type { InstanceView } from '../../src/storage/instances';
import { useEnglishMessages } from './fixtures';
import { DOMAIN, ORIGIN, api, apiNames, closeAll, load, type Json } from './misskey-fixtures';

useEnglishMessages();
afterAll(closeAll);

const session: PageSession = {
  token: 'aliceToken012345',
  accountId: 'atxl29bm2xq10007',
  username: 'alice',
  domain: DOMAIN,
  version: '2025.7.0',
  moderator: { reports: false, users: false },
  streamingOrigins: [],
};
const spec = misskeyObserverSpec(session, ORIGIN);
const rules = compileRules({ origin: ORIGIN, wsOrigins: [], spec, maxBody: 2_000_000 });
const http = (endpoint: string, body: unknown, method = 'POST', status = 200) =>
  encodeFrame('http', method, status, `${ORIGIN}${endpoint}`, JSON.stringify(body));

const TIMELINES = apiNames().filter((n) => /^(notes-|i-notifications)/.test(n));

describe('the observer copies note-bearing answers only', () => {
  test.each(TIMELINES)('%s: accepted, every note found by the id the web UI shows it with', (name) => {
    const ex = api(name);
    const res = checkFrame(http(ex.request.endpoint, ex.response.body), rules);
    expect(typeof res).toBe('object');
    if (typeof res === 'string') return;
    const found = misskeyAdapter.extractPosts(res);
    const body = ex.response.body as Json[];
    for (const item of body) {
      const note = (item.note as Json | undefined) ?? item;
      if (!('userId' in note) || ('type' in item && !item.note)) continue;
      const pure = !!note.renote && note.text == null && !((note.files as unknown[]).length > 0);
      const shown = pure ? (note.renote as Json) : note;
      const r = found.find(
        (f) => f.id === shown.id && (f.itemId ?? null) === (item.note ? item.id : pure ? note.id : null),
      );
      expect(r, `${String(item.id)} in ${name}`).toBeDefined();
      // The raw note normalizes to a Post with that very id (a pure renote: the renoted note's).
      expect(normalizeMisskeyNote(r!.raw, DOMAIN).id).toBe(shown.id);
    }
  });

  test('other endpoints, other methods, other origins, failed answers are refused', () => {
    const tl = api('notes-timeline.alice').response.body;
    expect(checkFrame(http('/api/i', api('i.alice').response.body), rules)).toBe('pattern');
    expect(checkFrame(http('/api/miauth/gen-token', { token: 'x' }), rules)).toBe('pattern');
    expect(checkFrame(http('/api/notes/timeline', tl, 'GET'), rules)).toBe('pattern');
    expect(checkFrame(http('/api/notes/timeline', tl, 'PUT'), rules)).toBe('method');
    expect(checkFrame(http('/api/notes/timeline', tl, 'POST', 403), rules)).toBe('status');
    expect(checkFrame(http('/api/notes/timeline?x=1', tl), rules)).toBe('pattern');
    expect(
      checkFrame(encodeFrame('http', 'POST', 200, 'http://evil.example/api/notes/timeline', JSON.stringify(tl)), rules),
    ).toBe('origin');
    // Mastodon's rules take no POST answer at all.
    const mastodonRules = compileRules({ origin: ORIGIN, wsOrigins: [], spec: { http: ['.*'], ws: [] }, maxBody: 1e6 });
    expect(checkFrame(http('/api/v1/timelines/home', [], 'POST'), mastodonRules)).toBe('method');
  });

  test('streaming: notes of timeline channels, mentions, replies and notifications of main', () => {
    const [note] = api('notes-local-timeline.admin').response.body as Json[];
    const [notification] = api('i-notifications.alice').response.body as Json[];
    const ws = (body: unknown) => {
      const r = checkFrame(
        encodeFrame('ws', 'GET', 0, `ws://${DOMAIN}/streaming?i=aliceToken012345`, JSON.stringify(body)),
        rules,
      );
      return typeof r === 'string' ? r : extractMisskeyPosts(r);
    };
    expect(ws({ type: 'channel', body: { id: '1', type: 'note', body: note } })).toEqual([
      expect.objectContaining({ id: note!.id }),
    ]);
    expect(ws({ type: 'channel', body: { id: '2', type: 'mention', body: note } })).toHaveLength(1);
    const fromNotification = ws({ type: 'channel', body: { id: '3', type: 'notification', body: notification } });
    expect(fromNotification).toContainEqual(
      expect.objectContaining({ id: (notification!.note as Json).id, itemId: notification!.id }),
    );
    expect(ws({ type: 'noteUpdated', body: { id: note!.id, type: 'deleted', body: {} } })).toEqual([]);
    expect(ws({ type: 'channel', body: { id: '1', type: 'note', body: { ...note, user: null } } })).toEqual([]);
    expect(
      checkFrame(encodeFrame('ws', 'GET', 0, `ws://${DOMAIN}/other`, JSON.stringify({ type: 'channel' })), rules),
    ).toBe('pattern');
  });

  test('malformed notes are skipped, not thrown on; nesting is bounded', () => {
    const [note] = api('notes-timeline.alice').response.body as Json[];
    const bad = [
      { ...note, id: '../../etc' },
      { ...note, user: { ...(note!.user as Json), username: 5 } },
      { ...note, text: 'x'.repeat(300_000) },
      'a string',
      null,
    ];
    const res = { kind: 'http' as const, url: new URL(`${ORIGIN}/api/notes/timeline`), body: [...bad, note] };
    // The note, and the parent its reply shows above it.
    expect(extractMisskeyPosts(res).map((r) => r.id)).toEqual([note!.id, (note!.reply as Json).id]);
    // Renotes nested far deeper than the web UI ever draws: the inner ones are dropped, no recursion.
    let deep: Json = { ...note };
    for (let i = 0; i < 5_000; i++) deep = { ...note, id: `n${String(i).padStart(9, '0')}`, text: null, renote: deep };
    expect(() => extractMisskeyPosts({ ...res, body: [deep] })).not.toThrow();
  });

  test('lookups: one notes/show per note with the page token in the body; the answer is read', () => {
    const reqs = misskeyLookupRequests(['atxl2cw82xq1001m', 'bad id!', 'atxl2d6t2xq1001p'], session, ORIGIN);
    expect(reqs.map((r) => [r.url, r.ids])).toEqual([
      [`${ORIGIN}/api/notes/show`, ['atxl2cw82xq1001m']],
      [`${ORIGIN}/api/notes/show`, ['atxl2d6t2xq1001p']],
    ]);
    expect(reqs[0]!.init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(JSON.parse(reqs[0]!.init.body as string)).toEqual({ noteId: 'atxl2cw82xq1001m', i: 'aliceToken012345' });
    const [note] = api('notes-timeline.alice').response.body as Json[];
    expect(parseMisskeyLookup(note).map((r) => r.id)).toContain(note!.id);
    expect(parseMisskeyLookup(api('error.notes-show.nonexistent-note').response.body)).toEqual([]);
  });
});

// ---- the runtime on a captured page ------------------------------------------------------------

const instance: InstanceView = {
  domain: DOMAIN,
  origin: ORIGIN,
  platform: 'misskey',
  software: 'misskey',
  version: '2025.7.0',
  login: { kind: 'page', account: 'alice' },
  role: 'user',
  capabilities: [],
  settings: {},
};

/** Ten-letter random usernames without a host: the captured wave's accounts (README). */
const isSpammer = (p: Post) => /^[a-z]{10}@/.test(p.author.key) && p.author.avatarMissing;

function verdictFor(p: Post): Verdict {
  const spam = isSpammer(p);
  return {
    postKey: p.key,
    verdict: spam ? 'spam' : 'ok',
    score: spam ? 0.95 : 0.1,
    wave: spam ? 'w-feb' : null,
    freshAccount: spam,
    accountAgeHours: spam ? 1 : null,
    reasons: spam
      ? [{ signal: 'wave', code: 'wave.nearDuplicates', params: { posts: 8, accounts: 8 }, text: '8', weight: 0.95 }]
      : [],
  };
}

let runtime: PageRuntime | null = null;
afterEach(() => runtime?.dispose());

function start() {
  const { doc, win } = load('local-timeline.alice');
  const sent: Post[] = [];
  const fetched: string[] = [];
  const stub: RuntimeApi = {
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
  let hello: Json = {};
  doc.addEventListener(OBSERVER_HELLO, (e) => {
    hello = JSON.parse((e as CustomEvent<string>).detail) as Json;
    channel = hello.channel as string;
  });
  runtime = new PageRuntime({
    adapter: misskeyAdapter,
    doc,
    win: win as unknown as Window,
    instance,
    session: misskeyAdapter.readSession(doc)!,
    api: stub,
    fetcher: (async (url: string) => {
      fetched.push(url);
      return new Response('{}', { status: 400 });
    }) as unknown as typeof fetch,
    schedule: (fn) => setTimeout(fn, 0),
  });
  const frames = (...f: string[]) =>
    doc.dispatchEvent(
      new (win as unknown as typeof globalThis).CustomEvent(channelEvent(channel), { detail: encodePacket(f) }),
    );
  return { doc, sent, fetched, frames, hello: () => hello, rt: runtime };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

test('the runtime: notes from the observed POST answers, sent once, flagged; rebuilt elements re-badged at once', async () => {
  const { doc, sent, fetched, frames, hello } = start();
  // The hello asks for POST answers (the request bodies are never part of a frame).
  expect(hello().post).toEqual(spec.post);
  // Every captured timeline answer (the page was drawn from some of them; the rest are not shown).
  frames(...TIMELINES.map((name) => http(api(name).request.endpoint, api(name).response.body)));
  await settle();
  const shown = new Set(scanMisskeyNotes(doc).map((p) => p.id));
  expect(new Set(sent.map((p) => p.id))).toEqual(shown);
  expect(sent.length).toBe(shown.size);
  expect(fetched).toEqual([]);
  const flagged = [...doc.querySelectorAll('[data-breakwater-verdict="spam"]')];
  expect(flagged.length).toBeGreaterThan(3);
  for (const el of flagged) {
    // The badge sits right above the note's article, inside the MkNote root.
    const host = el.querySelector(':scope > breakwater-post')!;
    expect(host).not.toBeNull();
    expect(host.nextElementSibling!.tagName).toBe('ARTICLE');
    expect(el.getAttribute('data-breakwater-fresh')).toBe('1');
  }
  expect(doc.querySelectorAll('[data-breakwater-verdict="ok"] breakwater-post').length).toBe(0);

  // Misskey re-creates every item when the list updates: the new elements are badged in one frame.
  const list = flagged[0]!.closest('[data-scroll-anchor]')!.parentElement!;
  const clones = [...list.children].map((c) => {
    const copy = c.cloneNode(true) as Element;
    copy.querySelectorAll('breakwater-post').forEach((b) => b.remove());
    copy.removeAttribute('data-breakwater-verdict');
    copy.querySelectorAll('[data-breakwater-verdict]').forEach((b) => b.removeAttribute('data-breakwater-verdict'));
    return copy;
  });
  list.replaceChildren(...clones);
  await settle();
  expect(list.querySelectorAll('[data-breakwater-verdict="spam"]').length).toBe(
    [...list.children].filter((c) =>
      flagged.some(
        (f) =>
          f.closest('[data-scroll-anchor]')?.getAttribute('data-scroll-anchor') ===
          c.getAttribute('data-scroll-anchor'),
      ),
    ).length,
  );
  expect(sent.length).toBe(shown.size);
});

test('the runtime refuses a forged answer that puts another author under a shown note id', async () => {
  const { doc, sent, frames } = start();
  const p = scanMisskeyNotes(doc).find((x) => x.authorAcct === 'alice')!;
  const real = TIMELINES.flatMap((name) => api(name).response.body as Json[]).find((n) => n.id === p.id)!;
  const forged = { ...real, user: { ...(real.user as Json), username: 'mallory' } };
  frames(http('/api/notes/local-timeline', [forged]));
  await settle();
  expect(sent.find((x) => x.id === p.id)).toBeUndefined();
  expect(p.el.hasAttribute('data-breakwater-verdict')).toBe(false);
});

/** The fallback lookups: batched, asked once, within a small share of the page's rate limit. */
import { expect, test } from 'vitest';
import { LookupQueue } from '../../../src/content/lookup';
import { mastodonLookupRequests, parseMastodonLookup } from '../../../src/platforms/mastodon/observe';
import type { PageSession } from '../../../src/platforms/types';

const session = (version: string): PageSession => ({
  token: 'tok-0123456789',
  accountId: '1',
  username: 'me',
  domain: 'm.example',
  version,
  moderator: { reports: false, users: false },
  streamingOrigins: [],
});

/** A clock and timers the test moves by hand. */
function harness(version: string, status = 200) {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const urls: string[] = [];
  const got: string[] = [];
  const fetcher = (async (url: string) => {
    urls.push(url);
    const ids = url.includes('?') ? [...url.matchAll(/id\[\]=(\d+)/g)].map((m) => m[1]) : [url.split('/').pop()];
    const body = ids.map((id) => ({
      id,
      created_at: '2024-02-17T03:00:00Z',
      content: '',
      account: { id: '5', username: 'u', acct: 'u' },
    }));
    return new Response(JSON.stringify(url.includes('?') ? body : body[0]), { status });
  }) as unknown as typeof fetch;
  const q = new LookupQueue({
    requests: (ids) => mastodonLookupRequests(ids, session(version), 'https://m.example'),
    parse: parseMastodonLookup,
    onPosts: (posts) => got.push(...posts.map((p) => p.id)),
    fetcher,
    delayMs: 500,
    spacingMs: 250,
    budget: { requests: 3, windowMs: 60_000 },
    setTimer: (fn, ms) => timers.push({ at: t + ms, fn }),
    now: () => t,
  });
  /** Lets the fetches and their answers settle (real macrotasks), then fires the timers due. */
  const settle = async () => {
    for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const advance = async (ms: number) => {
    const end = t + ms;
    for (;;) {
      await settle();
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > end) break;
      timers.shift();
      t = next.at;
      next.fn();
    }
    t = end;
  };
  return { q, urls, got, advance };
}

const ids = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `1119440000000${String(from + i).padStart(5, '0')}`);

test('4.3+: waits for the observer, then asks for 20 at a time, each id once', async () => {
  const h = harness('4.6.5');
  for (const id of ids(45)) h.q.want(id);
  h.q.want(ids(1)[0]!);
  await h.advance(400);
  expect(h.urls.length).toBe(0);
  await h.advance(2_000);
  expect(h.urls.length).toBe(3);
  expect(h.got.length).toBe(45);
  h.q.want(ids(1)[0]!);
  await h.advance(2_000);
  expect(h.urls.length).toBe(3);
});

test('an id the observer brought meanwhile is not asked for', async () => {
  const h = harness('4.6.5');
  for (const id of ids(3)) h.q.want(id);
  h.q.cancel(ids(3)[1]!);
  await h.advance(1_000);
  expect(h.got).toEqual([ids(3)[0], ids(3)[2]]);
});

test('4.2: one request per post, spaced, within the budget; the rest waits for the next window', async () => {
  const h = harness('4.2.0');
  for (const id of ids(5)) h.q.want(id);
  await h.advance(600);
  expect(h.urls.length).toBe(1);
  await h.advance(600);
  expect(h.urls.length).toBe(3);
  await h.advance(30_000);
  expect(h.urls.length).toBe(3);
  await h.advance(60_000);
  expect(h.urls.length).toBe(5);
  expect(h.q.stats).toMatchObject({ requests: 5, posts: 5, failures: 0 });
});

test('a 429 from the server: those ids are dropped and the queue backs off', async () => {
  const h = harness('4.6.5', 429);
  for (const id of ids(25)) h.q.want(id);
  await h.advance(1_000);
  expect(h.urls.length).toBe(1);
  expect(h.q.stats).toMatchObject({ failures: 1, dropped: 20 });
  await h.advance(30_000);
  expect(h.urls.length).toBe(1);
});

test('options given as undefined take the defaults (the runtime passes its own `fetcher` through)', () => {
  const q = new LookupQueue({ requests: () => [], parse: () => [], onPosts: () => {}, fetcher: undefined });
  expect(typeof (q as unknown as { o: { fetcher: unknown } }).o.fetcher).toBe('function');
});

test('a server that never answers: the lookup fails at its time limit and the queue goes on', async () => {
  const got: string[] = [];
  let calls = 0;
  const fetcher = ((url: string, init?: RequestInit) => {
    calls++;
    // The first request hangs until its signal aborts it, as fetch does; the next ones answer.
    if (calls === 1)
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      );
    const id = url.split('id[]=')[1]!.split('&')[0]!;
    const body = [
      { id, created_at: '2024-02-17T03:00:00Z', content: '', account: { id: '5', username: 'u', acct: 'u' } },
    ];
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  }) as unknown as typeof fetch;
  const q = new LookupQueue({
    requests: (xs) => mastodonLookupRequests(xs, session('4.6.5'), 'https://m.example'),
    parse: parseMastodonLookup,
    onPosts: (posts) => got.push(...posts.map((p) => p.id)),
    fetcher,
    delayMs: 0,
    spacingMs: 0,
    timeoutMs: 50,
  });
  const [a, b] = ids(2);
  q.want(a!);
  await expect.poll(() => q.stats.failures, { timeout: 2_000 }).toBe(1);
  expect(q.stats.lastError).toMatch(/TimeoutError/);
  q.want(b!);
  await expect.poll(() => got, { timeout: 2_000 }).toEqual([b]);
});

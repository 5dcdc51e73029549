/**
 * The observer's reading rules on the real API answers the Mastodon web UI got in the captures:
 * which URLs it copies, where the statuses are in each answer, and the fallback lookups.
 */
import { describe, expect, test } from 'vitest';
import {
  extractMastodonPosts,
  mastodonLookupRequests,
  mastodonObserverSpec,
  parseMastodonLookup,
} from '../../src/platforms/mastodon/observe';
import { normalizeMastodonStatus } from '../../src/platforms/mastodon/normalize';
import type { PageSession } from '../../src/platforms/types';
import { VERSIONS, apiAnswers } from './fixtures';

const ORIGIN = 'https://mastodon.example';
const session = (version: string, streaming: string[] = []): PageSession => ({
  token: 'tok-0123456789',
  accountId: '1',
  username: 'me',
  domain: 'mastodon.example',
  version,
  moderator: { reports: false, users: false },
  streamingOrigins: streaming,
});

describe.each(VERSIONS)('%s', (version) => {
  const answers = apiAnswers(version);
  const spec = mastodonObserverSpec(session(version, ['wss://streaming.mastodon.example']), ORIGIN);
  const http = spec.http.map((s) => new RegExp(s));
  const copied = (path: string) => http.some((re) => re.test(`${ORIGIN}${path}`));

  test('timelines: every status of every page, by the id it is shown with; boosts keep their own id', () => {
    for (const path of [
      '/api/v1/timelines/home',
      '/api/v1/timelines/home?max_id=111938568264801007',
      '/api/v1/timelines/public?local=true&only_media=false',
      '/api/v1/timelines/tag/spam',
      '/api/v1/timelines/list/1',
    ])
      expect(copied(path), path).toBe(true);
    let boosts = 0;
    for (const [file, body] of answers) {
      if (!file.startsWith('GET_api_v1_timelines')) continue;
      const posts = extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body });
      const list = body as { id: string; reblog: { id: string } | null }[];
      // (A quoted status comes once more, on its own.)
      const shown = new Set(posts.filter((p) => list.some((s) => (s.reblog?.id ?? s.id) === p.id)).map((p) => p.id));
      expect(shown.size).toBe(new Set(list.map((s) => s.reblog?.id ?? s.id)).size);
      for (const s of list.filter((x) => x.reblog)) {
        boosts++;
        expect(posts.find((p) => p.id === s.reblog!.id)!.itemId).toBe(s.id);
      }
      for (const p of posts) expect(normalizeMastodonStatus(p.raw, 'mastodon.example').id).toBe(p.id);
    }
    expect(boosts).toBeGreaterThan(0);
  });

  test('a thread, one status, a profile: the statuses in them', () => {
    const context = [...answers].find(([f]) => f.endsWith('_context.json'))!;
    expect(copied('/api/v1/statuses/111944151859261515/context')).toBe(true);
    const body = context[1] as { ancestors: unknown[]; descendants: unknown[] };
    expect(extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body }).length).toBe(
      body.ancestors.length + body.descendants.length,
    );
    const one = answers.get('GET_api_v1_statuses_111944151859261515.json');
    expect(extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body: one }).map((p) => p.id)).toEqual([
      '111944151859261515',
    ]);
    expect(copied('/api/v1/accounts/111940682698614715/statuses?exclude_replies=true')).toBe(true);
  });

  test('notifications: the statuses of mentions; 4.2 items keyed by the notification', () => {
    const file = [...answers.keys()].find((f) => /notifications/.test(f) && !/markers|policy/.test(f))!;
    const body = answers.get(file);
    const posts = extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body });
    expect(posts.length).toBeGreaterThan(0);
    if (version === '4.2.0') {
      expect(copied('/api/v1/notifications?exclude_types[]=follow_request')).toBe(true);
      const notifs = body as { id: string; status?: { id: string } }[];
      // Favourites of one post are several notifications: each item maps to its status.
      for (const n of notifs.filter((x) => x.status))
        expect(posts.filter((p) => p.id === n.status!.id).map((p) => p.itemId)).toContain(n.id);
    } else {
      expect(copied('/api/v2/notifications?grouped_types[]=favourite&exclude_types[]=follow_request')).toBe(true);
      expect(posts.length).toBe((body as { statuses: unknown[] }).statuses.length);
    }
  });

  test('what carries no status is not copied', () => {
    for (const path of [
      '/api/v1/custom_emojis',
      '/api/v2/instance',
      '/api/v1/markers?timeline[]=notifications',
      '/api/v1/accounts/relationships?id[]=1',
      '/api/v1/lists',
      '/oauth/token',
      '/api/v1/timelines/home/../../../oauth/token',
    ])
      expect(copied(path), path).toBe(path.includes('timelines'));
    // Another origin, even with the same path.
    expect(http.some((re) => re.test('https://evil.example/api/v1/timelines/home'))).toBe(false);
    expect(http.some((re) => re.test(`${ORIGIN}.evil.example/api/v1/timelines/home`))).toBe(false);
  });

  test('streaming: update, status.update and notification events; the streaming server origin', () => {
    const ws = spec.ws.map((s) => new RegExp(s));
    expect(ws.some((re) => re.test('wss://mastodon.example/api/v1/streaming?stream=user'))).toBe(true);
    expect(ws.some((re) => re.test('wss://streaming.mastodon.example/api/v1/streaming'))).toBe(true);
    expect(ws.some((re) => re.test('wss://elsewhere.example/api/v1/streaming'))).toBe(false);
    const status = (answers.get('GET_api_v1_timelines_home.json') as { id: string }[])[0]!;
    const frame = (event: string, payload: unknown) => ({
      kind: 'ws' as const,
      url: new URL('wss://mastodon.example/api/v1/streaming'),
      body: { stream: ['user'], event, payload: JSON.stringify(payload) },
    });
    expect(extractMastodonPosts(frame('update', status)).map((p) => p.id)).toEqual([status.id]);
    expect(extractMastodonPosts(frame('status.update', status)).length).toBe(1);
    expect(extractMastodonPosts(frame('notification', { id: '9', type: 'mention', status })).length).toBe(1);
    expect(extractMastodonPosts(frame('delete', status.id)).length).toBe(0);
    expect(extractMastodonPosts(frame('filters_changed', status)).length).toBe(0);
  });

  test('lookups: 20 ids a request from 4.3, one per status before; only numeric ids', () => {
    const ids = Array.from({ length: 45 }, (_, i) => `1119440000000${String(i).padStart(5, '0')}`);
    const reqs = mastodonLookupRequests([...ids, '../oauth'], session(version), ORIGIN);
    if (version === '4.6.5') {
      expect(reqs.map((r) => r.ids.length)).toEqual([20, 20, 5]);
      expect(reqs[0]!.url).toBe(
        `${ORIGIN}/api/v1/statuses?${ids
          .slice(0, 20)
          .map((i) => `id[]=${i}`)
          .join('&')}`,
      );
    } else {
      expect(reqs.length).toBe(45);
      expect(reqs[0]!.url).toBe(`${ORIGIN}/api/v1/statuses/${ids[0]}`);
    }
    expect((reqs[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok-0123456789');
    expect(reqs.flatMap((r) => r.ids)).not.toContain('../oauth');
    const one = answers.get('GET_api_v1_statuses_111944151859261515.json');
    expect(parseMastodonLookup([one, { id: 'x' }]).map((p) => p.id)).toEqual(['111944151859261515']);
  });
});

test('malformed statuses are skipped, not thrown on', () => {
  const good = (apiAnswers('4.6.5').get('GET_api_v1_timelines_home.json') as Record<string, unknown>[])[0]!;
  const bad = [
    { ...good, id: '../1' },
    { ...good, account: { ...(good.account as object), id: 42 } },
    { ...good, content: 'x'.repeat(1_000_001) },
    { ...good, created_at: 5 },
    null,
    'a string',
  ];
  expect(extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body: [good, ...bad] }).length).toBe(1);
  // Too many list items are cut, not refused: a post with 5,000 mentions must still be judged.
  const crowded = { ...good, id: `${String(good.id)}1`, mentions: new Array(5_000).fill({}) };
  expect(extractMastodonPosts({ kind: 'http', url: new URL(ORIGIN), body: [crowded] }).length).toBe(1);
});

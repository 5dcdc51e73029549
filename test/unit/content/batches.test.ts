/** From the selection to the queue's requests; posts cut to the background's limits; the overlay's model. */
import { describe, expect, test } from 'vitest';
import { batchRequest, prepareBatch, reportComment } from '../../../src/content/batches';
import { clipPost } from '../../../src/content/clip';
import type { Verdict } from '../../../src/core/model';
import { BATCH_LIMITS } from '../../../src/core/queue/types';
import { LIMITS } from '../../../src/messaging/limits';
import { validatePosts } from '../../../src/messaging/validate';
import type { BatchChoices } from '../../../src/ui/overlay/controller';
import { OverlayModel, type FlaggedPost } from '../../../src/ui/overlay/model';
import { author, post } from '../core/helpers';

const INSTANCE = 'mastodon-a.test';
const verdict = (key: string, over: Partial<Verdict> = {}): Verdict => ({
  postKey: key,
  verdict: 'spam',
  score: 0.9,
  wave: 'w1',
  freshAccount: true,
  accountAgeHours: 0.5,
  reasons: [],
  ...over,
});
const flagged = (id: string, acct: string, over: Partial<FlaggedPost> = {}): FlaggedPost => {
  const host = acct.split('@')[1]!;
  return {
    key: `${INSTANCE}/${id}`,
    id,
    acct,
    accountId: `a-${acct}`,
    host,
    remote: host !== INSTANCE,
    url: `https://${host}/notes/${id}`,
    verdict: verdict(`${INSTANCE}/${id}`),
    ...over,
  };
};
const choices: BatchChoices = { comment: 'c', forward: true, durationSeconds: 86_400, notifications: false, note: '' };
const head = (n: number, m: number) => `Spam wave: ${n} posts from ${m} accounts.`;

describe('prepareBatch', () => {
  const posts = [
    flagged('1', 'x@spam.example'),
    flagged('2', 'x@spam.example'),
    flagged('3', 'y@spam.example'),
    flagged('4', 'z@mastodon-a.test'),
  ];

  test('reports: one target per account with all its posts and their links', () => {
    const b = prepareBatch({ kind: 'report', instance: INSTANCE, posts, commentHead: head })!;
    expect(b.targets).toEqual([
      {
        accountId: 'a-x@spam.example',
        acct: 'x@spam.example',
        postIds: ['1', '2'],
        postUrls: ['https://spam.example/notes/1', 'https://spam.example/notes/2'],
      },
      {
        accountId: 'a-y@spam.example',
        acct: 'y@spam.example',
        postIds: ['3'],
        postUrls: ['https://spam.example/notes/3'],
      },
      {
        accountId: 'a-z@mastodon-a.test',
        acct: 'z@mastodon-a.test',
        postIds: ['4'],
        postUrls: ['https://mastodon-a.test/notes/4'],
      },
    ]);
    expect(b.rows).toEqual([
      { label: 'x@spam.example', posts: 2, remote: true },
      { label: 'y@spam.example', posts: 1, remote: true },
      { label: 'z@mastodon-a.test', posts: 1, remote: false },
    ]);
    expect(b.remoteAccounts).toBe(2);
    expect(b.defaultComment.split('\n')).toEqual(['Spam wave: 4 posts from 3 accounts.', ...posts.map((p) => p.url)]);
    const req = batchRequest(b, choices);
    expect(req.options).toEqual({ category: 'spam', comment: 'c', forward: true });
  });

  test('forwarding only when an account is remote', () => {
    const b = prepareBatch({ kind: 'report', instance: INSTANCE, posts: [posts[3]!], commentHead: head })!;
    expect(batchRequest(b, choices).options.forward).toBe(false);
  });

  test('domain blocks: one per remote domain, never the own instance', () => {
    const b = prepareBatch({ kind: 'domain_block', instance: INSTANCE, posts, commentHead: head })!;
    expect(b.targets).toEqual([
      { accountId: null, acct: 'x@spam.example', postIds: [], postUrls: [], domain: 'spam.example' },
    ]);
    expect(
      prepareBatch({ kind: 'domain_block', instance: INSTANCE, posts: [posts[3]!], commentHead: head }),
    ).toBeNull();
  });

  test('mutes carry the duration; suspensions link the open report and the note', () => {
    const mute = prepareBatch({ kind: 'mute', instance: INSTANCE, posts, commentHead: head })!;
    expect(batchRequest(mute, choices).options).toEqual({ durationSeconds: 86_400, notifications: false });
    const suspend = prepareBatch({
      kind: 'suspend',
      instance: INSTANCE,
      posts,
      commentHead: head,
      reportIds: { 'a-y@spam.example': '77' },
    })!;
    expect(suspend.targets.map((t) => t.reportId)).toEqual([null, '77', null]);
    expect(suspend.linkedReports).toBe(1);
    expect(batchRequest(suspend, { ...choices, note: 'wave' }).options).toEqual({ note: 'wave' });
    expect(batchRequest(suspend, { ...choices, note: '  ' }).options).toEqual({});
  });

  test('nothing selected: nothing to do; large selections are capped', () => {
    expect(prepareBatch({ kind: 'block', instance: INSTANCE, posts: [], commentHead: head })).toBeNull();
    const many = Array.from({ length: 600 }, (_, i) => flagged(String(i), `u${i}@spam.example`));
    const b = prepareBatch({ kind: 'block', instance: INSTANCE, posts: many, commentHead: head })!;
    expect(b.targets.length).toBe(BATCH_LIMITS.targets);
    const one = Array.from({ length: 60 }, (_, i) => flagged(String(i), 'same@spam.example'));
    expect(
      prepareBatch({ kind: 'report', instance: INSTANCE, posts: one, commentHead: head })!.targets[0]!.postIds.length,
    ).toBe(BATCH_LIMITS.postIdsPerTarget);
  });
});

test('the report comment keeps to 1,000 characters and says how many links did not fit', () => {
  const urls = Array.from({ length: 40 }, (_, i) => `https://spam.example/notes/${'x'.repeat(30)}${i}`);
  const c = reportComment('Head', urls);
  expect(c.length).toBeLessThanOrEqual(1_000);
  expect(c).toMatch(/\n\(\+\d+\)$/);
  const shown = c.split('\n').filter((l) => l.startsWith('https://')).length;
  expect(c.endsWith(`(+${40 - shown})`)).toBe(true);
  expect(reportComment('Head', urls.slice(0, 2))).toBe(`Head\n${urls[0]}\n${urls[1]}`);
});

describe('clipPost', () => {
  test('cuts what is too long so the background takes it, drops impossible URLs', () => {
    const huge = post({
      id: '1',
      instance: INSTANCE,
      text: 'x'.repeat(LIMITS.text + 500),
      url: `https://a.example/${'y'.repeat(3_000)}`,
      tags: Array.from({ length: 300 }, (_, i) => `t${i}`),
      links: [
        { url: `https://b.example/${'z'.repeat(3_000)}`, host: 'b.example' },
        { url: 'https://ok.example', host: 'ok.example' },
      ],
      author: author({ displayName: 'n'.repeat(1_000), bio: 'b'.repeat(20_000) }),
    });
    const clipped = clipPost(huge)!;
    expect(clipped.text.length).toBe(LIMITS.text);
    expect(clipped.url).toBeNull();
    expect(clipped.tags.length).toBe(LIMITS.tags);
    expect(clipped.links).toEqual([{ url: 'https://ok.example', host: 'ok.example' }]);
    expect(validatePosts([huge], INSTANCE).posts.length).toBe(0);
    expect(validatePosts([clipped], INSTANCE).posts.length).toBe(1);
  });

  test('quotes of quotes are cut at the depth the background takes', () => {
    const deep = post({ id: '1', instance: INSTANCE });
    let p = deep;
    for (let i = 2; i < 6; i++) p = p.quote = post({ id: String(i), instance: INSTANCE });
    let depth = 0;
    for (let q = clipPost(deep)!.quote; q; q = q.quote) depth++;
    expect(depth).toBe(LIMITS.quoteDepth);
  });

  test('an id too long to be real: not sent at all', () => {
    expect(clipPost(post({ id: '9'.repeat(LIMITS.id + 1), instance: INSTANCE }))).toBeNull();
  });
});

describe('OverlayModel', () => {
  test('flagged posts, the selection, the focused wave, and notifications once per microtask', async () => {
    const m = new OverlayModel(INSTANCE, {
      user: ['report'],
      moderator: [],
      moderatorToken: false,
      moderatorAccount: null,
    });
    let calls = 0;
    m.subscribe(() => calls++);
    m.setPost(flagged('1', 'x@spam.example'));
    m.setPost(flagged('2', 'y@spam.example', { verdict: verdict(`${INSTANCE}/2`, { wave: 'w2' }) }));
    m.setPost(flagged('3', 'y@spam.example', { verdict: verdict(`${INSTANCE}/3`, { wave: 'w2' }) }));
    m.setPost(
      flagged('4', 'ok@spam.example', { verdict: verdict(`${INSTANCE}/4`, { verdict: 'ok', freshAccount: false }) }),
    );
    await Promise.resolve();
    expect(calls).toBe(1);
    expect(m.snapshot().flagged.size).toBe(3);
    // The largest wave on the page until one is looked at.
    expect(m.currentWave()).toBe('w2');
    m.focus('w1');
    expect(m.currentWave()).toBe('w1');
    expect(m.select(m.waveKeys('w2'), true)).toEqual([`${INSTANCE}/2`, `${INSTANCE}/3`]);
    // Selecting focuses that wave; an unflagged post cannot be selected.
    expect(m.currentWave()).toBe('w2');
    expect(m.select([`${INSTANCE}/4`], true)).toEqual([]);
    // Marked not spam: the post leaves the flagged posts and the selection.
    m.setPost(
      flagged('2', 'y@spam.example', { verdict: verdict(`${INSTANCE}/2`, { verdict: 'ok', freshAccount: false }) }),
    );
    expect([...m.snapshot().selected]).toEqual([`${INSTANCE}/3`]);
    // After a navigation, flagged posts no longer on the page go, selected ones stay.
    m.keepOnly(new Set());
    expect([...m.snapshot().flagged.keys()]).toEqual([`${INSTANCE}/3`]);
  });
});

test('a batch progress older than the one shown does not replace it', () => {
  const m = new OverlayModel(INSTANCE, { user: [], moderator: [], moderatorToken: false, moderatorAccount: null });
  const base = {
    batchId: 'b1',
    instance: INSTANCE,
    kind: 'unblock' as const,
    total: 1,
    etaMs: null,
    waitUntil: null,
    failures: [],
    undoable: false,
    undoOf: 'b0',
    createdAt: 1,
  };
  m.setBatch({ ...base, state: 'done', done: 1, failed: 0, remaining: 0 });
  m.setBatch({ ...base, state: 'queued', done: 0, failed: 0, remaining: 1 });
  expect(m.snapshot().batches[0]!.state).toBe('done');
  m.setBatch({ ...base, batchId: 'b2', state: 'running', done: 0, failed: 0, remaining: 1 });
  m.setBatch({ ...base, batchId: 'b2', state: 'paused', done: 0, failed: 0, remaining: 1 });
  expect(m.snapshot().batches[0]!.state).toBe('paused');
});

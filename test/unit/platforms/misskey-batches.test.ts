/**
 * Batches from a Misskey page (the adapter's traits in the shared `prepareBatch`): reports list each
 * note's remote address and its page on this server in the report text (not in the comment), no
 * forwarding, no note for the log, Misskey's 20-an-hour limit for the preview, one target per open
 * report for "Resolve reports", "Delete notes" counted in notes; and the requests the queue gets.
 */
import { describe, expect, test } from 'vitest';
import { batchRequest, prepareBatch } from '../../../src/content/batches';
import type { Verdict } from '../../../src/core/model';
import { misskeyAdapter, misskeyBatchTraits as T } from '../../../src/platforms/misskey/adapter';
import { ENDPOINT_LIMITS } from '../../../src/platforms/misskey/actions';
import { reportParts } from '../../../src/platforms/misskey/report-text';
import type { BatchChoices } from '../../../src/ui/overlay/controller';
import type { FlaggedPost } from '../../../src/ui/overlay/model';

const INSTANCE = 'misskey-a.test';
const ORIGIN = `https://${INSTANCE}`;
const verdict = (key: string): Verdict => ({
  postKey: key,
  verdict: 'spam',
  score: 0.9,
  wave: 'w1',
  freshAccount: true,
  accountAgeHours: 0.5,
  reasons: [],
});
const flagged = (id: string, acct: string, remoteUrl: string | null): FlaggedPost => {
  const host = acct.split('@')[1]!;
  return {
    key: `${INSTANCE}/${id}`,
    id,
    acct,
    accountId: `u${id.slice(0, 9)}`,
    host,
    remote: host !== INSTANCE,
    url: remoteUrl ?? `${ORIGIN}/notes/${id}`,
    verdict: verdict(`${INSTANCE}/${id}`),
  };
};
const choices: BatchChoices = {
  comment: 'Spam wave (edited)',
  forward: true,
  durationSeconds: 0,
  notifications: true,
  note: 'n',
};
const head = (n: number, m: number) => `Spam wave: ${n} posts from ${m} accounts.`;
const prepare = (kind: Parameters<typeof prepareBatch>[0]['kind'], posts: FlaggedPost[], extra = {}) =>
  prepareBatch({
    kind,
    instance: INSTANCE,
    posts,
    commentHead: head,
    links: (p) => T.postLinks(p, ORIGIN),
    commentWithLinks: !T.reportLinksInText,
    noteField: T.noteKinds.includes(kind),
    forwardable: T.reportForward,
    limit: T.limit(kind),
    ...extra,
  })!;

const posts = [
  flagged('atxl2cw82xq1001m', 'spam@mstdn.example', 'https://mstdn.example/@spam/111'),
  flagged('atxl2d6t2xq1001p', 'spam@mstdn.example', 'https://mstdn.example/@spam/112'),
  flagged('atxl2na62xq10031', `local@${INSTANCE}`, null),
];

describe('reports', () => {
  test('the comment is the user\u2019s; each note gives its remote address and its page here', () => {
    const b = prepare('report', posts);
    expect(b.defaultComment).toBe('Spam wave: 3 posts from 2 accounts.');
    expect(b.linksInText).toBe(true);
    expect(b.forwardable).toBe(false);
    expect(b.targets[0]!.postUrls).toEqual([
      'https://mstdn.example/@spam/111',
      `${ORIGIN}/notes/atxl2cw82xq1001m`,
      'https://mstdn.example/@spam/112',
      `${ORIGIN}/notes/atxl2d6t2xq1001p`,
    ]);
    // A local note has one address.
    expect(b.targets[1]!.postUrls).toEqual([`${ORIGIN}/notes/atxl2na62xq10031`]);
    const req = batchRequest(b, choices);
    expect(req.options).toEqual({ category: 'spam', comment: 'Spam wave (edited)', forward: false });
    // What the executor files: the comment, then `Note: <link>` lines, within 2,048 characters.
    const [text] = reportParts(req.options.comment!, req.targets[0]!.postUrls, 'bw-1234abcd');
    expect(text).toBe(
      [
        'Spam wave (edited)',
        'Note: https://mstdn.example/@spam/111',
        `Note: ${ORIGIN}/notes/atxl2cw82xq1001m`,
        'Note: https://mstdn.example/@spam/112',
        `Note: ${ORIGIN}/notes/atxl2d6t2xq1001p`,
        '[Breakwater bw-1234abcd]',
      ].join('\n'),
    );
  });

  test('40 links at most per account (20 remote notes), several reports when over 2,048 characters', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      flagged(
        `atxl2cw82xq1${String(i).padStart(3, '0')}`,
        'spam@mstdn.example',
        `https://mstdn.example/@spam/${'9'.repeat(40)}${i}`,
      ),
    );
    const b = prepare('report', many);
    expect(b.targets[0]!.postUrls).toHaveLength(40);
    const parts = reportParts('c', b.targets[0]!.postUrls, 'bw-1234abcd');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect([...p].length).toBeLessThanOrEqual(2048);
  });
});

test('block and mute: the documented 20 an hour for the preview; no note field', () => {
  expect(prepare('block', posts).limit).toEqual({ max: 20, windowMs: 3_600_000 });
  expect(prepare('mute', posts).limit).toEqual(ENDPOINT_LIMITS['mute/create']);
  expect(prepare('report', posts).limit).toBeNull();
  expect(prepare('suspend', posts).noteField).toBe(false);
  expect(batchRequest(prepare('suspend', posts), choices).options).toEqual({});
});

test('delete notes: counted in notes; the queue splits the targets note by note', () => {
  const b = prepare('delete_note', posts);
  expect(b.count).toBe(3);
  expect(b.targets.map((t) => t.postIds)).toEqual([['atxl2cw82xq1001m', 'atxl2d6t2xq1001p'], ['atxl2na62xq10031']]);
});

test('resolve reports: one target per open report about each account; none without', () => {
  const reportLists = { [posts[0]!.accountId!]: ['r3', 'r1'], [posts[2]!.accountId!]: ['r2'] };
  const b = prepare('resolve_report', posts, { reportLists });
  expect(b.targets.map((t) => [t.acct, t.reportId])).toEqual([
    ['spam@mstdn.example', 'r3'],
    ['spam@mstdn.example', 'r1'],
    [`local@${INSTANCE}`, 'r2'],
  ]);
  expect(b.count).toBe(3);
  expect(b.rows.map((r) => r.label)).toEqual(['spam@mstdn.example', `local@${INSTANCE}`]);
  expect(
    prepareBatch({ kind: 'resolve_report', instance: INSTANCE, posts, commentHead: head, reportLists: {} }),
  ).toBeNull();
});

test('the adapter offers what Misskey has; a moderator needs no sign-in with the web UI login', () => {
  const base = {
    token: 'abcdefgh12345678',
    accountId: 'atxl29bm2xq10007',
    username: 'x',
    domain: INSTANCE,
    version: '2024.2.0',
    streamingOrigins: [],
  };
  expect(misskeyAdapter.actions({ ...base, moderator: { reports: false, users: false } }).user).toEqual([
    'report',
    'block',
    'mute',
  ]);
  expect(misskeyAdapter.actions({ ...base, moderator: { reports: true, users: true } })).toMatchObject({
    moderator: ['suspend', 'delete_note', 'resolve_report'],
    pageLoginModerates: true,
  });
  // Logged out (no token): nothing to act with.
  expect(
    misskeyAdapter.actions({ ...base, token: null, moderator: { reports: true, users: true } }).pageLoginModerates,
  ).toBe(false);
});

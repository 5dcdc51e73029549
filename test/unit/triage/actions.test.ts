import { describe, expect, test } from 'vitest';
import type { Post } from '../../../src/core/model';
import type { BatchProgress } from '../../../src/core/queue/types';
import { planTriage, postsToTeach } from '../../../src/core/triage/actions';
import type { TriageReport, TriageSignup } from '../../../src/core/triage/types';
import { batchState, describeSelection, indexSnapshot, type PageBatch } from '../../../src/ui/triage/model';

const M = 'mastodon.example';
const K = 'misskey.example';

function post(key: string, author: string, text: string): Post {
  const [instance, id] = key.split('/') as [string, string];
  return {
    key,
    id,
    instance,
    platform: instance === K ? 'misskey' : 'mastodon',
    url: null,
    createdAt: 1,
    author: {
      key: author,
      id: null,
      username: author.split('@')[0]!,
      host: author.split('@')[1]!,
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
    text,
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
  };
}

let seq = 0;
function report(instance: string, acct: string, accountId: string, over: Partial<TriageReport> = {}): TriageReport {
  const id = String(++seq);
  return {
    key: `${instance}|r|${id}`,
    instance,
    platform: instance === K ? 'misskey' : 'mastodon',
    id,
    createdAt: 1_000 + seq,
    comment: '',
    category: 'spam',
    forwarded: false,
    reporter: null,
    target: {
      id: accountId,
      acct,
      username: acct.split('@')[0]!,
      displayName: '',
      avatarMissing: true,
      createdAt: null,
      suspended: false,
      limited: false,
    },
    posts: [post(`${instance}/p${id}`, acct, `spam text ${acct}`)],
    postsSource: 'reported',
    ...over,
  };
}

function signup(instance: string, username: string, emailDomain: string | null): TriageSignup {
  const id = String(++seq);
  return {
    key: `${instance}|s|${id}`,
    instance,
    id,
    username,
    acct: `${username}@${instance}`,
    email: emailDomain ? `${username}@${emailDomain}` : null,
    emailDomain,
    ip: null,
    reason: '',
    createdAt: seq,
    confirmed: true,
    locale: null,
  };
}

describe('planTriage: reports', () => {
  test('Mastodon suspend: one action per account with its newest report; the account action resolves them', () => {
    const a1 = report(M, 'aa@far.example', '11');
    const a2 = report(M, 'aa@far.example', '11');
    const b1 = report(M, 'bb@far.example', '12');
    const other = report(M, 'aa@far.example', '11'); // not selected: resolved too, by Mastodon
    const plan = planTriage({
      action: 'suspend',
      reports: [a1, a2, b1],
      signups: [],
      note: '  wave  ',
      allReports: [a1, a2, b1, other],
    });
    expect(plan.batches).toHaveLength(1);
    const { req, covers } = plan.batches[0]!;
    expect(req).toMatchObject({ instance: M, kind: 'suspend', options: { note: 'wave' } });
    expect(req.targets).toEqual([
      { accountId: '11', acct: 'aa@far.example', postIds: [], postUrls: [], reportId: a2.id },
      { accountId: '12', acct: 'bb@far.example', postIds: [], postUrls: [], reportId: b1.id },
    ]);
    expect(new Set(covers)).toEqual(new Set([a1.key, a2.key, b1.key]));
    expect(plan.warnings).toEqual([
      expect.objectContaining({ code: 'triage.warn.otherReports', params: { instance: M, count: 1 } }),
    ]);
    expect(plan.teach?.kind).toBe('spam');
  });

  test('Misskey suspend: the suspensions, then a batch that resolves every report', () => {
    const r1 = report(K, 'xx@far.example', 'u1');
    const r2 = report(K, 'xx@far.example', 'u1');
    const plan = planTriage({ action: 'suspend', reports: [r1, r2], signups: [], note: 'n' });
    expect(plan.batches.map((b) => [b.req.kind, b.req.targets.length])).toEqual([
      ['suspend', 1],
      ['resolve_report', 2],
    ]);
    expect(plan.batches[0]!.req.targets[0]!.reportId).toBeNull();
    expect(plan.batches[1]!.req.targets.map((t) => t.reportId)).toEqual([r1.id, r2.id]);
    expect(plan.batches[1]!.covers).toEqual([r1.key, r2.key]);
  });

  test('across instances: one batch per instance; Misskey cannot limit and says so', () => {
    const m = report(M, 'aa@far.example', '11');
    const k = report(K, 'aa@far.example', 'u9');
    const plan = planTriage({ action: 'limit', reports: [m, k], signups: [], note: '' });
    expect(plan.batches.map((b) => [b.req.instance, b.req.kind])).toEqual([[M, 'limit']]);
    expect(plan.skipped).toEqual([{ key: k.key, reason: expect.objectContaining({ code: 'triage.skip.noLimit' }) }]);
  });

  test('accounts already suspended only get their reports resolved', () => {
    const gone = report(M, 'gone@far.example', '13');
    gone.target.suspended = true;
    const live = report(M, 'live@far.example', '14');
    const plan = planTriage({ action: 'suspend', reports: [gone, live], signups: [], note: '' });
    expect(plan.batches.map((b) => [b.req.kind, b.req.targets.map((t) => t.acct)])).toEqual([
      ['suspend', ['live@far.example']],
      ['resolve_report', ['gone@far.example']],
    ]);
  });

  test.each([
    ['resolve', null],
    ['dismiss', 'not-spam'],
  ] as const)('%s: one resolve per report; teaching %s', (action, teach) => {
    const rs = [report(M, 'a@b.example', '1'), report(M, 'a@b.example', '1')];
    const plan = planTriage({ action, reports: rs, signups: [], note: '' });
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]!.req.kind).toBe('resolve_report');
    expect(plan.batches[0]!.req.targets.map((t) => t.reportId)).toEqual(rs.map((r) => r.id));
    expect(plan.teach?.kind ?? null).toBe(teach);
  });

  test('more than 500 accounts are split into batches of 500', () => {
    const rs = Array.from({ length: 1_201 }, (_, i) => report(M, `u${i}@far.example`, String(10_000 + i)));
    const plan = planTriage({ action: 'suspend', reports: rs, signups: [], note: '' });
    expect(plan.batches.map((b) => b.req.targets.length)).toEqual([500, 500, 201]);
    expect(plan.batches.flatMap((b) => b.covers)).toHaveLength(1_201);
  });

  test('posts to teach: reported or linked ones, one per look, at most two per author', () => {
    const same = (i: number, acct: string) => report(M, acct, acct, { posts: [post(`${M}/s${i}`, acct, 'same text')] });
    const list = [
      same(1, 'a@x.example'),
      same(2, 'b@x.example'),
      report(M, 'a@x.example', 'a', { posts: [post(`${M}/d1`, 'a@x.example', 'other words one')] }),
      report(M, 'a@x.example', 'a', { posts: [post(`${M}/d2`, 'a@x.example', 'other words two')] }),
      report(K, 'c@x.example', 'c', { postsSource: 'recent', posts: [post(`${K}/r1`, 'c@x.example', 'latest')] }),
    ];
    expect(postsToTeach(list).map((p) => p.key)).toEqual([`${M}/s1`, `${M}/d1`]);
  });
});

describe('planTriage: sign-ups', () => {
  test('reject and block: the domains first (never a big provider), then the rejections', () => {
    const bots = [signup(M, 'aaa', 'temp.example'), signup(M, 'bbb', 'temp.example')];
    const gmail = signup(M, 'ccc', 'gmail.com');
    const unselected = signup(M, 'ddd', 'temp.example');
    const plan = planTriage({
      action: 'reject_block',
      reports: [],
      signups: [...bots, gmail],
      note: '',
      allSignups: [...bots, gmail, unselected],
    });
    expect(plan.batches.map((b) => [b.req.kind, b.req.targets.length])).toEqual([
      ['email_domain_block', 1],
      ['reject', 3],
    ]);
    expect(plan.batches[0]!.req.targets[0]).toMatchObject({ domain: 'temp.example', accountId: null });
    expect(plan.batches[1]!.covers).toEqual([...bots, gmail].map((s) => s.key));
    expect(plan.skipped).toEqual([
      { key: gmail.key, reason: expect.objectContaining({ code: 'triage.skip.commonMail' }) },
    ]);
    expect(plan.warnings).toEqual([
      expect.objectContaining({
        code: 'triage.warn.domainShared',
        params: { instance: M, domain: 'temp.example', count: 1 },
      }),
    ]);
    expect(plan.teach).toBeNull();
  });

  test('approve: one approve per sign-up, per instance', () => {
    const plan = planTriage({
      action: 'approve',
      reports: [],
      signups: [signup(M, 'a', null), signup('other.example', 'b', null)],
      note: '',
    });
    expect(plan.batches.map((b) => [b.req.instance, b.req.kind, b.req.targets[0]!.acct])).toEqual([
      [M, 'approve', `a@${M}`],
      ['other.example', 'approve', 'b@other.example'],
    ]);
  });
});

describe('the page model', () => {
  const progress = (batchId: string, state: BatchProgress['state'], failures: string[] = []): BatchProgress => ({
    batchId,
    instance: M,
    kind: 'suspend',
    state,
    total: 2,
    done: 2 - failures.length,
    failed: failures.length,
    remaining: 0,
    etaMs: null,
    waitUntil: null,
    failures: failures.map((acct) => ({ acct, message: 'no' })),
    undoable: state === 'done',
    undoOf: null,
    createdAt: 1,
  });
  const mine: PageBatch[] = [
    { batchId: 'b1', instance: M, covers: ['r1', 'r2'], accts: { r1: 'a@x', r2: 'B@x' } },
    { batchId: 'b2', instance: M, covers: ['r3'], accts: { r3: 'c@x' } },
    { batchId: 'b3', instance: M, covers: ['r4'], accts: { r4: 'd@x' } },
  ];
  test('done batches settle what did not fail; batches at work (or not listed yet) queue', () => {
    const s = batchState(mine, [progress('b1', 'done', ['b@x']), progress('b2', 'running')]);
    expect([...s.settled]).toEqual(['r1']);
    expect(new Set(s.queued)).toEqual(new Set(['r3', 'r4']));
    const c = batchState(mine, [progress('b1', 'cancelled'), progress('b2', 'done'), progress('b3', 'paused')]);
    expect([...c.settled]).toEqual(['r3']);
    expect([...c.queued]).toEqual(['r4']);
  });
  test('a selection counts reports, accounts, sign-ups and instances', () => {
    const r1 = report(M, 'a@x.example', '1');
    const r2 = report(K, 'a@x.example', 'u');
    const s1 = signup(M, 'z', null);
    const ix = indexSnapshot({
      loadedAt: 0,
      reports: [r1, r2],
      signups: [s1],
      reportGroups: [],
      reportSingles: [],
      signupGroups: [],
      signupSingles: [],
      instances: [],
      timings: { fetchMs: 0, groupMs: 0 },
    });
    const d = describeSelection(new Set([r1.key, r2.key, s1.key, 'gone']), ix);
    expect([d.reports.length, d.accounts, d.signups.length, d.instances]).toEqual([2, 1, 1, 2]);
  });
});

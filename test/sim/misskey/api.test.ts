import { describe, expect, test } from 'vitest';
import { bench, fixture, keys } from './helpers';
import { T0 } from './test-scenario';

type Json = Record<string, unknown>;
const arr = (r: { body?: unknown }): Json[] => r.body as Json[];
/** The fixture server had only local users: remote users add `instance` (and remote notes `emojis`, `uri`, `url`). */
const lkeys = (o: unknown): string[] => keys(o).filter((k) => k !== 'instance');

describe('response shapes match the 2025.7.0 fixtures', () => {
  const b = bench();
  const userId = (acct: string) => b.inst.userId(acct)!;

  test('i: MeDetailed of an ordinary user and of the admin, key for key and in order', () => {
    expect(keys(b.as('alice', 'i').body)).toEqual(keys(fixture('i.alice').response.body));
    expect(keys(b.as('admin', 'i').body)).toEqual(keys(fixture('i.admin').response.body));
    const policies = (b.as('alice', 'i').body as Json).policies;
    expect(keys(policies)).toEqual(keys((fixture('i.alice').response.body as Json).policies));
  });

  test('meta with detail true and false', () => {
    expect(keys(b.inst.call('meta', { detail: true }).body).sort()).toEqual(keys(fixture('meta').response.body).sort());
    expect(keys(b.inst.call('meta', { detail: false }).body).sort()).toEqual(
      keys(fixture('meta.detail-false').response.body).sort(),
    );
    expect((b.inst.call('meta').body as Json).version).toBe('2025.7.0');
  });

  test('notes in timelines: the key sets of plain, mention, reply and renote notes', () => {
    const fx = [
      ...(fixture('notes-timeline.alice').response.body as Json[]),
      ...(fixture('notes-local-timeline.admin').response.body as Json[]),
    ];
    const fxKeySets = new Set(fx.map((n) => keys(n).join(',')));
    const ours = arr(b.as('alice', 'notes/hybrid-timeline', { limit: 100, withReplies: true })).filter(
      (n) => (n.user as Json).host === null,
    );
    expect(ours.length).toBeGreaterThan(3);
    for (const n of ours) expect(fxKeySets).toContain(keys(n).join(','));
    const reply = ours.find((n) => n.reply && ((n.reply as Json).user as Json).host === null)!;
    expect(keys(reply.reply)).toEqual(keys((fx.find((n) => n.reply) as Json).reply));
    const userLite = (fx[0] as Json).user;
    expect(keys(ours[0]!.user)).toEqual(keys(userLite));
  });

  test('remote notes add emojis, uri and url where upstream puts them, and UserLite.instance', () => {
    const remote = arr(b.as('alice', 'notes/global-timeline', { limit: 100 })).find(
      (n) => (n.user as Json).host === 'mastodon-a.test',
    )!;
    const k = keys(remote);
    expect(k.indexOf('emojis')).toBe(k.indexOf('reactionEmojis') + 1);
    expect(k.slice(k.indexOf('renoteId') + 1)).toEqual(expect.arrayContaining(['uri', 'url', 'clippedCount']));
    expect(keys(remote.user)).toContain('instance');
    expect(keys(remote.user).indexOf('instance')).toBe(keys(remote.user).indexOf('isCat') + 1);
  });

  test('users/show: anonymous, another user, a moderator viewer, several ids', () => {
    const spammer = userId('qerklmezqa@spam0.example');
    expect(lkeys(b.inst.call('users/show', { userId: spammer }).body)).toEqual(
      keys(fixture('users-show.anonymous-spammer-by-id').response.body),
    );
    expect(lkeys(b.as('alice', 'users/show', { userId: spammer }).body)).toEqual(
      keys(fixture('users-show.spammer-by-username').response.body),
    );
    expect(lkeys(b.as('admin', 'users/show', { userId: spammer }).body)).toEqual(
      keys(fixture('users-show.suspended-spammer').response.body),
    );
    const many = arr(b.as('alice', 'users/show', { userIds: [spammer, userId('bob@misskey-a.test'), 'nonexistent0'] }));
    expect(many.map((u) => u.username)).toEqual(['qerklmezqa', 'bob']);
    expect(keys(many[1])).toEqual(
      keys((fixture('users-show.multiple-userIds').response.body as Json[]).find((u) => keys(u).length === 55)),
    );
    const byName = b.as('alice', 'users/show', { username: 'qerklmezqa', host: 'spam0.example' }).body as Json;
    expect(byName.id).toBe(spammer);
  });

  test('i/notifications, admin/abuse-user-reports and admin/show-user', () => {
    const notifs = arr(b.as('alice', 'i/notifications', { limit: 40 }));
    expect(notifs.length).toBeGreaterThan(0);
    const fxMention = (fixture('i-notifications.alice').response.body as Json[]).find((n) => n.type === 'mention')!;
    const mention = notifs.find((n) => n.type === 'mention')!;
    expect(keys(mention)).toEqual(keys(fxMention));
    const reports = arr(b.as('admin', 'admin/abuse-user-reports', { limit: 10 }));
    expect(reports).toHaveLength(10);
    const fxReport = (fixture('admin-abuse-user-reports').response.body as Json[])[0]!;
    expect(keys(reports[0])).toEqual(keys(fxReport));
    expect(lkeys(reports[0]!.targetUser)).toEqual(keys(fxReport.targetUser));
    expect(keys(b.as('admin', 'admin/show-user', { userId: userId('alice@misskey-a.test') }).body)).toEqual(
      keys(fixture('admin-show-user.suspended-spammer').response.body),
    );
  });

  test('blocking/create answers UserDetailedNotMe with isBlocking', () => {
    const r = b.as('carol', 'blocking/create', { userId: userId('wicfqnxwoe@spam1.example') });
    expect(r.status).toBe(200);
    expect(lkeys(r.body)).toEqual(keys(fixture('blocking-create.alice-blocks-spammer').response.body));
    expect((r.body as Json).isBlocking).toBe(true);
  });
});

describe('errors as the fixtures captured them', () => {
  const b = bench();
  const spammer = b.inst.userId('qerklmezqa@spam0.example')!;
  const cases: [string, () => ReturnType<typeof b.as>][] = [
    ['error.i.bad-token', () => b.inst.call('i', { i: 'wrongtoken000000' })],
    ['error.i.bad-bearer-token', () => b.inst.call('i', {}, { authorization: 'Bearer wrongtoken000000' })],
    ['error.i.no-credential', () => b.inst.call('i', {})],
    ['error.users-show.nonexistent-id', () => b.as('alice', 'users/show', { userId: '9zzzzzzzzz' })],
    ['error.users-show.malformed-id', () => b.as('alice', 'users/show', { userId: 'not-an-id!' })],
    ['error.users-show.nonexistent-username', () => b.as('alice', 'users/show', { username: 'nosuchuser' })],
    [
      'error.users-report-abuse.nonexistent-user',
      () => b.as('alice', 'users/report-abuse', { userId: '9zzzzzzzzz', comment: 'x' }),
    ],
    ['error.blocking-create.nonexistent-user', () => b.as('alice', 'blocking/create', { userId: '9zzzzzzzzz' })],
    [
      'error.blocking-create.self',
      () => b.as('alice', 'blocking/create', { userId: b.inst.userId('alice@misskey-a.test')! }),
    ],
    ['error.admin-suspend-user.not-admin', () => b.as('alice', 'admin/suspend-user', { userId: spammer })],
    ['error.admin-suspend-user.nonexistent-user', () => b.as('admin', 'admin/suspend-user', { userId: '9zzzzzzzzz' })],
    ['error.notes-show.nonexistent-note', () => b.as('alice', 'notes/show', { noteId: '9zzzzzzzzz' })],
  ];
  test.each(cases)('%s', (name, run) => {
    const fx = fixture(name).response;
    const r = run();
    expect(r.status).toBe(fx.status);
    const ours = (r.body as { error: Json }).error;
    const theirs = (fx.body as { error: Json }).error;
    expect({ ...ours, info: undefined }).toEqual({ ...theirs, info: undefined });
    if (theirs.code === 'INTERNAL_ERROR')
      expect(((ours.info as Json).e as Json).message).toBe(((theirs.info as Json).e as Json).message);
    else expect(ours.info).toEqual(theirs.info);
    expect(r.headers['www-authenticate']).toBe(fx.headers['www-authenticate']);
  });

  test('already blocking, and a suspended user token', () => {
    const target = b.inst.userId('ltomhkgxes@spam0.example')!;
    expect(b.as('alice', 'blocking/create', { userId: target }).status).toBe(200);
    const again = b.as('alice', 'blocking/create', { userId: target });
    expect(again.status).toBe(400);
    expect((again.body as { error: Json }).error).toEqual(
      (fixture('error.blocking-create.already-blocking').response.body as { error: Json }).error,
    );
    expect(b.as('admin', 'admin/suspend-user', { userId: b.inst.userId('erin@misskey-a.test')! }).status).toBe(204);
    const r = b.as('erin', 'notes/timeline');
    expect(r.status).toBe(403);
    expect(r.body).toEqual(fixture('error.notes-timeline.suspended-user-token').response.body);
  });

  test('parameter errors name the failing schema path', () => {
    const r = b.as('alice', 'users/report-abuse', { userId: spammer, comment: 'x'.repeat(2049) });
    expect(r.status).toBe(400);
    expect((r.body as { error: Json }).error.info).toEqual({
      param: '#/properties/comment/maxLength',
      reason: 'must NOT have more than 2048 characters',
    });
    const empty = b.as('alice', 'users/report-abuse', { userId: spammer, comment: '' });
    expect((empty.body as { error: Json }).error.code).toBe('INVALID_PARAM');
    const missing = b.as('alice', 'blocking/create', {});
    expect((missing.body as { error: Json }).error.info).toEqual({
      param: '#/required',
      reason: "must have required property 'userId'",
    });
    const limit = b.as('alice', 'notes/timeline', { limit: 101 });
    expect((limit.body as { error: Json }).error.info).toEqual({
      param: '#/properties/limit/maximum',
      reason: 'must be <= 100',
    });
  });

  test('unknown endpoint, admins cannot be reported, moderators cannot be suspended', () => {
    expect(b.as('alice', 'no/such/endpoint').status).toBe(404);
    const rep = b.as('alice', 'users/report-abuse', { userId: b.inst.userId('admin@misskey-a.test')!, comment: 'x' });
    expect((rep.body as { error: Json }).error.code).toBe('CANNOT_REPORT_THE_ADMIN');
    const sus = b.as('mod', 'admin/suspend-user', { userId: b.inst.userId('admin@misskey-a.test')! });
    expect(sus.status).toBe(500);
    expect((((sus.body as { error: Json }).error.info as Json).e as Json).message).toBe(
      'cannot suspend moderator account',
    );
    const del = b.as('mod', 'admin/delete-account', { userId: spammer });
    expect((del.body as { error: Json }).error).toMatchObject({
      code: 'ROLE_PERMISSION_DENIED',
      id: 'c3d38592-54c0-429d-be96-5636b0431a61',
    });
  });

  test('every API answer is JSON and CORS-open over HTTP is checked in http.test.ts; here: no X-RateLimit headers ever', () => {
    for (let i = 0; i < 25; i++) {
      const r = b.as('dave', 'mute/create', { userId: spammer });
      expect(Object.keys(r.headers).some((h) => h.toLowerCase().startsWith('x-ratelimit'))).toBe(false);
    }
  });
});

describe('state: actions are recorded and change what users see', () => {
  test('mute, block, report, delete, suspend, resolve', () => {
    const b = bench();
    const spam0 = b.inst.userId('qerklmezqa@spam0.example')!;
    const spam1 = b.inst.userId('wicfqnxwoe@spam1.example')!;
    const authors = (user: string, ep: string) =>
      arr(b.as(user, ep, { limit: 100 })).map((n) => (n.user as Json).username);
    expect(authors('alice', 'notes/timeline')).toContain('qerklmezqa');

    expect(b.as('alice', 'mute/create', { userId: spam0, expiresAt: null }).status).toBe(204);
    expect(authors('alice', 'notes/timeline')).not.toContain('qerklmezqa');
    expect(authors('alice', 'notes/global-timeline')).not.toContain('qerklmezqa');
    expect(authors('bob', 'notes/timeline')).toContain('qerklmezqa');
    expect((b.as('alice', 'users/show', { userId: spam0 }).body as Json).isMuted).toBe(true);

    expect(b.as('alice', 'blocking/create', { userId: spam1 }).status).toBe(200);
    expect(authors('alice', 'notes/timeline')).not.toContain('wicfqnxwoe');
    expect((b.as('alice', 'users/show', { userId: spam1 }).body as Json).isBlocking).toBe(true);

    expect(b.as('bob', 'users/report-abuse', { userId: spam1, comment: 'spam' }).status).toBe(204);
    const note = arr(b.as('admin', 'notes/global-timeline', { limit: 100 })).find(
      (n) => (n.user as Json).username === 'ltomhkgxes',
    )!;
    expect(b.as('mod', 'notes/delete', { noteId: note.id }).status).toBe(204);
    expect(b.as('alice', 'notes/show', { noteId: note.id }).status).toBe(400);

    expect(b.as('mod', 'admin/suspend-user', { userId: spam1 }).status).toBe(204);
    expect(authors('bob', 'notes/global-timeline')).not.toContain('wicfqnxwoe');
    expect(b.as('bob', 'users/show', { userId: spam1 }).status).toBe(404);
    expect((b.as('mod', 'users/show', { userId: spam1 }).body as Json).isSuspended).toBe(true);

    const report = arr(b.as('admin', 'admin/abuse-user-reports', { limit: 1 }))[0]!;
    expect(b.as('admin', 'admin/resolve-abuse-user-report', { reportId: report.id, resolvedAs: 'accept' }).status).toBe(
      204,
    );

    const actions = b.inst.state().actions;
    expect(actions.map((a) => [a.by, a.kind, a.targetAcct ?? a.target])).toEqual([
      ['alice', 'mute', 'qerklmezqa@spam0.example'],
      ['alice', 'block', 'wicfqnxwoe@spam1.example'],
      ['bob', 'report', 'wicfqnxwoe@spam1.example'],
      ['mod', 'delete_note', 'ltomhkgxes@spam0.example'],
      ['mod', 'suspend', 'wicfqnxwoe@spam1.example'],
      ['admin', 'resolve_report', expect.any(String)],
    ]);
    expect(actions[3]!.details.postId).toMatch(/^p\d+$/);
    expect(actions.every((a) => a.instance === 'misskey-a.test' && a.at === b.clock.t)).toBe(true);
    expect(b.inst.state().requestCounts['POST /api/blocking/create']).toBe(1);
  });

  test('upstream keeps the blocked user in the blocker\u2019s local timeline, but the blockee no longer sees the blocker', () => {
    const b = bench();
    const frank = b.inst.userId('frank@misskey-a.test')!;
    expect(b.as('alice', 'blocking/create', { userId: frank }).status).toBe(200);
    const ltl = (u: string) =>
      arr(b.as(u, 'notes/local-timeline', { limit: 100 })).map((n) => (n.user as Json).username);
    expect(ltl('alice')).toContain('frank');
    const aliceNoteUsers = arr(b.as('frank', 'notes/local-timeline', { limit: 100 })).map(
      (n) => (n.user as Json).username,
    );
    expect(aliceNoteUsers).not.toContain('alice');
  });

  test('deliver() makes posts arrive; before that they are not served', () => {
    const b = bench({ deliverAll: false, at: T0 + 11 * 60_000 });
    const spam = b.scenario.posts.filter((p) => p.label === 'spam');
    const ids = () => arr(b.inst.call('notes/global-timeline', { limit: 100 })).map((n) => n.id);
    expect(ids()).not.toContain(b.inst.noteId(spam[0]!.id));
    b.inst.deliver([spam[0]!.id]);
    expect(ids()[0]).toBe(b.inst.noteId(spam[0]!.id));
  });
});

describe('rate limits', () => {
  test('blocking/create: 20 an hour, refused calls count, then 429 with Retry-After and info', () => {
    const b = bench();
    const target = b.inst.userId('kgjhsvnjga@spam1.example')!;
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 21; i++) {
      const r = b.as('bob', 'blocking/create', { userId: target });
      statuses.push(r.status === 200 ? 200 : ((r.body as { error: Json }).error.code as string));
    }
    const fx = fixture('error.blocking-create.rate-limit-429');
    expect(statuses).toEqual(fx.request.attempts!.map((a) => a.code ?? a.status));
    const r = b.as('bob', 'blocking/create', { userId: target });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3600');
    expect((r.body as { error: Json }).error).toEqual({
      ...(fx.response.body as { error: Json }).error,
      info: expect.any(Object),
    });
    const info = (r.body as { error: { info: Json } }).error.info;
    expect(keys(info)).toEqual(['remaining', 'reset', 'resetMs', 'total']);
    expect(info).toMatchObject({
      remaining: 0,
      total: 20,
      resetMs: b.clock.t + 3_600_000,
      reset: Math.floor((b.clock.t + 3_600_000) / 1000),
    });
    expect(b.inst.state().rateLimited).toEqual([
      { at: b.clock.t, path: '/api/blocking/create', user: 'bob' },
      { at: b.clock.t, path: '/api/blocking/create', user: 'bob' },
    ]);
    // Other users and other endpoints have their own buckets.
    expect(b.as('carol', 'blocking/create', { userId: target }).status).toBe(200);
    // The window slides: an hour after the first calls, they leave it.
    b.clock.advance(3_600_001);
    expect(b.as('bob', 'blocking/create', { userId: target }).status).toBe(400);
  });

  test('refused calls of other kinds count too (401 still counts for the IP; permission errors for the user)', () => {
    const b = bench();
    for (let i = 0; i < 20; i++) expect(b.as('dave', 'mute/create', { userId: 'nonexistent0' }).status).toBe(400);
    expect(b.as('dave', 'mute/create', { userId: b.inst.userId('qerklmezqa@spam0.example')! }).status).toBe(429);
    expect(b.as('dave', 'mute/delete', { userId: 'nonexistent0' }).status).toBe(400);
  });

  test('rateLimitFactor = scale, applied as upstream: window x factor, max / factor', () => {
    const b = bench({ scale: 0.5 });
    expect(((b.as('alice', 'i').body as Json).policies as Json).rateLimitFactor).toBe(0.5);
    const target = b.inst.userId('kgjhsvnjga@spam1.example')!;
    for (let i = 0; i < 40; i++) expect(b.as('bob', 'blocking/create', { userId: target }).status).not.toBe(429);
    const r = b.as('bob', 'blocking/create', { userId: target });
    expect(r.status).toBe(429);
    expect((r.body as { error: { info: Json } }).error.info.total).toBe(40);
    expect(r.headers['retry-after']).toBe('1800');
    b.clock.advance(1_800_001);
    expect(b.as('bob', 'blocking/create', { userId: target }).status).toBe(400);
  });

  test('notes/delete: 1 s minimum interval and 300 an hour; report-abuse and admin calls unlimited', () => {
    const b = bench();
    const notes = arr(b.as('mod', 'notes/global-timeline', { limit: 100 })).filter(
      (n) => (n.user as Json).host !== null,
    );
    expect(b.as('mod', 'notes/delete', { noteId: notes[0]!.id }).status).toBe(204);
    const quick = b.as('mod', 'notes/delete', { noteId: notes[1]!.id });
    expect(quick.status).toBe(429);
    expect((quick.body as { error: { info: Json } }).error.info.total).toBe(1);
    b.clock.advance(1000);
    expect(b.as('mod', 'notes/delete', { noteId: notes[1]!.id }).status).toBe(204);
    const spam = b.inst.userId('qerklmezqa@spam0.example')!;
    for (let i = 0; i < 60; i++)
      expect(b.as('alice', 'users/report-abuse', { userId: spam, comment: `spam ${i}` }).status).toBe(204);
    for (let i = 0; i < 60; i++) expect(b.as('admin', 'admin/show-user', { userId: spam }).status).toBe(200);
  });

  test('rateLimitFactor 0 removes the limits', () => {
    const b = bench({ scale: 0 });
    const target = b.inst.userId('kgjhsvnjga@spam1.example')!;
    for (let i = 0; i < 50; i++) expect(b.as('bob', 'blocking/create', { userId: target }).status).not.toBe(429);
  });
});

describe('MiAuth and token permissions', () => {
  test('gen-token through the web UI token, one-time check, permissions enforced per token', () => {
    const b = bench();
    const session = '0f3e5a1c-7c1b-4b0e-9a8e-2f5d6c7b8a90';
    // Upstream: a secure endpoint without the web UI's own token is ACCESS_DENIED, even anonymous.
    expect(b.inst.call('miauth/gen-token', {}).status).toBe(403);
    const pending = b.inst.call(`miauth/${session}/check`);
    expect(pending.status).toBe(404); // the check is its own route, not an endpoint
    const gen = b.as('mod', 'miauth/gen-token', {
      session,
      name: 'Breakwater',
      permission: ['read:account', 'write:blocks', 'write:admin:suspend-user'],
    });
    expect(gen.status).toBe(200);
    const token = (gen.body as Json).token as string;
    expect(token).toMatch(/^[a-zA-Z0-9]{16}$/);
    // An app token cannot mint tokens (secure endpoint).
    expect(
      (b.inst.call('miauth/gen-token', { i: token, session: 'x', permission: [] }).body as { error: Json }).error.code,
    ).toBe('ACCESS_DENIED');
    const spam = b.inst.userId('qerklmezqa@spam0.example')!;
    expect(b.inst.call('i', { i: token }).status).toBe(200);
    expect(b.inst.call('blocking/create', { i: token, userId: spam }).status).toBe(200);
    expect(b.inst.call('admin/suspend-user', { i: token, userId: spam }).status).toBe(204);
    const denied = b.inst.call('users/report-abuse', { i: token, userId: spam, comment: 'x' });
    expect(denied.status).toBe(403);
    expect((denied.body as { error: Json }).error).toMatchObject({ code: 'PERMISSION_DENIED', kind: 'permission' });
    expect(denied.headers['www-authenticate']).toContain('insufficient_scope');
    expect(b.inst.call('notes/mentions', { i: token }).status).toBe(200);
    expect(b.inst.call('i/notifications', { i: token }).status).toBe(403);
  });
});

describe('ids', () => {
  test.each(['2025.7.0', '2024.2.0'])('%s ids decode to the creation time', async (version) => {
    const { idTime } = await import('./ids');
    const b = bench({ version });
    const notes = arr(b.as('alice', 'notes/global-timeline', { limit: 100 }));
    expect(notes.length).toBeGreaterThan(10);
    for (const n of notes) {
      expect(n.id).toHaveLength(version === '2025.7.0' ? 16 : 10);
      expect(new Date(idTime(n.id as string)).toISOString()).toBe(n.createdAt);
      const u = b.as('alice', 'users/show', { userId: n.userId }).body as Json;
      expect(new Date(idTime(u.id as string)).toISOString()).toBe(u.createdAt);
    }
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
  });

  test('fixture ids decode to their createdAt (the format is real aidx)', async () => {
    const { idTime } = await import('./ids');
    for (const n of fixture('notes-local-timeline.admin').response.body as Json[]) {
      expect(new Date(idTime(n.id as string)).toISOString()).toBe(n.createdAt);
    }
  });
});

describe('seeded moderation data on misskey-a.test', () => {
  test('about a hundred open reports about the wave\u2019s spammers and eight genuine ones', () => {
    const b = bench();
    const seeded = b.inst.seededReports();
    expect(seeded.filter((r) => r.truth === 'spam-wave')).toHaveLength(100);
    expect(seeded.filter((r) => r.truth === 'genuine')).toHaveLength(8);
    const spamAccts = new Set(
      Object.values(b.scenario.accounts)
        .filter((a) => a.label === 'spam')
        .map((a) => a.acct),
    );
    for (const r of seeded) expect(spamAccts.has(r.targetAcct)).toBe(r.truth === 'spam-wave');
    const all: Json[] = [];
    let untilId: string | undefined;
    for (;;) {
      const page = arr(
        b.as('admin', 'admin/abuse-user-reports', { limit: 100, state: 'unresolved', ...(untilId ? { untilId } : {}) }),
      );
      if (page.length === 0) break;
      all.push(...page);
      untilId = page[page.length - 1]!.id as string;
    }
    expect(all).toHaveLength(108);
    expect(all.every((r) => r.resolved === false)).toBe(true);
    expect(bench({ domain: 'misskey-b.test' }).inst.seededReports()).toHaveLength(0);
  });
});

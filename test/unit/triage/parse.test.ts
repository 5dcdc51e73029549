/**
 * Hostile and malformed items in the admin APIs' answers: each refused alone with the path of what
 * was wrong; the rest of the answer kept.
 */
import { describe, expect, test } from 'vitest';
import { commentBody } from '../../../src/core/triage/reports';
import { nextLink, TriageReadError } from '../../../src/core/triage/read';
import { parseAdminReports, parseSignups } from '../../../src/platforms/mastodon/triage';
import { linkedNoteIds, parseAbuseReports } from '../../../src/platforms/misskey/triage';

const D = 'mastodon.example';

function account(id: string, username: string, acct = username) {
  return {
    id,
    username,
    domain: acct.includes('@') ? acct.split('@')[1] : null,
    created_at: '2026-11-20T10:00:00.000Z',
    suspended: false,
    silenced: false,
    account: { id, username, acct, display_name: '', avatar: 'https://x/avatars/original/missing.png' },
  };
}

function status(id: string, accountId: string, username: string) {
  return {
    id,
    created_at: '2026-11-20T10:00:00.000Z',
    content: '<p>buy now</p>',
    account: { id: accountId, username, acct: username, display_name: '', avatar: null },
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    visibility: 'public',
  };
}

function report(id: unknown, over: Record<string, unknown> = {}) {
  return {
    id,
    action_taken: false,
    category: 'spam',
    comment: 'spam',
    forwarded: false,
    created_at: '2026-11-20T11:00:00.000Z',
    account: account('1', 'alice'),
    target_account: account('2', 'spammer', 'spammer@far.example'),
    statuses: [status('100', '2', 'spammer')],
    ...over,
  };
}

describe('Mastodon admin reports', () => {
  test('a good report reads fully', () => {
    const { reports, refused } = parseAdminReports([report('7')], D);
    expect(refused).toEqual([]);
    expect(reports[0]).toMatchObject({
      key: `${D}|r|7`,
      id: '7',
      category: 'spam',
      reporter: `alice@${D}`,
      target: { id: '2', acct: 'spammer@far.example', avatarMissing: true },
      postsSource: 'reported',
    });
    expect(reports[0]!.posts[0]!.text).toBe('buy now');
  });

  test.each([
    ['an id that is a path', report('../admin'), /report.*id: not a usable id/],
    ['an id with a space', report('1 2'), /not a usable id/],
    ['no target', report('8', { target_account: null }), /report 8: target_account: expected an object, got null/],
    [
      'a target without id',
      report('9', { target_account: { ...account('2', 'x'), id: { x: 1 } } }),
      /report 9: target_account.id: expected a string, got an object/,
    ],
    [
      'a target username with @',
      report('10', { target_account: account('2', 'a@b', 'a@b@c') }),
      /report 10: target_account.account.username: not a username/,
    ],
    ['statuses not a list', report('11', { statuses: 'lots' }), /report 11.statuses: expected a list/],
    ['no date', report('12', { created_at: 'yesterday' }), /report 12.created_at: expected a date/],
    ['a comment of the wrong type', report('13', { comment: 42 }), /report 13.comment: expected a string or null/],
    ['not an object', 'report', /reports\[0\]: expected an object, got the string "report"/],
  ])('%s is refused with its path', (_name, item, message) => {
    const { reports, refused } = parseAdminReports([item, report('99')], D);
    expect(reports.map((r) => r.id)).toEqual(['99']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(message);
  });

  test('a malformed status drops that status only, and says so', () => {
    const { reports, refused } = parseAdminReports(
      [report('5', { statuses: [status('1', '2', 'spammer'), { id: '2', account: 5 }] })],
      D,
    );
    expect(reports[0]!.posts).toHaveLength(1);
    expect(refused[0]).toMatch(/^report 5: status 2: status.account: expected an object/);
  });

  test('numeric ids are read as strings; resolved reports, oversize fields and lists are cut', () => {
    const { reports } = parseAdminReports(
      [
        report(12345, { comment: 'x'.repeat(10_000), category: 'weird' }),
        report('6', { action_taken: true }),
        report('7', { statuses: Array.from({ length: 100 }, (_, i) => status(String(i + 1), '2', 'spammer')) }),
      ],
      D,
    );
    expect(reports.map((r) => r.id)).toEqual(['12345', '7']);
    expect(reports[0]!.comment).toHaveLength(3_000);
    expect(reports[0]!.category).toBe('other');
    expect(reports[1]!.posts).toHaveLength(40);
  });

  test('an answer that is not a list is an error that says what came', () => {
    expect(() => parseAdminReports({ error: 'nope' }, D)).toThrow(TriageReadError);
    expect(() => parseAdminReports({ error: 'nope' }, D)).toThrow('expected a list of reports, got an object');
    expect(() => parseAdminReports(null, D)).toThrow('got null');
  });
});

describe('Mastodon pending sign-ups', () => {
  const pending = (over: Record<string, unknown> = {}) => ({
    id: '55',
    username: 'rycjklvsgh',
    created_at: '2026-11-24T04:50:22.319Z',
    email: 'rycjklvsgh@tempbox.example',
    ip: null,
    ips: [{ ip: '203.0.113.124', used_at: '2026-11-24T04:50:22.319Z' }],
    confirmed: true,
    approved: false,
    invite_request: 'I want to join.',
    locale: 'ja',
    ...over,
  });
  test('reads e-mail, IP (from ips when ip is absent), reason; skips approved accounts', () => {
    const { signups, refused } = parseSignups([pending(), pending({ id: '56', approved: true })], D);
    expect(refused).toEqual([]);
    expect(signups).toEqual([
      expect.objectContaining({
        id: '55',
        acct: `rycjklvsgh@${D}`,
        emailDomain: 'tempbox.example',
        ip: '203.0.113.124',
        reason: 'I want to join.',
      }),
    ]);
  });
  test.each([
    ['a username with a space', pending({ username: 'a b' }), /account 55.username: not a username/],
    ['an e-mail of the wrong type', pending({ email: ['x'] }), /account 55.email: expected a string or null/],
    ['no date', pending({ created_at: null }), /account 55.created_at: expected a date, got null/],
  ])('%s is refused', (_n, item, message) => {
    const { signups, refused } = parseSignups([item], D);
    expect(signups).toEqual([]);
    expect(refused[0]).toMatch(message);
  });
});

describe('Misskey abuse reports', () => {
  const K = 'misskey.example';
  const abuse = (over: Record<string, unknown> = {}) => ({
    id: 'atxl33c12xq1003u',
    createdAt: '2026-11-24T01:32:08.737Z',
    comment: `Note: https://${K}/notes/atxl2kf42xq1001z\n-----\nスパムです`,
    resolved: false,
    reporterId: 'r1',
    targetUserId: 'atxl2kf42xq1001w',
    reporter: { id: 'r1', username: 'alice', host: null },
    targetUser: {
      id: 'atxl2kf42xq1001w',
      username: 'wicfqnxwoe',
      host: null,
      name: null,
      avatarUrl: `https://${K}/identicon/wicfqnxwoe@${K}`,
    },
    ...over,
  });
  test('reads the target and reporter; resolved reports skipped; a bad host refused', () => {
    const { reports, refused } = parseAbuseReports(
      [
        abuse(),
        abuse({ id: 'b', resolved: true }),
        abuse({ id: 'c', targetUser: { id: 'u', username: 'x', host: 'evil.example/../' } }),
      ],
      K,
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]!.target).toMatchObject({ acct: `wicfqnxwoe@${K}`, avatarMissing: true });
    expect(reports[0]!.reporter).toBe(`alice@${K}`);
    expect(refused[0]).toMatch(/report c: targetUser.host: not a host name/);
  });
  test('linked notes: only this instance, each once', () => {
    expect(
      linkedNoteIds(
        `Note: https://${K}/notes/abcdef1234\nLocal Note: https://${K}/notes/abcdef1234\nhttps://other.example/notes/zzzzzz9999`,
        `https://${K}`,
      ),
    ).toEqual(['abcdef1234']);
  });
  test('the note-menu lines are not the comment', () => {
    expect(commentBody(abuse().comment)).toBe('スパムです');
    expect(commentBody('Local Note: https://x/notes/1\n-----\n')).toBe('');
  });
});

describe('paging', () => {
  test('rel=next only on the same origin', () => {
    const o = 'https://m.example';
    expect(nextLink('<https://m.example/api/v1/admin/reports?max_id=5>; rel="next"', o)).toBe(
      '/api/v1/admin/reports?max_id=5',
    );
    expect(nextLink('<https://evil.example/steal>; rel="next"', o)).toBeNull();
    expect(nextLink('<https://m.example/x>; rel="prev"', o)).toBeNull();
    expect(nextLink(undefined, o)).toBeNull();
  });
});

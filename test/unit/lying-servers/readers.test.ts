/**
 * The moderator triage readers (Mastodon admin reports and pending sign-ups, Misskey abuse
 * reports) against servers that lie (./liar.ts). Each lie must end as a TriageReadError whose
 * message says what the server did (the triage page shows it per instance), never as an empty
 * queue that looks read; the token never reaches another host.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { TriageReadError } from '../../../src/core/triage/read';
import * as mastodon from '../../../src/platforms/mastodon/triage';
import * as misskey from '../../../src/platforms/misskey/triage';
import { leaks, nodeFetch, useLiar, type LieName } from './liar';

const TOKEN = 'liar-test-token-0123456789';
const liar = useLiar();
afterEach(() => {
  expect(leaks(liar, TOKEN)).toEqual([]);
});

const reader = () => ({ origin: liar.origin, domain: 'liar.test', token: TOKEN, fetcher: nodeFetch, timeoutMs: 1_000 });

async function refusal(p: Promise<unknown>): Promise<TriageReadError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TriageReadError);
  return e as TriageReadError;
}

const cases: [LieName, RegExp][] = [
  ['html200', /HTML page \(Scheduled maintenance\)/],
  ['errorBody200', /Database is read-only/],
  ['redirect', /redirected the request for open reports \(not followed\)/],
  ['slow', /no answer while reading open reports: no answer within 1 s/],
  ['slowBody', /did not finish within 1 s/],
  ['empty', /open reports/],
  ['truncated', /cut off/],
  ['cutJson', /not JSON/],
  ['tooMany', /rate limited while reading open reports/],
  ['huge', /larger than 16 MB; not read/],
];

describe('Mastodon admin reports', () => {
  test('wrongShape: every item refused with why, none taken as a report', async () => {
    liar.lie('wrongShape');
    const r = await mastodon.readOpenReports(reader());
    expect(r.items).toEqual([]);
    expect(r.refused).toHaveLength(3);
  });

  test.each(cases)('%s: refused with the reason', async (lie, reason) => {
    liar.lie(lie);
    const e = await refusal(mastodon.readOpenReports(reader()));
    expect(e.message).toMatch(reason);
    expect(liar.seen[0]!.path).toBe('/api/v1/admin/reports?resolved=false&limit=200');
  });

  test('a next page that lies: the first page is kept and the reading says why it stopped', async () => {
    const report = {
      id: '1',
      action_taken: false,
      category: 'spam',
      comment: 'spam',
      created_at: new Date().toISOString(),
      account: { id: '9', username: 'mod', acct: 'mod', account: { id: '9', username: 'mod', acct: 'mod' } },
      target_account: {
        id: '42',
        username: 'spam',
        domain: 'evil.example',
        created_at: new Date().toISOString(),
        account: { id: '42', username: 'spam', acct: 'spam@evil.example', created_at: new Date().toISOString() },
      },
      statuses: [],
    };
    liar.route(
      [
        ['max_id=1', 'html200'],
        [
          'resolved=false&limit=200',
          (_q, res) => {
            res.writeHead(200, {
              'content-type': 'application/json',
              link: `<${liar.origin}/api/v1/admin/reports?resolved=false&limit=200&max_id=1>; rel="next"`,
            });
            res.end(JSON.stringify([report]));
          },
        ],
      ],
      'errorBody200',
    );
    const r = await mastodon.readOpenReports(reader());
    expect(r.requests).toBe(2);
    expect(r.items.length + r.refused.length).toBe(1);
    expect(r.stopped).toMatch(/HTML page \(Scheduled maintenance\)/);
  });

  test('a next link to another host is not followed', async () => {
    liar.lie((_q, res, other) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        link: `<${other}/api/v1/admin/reports?max_id=1>; rel="next"`,
      });
      res.end('[]');
    });
    const r = await mastodon.readOpenReports(reader());
    expect(r).toMatchObject({ requests: 1, items: [] });
  });
});

describe('Mastodon pending sign-ups', () => {
  test.each<[LieName, RegExp]>([
    ['html200', /HTML page \(Scheduled maintenance\)/],
    ['errorBody200', /Database is read-only/],
    ['redirect', /redirected the request for pending sign-ups \(not followed\)/],
    ['slow', /no answer within 1 s/],
    ['truncated', /cut off/],
    ['huge', /larger than 16 MB/],
  ])('%s: refused with the reason', async (lie, reason) => {
    liar.lie(lie);
    const e = await refusal(mastodon.readPendingSignups(reader()));
    expect(e.message).toMatch(reason);
  });
});

describe('Misskey abuse reports', () => {
  test('wrongShape: every item refused with why, none taken as a report', async () => {
    liar.lie('wrongShape');
    const r = await misskey.readOpenReports(reader());
    expect(r.items).toEqual([]);
    expect(r.refused).toHaveLength(3);
  });

  test.each(cases)('%s: refused with the reason', async (lie, reason) => {
    liar.lie(lie);
    const e = await refusal(misskey.readOpenReports(reader()));
    expect(e.message).toMatch(reason);
    expect(liar.seen[0]!.path).toBe('/api/admin/abuse-user-reports');
    expect(liar.seen[0]!.body).toContain(TOKEN);
  });
});

import { expect, test } from 'vitest';
import { mastodonIdAt, mastodonIdTime } from '../../../src/platforms/mastodon/ids';
import { detectIdScheme, misskeyIdTime, type MisskeyIdScheme } from '../../../src/platforms/misskey/ids';

test.each([
  ['a spam account of the fixtures', '111940682698614715', '2024-02-16T10:27:44.810Z'],
  ['a status', '111944552575657106', '2024-02-17T02:51:54.000Z'],
  ['legacy sequential id', '12345', null],
  ['not a number', 'abc', null],
  ['empty', '', null],
])('Mastodon %s', (_name, id, iso) => {
  const t = mastodonIdTime(id);
  if (iso === null) expect(t).toBeNull();
  else {
    // Status ids carry 16 bits of sequence below the millisecond; the second is exact.
    expect(Math.floor(t! / 1000)).toBe(Math.floor(Date.parse(iso) / 1000));
  }
});

test('Mastodon id round trip', () => {
  const ms = Date.UTC(2024, 1, 16, 10, 27, 44, 810);
  expect(mastodonIdTime(mastodonIdAt(ms))).toBe(ms);
});

// Times built by hand from each scheme's definition (misskey-dev/misskey packages/backend/src/misc/id).
const T = Date.UTC(2026, 10, 24, 1, 32, 7, 393);
const aidTime = (T - 946684800000).toString(36).padStart(8, '0');
const crockford = (n: number) => {
  const c = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = '';
  for (let i = 0; i < 10; i++) {
    s = c[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return s;
};
test.each<[string, string, MisskeyIdScheme, number]>([
  ['aidx of the real 2025.7 fixture', 'atxl32ap2xq1003l', 'aidx', T],
  ['aid', `${aidTime}x1`, 'aid', T],
  ['meid', (T + 0x800000000000).toString(16).padStart(12, '0') + 'abcdef012345', 'meid', T],
  ['meidg', 'g' + T.toString(16).padStart(11, '0') + 'abcdef012345', 'meidg', T],
  [
    'objectid',
    Math.floor(T / 1000)
      .toString(16)
      .padStart(8, '0') + '0123456789abcdef',
    'objectid',
    Math.floor(T / 1000) * 1000,
  ],
  ['ulid', crockford(T) + '0123456789ABCDEF', 'ulid', T],
])('Misskey %s', (_name, id, scheme, ms) => {
  expect(detectIdScheme(id)).toBe(scheme);
  expect(misskeyIdTime(id)).toBe(ms);
  expect(misskeyIdTime(id, scheme)).toBe(ms);
});

test.each([['zzzz'], [''], ['!notanid!!!'], ['ZZZZZZZZZZZZZZZZZZZZZZZZZZ']])(
  'Misskey garbage %j gives no time',
  (id) => {
    expect(misskeyIdTime(id)).toBeNull();
  },
);

test('an explicit scheme overrides detection', () => {
  // 16 base36 characters read as aidx by default; forced to aid, only the first 8 count either way.
  expect(misskeyIdTime('atxl32ap2xq1003l', 'aid')).toBe(T);
  expect(misskeyIdTime('atxl32ap2xq1003l', 'objectid')).toBeNull();
});

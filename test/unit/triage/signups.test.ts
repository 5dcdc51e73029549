import { describe, expect, test } from 'vitest';
import {
  emailDomainOf,
  groupSignups,
  ipRange,
  isCommonMailDomain,
  textClusters,
  usernameShape,
} from '../../../src/core/triage/signups';
import type { TriageSignup } from '../../../src/core/triage/types';

describe('usernameShape', () => {
  test.each([
    // A wave's random names (spam-waves.md A2): one shape per alphabet and length.
    ['rycjklvsgh', '[a-z]{10}'],
    ['wicfqnxwoe', '[a-z]{10}'],
    ['w15e4pzlx4', '[a-z0-9]{10}'],
    ['q8zt0vbkma', '[a-z0-9]{10}'],
    ['Xk9pQ2mZrT4v', '[A-Za-z0-9]{12}'],
    // A word and a digit run (mastodon #24647's `<name><digits>`).
    ['maria2024', '[a-z]+[0-9]{4}'],
    ['joao123', '[a-z]+[0-9]{3}'],
    // Names people choose: no shape.
    ['mika_photo', null],
    ['jonathan', null],
    ['sakura', null],
    ['ben.bakes', null],
    ['yuto', null],
    ['abc12', null],
    ['ab1234', null],
  ])('%s -> %s', (name, shape) => {
    expect(usernameShape(name)).toBe(shape);
  });
});

describe('ipRange', () => {
  test.each([
    ['203.0.113.124', '203.0.113.0/24'],
    ['203.0.113.7/32', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['999.1.1.1', null],
    ['not an ip', null],
    ['1:2:3', null],
    ['', null],
    [null, null],
  ])('%s -> %s', (ip, range) => {
    expect(ipRange(ip)).toBe(range);
  });
});

describe('emailDomainOf', () => {
  test.each([
    ['rycjklvsgh@tempbox.example', 'tempbox.example'],
    ['A.B@Mail.Example.JP.', 'mail.example.jp'],
    ['no-at-sign', null],
    ['@example.com', null],
    ['user@localhost', null],
    [null, null],
  ])('%s -> %s', (email, domain) => {
    expect(emailDomainOf(email)).toBe(domain);
  });
  test('big providers are known', () => {
    expect(isCommonMailDomain('GMAIL.com')).toBe(true);
    expect(isCommonMailDomain('tempbox.example')).toBe(false);
  });
});

describe('textClusters', () => {
  test('near-identical reasons share a cluster, different ones do not, empty ones have none', () => {
    const c = textClusters([
      'I want to join this community and make new friends here.',
      'I want to join this community and make new friends here!',
      'i want to join this  community and make new friends HERE',
      'I take photos of trains and would like to share them with people nearby.',
      '',
      '   ',
      '友人に誘われました。読書と料理について投稿したいです。',
      '友人に誘われました。読書と料理について投稿したいです!',
      'hi',
      'hi',
    ]);
    expect(c[0]).toBe(c[1]);
    expect(c[0]).toBe(c[2]);
    expect(c[3]).not.toBe(c[0]);
    expect(c[4]).toBe(-1);
    expect(c[5]).toBe(-1);
    expect(c[6]).toBe(c[7]);
    expect(c[6]).not.toBe(c[0]);
    expect(c[8]).toBe(c[9]);
  });
});

let n = 0;
function signup(p: Partial<TriageSignup> & { username: string }): TriageSignup {
  const id = String(++n);
  const email = p.email === undefined ? `${p.username}@example.org` : p.email;
  return {
    key: `${p.instance ?? 'a.test'}|s|${id}`,
    instance: 'a.test',
    id,
    acct: `${p.username}@a.test`,
    email,
    emailDomain: emailDomainOf(email),
    ip: null,
    reason: '',
    createdAt: 1_700_000_000_000 + n * 60_000,
    confirmed: true,
    locale: 'en',
    ...p,
  };
}

const BOT = 'I want to join this community and make new friends here.';

describe('groupSignups', () => {
  test('a bot wave is one group; the real sign-ups stay alone, even the random-looking name', () => {
    const bots = ['rycjklvsgh', 'wicfqnxwoe', 'pqzkvbnmxt', 'lkjhgfdsqw', 'zxcvbnmqwe'].map((u, i) =>
      signup({ username: u, email: `${u}@tempbox.example`, ip: `203.0.113.${10 + i}`, reason: BOT }),
    );
    const real = [
      signup({ username: 'mika_photo', email: 'mika@posteo.example', ip: '192.0.2.20', reason: 'I take photos.' }),
      signup({ username: 'sakura_t', email: 'sakura@mail.example.jp', ip: '192.0.2.21', reason: '読書が好きです。' }),
      // Random-looking, like the bots, but nothing else in common.
      signup({ username: 'q8zt0vbkma', email: 'q8zt0vbkma@fastmail.example', ip: '198.51.100.9', reason: 'sysadmin' }),
      // Same big provider and the same shape: one signal (the provider does not count).
      signup({ username: 'maria2024', email: 'maria2024@gmail.com', reason: 'Hello' }),
      signup({ username: 'pedro1999', email: 'pedro1999@gmail.com', reason: 'Hola' }),
    ];
    const g = groupSignups([...real, ...bots]);
    expect(g.groups).toHaveLength(1);
    expect(new Set(g.groups[0]!.keys)).toEqual(new Set(bots.map((b) => b.key)));
    expect(new Set(g.singles)).toEqual(new Set(real.map((r) => r.key)));
    const codes = g.groups[0]!.reasons.map((r) => r.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'signup.shape',
        'signup.emailDomain',
        'signup.reason',
        'signup.ipRange',
        'signup.emailIsUsername',
        'signup.within',
      ]),
    );
    const domain = g.groups[0]!.reasons.find((r) => r.code === 'signup.emailDomain')!;
    expect(domain.params).toEqual({ domain: 'tempbox.example', count: 5 });
  });

  test.each([
    [
      'one signal alone (the same IP: neighbours) never groups',
      [
        { username: 'anna_k', ip: '192.0.2.5', email: 'anna@a.example', reason: 'Friend of alice.' },
        { username: 'tom_b', ip: '192.0.2.6', email: 'tom@b.example', reason: 'Cycling and photos.' },
      ],
      0,
    ],
    [
      'two signals (domain and reason) group',
      [
        { username: 'anna_k', email: 'anna@uni.example', reason: 'Student at the university, joining the club.' },
        { username: 'tom_b', email: 'tom@uni.example', reason: 'Student at the university, joining the club!' },
      ],
      1,
    ],
    [
      'a big provider and the same IP: one signal',
      [
        { username: 'anna_k', email: 'anna@gmail.com', ip: '192.0.2.5', reason: 'a' },
        { username: 'tom_b', email: 'tom@gmail.com', ip: '192.0.2.9', reason: 'b' },
      ],
      0,
    ],
    [
      'links are transitive: A-B by shape and IP, B-C by domain and reason',
      [
        { username: 'xkcdqwrtzp', email: 'x@one.example', ip: '10.0.0.1', reason: 'aaa bbb ccc ddd eee' },
        { username: 'plmqwrtzvb', email: 'p@two.example', ip: '10.0.0.2', reason: 'Totally different words here' },
        { username: 'nice_name', email: 'n@two.example', reason: 'Totally different words here!' },
      ],
      1,
    ],
  ])('%s', (_name, items, groups) => {
    const g = groupSignups(items.map((i) => signup(i)));
    expect(g.groups).toHaveLength(groups);
    expect(g.singles.length + g.groups.reduce((s, x) => s + x.keys.length, 0)).toBe(items.length);
  });

  test('largest group first, newest first inside, across instances', () => {
    const wave = (domain: string, k: number, ipBase: string, ins: string, name: string, reason: string) =>
      Array.from({ length: k }, (_, i) =>
        signup({ instance: ins, username: `${name}${i}`, email: `x${i}@${domain}`, ip: `${ipBase}.${i}`, reason }),
      );
    const spam = 'Spam reason that is long enough to compare, one.';
    const big = [
      ...wave('big.example', 4, '10.1.1', 'a.test', 'qwrtzpsdf', spam),
      ...wave('big.example', 3, '10.1.1', 'b.test', 'qwrtzpsdf', spam),
    ];
    const small = wave('small.example', 2, '10.2.2', 'a.test', 'marta_', 'Entirely other words from a second bot.');
    const g = groupSignups([...small, ...big]);
    expect(g.groups.map((x) => x.keys.length)).toEqual([7, 2]);
    expect(g.groups[0]!.instances).toEqual({ 'a.test': 4, 'b.test': 3 });
    const times = g.groups[0]!.keys.map((k) => big.find((b) => b.key === k)!.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test('1,000 sign-ups of one wave group in well under a second', () => {
    const many = Array.from({ length: 1_000 }, (_, i) =>
      signup({ username: `zq${(i * 7919).toString(36).padStart(8, 'x')}`, email: `a${i}@temp.example`, reason: BOT }),
    );
    const t0 = performance.now();
    const g = groupSignups(many);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(g.groups[0]!.keys).toHaveLength(1_000);
  });
});

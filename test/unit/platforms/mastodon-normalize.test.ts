import { describe, expect, test } from 'vitest';
import { mastodonIdTime } from '../../../src/platforms/mastodon/ids';
import {
  normalizeMastodonAccount,
  normalizeMastodonStatus,
  tryNormalizeMastodonStatus,
} from '../../../src/platforms/mastodon/normalize';
import { mastodonStatuses, spamIds } from './fixtures';

const INSTANCE = '127.0.0.1:4080';

describe.each(['4.6.5', '4.2.0'] as const)('Mastodon %s fixtures', (version) => {
  const statuses = mastodonStatuses(version);
  const spam = spamIds(version);

  test('all 115 captured statuses normalize', () => {
    expect(statuses.size).toBe(115);
    for (const s of statuses.values()) expect(() => normalizeMastodonStatus(s, INSTANCE)).not.toThrow();
  });

  test.each(spam.spam_status_ids)('spam status %s: author age from the id, mentions, media, link', (id) => {
    const raw = statuses.get(id)!;
    const p = normalizeMastodonStatus(raw, INSTANCE);
    const acc = raw.account as Record<string, unknown>;
    expect(p.key).toBe(`${INSTANCE}/${id}`);
    expect(spam.spam_account_ids).toContain(p.author.id);
    // The account was created the day before: the id gives the millisecond, not midnight.
    expect(p.author.createdAtSource).toBe('id');
    expect(p.author.createdAt).toBe(mastodonIdTime(acc.id as string));
    expect(p.author.createdAt!).toBeLessThan(p.createdAt);
    expect(p.createdAt - p.author.createdAt!).toBeLessThan(48 * 3_600_000);
    expect(p.author.avatarMissing).toBe(true);
    expect(p.author.displayName).toBe('');
    expect(p.author.bio).toBe('');
    expect(p.author.followersCount).toBe(0);
    expect(spam.spam_accts.map((a) => (a.includes('@') ? a : `${a}@${INSTANCE}`))).toContain(p.author.key);
    expect(p.mentions.length).toBe((raw.mentions as unknown[]).length);
    expect(p.mentions.length).toBeGreaterThanOrEqual(2);
    expect(p.mentions.every((m) => m.host && m.username)).toBe(true);
    expect(p.media).toHaveLength(1);
    expect(p.media[0]).toMatchObject({ kind: 'image', width: 1280, height: 720 });
    expect(p.media[0]!.blurhash).toBe((raw.media_attachments as { blurhash: string }[])[0]!.blurhash);
    expect(p.links.map((l) => l.host)).toContain('discord.example');
    expect(p.text).toContain('ふぇでぃ共栄圏');
    expect(p.text).not.toContain('<');
    expect(p.language).toBe('ja');
  });

  test('remote authors keep their home host; local ones get the viewing instance', () => {
    const keys = spam.spam_status_ids.map((id) => normalizeMastodonStatus(statuses.get(id), INSTANCE).author.key);
    expect(keys).toContain('cfvbpdmoco@mstdn.smallcafe.example');
    expect(keys).toContain(`jzpwtaxbeq@${INSTANCE}`);
  });

  test('a boost shows the boosted post, with who boosted it', () => {
    const boosts = [...statuses.values()].filter((s) => s.reblog);
    expect(boosts.length).toBeGreaterThan(0);
    for (const b of boosts) {
      const p = normalizeMastodonStatus(b, INSTANCE);
      const inner = b.reblog as Record<string, unknown>;
      expect(p.id).toBe(inner.id);
      expect(p.boost?.id).toBe(b.id);
      expect(p.boost?.by.username).toBe((b.account as Record<string, unknown>).username);
    }
  });

  test('a link card comes with its URL in the links', () => {
    const withCard = [...statuses.values()].filter((s) => s.card);
    expect(withCard.length).toBeGreaterThan(0);
    for (const s of withCard) {
      const p = normalizeMastodonStatus(s, INSTANCE);
      expect(p.card?.url).toBe((s.card as Record<string, unknown>).url);
      expect(p.links.some((l) => l.url === p.card!.url)).toBe(true);
    }
  });

  test('mentions and hashtags are not links', () => {
    for (const s of statuses.values()) {
      const p = normalizeMastodonStatus(s, INSTANCE);
      for (const l of p.links) expect(l.url).not.toMatch(/\/tags\/|\/@[^/]+$/);
    }
  });
});

test('4.6 quotes carry the quoted post', () => {
  const statuses = mastodonStatuses('4.6.5');
  const quoting = [...statuses.values()].filter((s) => (s.quote as { quoted_status?: unknown } | null)?.quoted_status);
  expect(quoting.length).toBeGreaterThan(0);
  const p = normalizeMastodonStatus(quoting[0], INSTANCE);
  expect(p.quote?.id).toBe(
    ((quoting[0]!.quote as Record<string, unknown>).quoted_status as Record<string, unknown>).id,
  );
});

test('an old remote account first seen today keeps its real (day) age', () => {
  const a = normalizeMastodonAccount(
    {
      id: '111940682698614715',
      username: 'old',
      acct: 'old@far.example',
      created_at: '2019-05-01T00:00:00.000Z',
      avatar: 'https://far.example/a.png',
    },
    INSTANCE,
  );
  expect(a.createdAtSource).toBe('profile-day');
  expect(a.createdAt).toBe(Date.UTC(2019, 4, 1));
  expect(a.host).toBe('far.example');
});

test('punycode home hosts are decoded', () => {
  expect(normalizeMastodonAccount({ id: '1', username: 'x', acct: 'x@xn--68j5e377y.example' }, INSTANCE).host).toBe(
    '荒らし.example',
  );
});

test.each([
  ['not an object', 42, /status: expected an object, got number/],
  ['no account', { id: '1', content: '' }, /status\.account: expected an object/],
  [
    'account without username',
    { id: '1', content: '', account: { id: '2' } },
    /status\.account\.username: expected a string/,
  ],
  ['no id', { content: '', account: { id: '2', username: 'u' } }, /status\.id: expected an id/],
  ['unusable date and id', { id: 'x', content: '', account: { id: '2', username: 'u' } }, /created_at/],
  ['broken boost', { id: '1', reblog: { id: '2' }, account: { id: '3', username: 'u' } }, /status\.reblog\.account/],
])('malformed: %s gives a clear error, not a crash', (_name, json, message) => {
  const r = tryNormalizeMastodonStatus(json, INSTANCE);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(message);
});

test('unknown fields are ignored and missing optional ones default', () => {
  const p = normalizeMastodonStatus(
    {
      id: '111944552575657106',
      future_field: { x: 1 },
      content: '<p>hi</p>',
      account: { id: '111940682698614715', username: 'u' },
    },
    INSTANCE,
  );
  expect(p.text).toBe('hi');
  expect(p.mentions).toEqual([]);
  expect(p.visibility).toBe('public');
  expect(p.createdAt).toBe(mastodonIdTime('111944552575657106'));
});

import { describe, expect, test } from 'vitest';
import { createEngine } from '../../../src/core/engine';
import type { Post } from '../../../src/core/model';
import { toLink } from '../../../src/core/text/urls';
import { author, DAY, HOUR, image, mentions, post, spammer, T0 } from './helpers';

const AD = [
  '【お知らせ】日本最大級のDiscordコミュニティ「荒らし共栄圏」に今すぐ参加しよう！',
  '参加するだけで限定特典をプレゼント🎁',
  '詳しくはこちら👉',
];
const NAMES = [
  'jzpwtaxbeq',
  'zmjtcghvgq',
  'cfvbpdmoco',
  'onnuxxngmv',
  'rqabqmxlua',
  'trwnagkmny',
  'sbilvlqvgn',
  'xhjtpulsfu',
];

/** A spam post in the Feb 2024 style, mutated per index: other mentions, link, counter, tail. */
function spam(i: number, over: Partial<Post> = {}): Post {
  const m = mentions(`victim${i}`, `victim${i + 1}`, `victim${i + 2}`);
  const link = `https://discord${i % 3}.example/invite/x${i}`;
  return post({
    id: `s${i}`,
    createdAt: T0 + i * 60_000,
    author: spammer(NAMES[i % NAMES.length]! + (i >= NAMES.length ? i : ''), {
      createdAt: T0 + i * 60_000 - 30 * 60_000,
    }),
    text: `${m.map((x) => '@' + x.username).join(' ')}\n${AD[0]}\n${AD[1]!.replace('🎁', i % 2 ? '🎁🎁' : '🎁')}\n${AD[2]} ${link} ${'abcdefgh'.slice(i % 4, (i % 4) + 4)}`,
    language: 'ja',
    mentions: m,
    links: [toLink(link)!],
    ...over,
  });
}

describe('a wave', () => {
  test('is flagged by its third post, earlier posts come back in `updated`', () => {
    const e = createEngine();
    const r1 = e.ingest([spam(0)]);
    const r2 = e.ingest([spam(1)]);
    const r3 = e.ingest([spam(2)]);
    expect(r3.verdicts[0]!.verdict).toBe('spam');
    const wave = r3.verdicts[0]!.wave!;
    expect(wave).toMatch(/^w-/);
    // Posts seen before the wave formed are pushed again with the new verdict.
    const earlier = [...r2.updated, ...r3.updated].filter((v) => v.wave === wave).map((v) => v.postKey);
    expect(earlier).toEqual(expect.arrayContaining([r1.verdicts[0]!.postKey]));
    expect(r3.waves.map((w) => w.id)).toContain(wave);
  });

  test('completed later in the same batch: earlier posts of the batch get their final verdict', () => {
    // Accounts with a picture, a name and a bio: two of them are not a wave yet, the third makes one.
    const dressed = (i: number) =>
      spam(i, {
        author: spammer(NAMES[i]!, {
          createdAt: T0 + i * 60_000 - 30 * 60_000,
          avatarMissing: false,
          displayName: `Shop ${i}`,
          bio: 'Deals every day',
          followersCount: 5,
        }),
      });
    const e = createEngine();
    const before = e.ingest([dressed(0)]);
    expect(before.verdicts[0]!.verdict).toBe('ok');
    // One batch: post 1 joins the cluster without making it a wave, post 2 makes it one.
    const r = e.ingest([dressed(1), post({ id: 'plain' }), dressed(2)]);
    const wave = r.verdicts[2]!.wave!;
    expect(wave).toMatch(/^w-/);
    expect(r.verdicts.map((v) => [v.postKey, v.verdict, v.wave])).toEqual([
      [dressed(1).key, 'spam', wave],
      [post({ id: 'plain' }).key, 'ok', null],
      [dressed(2).key, 'spam', wave],
    ]);
    expect(r.verdicts[0]!.reasons[0]!.signal).toBe('wave');
    // The post of the earlier batch comes in `updated`; the batch's own posts do not.
    expect(r.updated.map((v) => [v.postKey, v.verdict, v.wave])).toEqual([[before.verdicts[0]!.postKey, 'spam', wave]]);
    expect(e.verdictOf(dressed(1).key)).toEqual(r.verdicts[0]);
  });
  test('names its size and accounts in a sentence', () => {
    const e = createEngine();
    let last;
    for (let i = 0; i < 12; i++) last = e.ingest([spam(i)]).verdicts[0]!;
    const reason = last!.reasons[0]!;
    expect(reason.code).toBe('wave.nearDuplicatesFresh');
    expect(reason.text).toBe('12 near-identical posts from 12 accounts created in the last hour');
    expect(reason.params).toMatchObject({ posts: 12, accounts: 12, hours: 1 });
    const [w] = e.waves();
    expect(w).toMatchObject({ size: 12, accounts: 12, instances: ['mastodon.example'] });
    expect(w!.shared).toEqual(expect.arrayContaining(['rotating-links', 'mentions', 'fresh-accounts']));
  });

  test('once known, flags its posts from an old account on arrival', () => {
    const e = createEngine();
    for (let i = 0; i < 5; i++) e.ingest([spam(i)]);
    const old = spam(5, { author: author({ username: 'hacked', createdAt: T0 - 900 * DAY }) });
    const v = e.ingest([old]).verdicts[0]!;
    expect(v.verdict).toBe('spam');
    expect(v.freshAccount).toBe(false);
  });

  test('image-only posts with mentions, re-encoded pictures (Feb 2024 main form)', () => {
    const e = createEngine();
    // Three encodings of the same banner (the components differ in the last digits).
    const hashes = [
      'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRj',
      'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRk',
      'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?cMxRj',
    ];
    const verdicts = hashes.concat(hashes).map(
      (h, i) =>
        e.ingest([
          post({
            id: `img${i}`,
            createdAt: T0 + i * 30_000,
            author: spammer(NAMES[i]!),
            text: `@a${i} @b${i}`,
            mentions: mentions(`a${i}`, `b${i}`),
            media: [image(h)],
          }),
        ]).verdicts[0]!,
    );
    expect(verdicts.slice(2).every((v) => v.verdict === 'spam' && v.wave === verdicts[2]!.wave)).toBe(true);
  });

  test('the same post seen on two instances counts once, and both keys get updates', () => {
    const e = createEngine();
    const a = spam(0, { uri: 'https://small.example/notes/1' });
    const b = { ...a, key: 'misskey.example/9x', id: '9x', instance: 'misskey.example' };
    e.ingest([a]);
    e.ingest([b]);
    const r1 = e.ingest([spam(1)]);
    const r2 = e.ingest([spam(2)]);
    const keys = [...r1.updated, ...r2.updated].map((v) => v.postKey);
    expect(keys).toEqual(expect.arrayContaining([a.key, b.key]));
    expect(e.waves()[0]!.size).toBe(3);
  });

  test('is deterministic', () => {
    const run = () => {
      const e = createEngine();
      return Array.from({ length: 10 }, (_, i) => e.ingest([spam(i)]));
    };
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });
});

describe('hard cases stay ok', () => {
  test('hundreds of real people sharing the same news link', () => {
    const e = createEngine();
    const link = 'https://news.example.com/2024/02/17/undersea-cable-cut';
    const comments = ['Wow.', 'This is bad.', 'Good summary of what happened:', 'Worth reading', ''];
    for (let i = 0; i < 300; i++) {
      const v = e.ingest([
        post({
          id: `n${i}`,
          createdAt: T0 + i * 20_000,
          author: author({ username: `reader${i}`, createdAt: T0 - (100 + i) * DAY }),
          text: `${comments[i % comments.length]} Undersea cable cut disrupts internet ${link}`,
          links: [toLink(link)!],
          card: { url: link, title: 'Undersea cable cut', blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' },
        }),
      ]).verdicts[0]!;
      expect(v.verdict).toBe('ok');
    }
    expect(e.waves()).toEqual([]);
  });

  test('newcomers saying hello with the same words', () => {
    const e = createEngine();
    for (let i = 0; i < 40; i++) {
      const v = e.ingest([
        post({
          id: `h${i}`,
          createdAt: T0 + i * 60_000,
          author: spammer(`newbie${i}`, { displayName: `New ${i}`, createdAt: T0 + i * 60_000 - 10 * 60_000 }),
          text: 'はじめまして！今日から始めました。写真と猫が好きです。よろしくお願いします。 #はじめまして',
          tags: ['はじめまして'],
        }),
      ]).verdicts[0]!;
      expect(v.verdict).toBe('ok');
      expect(v.freshAccount).toBe(true);
    }
  });

  test('bots posting similar but legitimate content', () => {
    const e = createEngine();
    const cities = ['Berlin', 'Tokyo', 'Paris', 'Osaka', 'Lima', 'Oslo'];
    for (let i = 0; i < 60; i++) {
      const v = e.ingest([
        post({
          id: `b${i}`,
          createdAt: T0 + i * 60_000,
          author: author({ username: `weather_${cities[i % 6]!.toLowerCase()}`, bot: true, createdAt: T0 - 700 * DAY }),
          text: `Weather in ${cities[i % 6]}: ${10 + (i % 7)}°C, cloudy, wind 12 km/h. https://weather.example/${cities[i % 6]}`,
          links: [toLink(`https://weather.example/${cities[i % 6]}`)!],
        }),
      ]).verdicts[0]!;
      expect(v.verdict).toBe('ok');
    }
  });

  test('a real user with a random-looking name mentioning friends', () => {
    const e = createEngine();
    const v = e.ingest([
      post({
        author: author({ username: 'eks4lebwur', displayName: '' }),
        text: '@a @b lunch?',
        mentions: mentions('a', 'b'),
      }),
    ]).verdicts[0]!;
    expect(v.verdict).toBe('ok');
  });
});

test('the clock is the posts own time: look-alikes further apart than the window never meet', () => {
  const spaced = (hoursApart: number) => {
    const e = createEngine({ windowHours: 1 });
    const posts = [0, 1, 2].map((i) => {
      const at = T0 + i * hoursApart * HOUR;
      return spam(i, { createdAt: at, author: spammer(NAMES[i]!, { createdAt: at - 60_000 }) });
    });
    return posts.map((p) => e.ingest([p]).verdicts[0]!.verdict);
  };
  expect(spaced(0.1)).toContain('spam');
  expect(spaced(3)).not.toContain('spam');
});

describe('rotating links', () => {
  const bodies = [
    'Claim your free ETH airdrop before it ends',
    'Verify your wallet to receive the bonus tokens',
    'Get 10,000 followers in 24 hours, guaranteed',
    'Exclusive giveaway for early followers, limited spots',
  ];
  const promo = (i: number, domain: string, young = true) =>
    post({
      id: `r${i}`,
      createdAt: T0 + i * 60_000,
      author: young
        ? author({
            username: `promo_${i}`,
            displayName: 'Crypto Gifts',
            createdAt: T0 + i * 60_000 - 5 * 60_000,
            followersCount: null,
            bio: null,
            postsCount: 1,
          })
        : author({ username: `old_${i}`, createdAt: T0 - 500 * DAY }),
      text: `${bodies[i % bodies.length]}! https://${domain}/${'abcdef'.slice(i % 3, (i % 3) + 3)}${i}`,
      links: [toLink(`https://${domain}/x${i}`)!],
    });

  test("a throwaway site that only new accounts link to ties the wave's text variants together", () => {
    const e = createEngine();
    const verdicts = [0, 1, 2, 3, 4].map((i) => e.ingest([promo(i, 'airdrop-portal.example')]).verdicts[0]!);
    // Four different texts, one site: the wave is known by the third post, not after three of each text.
    expect(verdicts[2]!.verdict).toBe('spam');
    expect(new Set(verdicts.slice(2).map((v) => v.wave)).size).toBe(1);
  });

  test('two accounts made this hour, same text, each linking to its own throwaway site: a wave at once', () => {
    // Pictures and names on the accounts (not bare), the same text, a different new domain each.
    const dressed = (i: number, domain: string, ageMinutes: number) => ({
      ...promo(i, domain),
      text: `${bodies[3]}! https://${domain}/${i}`,
      author: author({
        username: `gift_${i}`,
        displayName: `Gift Center ${i}`,
        createdAt: T0 + i * 60_000 - ageMinutes * 60_000,
        followersCount: 0,
        bio: '',
        postsCount: 1,
      }),
    });
    const run = (ageMinutes: number, domains: [string, string]) => {
      const e = createEngine();
      e.ingest([{ ...promo(100, 'news.example', false), text: 'Read this https://news.example/story' }]);
      return [0, 1].map((i) => e.ingest([dressed(i, domains[i]!, ageMinutes)]).verdicts[0]!.verdict);
    };
    expect(run(5, ['bonus-claim.example', 'giveaway-center.example'])).toEqual(['ok', 'spam']);
    // Accounts of a few hours: three accounts are needed, as for anyone.
    expect(run(5 * 60, ['bonus-claim.example', 'giveaway-center.example'])).toEqual(['ok', 'ok']);
    // A site an established account linked to is no throwaway.
    expect(run(5, ['bonus-claim.example', 'news.example'])).toEqual(['ok', 'ok']);
    // Not after a restart either: which sites established accounts link to is saved.
    const before = createEngine();
    before.ingest([{ ...promo(100, 'news.example', false), text: 'Read this https://news.example/story' }]);
    const after = createEngine();
    after.importRecords(before.exportRecords().map((r) => structuredClone(r)));
    const restarted = [0, 1].map(
      (i) => after.ingest([dressed(i, ['bonus-claim.example', 'news.example'][i]!, 5)]).verdicts[0]!.verdict,
    );
    expect(restarted).toEqual(['ok', 'ok']);
  });

  test('a site that established people also link to ties nothing', () => {
    const e = createEngine();
    e.ingest([
      { ...promo(100, 'video.example', false), text: 'A lovely talk about birds https://video.example/birds' },
    ]);
    const verdicts = [0, 1, 2, 3, 4].map((i) => e.ingest([promo(i, 'video.example')]).verdicts[0]!);
    expect(verdicts.every((v) => v.verdict === 'ok')).toBe(true);
  });
});

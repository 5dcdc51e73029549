/**
 * A small hand-made generated fediverse for the Misskey simulator's own tests (the generator lives
 * elsewhere; these tests must not depend on its output). Covers local and remote authors, a reply,
 * a pure renote, a quote, a CW, a hashtag, links with a card, images, and a February-2024-style
 * mention-and-image spam wave aimed at misskey-a.test's users.
 */
import type { GenAccount, GenPost, Scenario } from '../generator/types';

export const T0 = Date.UTC(2026, 1, 15, 3, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;

function account(acct: string, over: Partial<GenAccount> = {}): GenAccount {
  const [username, host] = acct.split('@') as [string, string];
  return {
    acct,
    username,
    host,
    displayName: username,
    hasAvatar: true,
    avatarBlurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
    bio: '',
    createdAt: T0 - 400 * DAY,
    followers: 120,
    following: 80,
    priorPosts: 900,
    bot: false,
    label: 'legit',
    ...over,
  };
}

const SPAMMERS = ['qerklmezqa', 'wicfqnxwoe', 'ltomhkgxes', 'kgjhsvnjga'];

export function smallScenario(domain = 'misskey-a.test'): Scenario {
  const accounts: Record<string, GenAccount> = {};
  const add = (a: GenAccount): void => {
    accounts[a.acct] = a;
  };
  add(account(`frank@${domain}`, { displayName: 'フランク', bio: '写真とカメラ', createdAt: T0 - 90 * DAY }));
  add(account('yuki@mastodon-a.test', { displayName: 'Yuki 🐈', bio: 'cats and code' }));
  add(account('sam@mastodon-b.test', { displayName: 'Sam', createdAt: T0 - 1000 * DAY }));
  add(
    account('newbie@small.example', {
      displayName: '',
      hasAvatar: false,
      avatarBlurhash: null,
      createdAt: T0 + 2 * MIN,
      followers: 0,
      following: 3,
      priorPosts: 0,
      hardCase: 'newcomer',
    }),
  );
  for (const [i, name] of SPAMMERS.entries()) {
    add(
      account(`${name}@spam${i % 2}.example`, {
        displayName: '',
        hasAvatar: false,
        avatarBlurhash: null,
        createdAt: T0 + 10 * MIN + i * 1000,
        followers: 0,
        following: 0,
        priorPosts: 0,
        label: 'spam',
      }),
    );
  }

  const posts: GenPost[] = [];
  let n = 0;
  const post = (over: Partial<GenPost> & Pick<GenPost, 'author' | 'createdAt'>): GenPost => {
    const p: GenPost = {
      id: `p${String(n++).padStart(6, '0')}`,
      text: '',
      cw: '',
      lang: 'ja',
      mentions: [],
      tags: [],
      links: [],
      media: [],
      card: null,
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      deliveredTo: [domain],
      ...over,
    };
    posts.push(p);
    return p;
  };

  const hello = post({
    author: 'yuki@mastodon-a.test',
    createdAt: T0 + 1 * MIN,
    text: 'おはようございます☀️ 今日もいい天気',
    lang: 'ja',
  });
  post({
    author: `alice@${domain}`,
    createdAt: T0 + 2 * MIN,
    text: 'なんか知らないアカウントから大量にメンション来てる…これスパム？😢',
  });
  post({
    author: `frank@${domain}`,
    createdAt: T0 + 3 * MIN,
    text: '新しいレンズ買った #camera https://example.com/lens-review',
    tags: ['camera'],
    links: ['https://example.com/lens-review'],
    card: {
      url: 'https://example.com/lens-review',
      title: 'Lens review',
      description: 'A long review.',
      blurhash: null,
    },
    media: [
      {
        kind: 'image',
        blurhash: 'LKO2?U%2Tw=w]~RBVZRi};RPxuwH',
        width: 1200,
        height: 800,
        description: 'a lens',
        pictureId: 'lens1',
      },
    ],
  });
  post({ author: 'sam@mastodon-b.test', createdAt: T0 + 4 * MIN, text: '', boostOf: hello.id, lang: null });
  post({
    author: `bob@${domain}`,
    createdAt: T0 + 5 * MIN,
    text: `@yuki@mastodon-a.test 同じく！`,
    mentions: ['yuki@mastodon-a.test'],
    replyTo: hello.id,
  });
  post({
    author: `erin@${domain}`,
    createdAt: T0 + 5 * MIN + 30_000,
    text: `@alice 同じく。通報しておきました`,
    mentions: [`alice@${domain}`],
    replyTo: posts[1]!.id,
  });
  post({
    author: `carol@${domain}`,
    createdAt: T0 + 6 * MIN,
    text: '昨日の映画のラスト、まさかあの人が…！',
    cw: 'ネタバレ注意',
  });
  post({
    author: 'newbie@small.example',
    createdAt: T0 + 7 * MIN,
    text: 'Hello fediverse! First post here 👋',
    lang: 'en',
    hardCase: 'newcomer-hello',
  });
  post({
    author: `dave@${domain}`,
    createdAt: T0 + 8 * MIN,
    text: 'Quote test: this is nice',
    quoteOf: hello.id,
    lang: 'en',
  });
  const targets = [
    `alice@${domain}`,
    `bob@${domain}`,
    `carol@${domain}`,
    `dave@${domain}`,
    `erin@${domain}`,
    `admin@${domain}`,
  ];
  for (let i = 0; i < 16; i++) {
    const author = Object.keys(accounts).filter((a) => accounts[a]!.label === 'spam')[i % SPAMMERS.length]!;
    const mentions = [0, 1, 2].map((k) => targets[(i + k * 2) % targets.length]!);
    const link = `https://free-followers.example/join?ref=${['mk2024', 'cboqoz', 'srdxvd'][i % 3]}`;
    post({
      author,
      createdAt: T0 + 12 * MIN + i * 20_000,
      text: `${mentions.map((m) => `@${m}`).join(' ')} 【緊急告知】フォロワー1000人プレゼント企画🎁 詳細はこちら👉 ${link} 見逃し厳禁！！`,
      mentions,
      links: [link],
      card: i % 2 === 0 ? { url: link, title: link, description: '', blurhash: null } : null,
      media:
        i % 4 === 0
          ? [
              {
                kind: 'image',
                blurhash: 'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRj',
                width: 1009,
                height: 200,
                description: null,
                pictureId: 'banner',
              },
            ]
          : [],
      label: 'spam',
      wave: 'w-feb2024',
    });
  }
  return {
    options: {
      seed: 1,
      start: T0,
      durationMs: 30 * MIN,
      legitPerMinute: 1,
      waves: [
        {
          id: 'w-feb2024',
          style: 'feb2024-mention-image',
          startOffsetMs: 12 * MIN,
          posts: 16,
          accounts: 4,
          ratePerMinute: 3,
        },
      ],
      instances: [domain, 'mastodon-a.test', 'mastodon-b.test'],
      hardCases: true,
    },
    accounts,
    posts,
  };
}

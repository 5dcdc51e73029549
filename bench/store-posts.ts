/**
 * A federated timeline for the storage benchmarks: deterministic, self-contained (it runs in Node
 * and in the browser page of bench/store-browser.ts), shaped like a busy instance's federated
 * timeline: texts of 40-500 characters in several languages, links, hashtags, mentions, images
 * with blurhashes, accounts seen many times, and a spam wave now and then (2% of posts).
 */
import type { Author, Post } from '../src/core/model';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the of and to in is that it for on with as was at by this from have not are but or be an they ' +
  'we you all one can more about their what which when there were been has would time people year ' +
  'new photo today morning coffee garden cat train music release update server instance community ' +
  'moderation weekend rain sunset book reading code open source federation hello thanks friends'
).split(' ');
const JA = 'きょうはいい天気ですね 新しいリリース 猫がかわいい 電車が遅れています コーヒーを飲みながら'.split(' ');
const HOSTS = ['mastodon.social', 'fosstodon.org', 'misskey.io', 'hachyderm.io', 'mstdn.jp', 'infosec.exchange'];
const LINK_HOSTS = ['github.com', 'en.wikipedia.org', 'www.bbc.co.uk', 'youtube.com', 'blog.example.org'];
const SPAM_BLURHASH = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';
const B83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

export interface TimelineOptions {
  /** Posts per simulated day. */
  perDay: number;
  /** Simulated start (epoch ms). */
  start: number;
  /** Instance the timeline is read on. */
  instance: string;
  seed?: number;
  /** Distinct accounts posting. */
  accounts?: number;
}

/** Yields `count` posts in arrival order, `perDay` per simulated day. */
export function* timeline(count: number, o: TimelineOptions): Generator<Post> {
  const rnd = prng(o.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const nAccounts = o.accounts ?? 40_000;
  const authors = new Map<number, Author>();
  const authorOf = (i: number): Author => {
    let a = authors.get(i);
    if (!a) {
      const host = pick(HOSTS);
      const username = `user${i.toString(36)}`;
      a = {
        key: `${username}@${host}`,
        id: String(100_000 + i),
        username,
        host,
        displayName: rnd() < 0.8 ? `${pick(WORDS)} ${pick(WORDS)}` : '',
        avatarMissing: rnd() < 0.1,
        bio: rnd() < 0.7 ? Array.from({ length: 12 }, () => pick(WORDS)).join(' ') : null,
        bot: rnd() < 0.03,
        createdAt: o.start - Math.floor(rnd() * 1000) * 86_400_000,
        createdAtSource: 'id',
        followersCount: Math.floor(rnd() * 2000),
        followingCount: Math.floor(rnd() * 500),
        postsCount: Math.floor(rnd() * 5000),
      };
      authors.set(i, a);
    }
    return a;
  };
  const gap = 86_400_000 / o.perDay;
  let wave = 0;
  let waveLeft = 0;
  for (let n = 0; n < count; n++) {
    const createdAt = o.start + Math.floor(n * gap);
    const id = String(110_000_000_000_000_000n + BigInt(n));
    if (waveLeft === 0 && rnd() < 0.002) {
      wave++;
      waveLeft = 10;
    }
    let author: Author;
    let text: string;
    const links: Post['links'] = [];
    const media: Post['media'] = [];
    if (waveLeft > 0) {
      waveLeft--;
      const u = `${Math.floor(rnd() * 1e9).toString(36)}x`;
      author = {
        key: `${u}@spam${wave}.example`,
        id: String(900_000 + n),
        username: u,
        host: `spam${wave}.example`,
        displayName: u,
        avatarMissing: true,
        bio: null,
        bot: false,
        createdAt: createdAt - 3_600_000,
        createdAtSource: 'id',
        followersCount: 0,
        followingCount: 0,
        postsCount: 1,
      };
      text = `Wave ${wave}: claim your free tokens now at https://scam${wave}.example/claim before it ends ${n % 7}`;
      links.push({ url: `https://scam${wave}.example/claim`, host: `scam${wave}.example` });
      // Each wave its own picture (re-used by all its posts).
      const blurhash = SPAM_BLURHASH.slice(0, 20) + B83[wave % 83]! + SPAM_BLURHASH.slice(21);
      media.push({ kind: 'image', blurhash, width: 800, height: 600, url: null, description: null });
    } else {
      author = authorOf(Math.floor(rnd() ** 2 * nAccounts));
      const words = 8 + Math.floor(rnd() * 80);
      text = rnd() < 0.1 ? Array.from({ length: 4 + Math.floor(rnd() * 6) }, () => pick(JA)).join('') : '';
      text += Array.from({ length: words }, () => pick(WORDS)).join(' ');
      if (rnd() < 0.2) {
        const host = pick(LINK_HOSTS);
        const url = `https://${host}/${Math.floor(rnd() * 1e6).toString(36)}`;
        links.push({ url, host: host.replace(/^www\./, '') });
        text += ` ${url}`;
      }
      if (rnd() < 0.15) {
        // Every photo its own: a 4x3-component blurhash of random colours.
        const blurhash = 'L' + Array.from({ length: 27 }, () => pick([...B83])).join('');
        media.push({
          kind: 'image',
          blurhash,
          width: 1200,
          height: 900,
          url: null,
          description: rnd() < 0.5 ? 'A photo' : null,
        });
      }
    }
    const tags = rnd() < 0.3 ? [pick(WORDS), pick(WORDS)] : [];
    const mentions = rnd() < 0.2 ? [{ username: pick(WORDS), host: pick(HOSTS), id: null }] : [];
    yield {
      key: `${o.instance}/${id}`,
      id,
      instance: o.instance,
      platform: 'mastodon',
      url: `https://${author.host}/@${author.username}/${id}`,
      uri: `https://${author.host}/users/${author.username}/statuses/${id}`,
      createdAt,
      author,
      text,
      cw: rnd() < 0.05 ? 'cw' : '',
      language: 'en',
      mentions,
      tags,
      links,
      media,
      card: links.length && rnd() < 0.5 ? { url: links[0]!.url, title: 'A page title', blurhash: null } : null,
      visibility: 'public',
      inReplyToId: rnd() < 0.2 ? String(110_000_000_000_000_000n + BigInt(Math.floor(rnd() * (n + 1)))) : null,
      boost: null,
      quote: null,
    };
  }
}

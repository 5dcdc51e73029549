/** Builders for neutral-model posts in tests. */
import type { Author, Media, Post } from '../../../src/core/model';

export const T0 = Date.UTC(2024, 1, 17, 3, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function author(over: Partial<Author> = {}): Author {
  const username = over.username ?? 'alice';
  const host = over.host ?? 'mastodon.example';
  return {
    key: `${username}@${host}`.toLowerCase(),
    id: '1',
    username,
    host,
    displayName: 'Alice Example',
    avatarMissing: false,
    bio: 'I take photos of cats.',
    bot: false,
    createdAt: T0 - 400 * DAY,
    createdAtSource: 'id',
    followersCount: 120,
    followingCount: 80,
    postsCount: 900,
    ...over,
  };
}

/** A fresh, bare spam account in the February 2024 style. */
export function spammer(username: string, over: Partial<Author> = {}): Author {
  return author({
    username,
    host: 'small.example',
    displayName: '',
    avatarMissing: true,
    bio: '',
    createdAt: T0 - 20 * 60_000,
    followersCount: 0,
    followingCount: 0,
    postsCount: 1,
    ...over,
  });
}

export function image(blurhash = 'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRj', width = 1009, height = 200): Media {
  return { kind: 'image', blurhash, width, height, url: null, description: null };
}

let n = 0;
export function post(over: Partial<Post> = {}): Post {
  const id = over.id ?? `p${++n}`;
  const instance = over.instance ?? 'mastodon.example';
  return {
    key: `${instance}/${id}`,
    id,
    instance,
    platform: 'mastodon',
    url: null,
    createdAt: T0,
    author: author(),
    text: 'Good morning! The sun is out and the coffee is hot.',
    cw: '',
    language: 'en',
    mentions: [],
    tags: [],
    links: [],
    media: [],
    card: null,
    visibility: 'public',
    inReplyToId: null,
    boost: null,
    quote: null,
    ...over,
  };
}

export function mentions(...names: string[]): Post['mentions'] {
  return names.map((u) => ({ username: u, host: 'mastodon.example', id: null }));
}

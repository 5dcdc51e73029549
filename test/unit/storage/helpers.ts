import Dexie from 'dexie';
import { afterEach } from 'vitest';
import type { Author, Post, Verdict } from '../../../src/core/model';
import { BreakwaterDB } from '../../../src/storage/db';

/** A fresh database per test (fake-indexeddb), deleted after the test. */
export function useFreshDb(): () => BreakwaterDB {
  let current: BreakwaterDB[] = [];
  afterEach(async () => {
    for (const d of current) {
      d.close();
      await Dexie.delete(d.name);
    }
    current = [];
  });
  return () => {
    const d = new BreakwaterDB(`test-${Math.random().toString(36).slice(2)}`);
    current.push(d);
    return d;
  };
}

export function author(username: string, host = 'mastodon-a.test', over: Partial<Author> = {}): Author {
  return {
    key: `${username}@${host}`,
    id: '1',
    username,
    host,
    displayName: username,
    avatarMissing: false,
    bio: null,
    bot: false,
    createdAt: null,
    createdAtSource: 'unknown',
    followersCount: null,
    followingCount: null,
    postsCount: null,
    ...over,
  };
}

export function post(id: string, text: string, over: Partial<Post> = {}): Post {
  const instance = over.instance ?? 'mastodon-a.test';
  return {
    key: `${instance}/${id}`,
    id,
    instance,
    platform: 'mastodon',
    url: null,
    createdAt: 1_732_400_000_000,
    author: author(`user${id}`, instance),
    text,
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

export function verdict(postKey: string, label: Verdict['verdict'] = 'ok', wave: string | null = null): Verdict {
  return {
    postKey,
    verdict: label,
    score: label === 'ok' ? 0.1 : 0.9,
    wave,
    freshAccount: false,
    accountAgeHours: null,
    reasons: [],
  };
}

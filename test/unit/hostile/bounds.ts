import { expect } from 'vitest';
import { MAX_DATE, MIN_DATE } from '../../../src/core/json-read';
import type { Author, Post } from '../../../src/core/model';
import { POST_LIMITS as L } from '../../../src/core/post-limits';

const maxLen = (s: string | null | undefined, max: number, what: string) => {
  if (s != null) expect(s.length, what).toBeLessThanOrEqual(max);
};

function authorWithin(a: Author, path: string): void {
  expect(a.username.length, `${path}.username`).toBeLessThanOrEqual(L.name);
  maxLen(a.host, L.host, `${path}.host`);
  maxLen(a.key, L.name + 1 + L.host, `${path}.key`);
  maxLen(a.id, L.id, `${path}.id`);
  maxLen(a.displayName, L.name, `${path}.displayName`);
  maxLen(a.bio, L.bio, `${path}.bio`);
  if (a.createdAt !== null) {
    expect(Number.isFinite(a.createdAt), `${path}.createdAt`).toBe(true);
    expect(a.createdAt).toBeGreaterThanOrEqual(MIN_DATE);
    expect(a.createdAt).toBeLessThanOrEqual(MAX_DATE);
  }
}

/** Every field of a normalized post within POST_LIMITS (src/core/post-limits.ts), quotes included. */
export function expectWithinLimits(p: Post, path = 'post', depth = 0): void {
  expect(depth, `${path}: quotes nested too deep`).toBeLessThanOrEqual(4);
  expect(typeof p.key).toBe('string');
  maxLen(p.id, L.id, `${path}.id`);
  expect(p.id.length, `${path}.id`).toBeGreaterThan(0);
  maxLen(p.url, L.url, `${path}.url`);
  maxLen(p.uri, L.url, `${path}.uri`);
  expect(Number.isFinite(p.createdAt), `${path}.createdAt`).toBe(true);
  expect(p.createdAt).toBeGreaterThanOrEqual(MIN_DATE);
  expect(p.createdAt).toBeLessThanOrEqual(MAX_DATE);
  authorWithin(p.author, `${path}.author`);
  maxLen(p.text, L.text, `${path}.text`);
  maxLen(p.cw, L.cw, `${path}.cw`);
  maxLen(p.language, L.language, `${path}.language`);
  maxLen(p.visibility, L.visibility, `${path}.visibility`);
  maxLen(p.inReplyToId, L.id, `${path}.inReplyToId`);
  expect(p.mentions.length, `${path}.mentions`).toBeLessThanOrEqual(L.mentions);
  for (const m of p.mentions) {
    maxLen(m.username, L.name, `${path}.mentions[].username`);
    maxLen(m.host, L.host, `${path}.mentions[].host`);
    maxLen(m.id, L.id, `${path}.mentions[].id`);
  }
  expect(p.tags.length, `${path}.tags`).toBeLessThanOrEqual(L.tags);
  for (const t of p.tags) maxLen(t, L.name, `${path}.tags[]`);
  expect(p.links.length, `${path}.links`).toBeLessThanOrEqual(L.links);
  for (const l of p.links) {
    maxLen(l.url, L.url, `${path}.links[].url`);
    maxLen(l.host, L.host, `${path}.links[].host`);
  }
  expect(p.media.length, `${path}.media`).toBeLessThanOrEqual(L.media);
  for (const m of p.media) {
    maxLen(m.blurhash, L.blurhash, `${path}.media[].blurhash`);
    maxLen(m.url, L.url, `${path}.media[].url`);
    maxLen(m.description, L.cw, `${path}.media[].description`);
  }
  if (p.card) {
    maxLen(p.card.url, L.url, `${path}.card.url`);
    maxLen(p.card.title, L.cw, `${path}.card.title`);
    maxLen(p.card.blurhash, L.blurhash, `${path}.card.blurhash`);
  }
  if (p.boost) {
    authorWithin(p.boost.by, `${path}.boost.by`);
    maxLen(p.boost.id, L.id, `${path}.boost.id`);
  }
  if (p.quote) expectWithinLimits(p.quote, `${path}.quote`, depth + 1);
}

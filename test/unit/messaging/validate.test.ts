import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../../src/messaging/limits';
import { postBelongsTo, validatePosts, validateRequest } from '../../../src/messaging/validate';
import type { Post } from '../../../src/core/model';
import { post } from '../storage/helpers';

const I = 'mastodon-a.test';
const good = post('1', 'hello');

function quoteChain(depth: number): Post {
  let p: Post = post('q0', 'bottom');
  for (let i = 1; i <= depth; i++) p = post(`q${i}`, `level ${i}`, { quote: p });
  return p;
}

describe('requests', () => {
  test.each<[string, unknown]>([
    ['not an object', 'content:posts'],
    ['null', null],
    ['an unknown type', { type: 'content:steal' }],
    ['a type from the prototype', { type: 'toString' }],
    ['a bg: push sent to the background', { type: 'bg:verdicts', verdicts: [] }],
    ['posts that are not an array', { type: 'content:posts', posts: { 0: good, length: 1 } }],
    ['an empty batch', { type: 'content:posts', posts: [] }],
    ['too many posts', { type: 'content:posts', posts: Array.from({ length: LIMITS.postsPerBatch + 1 }, () => good) }],
    [
      'a decision of an unknown kind',
      { type: 'content:decide', decision: { kind: 'delete-account', postKey: good.key, at: 1 }, post: good },
    ],
    ['a decision without its post', { type: 'content:decide', decision: { kind: 'spam', postKey: good.key, at: 1 } }],
    [
      'a decision with an infinite time',
      { type: 'ui:decide', decision: { kind: 'spam', postKey: good.key, at: Infinity } },
    ],
    ['a hello with a megabyte URL', { type: 'content:hello', platform: 'mastodon', url: 'h'.repeat(1_000_000) }],
    ['a hello from another platform', { type: 'content:hello', platform: 'pleroma', url: 'x' }],
    ['a domain that is not a string', { type: 'ui:addInstance', domain: ['a.test'] }],
    ['an import without text', { type: 'ui:importBackup' }],
  ])('%s is refused', (_name, msg) => {
    expect(validateRequest(msg).ok).toBe(false);
  });

  test('a valid request passes, with unknown fields dropped', () => {
    const r = validateRequest({
      type: 'content:hello',
      platform: 'misskey',
      url: 'http://b.test/',
      extra: { evil: true },
    });
    expect(r).toEqual({ ok: true, value: { type: 'content:hello', platform: 'misskey', url: 'http://b.test/' } });
  });

  test('the message says where the problem is', () => {
    const r = validateRequest({ type: 'ui:decide', decision: { kind: 'spam', postKey: 'a/1', at: 'now' } });
    expect(r.ok === false && r.message).toMatch(/^decision\.at: /);
  });
});

describe('posts, one by one', () => {
  const bad: [string, unknown][] = [
    ['text over the limit', { ...good, text: 'x'.repeat(LIMITS.text + 1) }],
    ['a bio over the limit', { ...good, author: { ...good.author, bio: 'b'.repeat(LIMITS.bio + 1) } }],
    [
      'thousands of mentions',
      {
        ...good,
        mentions: Array.from({ length: LIMITS.mentions + 1 }, () => ({ username: 'a', host: null, id: null })),
      },
    ],
    ['too many tags', { ...good, tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`) }],
    ['a NaN time', { ...good, createdAt: Number.NaN }],
    ['an infinite time', { ...good, createdAt: Infinity }],
    ['a negative follower count', { ...good, author: { ...good.author, followersCount: -1 } }],
    [
      'an unknown media kind',
      { ...good, media: [{ kind: 'exe', blurhash: null, width: 1, height: 1, url: null, description: null }] },
    ],
    ['a missing author', { ...good, author: undefined }],
    ['an empty id', { ...good, id: '', key: `${I}/` }],
    ['an id that is an object', { ...good, id: { toString: () => '1' } }],
    ['quotes nested too deep', quoteChain(LIMITS.quoteDepth + 1)],
    ['a string', 'post'],
  ];
  test.each(bad)('%s', (_name, p) => {
    const r = validatePosts([p], I);
    expect(r.posts).toEqual([]);
    expect(r.rejected).toHaveLength(1);
  });

  test('quotes within the depth limit pass', () => {
    expect(validatePosts([quoteChain(LIMITS.quoteDepth)], I).posts).toHaveLength(1);
  });

  test("a post must be the sending instance's, keyed instance/id, quotes included", () => {
    expect(postBelongsTo(good, I)).toBe(true);
    expect(postBelongsTo(good, 'misskey-b.test')).toBe(false);
    expect(postBelongsTo({ ...good, key: 'mastodon-a.test/2' }, I)).toBe(false);
    expect(postBelongsTo({ ...good, quote: post('9', 'x', { instance: 'misskey-b.test' }) }, I)).toBe(false);
  });

  test('every field of the model passes through (the ActivityPub uri the engine dedupes on too)', () => {
    // Required<Post>: a field added to the model fails to compile here until the validator knows it.
    const full: Required<Post> = { ...good, uri: 'https://remote.example/notes/1' };
    expect(validatePosts([full], I).posts[0]).toEqual(full);
  });

  test('unknown fields of a post are dropped, not passed on', () => {
    const r = validatePosts(
      [{ ...good, __proto__: { polluted: true }, extra: 'x', author: { ...good.author, token: 'x' } }],
      I,
    );
    expect(r.posts[0]).toEqual(good);
    expect(Object.keys(r.posts[0]!.author)).not.toContain('token');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  test('a batch of hostile sizes is checked in bounded time', () => {
    const big = { ...good, text: 'x'.repeat(LIMITS.text), author: { ...good.author, bio: 'b'.repeat(LIMITS.bio) } };
    const batch = Array.from({ length: LIMITS.postsPerBatch }, (_, i) => ({ ...big, id: String(i), key: `${I}/${i}` }));
    const t0 = performance.now();
    expect(validatePosts(batch, I).posts).toHaveLength(LIMITS.postsPerBatch);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

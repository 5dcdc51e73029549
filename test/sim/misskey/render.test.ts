import { describe, expect, test } from 'vitest';
import { renderStatus } from '../mastodon/render';
import { bench } from './helpers';
import { renderNote, renderUser, renderUserDetailedFor } from './render';

type Json = Record<string, unknown>;

describe('renderNote', () => {
  test('is what the instance serves an anonymous reader, byte for byte', () => {
    const b = bench();
    const served = b.inst.call('notes/global-timeline', { limit: 100 }).body as Json[];
    expect(served.length).toBeGreaterThan(10);
    for (const n of served) {
      const post = b.scenario.posts.find((p) => b.inst.noteId(p.id) === n.id)!;
      expect(JSON.stringify(renderNote(post, b.scenario, 'misskey-a.test', '2025.7.0'))).toBe(JSON.stringify(n));
    }
  });

  test('gives every domain its own ids, stable across calls', () => {
    const b = bench();
    const post = b.scenario.posts[0]!;
    const a1 = renderNote(post, b.scenario, 'misskey-a.test', '2025.7.0');
    const a2 = renderNote(post, b.scenario, 'misskey-a.test', '2025.7.0');
    const other = renderNote(post, b.scenario, 'misskey-b.test', '2025.7.0');
    expect(a1).toEqual(a2);
    expect(other.id).not.toBe(a1.id);
    expect(String(other.id).slice(0, 8)).toBe(String(a1.id).slice(0, 8));
  });

  test('2024.2.0: aid ids and no reactionCount', () => {
    const b = bench({ version: '2024.2.0' });
    const n = renderNote(b.scenario.posts[1]!, b.scenario, 'misskey-a.test', '2024.2.0');
    expect(n.id).toMatch(/^[0-9a-z]{10}$/);
    expect(n).not.toHaveProperty('reactionCount');
  });

  test('a remote note carries the uri its Mastodon origin publishes', () => {
    const b = bench();
    const post = b.scenario.posts.find((p) => p.author === 'yuki@mastodon-a.test' && !p.boostOf)!;
    const origin = renderStatus(post, b.scenario, 'mastodon-a.test', '4.6.5');
    const note = renderNote(post, b.scenario, 'misskey-a.test', '2025.7.0');
    expect(note.uri).toBe(origin.uri);
    expect(note.url).toBe(origin.url);
  });

  test('a note written on a Misskey instance has one uri everywhere: the id its origin gives it', () => {
    const b = bench();
    const post = b.scenario.posts.find(
      (p) => b.scenario.accounts[p.author]?.host === 'misskey-a.test' && !p.boostOf && p.deliveredTo.length > 0,
    )!;
    expect(post).toBeDefined();
    // On its origin (2025.7.0): an aidx id, and no uri (a local note's JSON has none).
    const own = renderNote(post, b.scenario, 'misskey-a.test', '2025.7.0');
    expect(own.id).toMatch(/^[0-9a-z]{16}$/);
    expect(own).not.toHaveProperty('uri');
    const uri = `http://misskey-a.test/notes/${String(own.id)}`;
    // Mastodon and another Misskey (2024.2.0, aid ids of its own) show it under that id.
    expect(renderStatus(post, b.scenario, 'mastodon-a.test', '4.6.5')).toMatchObject({ uri, url: uri });
    expect(renderStatus(post, b.scenario, 'mastodon-b.test', '4.2.0')).toMatchObject({ uri, url: uri });
    const elsewhere = renderNote(post, b.scenario, 'misskey-b.test', '2024.2.0');
    expect(elsewhere.id).toMatch(/^[0-9a-z]{10}$/);
    expect(elsewhere).toMatchObject({ uri, url: uri });
  });

  test('spam in the style of the February 2024 wave looks like it: no avatar, no name, mentions, files', () => {
    const b = bench();
    const spam = b.scenario.posts.find((p) => p.label === 'spam' && p.media.length > 0)!;
    const n = renderNote(spam, b.scenario, 'misskey-a.test', '2025.7.0');
    const user = n.user as Json;
    expect(user).toMatchObject({ name: null, avatarBlurhash: null, host: 'spam0.example' });
    expect(String(user.avatarUrl)).toBe('http://misskey-a.test/identicon/qerklmezqa@spam0.example');
    expect((n.mentions as string[]).length).toBe(3);
    const file = (n.files as Json[])[0]!;
    expect(file).toMatchObject({
      blurhash: 'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRj',
      properties: { width: 1009, height: 200 },
      type: 'image/png',
    });
    expect(Object.keys(file)).toEqual([
      'id',
      'createdAt',
      'name',
      'type',
      'md5',
      'size',
      'isSensitive',
      'blurhash',
      'properties',
      'url',
      'thumbnailUrl',
      'comment',
      'folderId',
      'folder',
      'userId',
      'user',
    ]);
  });

  test('UserLite and UserDetailed renderers by acct', () => {
    const b = bench();
    const served = (b.inst.call('notes/global-timeline', { limit: 100 }).body as Json[]).find(
      (n) => (n.user as Json).username === 'qerklmezqa',
    )!;
    expect(renderUser('qerklmezqa@spam0.example', b.scenario, 'misskey-a.test', '2025.7.0')).toEqual(served.user);
    expect(renderUserDetailedFor('alice@misskey-a.test', b.scenario, 'misskey-a.test', '2025.7.0')).toEqual(
      b.inst.call('users/show', { username: 'alice' }).body,
    );
  });
});

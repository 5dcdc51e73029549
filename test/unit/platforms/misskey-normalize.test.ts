import { expect, test } from 'vitest';
import { misskeyIdTime } from '../../../src/platforms/misskey/ids';
import { mentionsInMfm, mfmToPlain } from '../../../src/platforms/misskey/mfm';
import {
  normalizeMisskeyNote,
  normalizeMisskeyUser,
  tryNormalizeMisskeyNote,
} from '../../../src/platforms/misskey/normalize';
import { misskeyCapture, misskeyNotes } from './fixtures';

const INSTANCE = '127.0.0.1:3000';
const notes = misskeyNotes();
const SPAMMERS = [
  'qerklmezqa',
  'dmeijhbihk',
  'kgjhsvnjga',
  'utqpawqdxs',
  'nvwboojgvw',
  'lpfnfqdvbf',
  'ltomhkgxes',
  'wicfqnxwoe',
];

test('every captured note normalizes', () => {
  expect(notes.size).toBe(25);
  for (const n of notes.values()) expect(() => normalizeMisskeyNote(n, INSTANCE)).not.toThrow();
});

const spamNotes = [...notes.values()].filter((n) => SPAMMERS.includes((n.user as { username: string }).username));

test.each(spamNotes.map((n) => [n.id as string, n]))('spam note %s: age from the aidx id, mentions, link', (_id, n) => {
  const p = normalizeMisskeyNote(n, INSTANCE);
  const user = n.user as Record<string, unknown>;
  expect(p.author.createdAtSource).toBe('id');
  expect(p.author.createdAt).toBe(misskeyIdTime(user.id as string));
  expect(p.createdAt - p.author.createdAt!).toBeGreaterThanOrEqual(0);
  expect(p.createdAt - p.author.createdAt!).toBeLessThan(3_600_000);
  expect(p.author.avatarMissing).toBe(true);
  expect(p.author.displayName).toBe('');
  expect(p.author.key).toBe(`${user.username as string}@${INSTANCE}`);
  expect(p.mentions.length).toBe((n.mentions as string[]).length);
  // The note lists mentioned user ids in the order the text names them.
  expect(p.mentions.map((m) => m.id)).toEqual(n.mentions);
  expect(p.links.length).toBeGreaterThan(0);
  expect(p.language).toBeNull();
});

test('there are 12 spam notes from 8 spammers', () => {
  expect(spamNotes).toHaveLength(12);
  expect(new Set(spamNotes.map((n) => (n.user as { username: string }).username)).size).toBe(8);
});

test('a pure renote shows the renoted note, with who renoted it', () => {
  const renote = notes.get('atxl2d6t2xq1001p')!;
  const p = normalizeMisskeyNote(renote, INSTANCE);
  expect(p.id).toBe('atxl2cw82xq1001m');
  expect(p.author.username).toBe('erin');
  expect(p.boost).toMatchObject({ id: 'atxl2d6t2xq1001p', by: { username: 'bob' } });
  expect(p.quote).toBeNull();
});

test('a renote with text is a quote', () => {
  const q = normalizeMisskeyNote(notes.get('atxl2dr32xq1001u'), INSTANCE);
  expect(q.boost).toBeNull();
  expect(q.text).toBe('Quote test: this is nice');
  expect(q.quote?.id).toBe('atxl2cmh2xq1001k');
});

test('MFM functions are unwrapped, the emoji kept', () => {
  const p = normalizeMisskeyNote(notes.get('atxl2cmh2xq1001k'), INSTANCE);
  expect(p.text).toBe('新しいイラスト描きました！ 🎨 感想もらえると嬉しいです');
});

test('UserDetailed gives the exact creation date, bio and counts', () => {
  const body = misskeyCapture('users-show.spammer-by-username.json').response.body;
  const a = normalizeMisskeyUser(body, INSTANCE);
  expect(a.createdAtSource).toBe('profile');
  expect(a.createdAt).toBe(Date.parse('2026-11-24T01:31:44.224Z'));
  expect(a.bio).toBe('');
  expect(a.followersCount).toBe(0);
  expect(a.postsCount).toBe(2);
});

test('files: blurhash, size and kind', () => {
  const p = normalizeMisskeyNote(
    {
      id: 'atxl32ap2xq1003l',
      createdAt: '2026-11-24T01:32:07.393Z',
      userId: 'atxl29bm2xq10007',
      user: {
        id: 'atxl29bm2xq10007',
        username: 'a',
        host: 'remote.example',
        avatarUrl: 'https://remote.example/a.webp',
      },
      text: null,
      files: [
        {
          type: 'image/webp',
          blurhash: 'UkKBv%k8Oas:t1f9V[ae|;afoJofs;bYovjZ',
          properties: { width: 1080, height: 1080 },
          url: 'u',
          comment: 'box',
        },
      ],
      visibility: 'public',
      mentions: [],
    },
    INSTANCE,
  );
  expect(p.media).toEqual([
    {
      kind: 'image',
      blurhash: 'UkKBv%k8Oas:t1f9V[ae|;afoJofs;bYovjZ',
      width: 1080,
      height: 1080,
      url: 'u',
      description: 'box',
    },
  ]);
  expect(p.author.avatarMissing).toBe(false);
  expect(p.author.host).toBe('remote.example');
  expect(p.boost).toBeNull();
});

test('MFM helpers', () => {
  expect(mfmToPlain('$[x2 $[spin **big**]] <small>s</small> [label](https://a.example)')).toBe(
    'big s label https://a.example',
  );
  expect(mentionsInMfm('@alice @bob@remote.example mail@x.example @alice')).toEqual([
    { username: 'alice', host: null },
    { username: 'bob', host: 'remote.example' },
  ]);
});

test.each([
  ['not an object', [], /note: expected an object, got array/],
  ['no user', { id: 'atxl32ap2xq1003l', createdAt: '2026-11-24T01:32:07.393Z' }, /note\.user: expected an object/],
  [
    'pure renote without the note',
    { id: 'atxl32ap2xq1003l', renoteId: 'x', text: null, user: { id: 'atxl29bm2xq10007', username: 'a' } },
    /pure renote without/,
  ],
  ['bad user id', { id: 'atxl32ap2xq1003l', user: { id: Number.POSITIVE_INFINITY, username: 'a' } }, /note\.user\.id/],
])('malformed: %s', (_name, json, message) => {
  const r = tryNormalizeMisskeyNote(json, INSTANCE);
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error).toMatch(message);
});

/** A post with thousands of mentions is cut, not refused: it must still be judged. */
import { expect, test } from 'vitest';
import { asStatus } from '../../../src/platforms/mastodon/schema';
import { asNote } from '../../../src/platforms/misskey/schema';
import { mastodonStatuses, misskeyNotes } from './fixtures';

const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));

test('Mastodon: 5,000 mentions and tags are cut to 1,000, the status is kept', () => {
  const status = [...mastodonStatuses('4.6.5').values()][0] as Record<string, unknown>;
  const out = asStatus({
    ...status,
    mentions: many(5_000, (i) => ({
      id: String(i),
      username: `u${i}`,
      acct: `u${i}@x.example`,
      url: `https://x.example/@u${i}`,
    })),
    tags: many(5_000, (i) => ({ name: `t${i}`, url: `https://x.example/tags/t${i}` })),
  });
  expect(out).not.toBeNull();
  expect(out!.mentions).toHaveLength(1_000);
  expect(out!.tags).toHaveLength(1_000);
});

test('Misskey: 5,000 mentions are cut to 1,000, the note is kept', () => {
  const note = [...misskeyNotes().values()][0] as Record<string, unknown>;
  const out = asNote({ ...note, mentions: many(5_000, (i) => `9abc${String(i).padStart(6, '0')}`) });
  expect(out).not.toBeNull();
  expect(out!.mentions).toHaveLength(1_000);
});

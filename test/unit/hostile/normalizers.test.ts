/**
 * Hostile posts through the Mastodon and Misskey normalizers: whatever the JSON holds, the result
 * is a Post within POST_LIMITS or a NormalizeError naming the path, never a throw, a hang or a
 * polluted prototype.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Post } from '../../../src/core/model';
import { POST_LIMITS } from '../../../src/core/post-limits';
import { LIMITS } from '../../../src/messaging/limits';
import { tryNormalizeMastodonStatus } from '../../../src/platforms/mastodon/normalize';
import { tryNormalizeMisskeyNote } from '../../../src/platforms/misskey/normalize';
import { mastodonStatuses, misskeyNotes } from '../platforms/fixtures';
import { expectWithinLimits } from './bounds';
import {
  BAD_DATES,
  BAD_IDS,
  hostileNote,
  hostileStatus,
  prototypesClean,
  REPEATS,
  runs,
  timeout,
  withProtoKeys,
} from './fuzz';

const status = [...mastodonStatuses('4.6.5').values()][0]! as Record<string, unknown>;
const note = [...misskeyNotes().values()][0]! as Record<string, unknown>;
const ERROR = /^(status|note)[.:\w[\]]*: \S/;

type Result = { ok: true; value: Post } | { ok: false; error: string };
function expectPostOrError(r: Result): void {
  if (r.ok) expectWithinLimits(r.value);
  else expect(r.error).toMatch(ERROR);
}
const mastodon = (json: unknown) => tryNormalizeMastodonStatus(json, 'mastodon.example');
const misskey = (json: unknown) => tryNormalizeMisskeyNote(json, 'misskey.example');
const both = (json: unknown): Result[] => [mastodon(json), misskey(json)];

describe('property: any hostile status or note', () => {
  test(
    'Mastodon: a post within the limits or an error naming the path; prototypes untouched',
    () => {
      fc.assert(
        fc.property(hostileStatus, fc.boolean(), (json, proto) => {
          expectPostOrError(mastodon(proto ? withProtoKeys(json) : json));
          expect(prototypesClean()).toBe(true);
        }),
        runs(400),
      );
    },
    timeout(),
  );

  test(
    'Misskey: a post within the limits or an error naming the path; prototypes untouched',
    () => {
      fc.assert(
        fc.property(hostileNote, fc.boolean(), (json, proto) => {
          expectPostOrError(misskey(proto ? withProtoKeys(json) : json));
          expect(prototypesClean()).toBe(true);
        }),
        runs(400),
      );
    },
    timeout(),
  );

  test('any JSON value at all, through both normalizers', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => {
        for (const r of both(withProtoKeys(json))) expectPostOrError(r);
        expect(prototypesClean()).toBe(true);
      }),
      runs(300),
    );
  });

  test('a real post with one field replaced by a hostile value', () => {
    const field = (base: Record<string, unknown>) =>
      fc.tuple(
        fc.constantFrom(...Object.keys(base)),
        fc.oneof(fc.anything(), fc.constantFrom(...BAD_IDS, ...BAD_DATES)),
      );
    fc.assert(
      fc.property(field(status), field(note), ([k1, v1], [k2, v2]) => {
        expectPostOrError(mastodon({ ...status, [k1]: v1 }));
        expectPostOrError(misskey({ ...note, [k2]: v2 }));
      }),
      runs(300),
    );
  });
});

describe('the caps', () => {
  test('POST_LIMITS are the sizes the background accepts from a tab (src/messaging/limits.ts)', () => {
    for (const k of ['text', 'cw', 'bio', 'url', 'id', 'host', 'name', 'language', 'visibility', 'blurhash'] as const)
      expect(POST_LIMITS[k], k).toBe(LIMITS[k]);
    for (const k of ['mentions', 'tags', 'links', 'media'] as const) expect(POST_LIMITS[k], k).toBe(LIMITS[k]);
  });
});

const MB = 1_000_000;
const at = (o: Record<string, unknown>, over: Record<string, unknown>) => ({ ...o, ...over });

describe('hostile families (each once, at full size)', () => {
  test('1 MB of text, and each pathological repetition at 1 MB, in HTML and in MFM', () => {
    const texts = ['a'.repeat(MB), ...REPEATS.map((p) => p.repeat(Math.ceil(MB / p.length)))];
    for (const t of texts) {
      const m = mastodon(at(status, { content: t, spoiler_text: t }));
      const k = misskey(at(note, { text: t, cw: t }));
      expectPostOrError(m);
      expectPostOrError(k);
      expect(m.ok && k.ok).toBe(true);
    }
  });

  test('10,000 nested tags, 10,000 nested links, 10,000 unclosed tags', () => {
    const nested = (open: string, close: string) => open.repeat(10_000) + 'spam text' + close.repeat(10_000);
    for (const html of [
      nested('<div><span>', '</span></div>'),
      nested('<a href="https://spam.example/x">', '</a>'),
      nested('<blockquote><p>', '</p></blockquote>'),
      '<p><b><i>'.repeat(10_000),
      '<a href="https://a.example/">'.repeat(10_000),
      '<script>'.repeat(10_000) + 'hidden',
      '<!--'.repeat(10_000),
    ]) {
      const r = mastodon(at(status, { content: html }));
      expectPostOrError(r);
      expect(r.ok).toBe(true);
    }
    const mfm = '$[tada '.repeat(10_000) + 'spam' + ']'.repeat(10_000);
    const r = misskey(at(note, { text: mfm }));
    expect(r.ok && r.value.text).toBe('spam');
  });

  test('5,000 mentions, tags, links and media: cut to their caps', () => {
    const n = 5_000;
    const mentions = Array.from({ length: n }, (_, i) => ({
      id: String(i),
      username: `u${i}`,
      acct: `u${i}@h${i}.example`,
      url: `https://h${i}.example/@u${i}`,
    }));
    const links = Array.from({ length: n }, (_, i) => `<a href="https://s${i}.example/x">s${i}</a>`).join(' ');
    const m = mastodon(
      at(status, {
        content: `<p>${links}</p>`,
        mentions,
        tags: Array.from({ length: n }, (_, i) => ({ name: `t${i}` })),
        media_attachments: Array.from({ length: n }, () => ({
          type: 'image',
          blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
        })),
      }),
    );
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expectWithinLimits(m.value);
    expect(m.value.mentions).toHaveLength(POST_LIMITS.mentions);
    expect(m.value.tags).toHaveLength(POST_LIMITS.tags);
    expect(m.value.links).toHaveLength(POST_LIMITS.links);
    expect(m.value.media).toHaveLength(POST_LIMITS.media);

    const text = Array.from({ length: n }, (_, i) => `@u${i}@h${i}.example #t${i} https://s${i}.example/x`).join(' ');
    const k = misskey(
      at(note, {
        text,
        mentions: mentions.map((x) => `id${x.id}`),
        tags: [],
        files: Array.from({ length: n }, () => ({ type: 'image/png', blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' })),
      }),
    );
    expect(k.ok).toBe(true);
    if (!k.ok) return;
    expectWithinLimits(k.value);
    expect(k.value.mentions).toHaveLength(POST_LIMITS.mentions);
    expect(k.value.tags).toHaveLength(POST_LIMITS.tags);
    expect(k.value.links.length).toBeGreaterThan(0);
    expect(k.value.media).toHaveLength(POST_LIMITS.media);
  });

  test('ids that are not ids: a post with a usable id, or an error naming it', () => {
    for (const bad of [...BAD_IDS, -1, 1e21, -0, 1.5, Number.MAX_VALUE, null, {}, [], true]) {
      for (const r of [mastodon(at(status, { id: bad })), misskey(at(note, { id: bad }))]) {
        expectPostOrError(r);
        if (!r.ok) expect(r.error).toMatch(/\.id: /);
      }
      const acc = at(status.account as Record<string, unknown>, { id: bad });
      expectPostOrError(mastodon(at(status, { account: acc })));
    }
    // A huge id is refused rather than kept as a 10 KB key.
    expect(mastodon(at(status, { id: '1'.repeat(10_000) }))).toMatchObject({ ok: false });
  });

  test('dates in the far future, the far past or not dates: the id time, or an error', () => {
    for (const d of BAD_DATES) {
      for (const r of [mastodon(at(status, { created_at: d })), misskey(at(note, { createdAt: d }))]) {
        expectPostOrError(r);
        if (r.ok) expect(r.value.createdAt).toBeLessThanOrEqual(Date.UTC(2100, 0, 1));
      }
    }
    // Year 275760 with an id that encodes no time: refused, not dated 275760.
    const r = mastodon(at(status, { id: '1', created_at: '+275760-09-13T00:00:00.000Z' }));
    expect(r).toEqual({ ok: false, error: 'status.created_at: no usable created_at' });
  });

  test('usernames and hosts longer than any real one are refused; long names are cut', () => {
    const acc = status.account as Record<string, unknown>;
    expect(mastodon(at(status, { account: at(acc, { username: 'u'.repeat(301) }) }))).toMatchObject({ ok: false });
    expect(mastodon(at(status, { account: at(acc, { acct: `u@${'h'.repeat(300)}.example` }) }))).toMatchObject({
      ok: false,
    });
    const named = mastodon(at(status, { account: at(acc, { display_name: 'n'.repeat(MB), note: 'b'.repeat(MB) }) }));
    expect(named.ok).toBe(true);
    if (named.ok) expectWithinLimits(named.value);
    const user = note.user as Record<string, unknown>;
    expect(misskey(at(note, { user: at(user, { host: `${'h'.repeat(300)}.example` }) }))).toMatchObject({ ok: false });
  });

  test('__proto__ and constructor keys at every level change nothing shared', () => {
    for (const r of [mastodon(withProtoKeys(status)), misskey(withProtoKeys(note))]) {
      expect(r.ok).toBe(true);
      if (r.ok) expectWithinLimits(r.value);
    }
    expect(prototypesClean()).toBe(true);
  });
});

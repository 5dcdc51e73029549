/**
 * Hostile posts (issue 10): the worst time per post and the heap growth of each hostile family,
 * from platform JSON through the normalizer and the engine, as the background and the triage page
 * run them. Each family is posts crafted against the extension (1 MB of text, 10,000 nested tags,
 * 5,000 mentions, pathological repetitions, malformed BlurHashes, made-up ids and dates); each
 * post is distinct (its own id, author and text), so every one is new work for the engine.
 *
 *   node --expose-gc --import tsx bench/hostile.ts [--posts 20] [--json bench/results/hostile.json]
 *   npm run --silent bench:hostile
 *
 * Per family: `posts` posts, one per ingest call, into one engine of the default capacity (the
 * engine's own arrays, about 80 MB, are allocated before the first measurement). Time: the
 * median and the slowest post (normalize + ingest). Heap: what the family left on the heap once
 * its JSON is dropped and garbage collected (the engine keeps what a post brings to the window:
 * its key, its cluster, its author's posting times, so a few KB a post are expected; the figure
 * is noisy at this size, a few hundred KB either way).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createEngine } from '../src/core/engine';
import type { Post } from '../src/core/model';
import { normalizeMastodonStatus, tryNormalizeMastodonStatus } from '../src/platforms/mastodon/normalize';
import { tryNormalizeMisskeyNote } from '../src/platforms/misskey/normalize';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const POSTS = Number(arg('posts', '20'));
const JSON_OUT = arg('json', '');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.error('hostile: run with node --expose-gc for the heap figures (npm run bench:hostile does)');

const T0 = Date.UTC(2026, 10, 24, 5);
const MB = 1_000_000;
const BLUR = 'LEHV6nWB2yk8pyo0adR*.7kCMdnj';

/** A Mastodon status of post `i` of a family, with `over` fields replaced. */
function status(i: number, over: Record<string, unknown> = {}): unknown {
  const id = ((BigInt(T0 + i * 1000) << 16n) + BigInt(i)).toString();
  return {
    id,
    created_at: new Date(T0 + i * 1000).toISOString(),
    uri: `https://remote.example/statuses/${id}`,
    url: `https://remote.example/@u${i}/${id}`,
    visibility: 'public',
    language: 'en',
    content: `<p>Family post ${i} with some words to compare</p>`,
    spoiler_text: '',
    account: {
      id,
      username: `u${i}x`,
      acct: `u${i}x@remote.example`,
      display_name: '',
      note: '',
      avatar: 'https://mastodon.example/avatars/original/missing.png',
      created_at: new Date(T0 - 3_600_000).toISOString(),
      followers_count: 0,
      following_count: 0,
      statuses_count: 1,
    },
    mentions: [],
    tags: [],
    media_attachments: [],
    card: null,
    ...over,
  };
}

/** A Misskey note of post `i` of a family. */
function note(i: number, over: Record<string, unknown> = {}): unknown {
  const aid = (T0 + i * 1000 - 946684800000).toString(36).padStart(8, '0') + 'aa';
  return {
    id: aid,
    createdAt: new Date(T0 + i * 1000).toISOString(),
    userId: aid,
    user: { id: aid, username: `k${i}x`, host: 'remote.example', name: null, avatarUrl: null },
    text: `Family note ${i} with some words to compare`,
    cw: null,
    visibility: 'public',
    mentions: [],
    files: [],
    ...over,
  };
}

const rep = (piece: string, length = MB) => piece.repeat(Math.ceil(length / piece.length));
/** Text unique to post i, so that no two posts of a family are one (words of letters only). */
const word = (i: number) => {
  let v = (Math.imul(i + 1, 2654435761) >>> 0) + 1;
  let s = '';
  for (let k = 0; k < 7; k++, v = Math.floor(v / 26)) s += String.fromCharCode(97 + (v % 26));
  return s;
};

/** A family's JSON for post i (built before the clock starts: it is the attacker's cost). */
type Family = { name: string; json: (i: number) => unknown; read: (json: unknown) => Post | null };
const mastodon = (json: unknown) => {
  const r = tryNormalizeMastodonStatus(json, 'mastodon.example');
  return r.ok ? r.value : null;
};
const misskey = (json: unknown) => {
  const r = tryNormalizeMisskeyNote(json, 'misskey.example');
  return r.ok ? r.value : null;
};
const M = (over: (i: number) => Record<string, unknown>) => ({
  json: (i: number) => status(i, over(i)),
  read: mastodon,
});
const K = (over: (i: number) => Record<string, unknown>) => ({ json: (i: number) => note(i, over(i)), read: misskey });

const many = (n: number, f: (k: number) => string, sep = ' ') => Array.from({ length: n }, (_, k) => f(k)).join(sep);

const FAMILIES: Family[] = [
  { name: 'baseline: an ordinary status', ...M(() => ({})) },
  { name: 'baseline: an ordinary note', ...K(() => ({})) },
  { name: '1 MB of text (HTML)', ...M((i) => ({ content: `<p>${word(i)} ${rep('spam text ')}</p>` })) },
  { name: '1 MB of text (MFM)', ...K((i) => ({ text: `${word(i)} ${rep('spam text ')}` })) },
  {
    name: '1 MB of zero-width characters',
    ...M((i) => ({ content: `<p>${word(i)}${rep('\u200b\u200d\u2060')}</p>` })),
  },
  { name: '1 MB of directional characters', ...K((i) => ({ text: word(i) + rep('\u202e\u2066a\u2069') })) },
  { name: '1 MB of look-alike letters', ...M((i) => ({ content: `<p>${word(i)} ${rep('ԁіѕсоrԁ ')}</p>` })) },
  {
    name: '10,000 nested tags',
    ...M((i) => ({ content: `${rep('<div><span>', 110_000)}${word(i)}${rep('</span></div>', 130_000)}` })),
  },
  {
    name: '10,000 nested links',
    ...M((i) => ({ content: rep(`<a href="https://s.example/${word(i)}">`, 300_000) + '</a>'.repeat(10_000) })),
  },
  {
    name: '10,000 nested MFM functions',
    ...K((i) => ({ text: `${'$[tada '.repeat(10_000)}${word(i)}${']'.repeat(10_000)}` })),
  },
  {
    name: '5,000 mentions (Mastodon)',
    ...M((i) => ({
      content: `<p>${many(5000, (k) => `<a class="u-url mention" href="https://h${k}.example/@v${k}">@v${k}</a>`)} ${word(i)}</p>`,
      mentions: Array.from({ length: 5000 }, (_, k) => ({
        id: String(k + 1),
        username: `v${k}`,
        acct: `v${k}@h${k}.example`,
      })),
    })),
  },
  {
    name: '5,000 mentions (Misskey)',
    ...K((i) => ({
      text: `${many(5000, (k) => `@v${k}@h${k}.example`)} ${word(i)}`,
      mentions: Array.from({ length: 5000 }, (_, k) => `m${k}aaaaaaaa`),
    })),
  },
  {
    name: '5,000 hashtags',
    ...M((i) => ({ content: `<p>${word(i)}</p>`, tags: Array.from({ length: 5000 }, (_, k) => ({ name: `t${k}` })) })),
  },
  {
    name: '5,000 links',
    ...M((i) => ({
      content: `<p>${word(i)} ${many(5000, (k) => `<a href="https://s${k}.xn--68j5e377y.com/${k}">s${k}</a>`)}</p>`,
    })),
  },
  {
    name: '1,000 pictures, malformed BlurHashes',
    ...M((i) => ({
      content: `<p>${word(i)}</p>`,
      media_attachments: Array.from({ length: 1000 }, (_, k) => ({
        type: 'image',
        blurhash: k % 3 ? '~'.repeat(166 + (k % 7)) : `L\u00ff${BLUR.slice(2)}`,
        meta: { original: { width: -1, height: 0 } },
      })),
    })),
  },
  { name: "1 MB of '[' (MFM links)", ...K((i) => ({ text: word(i) + rep('[') })) },
  { name: "1 MB of '$[x ' (MFM functions)", ...K((i) => ({ text: word(i) + rep('$[x ') })) },
  { name: "1 MB of 'aa.' then '/' (bare links)", ...K((i) => ({ text: `${word(i)} ${rep('aa.')}/x` })) },
  { name: "1 MB of ' ' (HTML line ends)", ...M((i) => ({ content: `<p>${word(i)}${rep(' ')}x<br></p>` })) },
  { name: "1 MB of '.' in a link", ...K((i) => ({ text: `${word(i)} https://a${rep('.')}b` })) },
  {
    name: 'ids that are not ids, dates in 275760',
    ...M((i) => ({ id: `${i}`, created_at: '+275760-09-13T00:00:00.000Z', in_reply_to_id: '__proto__' })),
  },
];

// Posts handed to the engine directly, past any normalizer (the engine caps them itself).
const direct = (i: number, over: Partial<Post>): Post => ({
  ...normalizeMastodonStatus(status(i), 'mastodon.example'),
  ...over,
});
FAMILIES.push(
  {
    name: 'engine only: 1 MB text, 5,000 mentions',
    json: (i) =>
      direct(i, {
        text: `${word(i)} ${rep('spam ')}`,
        mentions: Array.from({ length: 5000 }, (_, k) => ({ username: `v${k}`, host: `h${k}.example`, id: null })),
      }),
    read: (p) => p as Post,
  },
  {
    name: 'engine only: NaN and year-275760 times',
    json: (i) => direct(i, { createdAt: i % 2 ? NaN : 8.64e15, text: `${word(i)} hello` }),
    read: (p) => p as Post,
  },
);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const engine = createEngine();
// Warm up the code paths (and the engine's arrays) on ordinary posts.
for (let i = 0; i < 2000; i++)
  engine.ingest([
    normalizeMastodonStatus(status(1_000_000 + i, { content: `<p>warm ${word(i)} up</p>` }), 'mastodon.example'),
  ]);
gc?.();

type Row = { family: string; refused: number; medianMs: number; maxMs: number; heapKB: number; heapKBPerPost: number };
const rows: Row[] = [];
let offset = 0;
for (const fam of FAMILIES) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const inputs = Array.from({ length: POSTS }, (_, i) => fam.json(offset + i));
  const times: number[] = [];
  let refused = 0;
  for (let i = 0; i < POSTS; i++) {
    const t0 = performance.now();
    const p = fam.read(inputs[i]);
    if (p) engine.ingest([p]);
    else refused++;
    times.push(performance.now() - t0);
  }
  offset += POSTS;
  inputs.length = 0;
  gc?.();
  const grown = (process.memoryUsage().heapUsed - before) / 1024;
  rows.push({
    family: fam.name,
    refused,
    medianMs: median(times),
    maxMs: Math.max(...times),
    heapKB: grown,
    heapKBPerPost: grown / POSTS,
  });
}

const load = loadavg()[0]!.toFixed(1);
console.log(`hostile: ${POSTS} posts per family, normalize + ingest, Node ${process.version}, load ${load}`);
console.log('| family | refused | median ms/post | slowest ms/post | heap growth KB/post |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.family} | ${r.refused} | ${r.medianMs.toFixed(2)} | ${r.maxMs.toFixed(2)} | ${gc ? r.heapKBPerPost.toFixed(1) : 'n/a'} |`,
  );
const s = engine.stats();
console.log(`engine after ${offset + 2000} posts: ${JSON.stringify(s)}`);
if (JSON_OUT)
  writeFileSync(
    JSON_OUT,
    JSON.stringify({ posts: POSTS, load: Number(load), node: process.version, rows, stats: s }, null, 2),
  );

/**
 * Shared settings and generators of the hostile-input suite (issue 10). Runs are reproducible: the
 * seed is FUZZ_SEED (default a constant, so CI always runs the same cases) and FUZZ_RUNS multiplies
 * every test's number of runs for a longer search (`npm run fuzz:long`). A failure prints the seed
 * and the counterexample's path; rerun with `FUZZ_SEED=<seed> npx vitest run test/unit/hostile`.
 */
import fc from 'fast-check';

export const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124);
export const FACTOR = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1) || 1);

/** fast-check parameters: the fixed seed and `n` runs (times FUZZ_RUNS). */
export function runs(n: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(n * FACTOR)) };
}

/** A test's timeout for `n` runs at FUZZ_RUNS (vitest's default is 20 s). */
export const timeout = (ms = 20_000) => ms * FACTOR;

// ---- characters spammers hide behind ------------------------------------------------------------

export const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\u180e', '\u3164'];
export const BIDI = [
  '\u200e',
  '\u200f',
  '\u061c',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];
/** Cyrillic, Greek, small capitals, full-width and mathematical letters that read as Latin. */
export const CONFUSABLE = [...'аеорсхуіјѕԁһӏԛԝαεοιτυνᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢｄｉｓｃｏｒｄ𝐝𝐢𝐬𝐜𝐨𝐫𝐝ℓı'];
export const ODD = [
  '\ud800',
  '\udfff',
  '\u0000',
  '\u0301',
  '\u0e47',
  '\ufffd',
  '\u{1f600}',
  '\u{e0041}',
  '\ufe0f',
  '\u3000',
  '\u00a0',
  '\r',
  '\n',
  '\t',
];
export const MARKUP = [...'<>&;"\'/=#@:.[]()$*_~`!?%\\'];

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 '.split('')) },
  { weight: 2, arbitrary: fc.constantFrom(...ZERO_WIDTH, ...BIDI) },
  { weight: 2, arbitrary: fc.constantFrom(...CONFUSABLE) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.constantFrom('荒', 'ら', 'し', '共', '栄', '圏', 'ア', '한') },
);

/** Short hostile text: letters mixed with invisible, directional, look-alike and markup characters. */
export const hostileText = (maxLength = 200) => fc.string({ unit, maxLength });

/** Pieces that, repeated, trip backtracking regular expressions and naive parsers. */
export const REPEATS = [
  ' ',
  ' \t',
  '[',
  '$[x ',
  '**a',
  'a-',
  'aa.',
  '.',
  '/',
  '@a',
  ' @a',
  ' #a',
  '<',
  '<a ',
  '<div>',
  '</p>',
  '&#x',
  '&amp;',
  'http://',
  'https://a.example/',
  'xn--',
  '\u200b',
  '\u202e',
  'а',
  ':1',
  '?\n',
  '"',
  "'",
];

/** One of REPEATS repeated to about `length` characters, with something else at the end. */
export const repeated = (length: number) =>
  fc
    .tuple(fc.constantFrom(...REPEATS), fc.constantFrom('', 'x', '/', '\n', ']', '>'))
    .map(([piece, end]) => piece.repeat(Math.ceil(length / piece.length)) + end);

/** Hostile text of any size up to `max`: mostly short, sometimes a long repetition. */
export const anyText = (max = 20_000) =>
  fc.oneof({ weight: 4, arbitrary: hostileText(300) }, { weight: 1, arbitrary: repeated(max) });

// ---- ids, dates, numbers, keys ------------------------------------------------------------------

/** The time the generated posts are around (2026-11-24). */
export const T0 = Date.UTC(2026, 10, 24);

export const BAD_IDS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '-1',
  '0',
  '-0',
  '1e400',
  'NaN',
  'Infinity',
  '99999999999999999999999999999999999999',
  '0x1f',
  '../../etc',
  'a/b',
  '\u202e1234',
  '1'.repeat(201),
  'x'.repeat(10_000),
];

/** Ids that are not ids: strings of every kind, numbers of every kind, and other types. */
export const badId = fc.oneof(
  fc.constantFrom<unknown>(...BAD_IDS),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double(),
  fc.integer(),
  hostileText(30),
  fc.constantFrom<unknown>(null, true, [], {}, ['1']),
);

/** A real id (Mastodon snowflake, Misskey aid or aidx) most of the time, an id that is not one otherwise. */
export const hostileId = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 1n << 50n, max: 1n << 62n }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>('9ydl3b4c2k', 'a0b1c2d3e4f5g6h7', '111111111111111111') },
  { weight: 1, arbitrary: badId },
);

export const BAD_DATES = [
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.001Z',
  '9999-12-31T23:59:59Z',
  '2099-12-31T23:59:59Z',
  '2100-01-01T00:00:00.001Z',
  '1970-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  'NaN',
  'Invalid Date',
  '',
  '2024-02-30T25:61:61Z',
  '2026-11-24',
  '0',
  '2024-02-15T10:00:00.000Z',
  '2026-11-24T05:00:00.000Z',
  '2'.repeat(10_000),
];

export const badDate = fc.oneof(
  fc.constantFrom<unknown>(...BAD_DATES),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.double(),
  fc.constantFrom<unknown>(null, {}, []),
);

/** A recent date most of the time, an impossible or hostile one otherwise. */
export const hostileDate = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 72 * 60 }).map((m) => new Date(T0 + m * 60_000).toISOString()) },
  { weight: 1, arbitrary: badDate },
);

export const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom<unknown>(-1, 0, Number.MAX_SAFE_INTEGER, 1e308, -1e308, '12', null, NaN),
);

/** Object keys that have a meaning in JavaScript. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', '__defineGetter__'];

/**
 * `value` as JSON text parsed again with extra `__proto__`/`constructor` members at every object
 * level: `JSON.parse` makes them own properties (an object literal would set the prototype).
 */
export function withProtoKeys(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? { ...v, __POLLUTE__: 1 } : v,
  );
  return JSON.parse(
    text.replaceAll(
      '"__POLLUTE__":1',
      '"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}}',
    ),
  );
}

/** Whether anything was added to the shared prototypes. */
export function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return (
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    Object.keys(Object.prototype).length === 0 &&
    (Array.prototype as unknown as Record<string, unknown>).polluted === undefined &&
    (Function.prototype as unknown as Record<string, unknown>).polluted === undefined
  );
}

// ---- BlurHash ------------------------------------------------------------------------------------

const B83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

/** Valid BlurHashes of every component count, and every way to get one wrong. */
export const hostileBlurhash = fc.oneof(
  // Valid: size digit, then the right length.
  fc
    .tuple(fc.integer({ min: 0, max: 80 }), fc.string({ unit: fc.constantFrom(...B83.split('')), maxLength: 170 }))
    .map(([size, rest]) => {
      const nx = (size % 9) + 1;
      const ny = Math.floor(size / 9) + 1;
      const need = 3 + 2 * nx * ny;
      return B83[size]! + rest.padEnd(need, '0').slice(0, need);
    }),
  fc.constantFrom<unknown>(
    'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
    'LEHV6nWB2yk8pyo0adR*.7kCMdn',
    'LEHV6nWB2yk8pyo0adR*.7kCMdnjX',
    '',
    '|',
    '~~~~~~',
    '00000000',
    'L\u00ffHV6nWB2yk8pyo0adR*.7kCMdnj',
    'L😀HV6nWB2yk8pyo0adR*.7kCMdnj',
    '~'.repeat(166),
    'z'.repeat(100_000),
    null,
    42,
    {},
  ),
  fc.string({ maxLength: 40 }),
);

// ---- platform JSON -------------------------------------------------------------------------------

const some = <T>(a: fc.Arbitrary<T>, max: number) => fc.array(a, { maxLength: max });

/** HTML as Mastodon sends it, and as it should never be: unclosed, nested, entity soup. */
export const hostileHtml = fc.oneof(
  { weight: 3, arbitrary: hostileText(300).map((t) => `<p>${t}</p>`) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          hostileText(40),
          fc.constantFrom(
            '<p>',
            '</p>',
            '<br>',
            '<a href="https://xn--68j5e377y.com/x" class="">',
            '<a href="https://discord.gg/abc" rel="nofollow">',
            '<a class="u-url mention" href="https://m.example/@a">@<span>a</span></a>',
            '<a class="mention hashtag" rel="tag" href="#">#tag</a>',
            '</a>',
            '<span class="invisible">https://</span>',
            '<script>',
            '</script>',
            '<!--',
            '-->',
            '&#x202e;',
            '&#0;',
            '&#xd800;',
            '&#1114112;',
            '&amp;lt;',
            '<a href=x onclick=alert(1)>',
            '<',
            '>',
          ),
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '<', '<a', '<a href="', '<!--', '<script>x') },
);

export const hostileAccount = fc.record(
  {
    id: hostileId,
    username: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('spammer', 'a', 'jzpwtaxbeq', 'user_1') },
      { weight: 3, arbitrary: hostileText(40) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 1, 'u'.repeat(400)) },
    ),
    acct: fc.oneof(fc.constantFrom('spammer@xn--68j5e377y.com', 'a@', '@', 'a@b@c'), hostileText(60)),
    display_name: hostileText(60),
    note: hostileHtml,
    avatar: fc.constantFrom('https://m.example/avatars/original/missing.png', '', 'x'.repeat(5000)),
    created_at: hostileDate,
    bot: fc.constantFrom<unknown>(true, false, 'yes', null),
    followers_count: hostileNumber,
    following_count: hostileNumber,
    statuses_count: hostileNumber,
  },
  { requiredKeys: ['id', 'username'] },
);

export const hostileMention = fc.record(
  { id: hostileId, username: hostileText(30), acct: hostileText(60), url: hostileText(40) },
  { requiredKeys: [] },
);

export const hostileMedia = fc.record(
  {
    type: fc.constantFrom<unknown>('image', 'gifv', 'video', 'audio', 'unknown', '__proto__', 5),
    blurhash: hostileBlurhash,
    url: fc.constantFrom<unknown>('https://files.example/a.png', '', 'x'.repeat(3000), null),
    description: hostileText(100),
    meta: fc.record(
      { original: fc.record({ width: hostileNumber, height: hostileNumber }), width: hostileNumber },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const statusBody = {
  id: hostileId,
  created_at: hostileDate,
  account: hostileAccount,
  content: hostileHtml,
  spoiler_text: hostileText(60),
  uri: hostileText(60),
  url: hostileText(60),
  visibility: hostileText(10),
  language: fc.constantFrom<unknown>('en', 'ja', 'xx-yy-zz', '', null, 'e'.repeat(100)),
  in_reply_to_id: hostileId,
  mentions: some(hostileMention, 12),
  tags: some(fc.record({ name: hostileText(30) }, { requiredKeys: [] }), 12),
  media_attachments: some(hostileMedia, 6),
  card: fc.oneof(
    fc.constant(null),
    fc.record({ url: hostileText(60), title: hostileText(60), blurhash: hostileBlurhash }, { requiredKeys: [] }),
  ),
};

export const hostileStatus = fc.record(
  {
    ...statusBody,
    reblog: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record(statusBody, { requiredKeys: ['id', 'account', 'created_at'] }) },
    ),
    quote: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null) },
      {
        weight: 1,
        arbitrary: fc
          .record(statusBody, { requiredKeys: ['id', 'account', 'created_at'] })
          .map((q) => ({ state: 'accepted', quoted_status: q })),
      },
    ),
  },
  { requiredKeys: ['id', 'account', 'created_at'] },
);

const misskeyUser = fc.record(
  {
    id: hostileId,
    username: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('spammer', 'a', 'jzpwtaxbeq') },
      { weight: 3, arbitrary: hostileText(40) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'u'.repeat(400)) },
    ),
    host: fc.oneof(fc.constant(null), fc.constantFrom('xn--68j5e377y.com', 'misskey.io', ''), hostileText(30)),
    name: hostileText(60),
    avatarUrl: fc.constantFrom<unknown>('https://m.example/identicon/a', null, 'x'.repeat(5000)),
    createdAt: hostileDate,
    description: hostileText(100),
    isBot: fc.constantFrom<unknown>(true, false, 1),
  },
  { requiredKeys: ['id', 'username'] },
);

/** MFM as Misskey sends it, and as it should never be. */
export const hostileMfm = fc.oneof(
  hostileText(300),
  fc
    .array(
      fc.oneof(
        hostileText(30),
        fc.constantFrom(
          '$[tada ',
          '$[x2 ',
          ']',
          '**',
          '<small>',
          '</small>',
          '[label](https://a.example/x)',
          '@user',
          '@user@xn--68j5e377y.com',
          '#tag',
          'https://discord.gg/abc',
          'discord.gg/abc',
          '?[',
        ),
      ),
      { maxLength: 60 },
    )
    .map((p) => p.join('')),
);

const noteBody = {
  id: hostileId,
  createdAt: hostileDate,
  userId: hostileId,
  user: misskeyUser,
  text: fc.oneof(fc.constant(null), hostileMfm),
  cw: fc.oneof(fc.constant(null), hostileText(60)),
  visibility: hostileText(10),
  replyId: hostileId,
  renoteId: hostileId,
  mentions: some(hostileId, 12),
  tags: some(fc.oneof(hostileText(20), hostileNumber), 12),
  files: some(
    fc.record(
      {
        type: fc.constantFrom<unknown>('image/png', 'image/gif', 'video/mp4', '', null),
        blurhash: hostileBlurhash,
        url: hostileText(40),
        comment: hostileText(60),
        properties: fc.record({ width: hostileNumber, height: hostileNumber }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    ),
    6,
  ),
  uri: hostileText(60),
  url: hostileText(60),
};

export const hostileNote = fc.record(
  {
    ...noteBody,
    renote: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record(noteBody, { requiredKeys: ['id', 'user', 'createdAt'] }) },
    ),
  },
  { requiredKeys: ['id', 'user', 'userId', 'createdAt'] },
);

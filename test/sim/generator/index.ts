/**
 * The spam-wave generator: a seeded, deterministic fediverse of ordinary traffic with scripted spam
 * waves in the styles of ../shared/reference/spam-waves.md. Same options, same scenario, on every
 * machine. Everything is relative to `options.start`, so two scenarios that differ only in `start`
 * hold the same posts shifted in time.
 */
import {
  BIOS,
  CONFUSABLES,
  EARTHQUAKE_PLACES,
  FIRST_NAMES,
  HELLO,
  JA_AD,
  LANG_WEIGHTS,
  LANGS,
  LAST_NAMES,
  NEWS_COMMENTS,
  NEWS_LINK,
  QUOTE_COMMENTS,
  RANDOM_LOOKING_REAL,
  REMOTE_DOMAINS,
  REPLIES,
  RSS_HEADLINES,
  SENTENCES,
  SMALL_MISSKEY_SERVERS,
  SMALL_OPEN_SERVERS,
  TAGS,
  TEXT_WAVE,
  USERNAME_WORDS,
  WEATHER_CITIES,
  ZERO_WIDTH,
  type Lang,
} from './corpus';
import { blurhashVariant, encodeBlurhash, randomBlurhash } from './blurhash';
import { Rng, WeightedPicker } from './prng';
import type { GenAccount, GenMedia, GenPost, Scenario, ScenarioOptions, WaveSpec } from './types';

export type { Scenario, ScenarioOptions, GenPost, GenAccount, GenMedia, WaveSpec, Label } from './types';
export { isValidBlurhash, decodeBlurhash } from './blurhash';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Users every simulated instance has (the login users tests use), in every family. */
export const SIM_LOCAL_USERS: readonly {
  username: string;
  role: 'admin' | 'moderator' | 'user';
  displayName: string;
  lang: Lang;
}[] = [
  { username: 'admin', role: 'admin', displayName: 'Server Admin', lang: 'en' },
  { username: 'mod', role: 'moderator', displayName: 'Moderator', lang: 'en' },
  { username: 'alice', role: 'user', displayName: 'Alice Nakamura', lang: 'en' },
  { username: 'bob', role: 'user', displayName: 'Bob', lang: 'en' },
  { username: 'carol', role: 'user', displayName: 'Carol', lang: 'de' },
  { username: 'kaori', role: 'user', displayName: 'Kaori 🌸', lang: 'ja' },
  { username: 'hiro', role: 'user', displayName: 'Hiroshi Tanaka', lang: 'ja' },
];

/** The pictures of the 2024 waves, as filters knew them (spam-waves.md A2), plus the QR code. */
export const KNOWN_SPAM_IMAGES = {
  /** 1009x200 banner with the Discord URL. */
  discordBanner: {
    blurhash: 'UTQcblVY%gIU8w8_%Mxu%2Rjayt7.8?bMxRj',
    width: 1009,
    height: 200,
    pictureId: 'img-discord-banner',
  },
  /** The "spam box", 200x200 in February, 1080x1080 later. */
  spamBox: { blurhash: 'UkKBv%k8Oas:t1f9V[ae|;afoJofs;bYovjZ', width: 200, height: 200, pictureId: 'img-spam-box' },
  /** November 2024: a QR code pointing to the Discord, 1080x1080. */
  qrCode: {
    blurhash: encodeBlurhash({
      x: 4,
      y: 4,
      dc: 0xb4b4b4,
      qmax: 40,
      ac: [3000, 110, 6400, 2000, 370, 5000, 800, 6100, 1500, 3300, 40, 6700, 2500, 900, 4200],
    }),
    width: 1080,
    height: 1080,
    pictureId: 'img-qr-code',
  },
} as const;

/**
 * Default options for `instances`: 3 hours of history before `liveFrom` (with the February-style
 * wave in it, about 2 hours back) and 2 hours after it, with the three later waves arriving live
 * (the first 90 seconds after `liveFrom`). `liveFrom` defaults to a fixed instant so that
 * `generateScenario(defaultScenarioOptions(seed, instances))` is identical on every call.
 */
export const DEFAULT_LIVE_FROM = Date.UTC(2024, 1, 17, 3, 0, 0);
export const DEFAULT_HISTORY_MS = 3 * HOUR;

export function defaultScenarioOptions(
  seed: number,
  instances: string[],
  liveFrom = DEFAULT_LIVE_FROM,
): ScenarioOptions {
  const start = liveFrom - DEFAULT_HISTORY_MS;
  const h = DEFAULT_HISTORY_MS;
  const waves: WaveSpec[] = [
    {
      id: 'w-feb2024',
      style: 'feb2024-mention-image',
      startOffsetMs: h - 2 * HOUR,
      posts: 240,
      accounts: 48,
      ratePerMinute: 8,
    },
    {
      id: 'w-oct2024',
      style: 'oct2024-ten-mentions',
      startOffsetMs: h + 90_000,
      posts: 150,
      accounts: 15,
      ratePerMinute: 6,
    },
    {
      id: 'w-text',
      style: 'text-rotating-links',
      startOffsetMs: h + 30 * MIN,
      posts: 120,
      accounts: 40,
      ratePerMinute: 4,
    },
    {
      id: 'w-nov2024',
      style: 'nov2024-qr-image',
      startOffsetMs: h + 60 * MIN,
      posts: 120,
      accounts: 30,
      ratePerMinute: 5,
    },
  ];
  return {
    seed,
    start,
    durationMs: h + 2 * HOUR,
    legitPerMinute: 12,
    waves,
    instances: instances.slice(),
    hardCases: true,
    openRegistrations: instances.filter((_, i) => i % 2 === 1),
  };
}

/** Per-account facts the generator needs but the scenario does not carry. */
interface AccountMeta {
  lang: Lang;
  /** Simulated instances that follow this account (receive its posts). */
  reach: string[];
  weight: number;
}

type EventKind =
  | { t: 'legit' }
  | { t: 'news'; n: number }
  | { t: 'weather'; city: number }
  | { t: 'rss' }
  | { t: 'quake' }
  | { t: 'newcomer' }
  | { t: 'spam'; wave: WaveSpec; index: number };

interface PendingEvent {
  at: number;
  seq: number;
  kind: EventKind;
}

const MENTION_RE = /@([A-Za-z0-9_]+)@([A-Za-z0-9.-]+)/g;

class Builder {
  readonly accounts: Record<string, GenAccount> = {};
  readonly meta = new Map<string, AccountMeta>();
  readonly posts: GenPost[] = [];
  private readonly rng: Rng;
  private readonly usernamesByHost = new Map<string, Set<string>>();
  private legitPicker!: WeightedPicker<string>;
  private readonly legitAuthors: string[] = [];
  private readonly simLocals: string[] = [];
  /** Recent ordinary originals, for replies, boosts and quotes. */
  private readonly recent: GenPost[] = [];
  /** Recent ordinary authors, the people a spam wave mentions. */
  private readonly recentAuthors: string[] = [];
  private readonly newsSharers = new Set<string>();
  private newsOriginal: GenPost | null = null;
  private readonly waveAccounts = new Map<string, string[]>();
  private seq = 0;
  private readonly instanceSet: Set<string>;
  private readonly memeBlurhash: string;

  constructor(readonly opts: ScenarioOptions) {
    this.rng = Rng.from(opts.seed, 'scenario');
    this.instanceSet = new Set(opts.instances);
    this.memeBlurhash = randomBlurhash(Rng.from(opts.seed, 'meme'), 4, 3);
  }

  // ---------------------------------------------------------------- accounts

  private uniqueUsername(host: string, base: string, rng: Rng): string {
    let set = this.usernamesByHost.get(host);
    if (!set) this.usernamesByHost.set(host, (set = new Set()));
    let name = base;
    while (set.has(name)) name = `${base}${rng.range(1, 9999)}`;
    set.add(name);
    return name;
  }

  private addAccount(a: GenAccount, meta: AccountMeta): GenAccount {
    this.accounts[a.acct] = a;
    this.meta.set(a.acct, meta);
    return a;
  }

  private reachFor(rng: Rng, host: string, followers: number): string[] {
    const all = this.opts.instances;
    if (all.length === 0) return [];
    if (followers > 2000) return all.slice();
    const r = all.filter((d) => d === host || rng.chance(0.55));
    if (r.length === 0) r.push(rng.pick(all));
    return r;
  }

  private pickLang(rng: Rng): Lang {
    const x = rng.next();
    let acc = 0;
    for (const l of LANGS) {
      acc += LANG_WEIGHTS[l];
      if (x < acc) return l;
    }
    return 'en';
  }

  private displayNameFor(rng: Rng, lang: Lang, username: string): string {
    if (rng.chance(0.06)) return '';
    if (rng.chance(0.08)) return username;
    const first = rng.pick(FIRST_NAMES[lang]);
    const last = rng.pick(LAST_NAMES[lang]);
    return last
      ? lang === 'ja' && /\p{Extended_Pictographic}/u.test(last)
        ? `${first} ${last}`
        : `${first} ${last}`
      : first;
  }

  buildOrdinaryAccounts(): void {
    const rng = Rng.from(this.opts.seed, 'accounts');
    const { start } = this.opts;
    // The login users of every simulated instance, and a dozen ordinary local posters each.
    for (const domain of this.opts.instances) {
      for (const u of SIM_LOCAL_USERS) {
        this.uniqueUsername(domain, u.username, rng);
        const followers = rng.logNormalInt(u.role === 'admin' ? 1200 : 300, 3);
        this.addAccount(
          {
            acct: `${u.username}@${domain}`,
            username: u.username,
            host: domain,
            displayName: u.displayName,
            hasAvatar: true,
            avatarBlurhash: randomBlurhash(rng, 4, 4),
            bio:
              u.role === 'admin'
                ? 'Administrator of this instance. Contact me for moderation issues.'
                : rng.pick(BIOS[u.lang]),
            createdAt: start - rng.range(400, 1500) * DAY - rng.int(DAY),
            followers,
            following: rng.logNormalInt(200, 3),
            priorPosts: rng.logNormalInt(1500, 4),
            bot: false,
            label: 'legit',
          },
          { lang: u.lang, reach: this.reachFor(rng, domain, followers), weight: u.role === 'user' ? 1.2 : 0.4 },
        );
        this.simLocals.push(`${u.username}@${domain}`);
      }
      for (let i = 0; i < 12; i++) this.ordinaryAccount(rng, domain, this.pickLang(rng));
    }
    const total = Math.round((this.opts.legitPerMinute * this.opts.durationMs) / MIN);
    const remoteCount = Math.min(6000, Math.max(150, Math.round(total / 15)));
    const domainPicker = new WeightedPicker(REMOTE_DOMAINS, (d) => (d.big ? 4 : 1));
    for (let i = 0; i < remoteCount; i++) {
      const d = domainPicker.pick(rng);
      this.ordinaryAccount(rng, d.domain, d.lang ?? this.pickLang(rng));
    }
  }

  private ordinaryAccount(rng: Rng, host: string, lang: Lang): GenAccount {
    const { start } = this.opts;
    let username: string;
    let hardCase: string | undefined;
    if (this.opts.hardCases && rng.chance(0.02)) {
      const known = RANDOM_LOOKING_REAL.find((n) => !this.usernamesByHost.get(host)?.has(n));
      username = this.uniqueUsername(host, known && rng.chance(0.5) ? known : rng.alnum(10), rng);
      hardCase = 'random-looking-name';
    } else {
      const w = rng.pick(USERNAME_WORDS);
      username = this.uniqueUsername(
        host,
        rng.chance(0.4) ? `${w}${rng.pick(['', '_', ''])}${rng.range(1, 999)}` : w,
        rng,
      );
    }
    const hasAvatar = lang === 'ja' ? rng.chance(0.72) : rng.chance(0.93);
    if (!hasAvatar && lang === 'ja' && !hardCase && this.opts.hardCases) hardCase = 'ja-no-avatar';
    const followers = rng.logNormalInt(180, 6);
    const displayName =
      hardCase === 'random-looking-name' && rng.chance(0.5) ? '' : this.displayNameFor(rng, lang, username);
    return this.addAccount(
      {
        acct: `${username}@${host}`,
        username,
        host,
        displayName,
        hasAvatar,
        avatarBlurhash: hasAvatar ? randomBlurhash(rng, 4, 4) : null,
        bio: rng.pick(BIOS[lang]),
        createdAt: start - rng.range(40, 2600) * DAY - rng.int(DAY),
        followers,
        following: rng.logNormalInt(150, 4),
        priorPosts: rng.logNormalInt(900, 6),
        bot: false,
        label: 'legit',
        ...(hardCase ? { hardCase } : {}),
      },
      { lang, reach: this.reachFor(rng, host, followers), weight: Math.pow(rng.next() + 0.02, 2.2) * 4 },
    );
  }

  private botAccount(username: string, host: string, displayName: string, lang: Lang, rng: Rng): GenAccount {
    const acct = `${username}@${host}`;
    if (this.accounts[acct]) return this.accounts[acct]!;
    this.uniqueUsername(host, username, rng);
    return this.addAccount(
      {
        acct,
        username,
        host,
        displayName,
        hasAvatar: true,
        avatarBlurhash: randomBlurhash(rng, 4, 4),
        bio: 'Automated account. Posts are generated.',
        createdAt: this.opts.start - rng.range(200, 1500) * DAY,
        followers: rng.logNormalInt(2500, 3),
        following: 0,
        priorPosts: rng.logNormalInt(20000, 2),
        bot: true,
        label: 'legit',
        hardCase: 'similar-bot',
      },
      { lang, reach: this.opts.instances.slice(), weight: 0 },
    );
  }

  finishAccounts(): void {
    for (const [acct, m] of this.meta) {
      const a = this.accounts[acct]!;
      if (a.label === 'legit' && !a.bot && m.weight > 0) this.legitAuthors.push(acct);
    }
    this.legitPicker = new WeightedPicker(this.legitAuthors, (a) => this.meta.get(a)!.weight);
  }

  // ---------------------------------------------------------------- posts

  private makePost(p: Omit<GenPost, 'id'>): GenPost {
    const post: GenPost = { id: '', ...p };
    this.posts.push(post);
    return post;
  }

  private deliveredFor(author: string, mentions: string[], extra: string[] = []): string[] {
    const a = this.accounts[author]!;
    const set = new Set<string>(this.meta.get(author)?.reach ?? []);
    if (this.instanceSet.has(a.host)) set.add(a.host);
    for (const m of mentions) {
      const h = this.accounts[m]?.host;
      if (h && this.instanceSet.has(h)) set.add(h);
    }
    for (const e of extra) set.add(e);
    return this.opts.instances.filter((d) => set.has(d));
  }

  private sentences(rng: Rng, lang: Lang, n: number): string {
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(rng.pick(SENTENCES[lang]));
    return parts.join(lang === 'ja' ? '' : ' ');
  }

  private picture(rng: Rng, kind: 'photo' | 'meme'): GenMedia {
    if (kind === 'meme') {
      return {
        kind: 'image',
        blurhash: blurhashVariant(this.memeBlurhash, rng, 1),
        width: 1200,
        height: 900,
        description: 'A cat sitting in a cardboard box, captioned "if it fits"',
        pictureId: 'img-meme-cat-box',
      };
    }
    const sizes: [number, number][] = [
      [1280, 720],
      [1200, 900],
      [800, 800],
      [1080, 1350],
      [1600, 1067],
      [720, 1280],
    ];
    const [width, height] = rng.pick(sizes);
    return {
      kind: 'image',
      blurhash: randomBlurhash(rng, 4, 3),
      width,
      height,
      description: rng.chance(0.6)
        ? rng.pick([
            'A photo of the sky at dusk',
            'A cup of coffee on a wooden table',
            'A cat asleep on a keyboard',
            'Mountains in the morning fog',
            '猫が座っている',
            'Un vélo contre un mur',
          ])
        : null,
      pictureId: `img-${rng.alnum(10)}`,
    };
  }

  private remember(p: GenPost): void {
    this.recent.push(p);
    if (this.recent.length > 300) this.recent.shift();
    this.recentAuthors.push(p.author);
    if (this.recentAuthors.length > 400) this.recentAuthors.shift();
  }

  legit(at: number, rng: Rng): void {
    const author = this.legitPicker.pick(rng);
    const acc = this.accounts[author]!;
    if (acc.createdAt > at) return; // a newcomer's first posts come from its own event
    const lang = this.meta.get(author)!.lang;
    const r = rng.next();
    const visibility = rng.chance(0.15) ? 'unlisted' : 'public';
    const base = {
      author,
      createdAt: at,
      cw: '',
      label: 'legit' as const,
      wave: null,
      visibility: visibility as GenPost['visibility'],
    };
    if (r < 0.18 && this.recent.length > 5) {
      const parent = this.recent[this.recent.length - 1 - rng.int(Math.min(80, this.recent.length))]!;
      if (parent.author === author) return this.legitOriginal(at, rng, author, lang, base);
      const mentions = [parent.author];
      if (rng.chance(0.3)) for (const m of parent.mentions) if (m !== author && !mentions.includes(m)) mentions.push(m);
      const text = `${mentions.map((m) => '@' + m).join(' ')} ${rng.pick(REPLIES[lang])}`;
      const p = this.makePost({
        ...base,
        text,
        lang,
        mentions,
        tags: [],
        links: [],
        media: [],
        card: null,
        replyTo: null,
        boostOf: null,
        quoteOf: null,
        deliveredTo: this.deliveredFor(author, mentions, parent.deliveredTo),
      });
      this.linkLater(p, parent, 'replyTo');
      this.remember(p);
      return;
    }
    if (r < 0.28 && this.recent.length > 5) {
      const orig = this.recent[this.recent.length - 1 - rng.int(Math.min(150, this.recent.length))]!;
      if (orig.author === author || orig.visibility !== 'public')
        return this.legitOriginal(at, rng, author, lang, base);
      const p = this.makePost({
        ...base,
        visibility: 'public',
        text: '',
        lang: null,
        mentions: [],
        tags: [],
        links: [],
        media: [],
        card: null,
        replyTo: null,
        boostOf: null,
        quoteOf: null,
        deliveredTo: this.deliveredFor(author, []),
      });
      this.linkLater(p, orig, 'boostOf');
      return;
    }
    if (r < 0.31 && this.recent.length > 5) {
      const orig = this.recent[this.recent.length - 1 - rng.int(Math.min(150, this.recent.length))]!;
      if (orig.author === author || orig.visibility !== 'public')
        return this.legitOriginal(at, rng, author, lang, base);
      const p = this.makePost({
        ...base,
        text: rng.pick(QUOTE_COMMENTS[lang]),
        lang,
        mentions: [],
        tags: [],
        links: [],
        media: [],
        card: null,
        replyTo: null,
        boostOf: null,
        quoteOf: null,
        deliveredTo: this.deliveredFor(author, []),
      });
      this.linkLater(p, orig, 'quoteOf');
      this.remember(p);
      return;
    }
    this.legitOriginal(at, rng, author, lang, base);
  }

  /** Posts get their ids at the end; references are resolved then. */
  private readonly refs: { post: GenPost; target: GenPost; field: 'replyTo' | 'boostOf' | 'quoteOf' }[] = [];
  private linkLater(post: GenPost, target: GenPost, field: 'replyTo' | 'boostOf' | 'quoteOf'): void {
    this.refs.push({ post, target, field });
  }

  private legitOriginal(
    at: number,
    rng: Rng,
    author: string,
    lang: Lang,
    base: Pick<GenPost, 'author' | 'createdAt' | 'cw' | 'label' | 'wave' | 'visibility'>,
  ): void {
    let text = this.sentences(rng, lang, rng.chance(0.35) ? 2 : 1);
    const tags: string[] = [];
    const links: string[] = [];
    const media: GenMedia[] = [];
    let card: GenPost['card'] = null;
    let mentions: string[] = [];
    let hardCase: string | undefined;
    let cw = '';
    const k = rng.next();
    if (this.opts.hardCases && k < 0.01) {
      // #FollowFriday-style: a legitimate post with many mentions.
      mentions = rng
        .sample(this.recentAuthors.length > 10 ? this.recentAuthors : this.legitAuthors, rng.range(5, 7))
        .filter((m, i, a) => m !== author && a.indexOf(m) === i);
      text = `${lang === 'ja' ? 'いつもありがとう！' : '#FollowFriday, great people to follow:'} ${mentions.map((m) => '@' + m).join(' ')}`;
      if (lang !== 'ja') tags.push('FollowFriday');
      hardCase = 'many-mentions';
    } else if (this.opts.hardCases && k < 0.015) {
      const url = `https://discord.gg.example/${rng.pick(['pixelguild', 'rustjp', 'bookclub', 'knitters'])}`;
      text = `${lang === 'ja' ? 'Discordサーバー作りました、気軽にどうぞ' : 'We made a Discord server for the community, come say hi'} ${url}`;
      links.push(url);
      hardCase = 'legit-discord-invite';
    } else if (this.opts.hardCases && k < 0.035) {
      media.push(this.picture(rng, 'meme'));
      text =
        lang === 'ja' ? 'これ好き' : rng.pick(['lol', 'This is me every morning', 'Found this again, still funny']);
      hardCase = 'shared-meme-image';
    } else {
      if (rng.chance(0.3)) {
        const t = rng.sample(TAGS[lang], rng.range(1, 2));
        tags.push(...t);
        text += ' ' + t.map((x) => '#' + x).join(' ');
      }
      if (rng.chance(0.14)) {
        const n = rng.chance(0.8) ? 1 : rng.range(2, 4);
        for (let i = 0; i < n; i++) media.push(this.picture(rng, 'photo'));
      } else if (rng.chance(0.1)) {
        const slug = rng.alnum(8, 'abcdefghijklmnopqrstuvwxyz');
        const site = rng.pick(['blog.example.net', 'news.example.com', 'magazine.example.org', 'docs.example.dev']);
        const url = `https://${site}/${rng.range(2019, 2024)}/${slug}`;
        links.push(url);
        text += ' ' + url;
        card = {
          url,
          title: rng.pick(RSS_HEADLINES),
          description: 'A longer read about something people on the fediverse care about.',
          blurhash: rng.chance(0.8) ? randomBlurhash(rng, 4, 3) : null,
        };
      }
      if (rng.chance(0.03)) cw = rng.pick(['spoilers', 'food', 'politics', 'eye contact', 'ネタバレ']);
    }
    const p = this.makePost({
      ...base,
      cw,
      text,
      lang,
      mentions,
      tags,
      links,
      media,
      card,
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      deliveredTo: this.deliveredFor(author, mentions),
      ...(hardCase ? { hardCase } : {}),
    });
    this.remember(p);
  }

  news(at: number, rng: Rng, n: number): void {
    const { url, title, description } = NEWS_LINK;
    const card = { url, title, description, blurhash: 'U|BY8nj?a}V@%%flj[j]t6bIjsogt6j?ayax' };
    if (n === 0 || !this.newsOriginal) {
      const outlet = this.botAccount('worldnews', 'news.example.com', 'World News Desk', 'en', rng);
      outlet.bot = false;
      outlet.hardCase = 'news-outlet';
      this.newsOriginal = this.makePost({
        author: outlet.acct,
        createdAt: at,
        text: `${title} ${url}`,
        cw: '',
        lang: 'en',
        mentions: [],
        tags: [],
        links: [url],
        media: [],
        card,
        visibility: 'public',
        replyTo: null,
        boostOf: null,
        quoteOf: null,
        label: 'legit',
        wave: null,
        hardCase: 'news-link',
        deliveredTo: this.opts.instances.slice(),
      });
      return;
    }
    let author = '';
    for (let tries = 0; tries < 20; tries++) {
      const a = this.legitPicker.pick(rng);
      if (!this.newsSharers.has(a) && this.accounts[a]!.createdAt < at) {
        author = a;
        break;
      }
    }
    if (!author) return;
    this.newsSharers.add(author);
    const lang = this.meta.get(author)!.lang;
    if (rng.chance(0.35)) {
      const p = this.makePost({
        author,
        createdAt: at,
        text: '',
        cw: '',
        lang: null,
        mentions: [],
        tags: [],
        links: [],
        media: [],
        card: null,
        visibility: 'public',
        replyTo: null,
        boostOf: null,
        quoteOf: null,
        label: 'legit',
        wave: null,
        hardCase: 'news-link',
        deliveredTo: this.deliveredFor(author, []),
      });
      this.linkLater(p, this.newsOriginal, 'boostOf');
      return;
    }
    const comment = rng.pick(NEWS_COMMENTS[lang]);
    this.makePost({
      author,
      createdAt: at,
      text: comment ? `${comment} ${url}` : url,
      cw: '',
      lang,
      mentions: [],
      tags: [],
      links: [url],
      media: [],
      card,
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      hardCase: 'news-link',
      deliveredTo: this.deliveredFor(author, []),
    });
  }

  weather(at: number, rng: Rng, cityIndex: number): void {
    const { city, lang } = WEATHER_CITIES[cityIndex]!;
    const bot = this.botAccount(`weather_${city.toLowerCase()}`, 'weather.example.net', `${city} Weather`, lang, rng);
    const hi = rng.range(2, 14);
    const lo = hi - rng.range(2, 8);
    const sky = rng.pick(['☀️', '⛅', '☁️', '🌧️', '🌨️']);
    const d = new Date(at);
    const date = `${d.getUTCDate()}.${d.getUTCMonth() + 1}.`;
    const text =
      lang === 'de'
        ? `Wetter für ${city}, ${date}: ${sky} ${hi}°C / ${lo}°C, Wind ${rng.range(3, 30)} km/h #Wetter`
        : lang === 'fr'
          ? `Météo pour ${city}, ${date} : ${sky} ${hi}°C / ${lo}°C, vent ${rng.range(3, 30)} km/h #météo`
          : lang === 'es'
            ? `El tiempo en ${city}, ${date}: ${sky} ${hi}°C / ${lo}°C, viento ${rng.range(3, 30)} km/h #tiempo`
            : `Weather for ${city}, ${date}: ${sky} ${hi}°C / ${lo}°C, wind ${rng.range(3, 30)} km/h #weather`;
    const tag = text.slice(text.lastIndexOf('#') + 1);
    this.makePost({
      author: bot.acct,
      createdAt: at,
      text,
      cw: '',
      lang,
      mentions: [],
      tags: [tag],
      links: [],
      media: [],
      card: null,
      visibility: 'unlisted',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      hardCase: 'similar-bot',
      deliveredTo: this.opts.instances.slice(),
    });
  }

  rss(at: number, rng: Rng): void {
    const bot = this.botAccount('feeds', 'rss.example.org', 'Example Feeds', 'en', rng);
    const title = rng.pick(RSS_HEADLINES);
    const url = `https://rss.example.org/articles/${rng.range(10000, 99999)}`;
    this.makePost({
      author: bot.acct,
      createdAt: at,
      text: `New: ${title} ${url}`,
      cw: '',
      lang: 'en',
      mentions: [],
      tags: [],
      links: [url],
      media: [],
      card: { url, title, description: 'From the Example Feeds digest.', blurhash: randomBlurhash(rng, 4, 3) },
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      hardCase: 'similar-bot',
      deliveredTo: this.opts.instances.slice(),
    });
  }

  quake(at: number, rng: Rng): void {
    const bot = this.botAccount('eqbot', 'mk.example.net', '地震情報bot', 'ja', rng);
    const d = new Date(at + 9 * HOUR);
    const m = (rng.range(20, 55) / 10).toFixed(1);
    const text = `【地震情報】${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.getUTCHours()}時${d.getUTCMinutes()}分頃 ${rng.pick(EARTHQUAKE_PLACES)} M${m} 最大震度${rng.range(1, 4)} #地震`;
    this.makePost({
      author: bot.acct,
      createdAt: at,
      text,
      cw: '',
      lang: 'ja',
      mentions: [],
      tags: ['地震'],
      links: [],
      media: [],
      card: null,
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      hardCase: 'similar-bot',
      deliveredTo: this.opts.instances.slice(),
    });
  }

  newcomer(at: number, rng: Rng): void {
    const lang = this.pickLang(rng);
    const local = this.opts.instances.length > 0 && rng.chance(0.4);
    const host = local ? rng.pick(this.opts.instances) : rng.pick(REMOTE_DOMAINS).domain;
    const w = rng.pick(USERNAME_WORDS);
    const username = this.uniqueUsername(host, rng.chance(0.5) ? `${w}${rng.range(10, 99)}` : w, rng);
    const hasAvatar = rng.chance(0.5);
    const acct = `${username}@${host}`;
    this.addAccount(
      {
        acct,
        username,
        host,
        displayName: rng.chance(0.7) ? this.displayNameFor(rng, lang, username) : '',
        hasAvatar,
        avatarBlurhash: hasAvatar ? randomBlurhash(rng, 4, 4) : null,
        bio: rng.chance(0.5) ? rng.pick(BIOS[lang]) : '',
        createdAt: at - rng.range(3, 50) * MIN,
        followers: rng.range(0, 3),
        following: rng.range(0, 20),
        priorPosts: 0,
        bot: false,
        label: 'legit',
        hardCase: 'newcomer',
      },
      { lang, reach: this.reachFor(rng, host, 0), weight: 0 },
    );
    let text = rng.pick(HELLO[lang]);
    const mentions: string[] = [];
    if (rng.chance(0.3)) {
      const friend = rng.pick(this.simLocals.length ? this.simLocals : this.legitAuthors);
      mentions.push(friend);
      text += ` ${lang === 'ja' ? '招待してくれた' : 'Thanks for the invite'} @${friend}`;
    }
    const tags = [...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!);
    const p = this.makePost({
      author: acct,
      createdAt: at,
      text,
      cw: '',
      lang,
      mentions,
      tags,
      links: [],
      media: rng.chance(0.3) ? [this.picture(rng, 'photo')] : [],
      card: null,
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'legit',
      wave: null,
      hardCase: 'newcomer-hello',
      deliveredTo: this.deliveredFor(acct, mentions),
    });
    this.remember(p);
  }

  // ---------------------------------------------------------------- waves

  /** Creates the wave's accounts; account k makes its first post at `firstPostAt[k]`. */
  prepareWave(wave: WaveSpec, times: number[]): void {
    const rng = Rng.from(this.opts.seed, `wave-accounts:${wave.id}`);
    const open = this.opts.openRegistrations ?? [];
    const accts: string[] = [];
    const n = Math.max(1, Math.min(wave.accounts, times.length));
    for (let k = 0; k < n; k++) {
      const firstAt = times[k]!;
      let host: string;
      const misskeyOpen = open.filter((d) => /misskey|msk|mk\./.test(d));
      const mastoOpen = open.filter((d) => !/misskey|msk|mk\./.test(d));
      if (wave.style === 'oct2024-ten-mentions')
        host = misskeyOpen.length && rng.chance(0.2) ? rng.pick(misskeyOpen) : rng.pick(SMALL_MISSKEY_SERVERS);
      else if (wave.style === 'text-rotating-links')
        host = rng.chance(0.3) ? rng.pick(REMOTE_DOMAINS).domain : rng.pick(SMALL_OPEN_SERVERS);
      else host = mastoOpen.length && rng.chance(0.15) ? rng.pick(mastoOpen) : rng.pick(SMALL_OPEN_SERVERS);
      let username: string;
      let displayName: string;
      let hasAvatar = false;
      let hardCase: string | undefined;
      if (wave.style === 'text-rotating-links') {
        username = this.uniqueUsername(
          host,
          rng.chance(0.5)
            ? rng.alnum(10, 'abcdefghijklmnopqrstuvwxyz')
            : `${rng.pick(['airdrop', 'crypto', 'bonus', 'promo'])}_${rng.range(100, 9999)}`,
          rng,
        );
        displayName = rng.pick(TEXT_WAVE.displayNames);
        hasAvatar = rng.chance(0.5);
        if (hasAvatar) hardCase = 'has-avatar';
      } else {
        username = this.uniqueUsername(
          host,
          rng.alnum(10, rng.chance(0.7) ? 'abcdefghijklmnopqrstuvwxyz' : 'abcdefghijklmnopqrstuvwxyz0123456789'),
          rng,
        );
        displayName = rng.chance(0.6) ? '' : username;
      }
      const sleeper = rng.chance(0.15);
      if (sleeper) hardCase = 'sleeper-account';
      const createdAt = sleeper ? firstAt - rng.range(1, 5) * DAY - rng.int(DAY) : firstAt - rng.range(20, 3600) * 1000;
      const acct = `${username}@${host}`;
      this.addAccount(
        {
          acct,
          username,
          host,
          displayName,
          hasAvatar,
          avatarBlurhash: hasAvatar ? randomBlurhash(rng, 4, 4) : null,
          bio: '',
          createdAt,
          followers: 0,
          following: 0,
          priorPosts: 0,
          bot: false,
          label: 'spam',
          ...(hardCase ? { hardCase } : {}),
        },
        { lang: 'ja', reach: [], weight: 0 },
      );
      accts.push(acct);
    }
    this.waveAccounts.set(wave.id, accts);
  }

  private spamTargets(rng: Rng, n: number, exclude: string): string[] {
    const out: string[] = [];
    for (let tries = 0; out.length < n && tries < n * 20; tries++) {
      const t =
        rng.chance(0.55) && this.simLocals.length
          ? rng.pick(this.simLocals)
          : this.recentAuthors.length
            ? rng.pick(this.recentAuthors)
            : rng.pick(this.legitAuthors);
      if (t !== exclude && !out.includes(t) && this.accounts[t]?.label === 'legit') out.push(t);
    }
    return out;
  }

  private mutateText(rng: Rng, s: string): string {
    let out = '';
    for (const ch of s) {
      const low = ch.toLowerCase();
      if (CONFUSABLES[low] && rng.chance(0.08)) out += CONFUSABLES[low];
      else out += ch;
      if (ch !== ' ' && rng.chance(0.03)) out += rng.pick(ZERO_WIDTH);
    }
    return out;
  }

  spam(at: number, rng: Rng, wave: WaveSpec, index: number): void {
    const accts = this.waveAccounts.get(wave.id)!;
    const author = index < accts.length ? accts[index]! : rng.pick(accts);
    const media: GenMedia[] = [];
    const links: string[] = [];
    let mentions: string[] = [];
    let text = '';
    let lang: string | null = rng.chance(0.7) ? 'ja' : null;
    const tags: string[] = [];
    let card: GenPost['card'] = null;
    const tail = () => (rng.chance(0.6) ? ' ' + rng.alnum(4, 'abcdefghijklmnopqrstuvwxyz') : '');
    const ad = (link: string) => {
      const gifts = '🎁'.repeat(rng.range(0, 2));
      return `${rng.pick(JA_AD.heads)}\n${rng.pick(JA_AD.middles)}${gifts}\n${rng.pick(JA_AD.tails)} ${link}${tail()}`;
    };
    const image = (
      pic: { blurhash: string; width: number; height: number; pictureId: string },
      w = pic.width,
      h = pic.height,
    ): GenMedia => ({
      kind: 'image',
      blurhash: rng.chance(0.5) ? pic.blurhash : blurhashVariant(pic.blurhash, rng, rng.range(1, 3)),
      width: w,
      height: h,
      description: null,
      pictureId: pic.pictureId,
    });
    let hardCase = this.accounts[author]!.hardCase;
    switch (wave.style) {
      case 'feb2024-mention-image': {
        mentions = this.spamTargets(rng, rng.range(2, 4), author);
        const head = mentions.map((m) => '@' + m).join(' ');
        const v = rng.next();
        const pic = rng.chance(0.6) ? KNOWN_SPAM_IMAGES.discordBanner : KNOWN_SPAM_IMAGES.spamBox;
        if (v < 0.35) {
          text = head;
          media.push(image(pic));
        } else if (v < 0.65) {
          const link = rng.pick(JA_AD.links);
          links.push(link);
          text = `${head}\n\n${ad(link)}`;
          if (rng.chance(0.5)) media.push(image(pic));
        } else if (v < 0.8) {
          const link = JA_AD.links[0]!;
          links.push(link);
          text = `${head}\n\n${JA_AD.official} ${link}`;
          media.push(image(pic));
          card = { url: link, title: '荒らし共栄圏', description: '荒らし共栄圏 公式サイト', blurhash: null };
        } else if (v < 0.9) {
          text = `${head}\n\n${JA_AD.fallback}`;
          hardCase ??= 'no-image-no-link';
        } else {
          const link = rng.pick(JA_AD.links);
          links.push(link);
          text = `${head}\n\n${ad(link)}`;
        }
        break;
      }
      case 'oct2024-ten-mentions': {
        mentions = this.spamTargets(rng, 10, author);
        const head = mentions.map((m) => '@' + m).join(' ');
        const link = rng.pick(JA_AD.links);
        links.push(link);
        text = rng.chance(0.5) ? `${head}\n\n${JA_AD.official} ${link}` : `${head}\n\n${ad(link)}`;
        media.push(image(KNOWN_SPAM_IMAGES.spamBox, 1080, 1080));
        break;
      }
      case 'nov2024-qr-image': {
        mentions = this.spamTargets(rng, rng.range(2, 5), author);
        const head = mentions.map((m) => '@' + m).join(' ');
        if (rng.chance(0.4)) {
          const link = rng.pick(JA_AD.links);
          links.push(link);
          text = `${head}\n\n${JA_AD.official} ${link}`;
        } else {
          text = `${head}${rng.chance(0.5) ? '\n\nQRコードから参加してね' : ''}`;
          hardCase ??= 'qr-only';
        }
        media.push(image(KNOWN_SPAM_IMAGES.qrCode));
        break;
      }
      case 'text-rotating-links': {
        lang = rng.chance(0.85) ? 'en' : null;
        if (rng.chance(0.4)) mentions = this.spamTargets(rng, rng.range(1, 2), author);
        const domain = TEXT_WAVE.domains[(index + rng.int(2)) % TEXT_WAVE.domains.length]!;
        const link = `https://${domain}/${rng.alnum(6)}`;
        links.push(link);
        const body = this.mutateText(rng, rng.pick(TEXT_WAVE.bodies)) + rng.pick(TEXT_WAVE.punct);
        const emo = rng.pick(TEXT_WAVE.emoji);
        const head = mentions.length ? mentions.map((m) => '@' + m).join(' ') + ' ' : '';
        text = rng.chance(0.5) ? `${head}${emo} ${body} ${link}` : `${head}${body} ${emo} ${link}`;
        if (rng.chance(0.3)) {
          tags.push(rng.pick(['crypto', 'airdrop', 'giveaway']));
          text += ` #${tags[0]}`;
        }
        break;
      }
    }
    this.makePost({
      author,
      createdAt: at,
      text,
      cw: '',
      lang,
      mentions,
      tags,
      links,
      media,
      card,
      visibility: 'public',
      replyTo: null,
      boostOf: null,
      quoteOf: null,
      label: 'spam',
      wave: wave.id,
      ...(hardCase ? { hardCase } : {}),
      deliveredTo: this.spamDelivery(rng, author, mentions),
    });
  }

  private spamDelivery(rng: Rng, author: string, mentions: string[]): string[] {
    const set = new Set<string>();
    const host = this.accounts[author]!.host;
    if (this.instanceSet.has(host)) set.add(host);
    for (const m of mentions) {
      const h = this.accounts[m]?.host;
      if (h && this.instanceSet.has(h)) set.add(h);
    }
    for (const d of this.opts.instances) if (rng.chance(0.25)) set.add(d);
    if (set.size === 0 && this.opts.instances.length) set.add(rng.pick(this.opts.instances));
    return this.opts.instances.filter((d) => set.has(d));
  }

  // ---------------------------------------------------------------- schedule

  schedule(): PendingEvent[] {
    const { start, durationMs, legitPerMinute, seed } = this.opts;
    const end = start + durationMs;
    const ev: PendingEvent[] = [];
    const push = (at: number, kind: EventKind) => ev.push({ at: Math.floor(at), seq: this.seq++, kind });
    const trng = Rng.from(seed, 'times');
    const n = Math.round((legitPerMinute * durationMs) / MIN);
    for (let i = 0; i < n; i++) push(start + trng.next() * durationMs, { t: 'legit' });
    if (this.opts.hardCases) {
      // A viral news link: hundreds of real people share it within two hours.
      const newsAt = start + durationMs * 0.3;
      const sharers = Math.min(400, Math.max(40, Math.round(n * 0.06)));
      push(newsAt, { t: 'news', n: 0 });
      for (let i = 1; i <= sharers; i++)
        push(newsAt + Math.min(durationMs * 0.6, trng.exp(35 * MIN)) + 1000, { t: 'news', n: i });
      WEATHER_CITIES.forEach((_, city) => {
        for (let t = start + (city + 1) * 7 * MIN; t < end; t += HOUR) push(t, { t: 'weather', city });
      });
      for (let t = start + 4 * MIN; t < end; t += 15 * MIN + trng.int(3 * MIN)) push(t, { t: 'rss' });
      for (let t = start + trng.exp(40 * MIN); t < end; t += trng.exp(40 * MIN) + MIN) push(t, { t: 'quake' });
      for (let t = start + trng.exp(10 * MIN); t < end; t += trng.exp(10 * MIN) + MIN) push(t, { t: 'newcomer' });
    }
    for (const wave of this.opts.waves) {
      const wr = Rng.from(seed, `wave-times:${wave.id}`);
      const gap = MIN / Math.max(0.01, wave.ratePerMinute);
      const times: number[] = [];
      for (let i = 0; i < wave.posts; i++) times.push(start + wave.startOffsetMs + i * gap + wr.next() * gap * 0.9);
      this.prepareWave(wave, times);
      times.forEach((t, index) => push(t, { t: 'spam', wave, index }));
    }
    ev.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return ev;
  }

  run(): Scenario {
    this.buildOrdinaryAccounts();
    const events = this.schedule();
    this.finishAccounts();
    const streams = {
      legit: Rng.from(this.opts.seed, 'legit'),
      news: Rng.from(this.opts.seed, 'news'),
      bots: Rng.from(this.opts.seed, 'bots'),
      newcomers: Rng.from(this.opts.seed, 'newcomers'),
      spam: Rng.from(this.opts.seed, 'spam'),
    };
    let last = -Infinity;
    for (const e of events) {
      // Strictly increasing times keep every instance's ids in scenario order.
      const at = e.at <= last ? last + 1 : e.at;
      const before = this.posts.length;
      switch (e.kind.t) {
        case 'legit':
          this.legit(at, streams.legit);
          break;
        case 'news':
          this.news(at, streams.news, e.kind.n);
          break;
        case 'weather':
          this.weather(at, streams.bots, e.kind.city);
          break;
        case 'rss':
          this.rss(at, streams.bots);
          break;
        case 'quake':
          this.quake(at, streams.bots);
          break;
        case 'newcomer':
          this.newcomer(at, streams.newcomers);
          break;
        case 'spam':
          this.spam(at, streams.spam, e.kind.wave, e.kind.index);
          break;
      }
      if (this.posts.length > before) last = at;
    }
    const width = Math.max(6, String(this.posts.length).length);
    this.posts.forEach((p, i) => (p.id = `p${String(i + 1).padStart(width, '0')}`));
    for (const r of this.refs) r.post[r.field] = r.target.id;
    return { options: this.opts, accounts: this.accounts, posts: this.posts };
  }
}

export function generateScenario(options: ScenarioOptions): Scenario {
  return new Builder(options).run();
}

/** Counts for logs and READMEs: posts by label and wave, accounts by label. */
export function describeScenario(s: Scenario): {
  posts: number;
  spam: number;
  legit: number;
  byWave: Record<string, number>;
  byHardCase: Record<string, number>;
  accounts: number;
  spamAccounts: number;
} {
  const byWave: Record<string, number> = {};
  const byHardCase: Record<string, number> = {};
  let spam = 0;
  for (const p of s.posts) {
    if (p.label === 'spam') spam++;
    if (p.wave) byWave[p.wave] = (byWave[p.wave] ?? 0) + 1;
    if (p.hardCase) byHardCase[p.hardCase] = (byHardCase[p.hardCase] ?? 0) + 1;
  }
  const accts = Object.values(s.accounts);
  return {
    posts: s.posts.length,
    spam,
    legit: s.posts.length - spam,
    byWave,
    byHardCase,
    accounts: accts.length,
    spamAccounts: accts.filter((a) => a.label === 'spam').length,
  };
}

/** Mentions written in a post's text, for renderers: `[full match, username, host, index]`. */
export function mentionSpans(text: string): { match: string; username: string; host: string; index: number }[] {
  return [...text.matchAll(MENTION_RE)].map((m) => ({
    match: m[0],
    username: m[1]!,
    host: m[2]!,
    index: m.index ?? 0,
  }));
}

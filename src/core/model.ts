/**
 * The neutral words of Breakwater. Platform normalizers (src/platforms/<family>/normalize.ts) turn
 * Mastodon statuses and Misskey notes into these; the engine, the queue and the UI speak only these.
 * Pure data: no browser, DOM or platform JSON names.
 */

export type PlatformKind = 'mastodon' | 'misskey';

/** How an account's creation time was learned. */
export type AgeSource =
  /** decoded from the account id: the millisecond the viewing server first saw the account */
  | 'id'
  /** Mastodon's created_at, rounded to midnight: day precision only */
  | 'profile-day'
  /** a full profile's exact creation date (Misskey UserDetailed.createdAt) */
  | 'profile'
  | 'unknown';

export interface Author {
  /** Stable across instances: `username@home-host`, lower case (e.g. `jzpwtaxbeq@mastodon-a.test`). */
  key: string;
  /** The account's id on the instance where it was seen (ids differ per instance). */
  id: string | null;
  username: string;
  /** The account's home domain (the viewing instance's domain for local accounts), Unicode form. */
  host: string;
  displayName: string;
  /** True when the account has no avatar of its own (Mastodon missing.png, Misskey identicon). */
  avatarMissing: boolean;
  /** Plain text of the bio, when known; null when the platform did not send it. */
  bio: string | null;
  bot: boolean;
  /** Epoch ms of the account's creation (or first sighting by the viewing server), when known. */
  createdAt: number | null;
  createdAtSource: AgeSource;
  followersCount: number | null;
  followingCount: number | null;
  postsCount: number | null;
}

export type MediaKind = 'image' | 'gifv' | 'video' | 'audio' | 'unknown';

export interface Media {
  kind: MediaKind;
  blurhash: string | null;
  width: number | null;
  height: number | null;
  url: string | null;
  description: string | null;
}

export interface Link {
  /** The URL as written. */
  url: string;
  /** Host in Unicode form (punycode decoded), lower case, without `www.`. */
  host: string;
}

export interface Mention {
  username: string;
  /** Home domain of the mentioned account; null when unknown (Misskey sends only ids). */
  host: string | null;
  id: string | null;
}

export interface Card {
  url: string;
  title: string;
  blurhash: string | null;
}

export interface Post {
  /** Unique across instances: `${instance}/${id}`. */
  key: string;
  /** The post's id on the viewing instance (the displayed post: for a boost, the boosted post). */
  id: string;
  /** Domain of the instance where the post was seen (the web UI the user is on). */
  instance: string;
  platform: PlatformKind;
  /** The post's canonical URL (remote URL for remote posts), when known. */
  url: string | null;
  /**
   * The post's ActivityPub id, when known (added by the engine issue, optional): the same on every
   * instance and platform that shows the post, so the engine counts a post seen twice once.
   */
  uri?: string | null;
  /** Epoch ms. The engine's only clock. */
  createdAt: number;
  author: Author;
  /** Plain text: HTML stripped (Mastodon) or MFM with its markup unwrapped (Misskey); mentions and links kept as text. */
  text: string;
  /** Content warning / spoiler text, '' when none. */
  cw: string;
  language: string | null;
  mentions: Mention[];
  tags: string[];
  links: Link[];
  media: Media[];
  card: Card | null;
  visibility: string;
  inReplyToId: string | null;
  /** For a boost / pure renote: who boosted it and the timeline item's own id. */
  boost: { by: Author; id: string } | null;
  /** A quoted post, when the post quotes another one. */
  quote: Post | null;
}

export type VerdictLabel = 'spam' | 'suspicious' | 'ok';

export interface Reason {
  /** The signal that fired, e.g. `wave`, `account-age`, `mentions`. */
  signal: string;
  /** Stable message code for translation, e.g. `wave.nearDuplicates`. */
  code: string;
  /** Values for the message, e.g. `{ posts: 12, accounts: 11, hours: 1 }`. */
  params: Record<string, string | number>;
  /** The English sentence, e.g. "12 near-identical posts from 11 accounts created in the last hour". */
  text: string;
  /** Contribution to the score, 0..1. */
  weight: number;
}

export interface Verdict {
  postKey: string;
  verdict: VerdictLabel;
  /** 0..1 */
  score: number;
  /** Wave id, when the post belongs to a known wave. */
  wave: string | null;
  freshAccount: boolean;
  accountAgeHours: number | null;
  reasons: Reason[];
}

/** What a wave looks like to the UI. */
export interface WaveSummary {
  id: string;
  size: number;
  accounts: number;
  firstSeen: number;
  lastSeen: number;
  /** Key of a representative post. */
  samplePostKey: string;
  sampleText: string;
  /** Signals the wave's posts share, e.g. `same-image`, `same-link:discord.gg`. */
  shared: string[];
  instances: string[];
}

/** A moderator's decision, which teaches the engine. */
export interface Decision {
  kind: 'spam' | 'not-spam';
  postKey: string;
  at: number;
}

/**
 * The generated fediverse: accounts and posts in neutral form, with ground truth. Each simulated
 * instance renders them into its own JSON (Mastodon Status / Misskey Note) with its own local ids,
 * so the same remote spam account appears on several instances, as in a real wave.
 * Labels are ground truth for tests and benchmarks: no instance ever serves them to a page.
 */

export type Label = 'spam' | 'legit';

export interface GenAccount {
  /** Scenario-wide handle, `username@host`. */
  acct: string;
  username: string;
  /** Home domain (a simulated instance such as `mastodon-a.test`, or a remote-only domain). */
  host: string;
  displayName: string;
  /** False: no avatar (Mastodon missing.png, Misskey identicon). */
  hasAvatar: boolean;
  avatarBlurhash: string | null;
  bio: string;
  /** Epoch ms the account was created. */
  createdAt: number;
  followers: number;
  following: number;
  /** Posts made before the scenario starts. */
  priorPosts: number;
  bot: boolean;
  label: Label;
  /** Why a legitimate account is a hard case (e.g. `random-looking-name`, `newcomer`). */
  hardCase?: string;
}

export interface GenMedia {
  kind: 'image' | 'gifv' | 'video';
  blurhash: string;
  width: number;
  height: number;
  description: string | null;
  /** Stable id of the underlying picture (re-encodings of one picture share it). */
  pictureId: string;
}

export interface GenPost {
  /** Scenario-wide id, e.g. `p000123`. Instances map it to their own local ids. */
  id: string;
  /** Author's acct (key of Scenario.accounts). */
  author: string;
  /** Epoch ms. */
  createdAt: number;
  /** Plain text with `@user@host` mentions, `#tags` and URLs written inline. */
  text: string;
  cw: string;
  lang: string | null;
  /** Accts mentioned. */
  mentions: string[];
  tags: string[];
  /** URLs in the text. */
  links: string[];
  media: GenMedia[];
  /** Link-preview card of the first link, if any. */
  card: { url: string; title: string; description: string; blurhash: string | null } | null;
  visibility: 'public' | 'unlisted';
  /** Scenario id of the post this replies to. */
  replyTo: string | null;
  /** Scenario id of the post this boosts/renotes (a pure boost has empty text). */
  boostOf: string | null;
  /** Scenario id of a quoted post. */
  quoteOf: string | null;
  label: Label;
  /** The wave this spam post belongs to (e.g. `w-feb2024`), null for legitimate posts. */
  wave: string | null;
  /** Why a legitimate post is a hard case (e.g. `news-link`, `similar-bot`, `newcomer-hello`), or
   * what makes a spam post harder than the rest of its wave (`sleeper-account`, `qr-only`, `has-avatar`). */
  hardCase?: string;
  /** Domains of the simulated instances that receive this post (home timeline / federation). */
  deliveredTo: string[];
}

export interface WaveSpec {
  id: string;
  style: 'feb2024-mention-image' | 'oct2024-ten-mentions' | 'nov2024-qr-image' | 'text-rotating-links';
  /** Offset from scenario start, ms. */
  startOffsetMs: number;
  /** Number of spam posts. */
  posts: number;
  /** Number of distinct spam accounts. */
  accounts: number;
  /** Posts per minute while the wave runs. */
  ratePerMinute: number;
}

export interface ScenarioOptions {
  seed: number;
  /** Epoch ms of the scenario start. */
  start: number;
  durationMs: number;
  /** Ordinary posts per minute across the fediverse. */
  legitPerMinute: number;
  waves: WaveSpec[];
  /** Simulated instances that receive posts. */
  instances: string[];
  /** Include the hard cases (random-looking real names, newcomers, a viral news link, similar bots). */
  hardCases: boolean;
  /**
   * Simulated instances with open registration, where some wave accounts sign up (local spam there,
   * as on the small servers of 2024). Optional; default: none.
   */
  openRegistrations?: string[];
}

export interface Scenario {
  options: ScenarioOptions;
  accounts: Record<string, GenAccount>;
  /** In time order. */
  posts: GenPost[];
}

/**
 * Moderator triage (issue 9): the open reports and pending sign-ups of every instance where the
 * user moderates, in Breakwater's neutral words, and how they are grouped by wave. Pure data,
 * shared by the platform readers (src/platforms/{mastodon,misskey}/triage.ts), the background
 * (src/background/triage.ts) and the triage page (src/ui/triage).
 */
import type { PlatformKind, Post } from '../model';

/** The account a report is about, as the instance's admin API shows it. */
export interface TriageAccount {
  /** The account's id on the reporting instance (what admin actions take). */
  id: string;
  /** `user@host` (lower case host; the instance's own domain for local accounts). */
  acct: string;
  username: string;
  displayName: string;
  avatarMissing: boolean;
  /** Epoch ms, when known. */
  createdAt: number | null;
  suspended: boolean;
  /** Silenced / limited. */
  limited: boolean;
}

/** Where a report's posts came from. */
export type PostsSource =
  /** The posts the reporter attached (Mastodon `statuses`). */
  | 'reported'
  /** Notes linked in the report's comment (Misskey's note menu writes the link). */
  | 'linked'
  /** The account's latest posts (Misskey reports name an account, not posts). */
  | 'recent'
  | 'none';

export interface TriageReport {
  /** Unique across instances: `instance|r|id`. */
  key: string;
  instance: string;
  platform: PlatformKind;
  /** The report's id on its instance. */
  id: string;
  createdAt: number;
  comment: string;
  /** Mastodon: spam, violation, legal, other; Misskey: null. */
  category: string | null;
  forwarded: boolean;
  /** `user@host` of the reporter, when shown. */
  reporter: string | null;
  target: TriageAccount;
  posts: Post[];
  postsSource: PostsSource;
}

/** A pending sign-up (Mastodon's approval mode). */
export interface TriageSignup {
  /** Unique across instances: `instance|s|id`. */
  key: string;
  instance: string;
  /** The admin account id (what approve and reject take). */
  id: string;
  username: string;
  /** `username@instance`. */
  acct: string;
  email: string | null;
  /** Lower case, punycode as the server stores it; null without a usable address. */
  emailDomain: string | null;
  ip: string | null;
  /** The reason they gave (`invite_request`), '' when none. */
  reason: string;
  createdAt: number;
  /** Whether they confirmed their e-mail address. */
  confirmed: boolean;
  locale: string | null;
}

/** Why items are grouped: a code and its values for translation, and the English sentence. */
export interface GroupReason {
  code: string;
  params: Record<string, string | number>;
  text: string;
}

export interface ReportGroup {
  /** Stable while the same reports are in it. */
  id: string;
  /** wave: the detection engine found near-identical reported posts; account: several reports about one account. */
  kind: 'wave' | 'account';
  /** Report keys, newest first. */
  keys: string[];
  /** Distinct reported accounts. */
  accounts: number;
  /** Reports per instance. */
  instances: Record<string, number>;
  reasons: GroupReason[];
  /** A representative reported post (text, author) and the most common comments. */
  sample: { text: string; acct: string | null; postKey: string | null; comments: string[] };
  firstAt: number;
  lastAt: number;
}

export interface SignupGroup {
  id: string;
  /** Sign-up keys, newest first. */
  keys: string[];
  instances: Record<string, number>;
  reasons: GroupReason[];
  sample: { username: string; email: string | null; reason: string };
  firstAt: number;
  lastAt: number;
}

/** How one instance's queue was read. */
export interface InstanceTriage {
  domain: string;
  /** e.g. `https://mastodon.example` (links to the instance's own moderation pages). */
  origin: string;
  platform: PlatformKind;
  /**
   * ok: read; partial: read up to a bound, a rate-limit reserve or an error (see `message`);
   * no-login: no token that may read the moderation queue; error: nothing could be read.
   */
  status: 'ok' | 'partial' | 'no-login' | 'error';
  /** Why it is not `ok`, in English (the server's words included). */
  message: string | null;
  /** The account whose token read it. */
  account: string | null;
  reports: number;
  /** Null when the platform has no pending sign-ups Breakwater can read (Misskey). */
  signups: number | null;
  /** Requests sent. */
  requests: number;
  ms: number;
  /** Items the answers carried that were refused (malformed), with why. */
  refused: string[];
}

export interface TriageSnapshot {
  loadedAt: number;
  reports: TriageReport[];
  signups: TriageSignup[];
  reportGroups: ReportGroup[];
  /** Reports in no group, newest first ("real" reports). */
  reportSingles: string[];
  signupGroups: SignupGroup[];
  signupSingles: string[];
  instances: InstanceTriage[];
  timings: { fetchMs: number; groupMs: number };
}

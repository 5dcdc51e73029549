/**
 * Row types and the schema history of the Breakwater database.
 *
 * A released version is never edited: a change is a new version appended to SCHEMA_HISTORY with
 * its migration in ./migrations.ts, plus a fixture written by the old version
 * (test/unit/storage/fixtures/v<N>.json) that the migration test replays.
 */
import type { EngineRecord } from '../core/engine-api';
import type { BucketState } from '../core/queue/limits';
import type { PlatformKind, Post, Verdict, VerdictLabel, WaveSummary } from '../core/model';

/** Dexie store specs per version (primary key first, then indexes). */
export const SCHEMA_HISTORY: readonly { version: number; stores: Readonly<Record<string, string>> }[] = [
  {
    // Released with the foundation (issue 2).
    version: 1,
    stores: {
      instances: 'domain, platform, addedAt',
      settings: 'key',
    },
  },
  {
    // Local memory (issue 4).
    version: 2,
    stores: {
      instances: 'domain, platform, addedAt',
      settings: 'key',
      rules: 'id, source, updatedAt',
      subscriptions: 'id, &url',
      fingerprints: 'key, expiresAt',
      learned: 'key, expiresAt',
      engineState: '[kind+key], expiresAt',
      decisions: 'postKey, at',
      // [wave+seenAt]: flagged posts of a wave (rows without a wave are not in that index).
      // Posts and authors are pruned by seenAt / lastSeenAt (the retention setting applies to rows
      // already stored), so their expiresAt is not indexed: every index costs on each batch stored.
      posts: 'key, seenAt, authorKey, [instance+seenAt], [wave+seenAt], [label+seenAt]',
      authors: 'key, lastSeenAt',
      // lastSeen: waves of the last day; *instances: waves seen on one instance.
      waves: 'id, lastSeen, *instances',
      // [instance+state+createdAt]: pending actions of an instance in order; batchId: a batch's actions.
      actions: 'id, batchId, [instance+state+createdAt], [state+notBefore], dedupeKey, updatedAt',
      // [instance+at]: actions taken on an instance by time.
      audit: 'id, at, [instance+at], batchId',
      tokens: '[instance+source], instance',
      // The action queue's batches (issue 5), newest first in the UI.
      batches: 'id, createdAt',
      // What the queue knows of each rate limit (bucket key: instance|login|family).
      limits: 'key',
    },
  },
];

export const CURRENT_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;

// ---- instances -------------------------------------------------------------------------------

/** How the user is signed in on an instance. The token itself lives only in `tokens`. */
export interface InstanceLogin {
  /** none; page: the web UI's own login (token read from the page); oauth (Mastodon); miauth (Misskey). */
  kind: 'none' | 'page' | 'oauth' | 'miauth';
  /** `username` of the signed-in account, when known. */
  account: string | null;
  accountId: string | null;
  /** Epoch ms the login was last confirmed. */
  checkedAt: number | null;
}

export type InstanceRole = 'unknown' | 'user' | 'moderator' | 'admin';

/** Per-instance overrides of the global settings; absent fields use the global value. */
export interface InstanceSettings {
  /** Breakwater paused on this instance. */
  paused?: boolean;
  /** Per-signal threshold overrides, by signal name. */
  thresholds?: Record<string, number>;
  /** Signals switched off on this instance. */
  disabledSignals?: string[];
}

export interface InstanceRow {
  /** Domain as the user typed it, lower case, Unicode (e.g. `mastodon-a.test`). */
  domain: string;
  /** `https://domain` (or `http://` for local test domains), without trailing slash. */
  origin: string;
  platform: PlatformKind;
  /** nodeinfo software name, e.g. `mastodon`, `misskey`, `glitch-soc`. */
  software: string;
  version: string;
  addedAt: number;
  /** Added in version 2. */
  login: InstanceLogin;
  role: InstanceRole;
  /** What the signed-in account may do there, e.g. `report`, `block`, `mute`, `suspend`, `domain-block`. */
  capabilities: string[];
  settings: InstanceSettings;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

// ---- rules -----------------------------------------------------------------------------------

export interface RuleRow {
  id: string;
  /** `local`, or the id of the subscription the rule came from. */
  source: string;
  enabled: boolean;
  note: string;
  /** The rule in the engine's versioned rule format (issue 3); stored as given. */
  rule: unknown;
  hits: number;
  lastHitAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SubscriptionRow {
  id: string;
  url: string;
  name: string;
  enabled: boolean;
  intervalHours: number;
  lastCheckedAt: number | null;
  lastChangedAt: number | null;
  lastError: string | null;
  etag: string | null;
  /** The list's own version string, when it has one. */
  listVersion: string | null;
  createdAt: number;
  updatedAt: number;
}

// ---- what the engine learned -----------------------------------------------------------------

/** fingerprints, learned and engineState rows are the engine's records as they are. */
export type EngineRow = EngineRecord;

export interface DecisionRow {
  postKey: string;
  kind: 'spam' | 'not-spam';
  at: number;
  instance: string;
  wave: string | null;
  /** The post decided on, so that a later engine version can be taught again. */
  post: Post | null;
}

// ---- seen ------------------------------------------------------------------------------------

export interface PostRow {
  key: string;
  instance: string;
  id: string;
  url: string | null;
  authorKey: string;
  createdAt: number;
  seenAt: number;
  expiresAt: number;
  /** The post's text, cut to a few hundred characters (enough for lists and rule previews). */
  text: string;
  cw: string;
  label: VerdictLabel;
  score: number;
  /** Absent (not null) when the post is in no wave, so it stays out of the [wave+seenAt] index. */
  wave?: string;
  verdict: Verdict;
  /** The whole post, kept only for flagged posts (a decision from the UI needs it). */
  post: Post | null;
}

export interface AuthorRow {
  key: string;
  username: string;
  host: string;
  displayName: string;
  createdAt: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  expiresAt: number;
  posts: number;
  flagged: number;
  lastLabel: VerdictLabel;
  /** Instances where the author was seen (a few at most). */
  instances: string[];
}

export interface WaveRow extends WaveSummary {
  updatedAt: number;
  expiresAt: number;
}

// ---- actions ---------------------------------------------------------------------------------

/** Conventional states; the action queue (issue 5) owns their meaning. */
export type ActionState = 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/** One action of the queue, in a generic shape the queue logic (issue 5) builds on. */
export interface ActionRow {
  id: string;
  batchId: string;
  instance: string;
  /** e.g. `report`, `block`, `mute`, `suspend`, `domain-block`, `unblock`. */
  kind: string;
  /** Whom the action is on: an account key, a post key or a domain. */
  target: string;
  payload: unknown;
  state: ActionState;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  /** Not to be run before this epoch ms (rate limits, backoff). */
  notBefore: number;
  doneAt: number | null;
  /** The server's answer or the error, when finished. */
  result: unknown;
  /** Same action on the same target from two tabs: the same key. */
  dedupeKey: string;
}

/** A batch of the action queue: one kind of action on many targets of one instance, by one login. */
export interface BatchRow {
  id: string;
  instance: string;
  /** The action kind (an `ActionKind` of src/core/queue/types.ts). */
  kind: string;
  /** The login the batch acts with (its token is read from `tokens` when a request is sent). */
  tokenSource: TokenSource;
  /** `username@instance` of the acting account, when known. */
  actor: string | null;
  /** active: runs when its limits allow; paused by the user (or by the queue when the login was refused). */
  state: 'active' | 'paused' | 'cancelled';
  /** Why the queue paused it itself (e.g. the login was refused), null otherwise. */
  pausedReason: string | null;
  total: number;
  /** The request's options, as validated. */
  options: unknown;
  /** The batch this one undoes. */
  undoOf: string | null;
  /** The batch that undid this one. */
  undoneBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What the queue knows of one rate limit; the key is `instance|login|family`. */
export type LimitRow = BucketState;

export interface AuditRow {
  id: string;
  at: number;
  instance: string;
  /** The account that acted, `username@instance`. */
  actor: string | null;
  kind: string;
  target: string;
  result: 'ok' | 'failed' | 'undone';
  /** A short human description, e.g. the server's reason. */
  detail: string;
  /** The server's answer (status code, body excerpt). */
  response: unknown;
  batchId: string | null;
  actionId: string | null;
}

// ---- tokens ----------------------------------------------------------------------------------

export type TokenSource = 'signin' | 'page';

export interface TokenRow {
  instance: string;
  /** signin: OAuth/MiAuth grant made for Breakwater; page: the web UI's own login. */
  source: TokenSource;
  token: string;
  account: string | null;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * The contract between the action queue (src/background/queue) and the platform executors
 * (./mastodon/actions.ts, ./misskey/actions.ts): one action's data, the login it runs with, and
 * what one step (one HTTP request) came to.
 */
import type { LimitSpec } from '../core/queue/limits';
import type { Outcome } from '../core/queue/retry';
import type { ActionKind, BatchOptions } from '../core/queue/types';
import type { Fetcher } from './action-http';

/** One action, as the queue stores it (the row's payload). */
export interface ActionSpec {
  kind: ActionKind;
  /** `user@host` of the target account. */
  acct: string;
  /** The target's id on this instance; resolved from `acct` when null. */
  accountId: string | null;
  /** Reports: the posts reported (Mastodon status ids); delete_note: the one note to delete. */
  postIds: string[];
  /** Links to the posts (the Misskey report text lists them). */
  postUrls: string[];
  reportId: string | null;
  domain: string | null;
  options: BatchOptions;
  /** A short marker (`bw-xxxxxxxx`) reports carry, so a report can be recognised (and a duplicate told apart). */
  tag: string;
  /** Misskey reports split over several requests: how many parts were filed. */
  partsDone: number;
}

/** The login a lane acts with. The token never leaves the background. */
export interface Lane {
  domain: string;
  origin: string;
  token: string;
  /** Acting account's username, when known. */
  account: string | null;
  /** Granted scopes/permissions; empty for a web UI's own token (which may do what its user may). */
  scopes: string[];
  /** The account is a moderator (Misskey: its web token may call admin endpoints). */
  moderator: boolean;
}

export interface StepContext {
  fetcher: Fetcher;
  now: () => number;
  timeoutMs?: number;
}

/** What an answer said about a rate limit (a bucket family of this lane). */
export interface RateNote {
  family: string;
  /** Rate-limit headers: what remains of the window until when (our clock). */
  window?: { limit: number; remaining: number; resetAt: number };
  /** A 429: wait until `until`; Misskey's info also gives the allowance and the window's reset. */
  limited?: { until: number; total?: number; resetAt?: number };
}

export type Step = 'resolve' | 'verify' | 'perform';

export interface StepResult {
  outcome: Outcome;
  notes: RateNote[];
  /** What the step learned about the action (a resolved account id, report parts filed). */
  patch?: Partial<ActionSpec>;
  /** perform: the action needs more requests (more report parts). */
  more?: boolean;
  /** No usable answer came and the request may have been processed: verify before trying again. */
  inDoubt?: boolean;
  /** verify: what the server's state says about the action. */
  verified?: 'done' | 'not-done' | 'unverifiable';
  /** When the request was sent (rate-limit accounting). */
  sentAt: number;
}

export interface PlatformActions {
  /** Why this kind cannot be done on this platform, or null. */
  unsupported(kind: ActionKind): string | null;
  /** The kind needs a moderator's login (admin API). */
  needsModerator(kind: ActionKind): boolean;
  /** The lane's token may call the admin API for this kind (scopes / moderator account). */
  laneMayModerate(lane: Lane, kind: ActionKind): boolean;
  /** The lane's token may take this action (its scopes cover it; a moderator's for admin kinds). */
  laneMay(lane: Lane, kind: ActionKind): boolean;
  /** The action needs the target's account id (resolved from acct first when missing). */
  needsAccountId(kind: ActionKind): boolean;
  /** A crash in the middle of this action can be checked on the server with this lane. */
  canVerify(kind: ActionKind, lane: Lane): boolean;
  /** Requests the action's perform step takes (report parts). */
  requests(spec: ActionSpec): number;
  /** Rate-limit families the step's request counts against. */
  families(step: Step, spec: ActionSpec): string[];
  /** `token`: a limit per token (Mastodon's API limit); `account`: per account (reports, Misskey endpoints). */
  familyScope(family: string): 'token' | 'account';
  /** The documented limit of a family (Misskey's multiplied by the rateLimitFactor), null when none. */
  documentedLimit(family: string, factor: number): LimitSpec | null;
  /** Runs one step of an action. Never throws. */
  run(step: Step, lane: Lane, spec: ActionSpec, ctx: StepContext): Promise<StepResult>;
  /**
   * What the server says about the lane's account (Misskey `i`): its rate-limit factor (role policy
   * `rateLimitFactor`) and whether it is a moderator. Null when it could not be asked. Never throws.
   */
  laneInfo?(lane: Lane, ctx: StepContext): Promise<{ factor: number | null; moderator: boolean } | null>;
  /**
   * Families whose limit a request that is not an action can read (its answer carries the
   * family's headers): the queue sends that instead of an action when it must find out where the
   * server's window stands, so that no action is refused for it.
   */
  canCheckLimits?(family: string): boolean;
  /** Sends that request (Mastodon: `GET /api/v1/accounts/verify_credentials`). Never throws. */
  checkLimits?(family: string, lane: Lane, ctx: StepContext): Promise<{ notes: RateNote[]; status: number }>;
  /** A one-line description for plans and the audit log. */
  summary(spec: ActionSpec): string;
}

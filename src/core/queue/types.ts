/**
 * The action queue's contract: what the extension's own UI asks for (a batch of one kind of action
 * on many accounts of one instance), what the background answers (a plan, progress). Pure data,
 * shared by the messages (src/messaging/protocol.ts), the background and the UI.
 */

export const ACTION_KINDS = [
  'report',
  'block',
  'mute',
  'domain_block',
  'limit',
  'suspend',
  'delete_note',
  'resolve_report',
  'unblock',
  'unmute',
  'domain_unblock',
  'unlimit',
  'unsuspend',
  'approve',
  'reject',
  'email_domain_block',
] as const;

export type ActionKind = (typeof ACTION_KINDS)[number];

export interface BatchTarget {
  /** Account id on this instance (Misskey user id), when known; the background resolves it from acct otherwise. */
  accountId: string | null;
  /** `user@host`. */
  acct: string;
  /** Local post ids on this instance (reports include them; `delete_note` deletes them). */
  postIds: string[];
  /** Links for comments (the Misskey report text). */
  postUrls: string[];
  /** Links a suspension or limit to a report (Mastodon `report_id`); the report for `resolve_report`. */
  reportId?: string | null;
  /** For domain blocks. */
  domain?: string;
}

export interface BatchOptions {
  comment?: string;
  forward?: boolean;
  category?: 'spam' | 'other' | 'violation' | 'legal';
  /** Mute duration; absent or 0: indefinite. */
  durationSeconds?: number;
  /** Moderator's note sent with admin actions (Mastodon `text`). */
  note?: string;
  /** Mute notifications too (Mastodon `notifications`, default true). */
  notifications?: boolean;
}

export interface BatchRequest {
  /** Domain of the instance the actions are taken on. */
  instance: string;
  kind: ActionKind;
  /** At most 500. */
  targets: BatchTarget[];
  options: BatchOptions;
}

export interface BatchPlan {
  actions: { acct: string; kind: ActionKind; summary: string }[];
  /** Already blocked, duplicate, moderator, etc. */
  skipped: { acct: string; reason: string }[];
  /** From the limits: how long the planned actions take at the fastest pace the limits allow. */
  estimatedMs: number;
  needsModeratorToken: boolean;
  warnings: string[];
}

export type BatchState = 'queued' | 'running' | 'waiting' | 'paused' | 'done' | 'cancelled';

export interface BatchProgress {
  batchId: string;
  instance: string;
  kind: ActionKind;
  state: BatchState;
  total: number;
  done: number;
  failed: number;
  remaining: number;
  etaMs: number | null;
  /** Epoch ms the batch waits until (a rate limit, a backoff), when waiting. */
  waitUntil: number | null;
  failures: { acct: string; message: string }[];
  undoable: boolean;
  undoOf: string | null;
  createdAt: number;
}

export type BatchOp = 'pause' | 'resume' | 'cancel';

export type EnqueueResult = { ok: true; batchId: string; progress: BatchProgress } | { ok: false; message: string };
export type ControlResult = { ok: true; progress: BatchProgress } | { ok: false; message: string };

/** Limits of a batch request (checked by the message validators). */
export const BATCH_LIMITS = {
  targets: 500,
  postIdsPerTarget: 40,
  postUrlsPerTarget: 40,
  comment: 1_000,
  note: 2_000,
  /** A year. */
  durationSeconds: 366 * 86_400,
  listBatches: 200,
} as const;

/** The undo of each kind, where the platform's API has one. */
export const UNDO_OF: Partial<Record<ActionKind, ActionKind>> = {
  block: 'unblock',
  mute: 'unmute',
  domain_block: 'domain_unblock',
  limit: 'unlimit',
  suspend: 'unsuspend',
};

/** Kinds that need a moderator's token (admin API). */
export const ADMIN_KINDS: ReadonlySet<ActionKind> = new Set<ActionKind>([
  'limit',
  'suspend',
  'resolve_report',
  'unlimit',
  'unsuspend',
  'approve',
  'reject',
  'email_domain_block',
]);

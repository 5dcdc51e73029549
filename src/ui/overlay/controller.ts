/**
 * What the batch bar asks of the page runtime. The runtime (src/content/runtime.ts) implements it
 * with messages to the background; the overlay never talks to the background itself, and calls
 * these only from trusted events in its own shadow roots.
 */
import type { ActionKind, BatchOp, BatchPlan, BatchTarget, ControlResult, EnqueueResult } from '../../core/queue/types';

export interface PreviewRow {
  /** `user@host`, or a domain for domain blocks. */
  label: string;
  posts: number;
  remote: boolean;
}

/** A batch ready for the preview: whom it acts on, built from the selection. */
export interface PreparedBatch {
  kind: ActionKind;
  instance: string;
  targets: BatchTarget[];
  rows: PreviewRow[];
  /** Selected posts it covers. */
  posts: number;
  remoteAccounts: number;
  /** Reports: the comment template filled in, links of the posts included. */
  defaultComment: string;
  /** Moderator actions: open reports found and linked (one per account at most). */
  linkedReports: number;
  /** What the preview's title counts: accounts, domains, notes (delete) or reports (resolve). */
  count?: number;
  /** The preview offers a note for the moderation log (Mastodon's limit and suspend). */
  noteField?: boolean;
  /** Reports: the posts' links are added to the report text by the action itself (Misskey). */
  linksInText?: boolean;
  /** Reports: the server can forward a copy to remote servers (Mastodon's `forward`; default true). */
  forwardable?: boolean;
  /** The platform's documented per-account limit of this kind (Misskey: 20 blocks an hour). */
  limit?: { max: number; windowMs: number } | null;
}

export interface BatchChoices {
  comment: string;
  forward: boolean;
  durationSeconds: number;
  notifications: boolean;
  note: string;
}

export interface OverlayController {
  selectPost(key: string, on: boolean): void;
  selectWave(wave: string | null): void;
  selectAllFlagged(): void;
  clearSelection(): void;
  focusWave(wave: string | null): void;
  prepare(kind: ActionKind): Promise<PreparedBatch | null>;
  plan(batch: PreparedBatch, choices: BatchChoices): Promise<BatchPlan>;
  enqueue(batch: PreparedBatch, choices: BatchChoices): Promise<EnqueueResult>;
  control(batchId: string, op: BatchOp): Promise<ControlResult>;
  undo(batchId: string): Promise<EnqueueResult>;
  /** Teaches "not spam" for these posts; returns how many were taught. */
  notSpam(keys: string[]): Promise<number>;
  signInAsModerator(): Promise<{ ok: boolean; message?: string }>;
}

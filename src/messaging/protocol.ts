/**
 * Messages between Breakwater's parts. Names carry their direction:
 * `content:` content script to background, `ui:` popup/options to background, `bg:` background to
 * a content script. Every request is validated on receipt (./validate.ts): the background never
 * trusts the shape of what a content script sends, and checks who sent it (src/background/router.ts).
 * No answer and no push ever carries a login token.
 */
import type { AddResult } from '../background/instances';
import type { Decision, PlatformKind, Post, Verdict, WaveSummary } from '../core/model';
import type { ImportResult } from '../storage/backup';
import type { InstanceRow } from '../storage/db';
import type { StorageHealth } from '../storage/health';
import type { InstanceView } from '../storage/instances';
import type { OptionsMessages } from './options';
import type { OverlayMessages, OverlayPushes } from './overlay';
import type { TriageMessages } from './triage';
import type {
  BatchOp,
  BatchPlan,
  BatchProgress,
  BatchRequest,
  ControlResult,
  EnqueueResult,
} from '../core/queue/types';

export type * from '../core/queue/types';

export interface PostsResult {
  /** Verdicts of the accepted posts, in their order. */
  verdicts: Verdict[];
  /** Posts this tab sent earlier whose verdict changed (other tabs get theirs as `bg:verdicts`). */
  updated: Verdict[];
  /** Waves created or changed by this batch. */
  waves: WaveSummary[];
  /** Posts refused by validation (malformed, too large, not of this instance), by index in the batch. */
  rejected: { index: number; reason: string }[];
}

export type DecideResult =
  | {
      ok: true;
      /** The decided post's new verdict. */
      verdict: Verdict | null;
      updated: Verdict[];
      waves: WaveSummary[];
      /** Written to the store (false: kept in memory and retried, e.g. while storage is full). */
      saved: boolean;
    }
  | { ok: false; code: 'unknown-post'; message: string };

export interface RestoreStats {
  records: number;
  ms: number;
  at: number;
}

export interface BackgroundStatus {
  engine: 'restoring' | 'ready' | 'failed';
  restore: RestoreStats | null;
  /** Changes waiting to be written (written within a fraction of a second normally). */
  pending: number;
  /** The engine learned something not yet written (written within 5 s normally). */
  unsavedEngineChanges: boolean;
  lastFlushAt: number | null;
  health: StorageHealth;
}

/** The answer to an import: the store's result, with how many decisions the engine was taught. */
export type ImportAnswer =
  (Omit<Extract<ImportResult, { ok: true }>, 'taught'> & { taught: number }) | Extract<ImportResult, { ok: false }>;

export type ExportResult = { ok: true; json: string; filename: string } | { ok: false; message: string };

/** The options page's and popup's own messages (issue 8) are in ./options.ts. */
export interface Messages extends OptionsMessages, OverlayMessages, TriageMessages {
  'ui:addInstance': { req: { domain: string }; res: AddResult };
  'ui:removeInstance': { req: { domain: string }; res: { ok: true } };
  'ui:listInstances': { req: object; res: InstanceRow[] };
  /** A decision made in the extension's own pages; `post` when the page has it. */
  'ui:decide': { req: { decision: Decision; post?: Post | null }; res: DecideResult };
  'ui:status': { req: object; res: BackgroundStatus };
  'ui:exportBackup': { req: object; res: ExportResult };
  'ui:importBackup': { req: { text: string }; res: ImportAnswer };
  /** The options page changed the stored rules: the engine takes them again. */
  'ui:rulesChanged': { req: object; res: { ok: true } | { ok: false; errors: string[] } };
  'content:hello': { req: { platform: PlatformKind; url: string }; res: { instance: InstanceView | null } };
  /** Posts read from the page, at most LIMITS.postsPerBatch, one message per animation frame at most. */
  'content:posts': { req: { posts: Post[] }; res: PostsResult };
  /** A decision made in the overlay (Breakwater's shadow UI) on a post of this tab. */
  'content:decide': { req: { decision: Decision; post: Post }; res: DecideResult };
  /** The web UI's own login token, read from the page. Nothing ever sends a token back. */
  'content:token': { req: { token: string; account: string | null }; res: { ok: true } };
  // The action queue (issue 5). A content script may only act on its own instance.
  'ui:planBatch': { req: { req: BatchRequest }; res: BatchPlan };
  'ui:enqueueBatch': { req: { req: BatchRequest }; res: EnqueueResult };
  'ui:batchControl': { req: { req: { batchId: string; op: BatchOp } }; res: ControlResult };
  'ui:undoBatch': { req: { req: { batchId: string } }; res: EnqueueResult };
  'ui:listBatches': { req: { req?: { limit?: number } }; res: BatchProgress[] };
  'content:planBatch': { req: { req: BatchRequest }; res: BatchPlan };
  'content:enqueueBatch': { req: { req: BatchRequest }; res: EnqueueResult };
  'content:batchControl': { req: { req: { batchId: string; op: BatchOp } }; res: ControlResult };
  'content:undoBatch': { req: { req: { batchId: string } }; res: EnqueueResult };
}

export type MessageType = keyof Messages;
export type Request<T extends MessageType> = { type: T } & Messages[T]['req'];
export type Response<T extends MessageType> = Messages[T]['res'];

/** The background's answer to a message it refused (malformed, too large, wrong sender). */
export interface Refusal {
  refused: true;
  message: string;
}

export function isRefusal(x: unknown): x is Refusal {
  return !!x && typeof x === 'object' && (x as { refused?: unknown }).refused === true;
}

/** Pushes from the background to content scripts (`browser.tabs.sendMessage`). */
export interface BgMessages extends OverlayPushes {
  /** Verdicts changed for posts this tab showed (a wave formed or grew, maybe in another tab). */
  'bg:verdicts': { verdicts: Verdict[] };
  /** Waves changed that have posts in this tab. */
  'bg:waves': { waves: WaveSummary[] };
  /** The user removed this instance: stop and remove the overlay. */
  'bg:instanceRemoved': object;
  /** A batch of the action queue changed (also sent to extension pages); at most ~4 a second per batch. */
  'bg:batchProgress': { progress: BatchProgress };
}

export type BgType = keyof BgMessages;
export type BgMessage<T extends BgType = BgType> = { [K in T]: { type: K } & BgMessages[K] }[T];

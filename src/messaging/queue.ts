/**
 * Validators of the action queue's messages (issue 5): batches planned, enqueued, controlled and
 * undone from Breakwater's own UI (the overlay's batch bar, the popup, the options page), and the
 * progress the background pushes. Spread into `RequestSchemas` (./validate.ts).
 */
import * as v from 'valibot';
import { ACTION_KINDS, BATCH_LIMITS } from '../core/queue/types';
import { LIMITS } from './limits';

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.id), v.regex(/^[\x21-\x7e]+$/));
const batchId = v.pipe(v.string(), v.minLength(1), v.maxLength(100), v.regex(/^[A-Za-z0-9_-]+$/));
const host = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.host), v.regex(/^[^\s/@?#]+$/));
const list = <T extends v.GenericSchema>(item: T, max: number) => v.pipe(v.array(item), v.maxLength(max));

export const BatchTargetSchema = v.object({
  accountId: v.nullable(id),
  acct: v.pipe(v.string(), v.minLength(3), v.maxLength(LIMITS.name + LIMITS.host + 1), v.regex(/^[^\s@]+@[^\s@]+$/)),
  postIds: list(id, BATCH_LIMITS.postIdsPerTarget),
  postUrls: list(str(LIMITS.url), BATCH_LIMITS.postUrlsPerTarget),
  reportId: v.optional(v.nullable(id)),
  domain: v.optional(host),
});

export const BatchRequestSchema = v.object({
  instance: host,
  kind: v.picklist(ACTION_KINDS),
  targets: v.pipe(v.array(BatchTargetSchema), v.minLength(1), v.maxLength(BATCH_LIMITS.targets)),
  options: v.object({
    comment: v.optional(str(BATCH_LIMITS.comment)),
    forward: v.optional(v.boolean()),
    category: v.optional(v.picklist(['spam', 'other', 'violation', 'legal'])),
    durationSeconds: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(BATCH_LIMITS.durationSeconds)),
    ),
    note: v.optional(str(BATCH_LIMITS.note)),
    notifications: v.optional(v.boolean()),
  }),
});

const ControlSchema = v.object({ batchId, op: v.picklist(['pause', 'resume', 'cancel']) });
const UndoSchema = v.object({ batchId });
const ListSchema = v.object({
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(BATCH_LIMITS.listBatches))),
});

/** The queue's requests, by message type. */
export const QueueRequestSchemas = {
  'ui:planBatch': v.object({ type: v.literal('ui:planBatch'), req: BatchRequestSchema }),
  'ui:enqueueBatch': v.object({ type: v.literal('ui:enqueueBatch'), req: BatchRequestSchema }),
  'ui:batchControl': v.object({ type: v.literal('ui:batchControl'), req: ControlSchema }),
  'ui:undoBatch': v.object({ type: v.literal('ui:undoBatch'), req: UndoSchema }),
  'ui:listBatches': v.object({ type: v.literal('ui:listBatches'), req: v.optional(ListSchema, {}) }),
  'content:planBatch': v.object({ type: v.literal('content:planBatch'), req: BatchRequestSchema }),
  'content:enqueueBatch': v.object({ type: v.literal('content:enqueueBatch'), req: BatchRequestSchema }),
  'content:batchControl': v.object({ type: v.literal('content:batchControl'), req: ControlSchema }),
  'content:undoBatch': v.object({ type: v.literal('content:undoBatch'), req: UndoSchema }),
} as const;

/** `bg:batchProgress` as a content script or a page accepts it. */
export const BatchProgressSchema = v.object({
  batchId,
  instance: host,
  kind: v.picklist(ACTION_KINDS),
  state: v.picklist(['queued', 'running', 'waiting', 'paused', 'done', 'cancelled']),
  total: v.number(),
  done: v.number(),
  failed: v.number(),
  remaining: v.number(),
  etaMs: v.nullable(v.number()),
  waitUntil: v.nullable(v.number()),
  failures: list(v.object({ acct: str(1_000), message: str(2_000) }), BATCH_LIMITS.targets),
  undoable: v.boolean(),
  undoOf: v.nullable(batchId),
  createdAt: v.number(),
});

export const BatchProgressMessageSchema = v.object({
  type: v.literal('bg:batchProgress'),
  progress: BatchProgressSchema,
});

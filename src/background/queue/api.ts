import type {
  BatchOp,
  BatchPlan,
  BatchProgress,
  BatchRequest,
  ControlResult,
  EnqueueResult,
} from '../../core/queue/types';

/**
 * What the router asks of the action queue. `instance`, when given, is the domain of the tab that
 * asked: a content script may only see and act on batches of its own instance.
 */
export interface QueueApi {
  plan(req: BatchRequest): Promise<BatchPlan>;
  enqueue(req: BatchRequest): Promise<EnqueueResult>;
  control(batchId: string, op: BatchOp, instance?: string): Promise<ControlResult>;
  undo(batchId: string, instance?: string): Promise<EnqueueResult>;
  list(limit?: number): Promise<BatchProgress[]>;
}

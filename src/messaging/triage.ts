/**
 * Messages of the triage page (issue 9). Only Breakwater's own pages may send them (the router
 * checks the sender); their schemas are spread into `RequestSchemas` (./validate.ts). The actions
 * themselves go through the action queue's messages (`ui:planBatch`, `ui:enqueueBatch`, ...) and
 * the decisions through `ui:decide`, like any other.
 */
import * as v from 'valibot';
import type { TriageSnapshot } from '../core/triage/types';

export type TriageLoadResult = { ok: true; snapshot: TriageSnapshot } | { ok: false; message: string };

export interface TriageMessages {
  /**
   * The open reports and pending sign-ups of every added instance where the user may moderate,
   * grouped by wave. `refresh`: read the instances again (otherwise the last reading of this
   * service-worker life, when there is one).
   */
  'ui:triageLoad': { req: { refresh?: boolean }; res: TriageLoadResult };
}

export const TriageRequestSchemas = {
  'ui:triageLoad': v.object({ type: v.literal('ui:triageLoad'), refresh: v.optional(v.boolean()) }),
} as const;

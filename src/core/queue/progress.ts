/**
 * A batch's progress as the UI shows it (`BatchProgress`), from its actions and what the scheduler
 * expects. Pure.
 */
import type { ItemState } from './scheduler';
import type { ActionKind, BatchProgress, BatchState } from './types';

export interface BatchFacts {
  id: string;
  instance: string;
  kind: ActionKind;
  state: 'active' | 'paused' | 'cancelled';
  createdAt: number;
  undoOf: string | null;
  undoneBy: string | null;
}

export interface ItemFacts {
  state: ItemState;
  acct: string;
  /** The failure's message (failed items), or the last problem (pending ones). */
  message: string | null;
  /** Has been tried at least once. */
  started: boolean;
  /** Done, but the server was already in that state before (undo must not touch it). */
  already: boolean;
}

export interface Expectation {
  now: number;
  /** A request of this batch is in flight. */
  inFlight: boolean;
  /** Earliest time one of its pending actions may go (rate limits, backoff), null if none pending. */
  nextAt: number | null;
  /** When the last of its actions is expected to be done (the scheduler's simulation), null if unknown. */
  finishAt: number | null;
  /** Another batch of the same login goes first. */
  behindOther: boolean;
  /** The kind has an undo on this platform. */
  undoSupported: boolean;
}

/** Up to this many failures are listed in a progress message. */
export const FAILURES_LISTED = 50;
/** A wait shorter than this shows as running, not waiting. */
const WAIT_SHOWN_MS = 1_000;

export function batchProgress(b: BatchFacts, items: readonly ItemFacts[], e: Expectation): BatchProgress {
  let done = 0;
  let failed = 0;
  let open = 0;
  let started = false;
  let undoableDone = 0;
  const failures: BatchProgress['failures'] = [];
  for (const it of items) {
    if (it.started || it.state === 'done' || it.state === 'failed') started = true;
    if (it.state === 'done') {
      done++;
      if (!it.already) undoableDone++;
    } else if (it.state === 'failed') {
      failed++;
      if (failures.length < FAILURES_LISTED) failures.push({ acct: it.acct, message: it.message ?? 'failed' });
    } else if (it.state !== 'cancelled') open++;
  }
  let state: BatchState;
  let waitUntil: number | null = null;
  if (b.state === 'cancelled') state = 'cancelled';
  else if (open === 0) state = 'done';
  else if (b.state === 'paused') state = 'paused';
  else if (e.inFlight) state = 'running';
  else if (e.nextAt !== null && e.nextAt - e.now > WAIT_SHOWN_MS) {
    state = e.behindOther && !started ? 'queued' : 'waiting';
    waitUntil = e.nextAt;
  } else state = e.behindOther && !started ? 'queued' : 'running';
  const finished = state === 'done' || state === 'cancelled';
  return {
    batchId: b.id,
    instance: b.instance,
    kind: b.kind,
    state,
    total: items.length,
    done,
    failed,
    remaining: open,
    etaMs: finished || state === 'paused' || e.finishAt === null ? null : Math.max(0, e.finishAt - e.now),
    waitUntil,
    failures,
    undoable: finished && e.undoSupported && b.undoneBy === null && b.undoOf === null && undoableDone > 0,
    undoOf: b.undoOf,
    createdAt: b.createdAt,
  };
}

/** "about 2 h 40 min", "about 3 min", "under a minute": for plans and progress lines. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return 'under a minute';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `about ${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `about ${h} h ${m} min` : `about ${h} h`;
}

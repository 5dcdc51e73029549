/**
 * What an answer means for the action that got it, and how long to back off. Pure: the executors
 * (src/platforms/<family>/actions.ts) turn HTTP answers into an `Outcome`; the queue turns the
 * outcome into the action's next state here.
 */

export type Outcome =
  /** Done. `already`: the server was already in the wanted state (Misskey ALREADY_BLOCKING...). */
  | { kind: 'ok'; status: number; detail: string; already?: boolean; response?: unknown }
  /** This action cannot succeed (404 gone, 403, 422, NO_SUCH_USER...): fail it, go on with the rest. */
  | { kind: 'permanent'; status: number; code?: string; message: string; response?: unknown }
  /** Network error, timeout, 5xx, a garbled answer: try again later. */
  | { kind: 'transient'; status: number; message: string; response?: unknown }
  /** 429: nothing on this limit until `until`. */
  | {
      kind: 'rateLimited';
      status: 429;
      message: string;
      until: number;
      total?: number;
      resetAt?: number;
      response?: unknown;
    }
  /** 401: the login is gone or revoked; every action of this login would fail the same way. */
  | { kind: 'auth'; status: number; message: string; response?: unknown };

export interface RetryPolicy {
  /** First backoff; doubled per attempt. */
  baseMs: number;
  capMs: number;
  /** Transient failures before the action fails for good. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 5 * 60_000, maxAttempts: 8 };

/**
 * Exponential backoff with jitter: base * 2^(attempt-1), capped, then a random point in its upper
 * half (so a crowd of failed actions does not come back at the same instant, and the wait never
 * shrinks to nothing). `random` in [0, 1).
 */
export function backoffMs(attempt: number, random: number, p: RetryPolicy = DEFAULT_RETRY): number {
  const raw = Math.min(p.capMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw / 2 + (raw / 2) * Math.min(Math.max(random, 0), 1));
}

export type Transition =
  | { state: 'done'; detail: string }
  | { state: 'failed'; detail: string }
  | { state: 'pending'; notBefore: number; detail: string; countsAsAttempt: boolean }
  | { state: 'pause-lane'; detail: string };

/** The action's next state after an outcome, given how many transient failures it had before. */
export function transition(
  o: Outcome,
  attempts: number,
  now: number,
  random: number,
  p: RetryPolicy = DEFAULT_RETRY,
): Transition {
  switch (o.kind) {
    case 'ok':
      return { state: 'done', detail: o.detail };
    case 'permanent':
      return { state: 'failed', detail: o.message };
    case 'auth':
      return { state: 'pause-lane', detail: o.message };
    case 'rateLimited':
      // Waiting is the server's instruction, not a failure: it does not use up an attempt.
      return { state: 'pending', notBefore: o.until, detail: o.message, countsAsAttempt: false };
    case 'transient': {
      const n = attempts + 1;
      if (n >= p.maxAttempts) return { state: 'failed', detail: `gave up after ${n} attempts: ${o.message}` };
      return { state: 'pending', notBefore: now + backoffMs(n, random, p), detail: o.message, countsAsAttempt: true };
    }
  }
}

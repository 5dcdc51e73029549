/**
 * Rate-limit buckets: what the queue knows about one limit (an instance's per-token API limit, a
 * Misskey endpoint's limit for one user, Mastodon's daily report allowance) and when the next
 * request fits in it. Pure: the clock is a parameter and the state is plain data, stored as it is.
 *
 * Three sources of knowledge, the server's own preferred:
 * - documented limits (instance-apis.md C1/C2, Misskey's multiplied by the user's `rateLimitFactor`),
 *   applied as a sliding log of our own requests: at most `max` in any `windowMs`;
 * - the server's headers (Mastodon `X-RateLimit-Limit/Remaining/Reset`): what remains until when;
 * - a 429 (both): nothing before the time the server gives; Misskey's `info.total` and `resetMs`
 *   also tell the allowance and, with our log, the real window.
 */

export interface LimitSpec {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
  /** Minimum time between two requests (Misskey `minInterval`). */
  minIntervalMs?: number;
}

/** What a server said in its rate-limit headers about the request sent at `sentAt`. */
export interface ServerWindow {
  limit: number;
  remaining: number;
  /** Epoch ms (our clock) when the window resets. */
  resetAt: number;
  /** When the request that carried this answer was sent. */
  sentAt: number;
}

export interface BucketState {
  key: string;
  /** null: no known limit (only a 429 can hold requests back). */
  spec: LimitSpec | null;
  /**
   * documented: planned from the documentation, not yet confirmed by the server; server: the
   * allowance and window came from the server (a 429's info); optimistic: a request beyond the
   * documented allowance went through, so the documentation does not fit this server: go on until
   * the server says stop.
   */
  source: 'documented' | 'server' | 'optimistic';
  /** Send times of our requests within the last window, oldest first. */
  log: number[];
  server: ServerWindow | null;
  /** A 429 said: nothing before this. */
  blockedUntil: number;
  /** Set when a request beyond the documented allowance was sent to check it (one per window). */
  probeAt: number | null;
  updatedAt: number;
}

/** Slack after a reset time the server gave, for clocks and rounding. */
export const RESET_MARGIN_MS = 40;
/** A documented limit is checked with one request when it would make the queue wait longer than this. */
export const PROBE_AFTER_MS = 2_000;

export function newBucket(key: string, spec: LimitSpec | null, now: number): BucketState {
  return { key, spec, source: 'documented', log: [], server: null, blockedUntil: 0, probeAt: null, updatedAt: now };
}

/** The documented limit applied to this bucket changed (e.g. a new rateLimitFactor): keep what the server taught. */
export function withDocumentedSpec(b: BucketState, spec: LimitSpec | null): BucketState {
  if (b.source === 'server') return b;
  if (sameSpec(b.spec, spec)) return b;
  return { ...b, spec, source: 'documented', probeAt: null };
}

function sameSpec(a: LimitSpec | null, b: LimitSpec | null): boolean {
  if (!a || !b) return a === b;
  return a.max === b.max && a.windowMs === b.windowMs && (a.minIntervalMs ?? 0) === (b.minIntervalMs ?? 0);
}

function keepMs(b: BucketState): number {
  const w = Math.max(b.spec?.windowMs ?? 0, b.spec?.minIntervalMs ?? 0);
  return Math.max(w, 60_000);
}

/** Drops log entries no limit can count any more. */
export function trimmed(b: BucketState, now: number): BucketState {
  const from = now - keepMs(b);
  if (!b.log.length || b.log[0]! > from) return b;
  return { ...b, log: b.log.filter((t) => t > from) };
}

export interface ReadyOptions {
  /** May a documented, unconfirmed limit be checked with one request (default true)? */
  allowProbe?: boolean;
}

export interface Readiness {
  /** Earliest epoch ms a request may be sent (>= now). */
  at: number;
  /** The request at `at` is a probe of a documented limit (one beyond the believed allowance). */
  probe: boolean;
}

/**
 * When the next request fits in this bucket. The server's word first: a 429's hold, then the
 * headers' remaining count (less what we sent since), then the sliding log over the spec.
 */
export function readyAt(b: BucketState, now: number, opts: ReadyOptions = {}): Readiness {
  let t = Math.max(now, b.blockedUntil);
  const spec = b.spec;
  if (spec?.minIntervalMs && b.log.length) t = Math.max(t, b.log[b.log.length - 1]! + spec.minIntervalMs);
  const s = b.server;
  if (s) {
    if (s.resetAt > t) {
      const since = countAfter(b.log, s.sentAt);
      if (s.remaining - since > 0) return { at: t, probe: false };
      return { at: s.resetAt + RESET_MARGIN_MS, probe: false };
    }
    // The window the server told about is over: a new one began at resetAt with `limit` again.
    const since = countAfter(b.log, s.resetAt - 1);
    if (since < s.limit) return { at: t, probe: false };
    // Full again and no newer answer (should not happen: every answer carries headers); fall through.
  }
  if (!spec || b.source === 'optimistic') return { at: t, probe: false };
  const atLog = slidingReady(b.log, spec, t);
  if (atLog <= t) return { at: t, probe: false };
  // The documented limit says wait. A server that never confirmed it may allow more (another
  // version, a fork, another factor): one request checks it. Its 429, if any, tells the truth.
  if (opts.allowProbe !== false && b.source === 'documented' && b.probeAt === null && atLog - t > PROBE_AFTER_MS)
    return { at: t, probe: true };
  return { at: atLog, probe: false };
}

function countAfter(log: readonly number[], t: number): number {
  let n = 0;
  for (let i = log.length - 1; i >= 0 && log[i]! > t; i--) n++;
  return n;
}

/** Sliding log: the next request at `t` fits when fewer than `max` were sent in (t - window, t]. */
function slidingReady(log: readonly number[], spec: LimitSpec, t: number): number {
  const max = Math.max(1, Math.floor(spec.max));
  const from = t - spec.windowMs;
  let inWindow = 0;
  for (let i = log.length - 1; i >= 0 && log[i]! > from; i--) inWindow++;
  if (inWindow < max) return t;
  // The (inWindow - max + 1)-th oldest request in the window must leave it.
  const first = log.length - inWindow;
  return log[first + inWindow - max]! + spec.windowMs + 1;
}

/** A request was sent at `at`. */
export function noteSent(b: BucketState, at: number, probe = false): BucketState {
  const log = b.log.length && b.log[b.log.length - 1]! > at ? [...b.log, at].sort((x, y) => x - y) : [...b.log, at];
  return trimmed({ ...b, log, probeAt: probe ? at : b.probeAt, updatedAt: at }, at);
}

/**
 * The answer to the request sent at `sentAt` came at `receivedAt`. The server logged the request
 * somewhere in between; counting it from the answer's time makes it leave our window no sooner
 * than it leaves the server's (send times alone let a slow request's entry expire early here).
 */
export function noteAnswered(b: BucketState, sentAt: number, receivedAt: number): BucketState {
  const i = b.log.lastIndexOf(sentAt);
  if (i < 0 || receivedAt <= sentAt) return b;
  const log = b.log.slice();
  log.splice(i, 1);
  let j = log.length;
  while (j > 0 && log[j - 1]! > receivedAt) j--;
  log.splice(j, 0, receivedAt);
  // Headers the same answer carried describe the server after this request: keep counting from it.
  const server = b.server && b.server.sentAt === sentAt ? { ...b.server, sentAt: receivedAt } : b.server;
  return { ...b, log, server };
}

/** The server answered with rate-limit headers (Mastodon) for the request sent at `sentAt`. */
export function noteHeaders(b: BucketState, w: ServerWindow, now: number): BucketState {
  const old = b.server;
  // Answers can arrive out of order: keep the newest request's view.
  if (old && old.sentAt > w.sentAt) return b;
  return { ...b, server: { ...w }, updatedAt: now };
}

export interface RateLimitAnswer {
  /** Epoch ms (our clock) the server said to wait until. */
  until: number;
  /** The allowance the server reported (Misskey `info.total`), when it did. */
  total?: number;
  /** The window's reset the server reported (Misskey `info.resetMs`), when it did. */
  resetAt?: number;
  /** The slowest recent request's time, added to a window learned from our log (see noteAnswered). */
  latencyMs?: number;
}

/**
 * A 429 for the request sent at `sentAt`: hold everything until the server's time. With Misskey's
 * `info`, learn the allowance and the window: `resetAt` is the oldest of the last `total` calls
 * plus the window, and those calls are in our log.
 */
export function noteRateLimited(b: BucketState, r: RateLimitAnswer, sentAt: number, now: number): BucketState {
  let next: BucketState = { ...b, blockedUntil: Math.max(b.blockedUntil, r.until + RESET_MARGIN_MS), updatedAt: now };
  if (r.total !== undefined && r.total > 0 && r.resetAt !== undefined) {
    const max = r.total;
    // Our log holds answer times (noteAnswered), which are no earlier than the server's: the window
    // measured from them may come out short by a request's time, so the slower of the two counts.
    const log = b.log.filter((t) => t <= sentAt);
    const idx = log.length - Math.ceil(max);
    if (idx >= 0) {
      const windowMs = Math.max(1, r.resetAt - log[idx]! + (r.latencyMs ?? 0));
      const spec: LimitSpec = { ...(b.spec ?? {}), max, windowMs };
      next = { ...next, spec, source: 'server', probeAt: null };
    } else if (b.spec) {
      next = { ...next, spec: { ...b.spec, max }, source: 'server', probeAt: null };
    }
  } else if (b.source === 'optimistic') {
    next = { ...next, source: 'documented', probeAt: null };
  }
  return next;
}

/** A probe went through: the documented limit is stricter than this server's. */
export function noteProbePassed(b: BucketState, now: number): BucketState {
  return b.source === 'documented' ? { ...b, source: 'optimistic', probeAt: null, updatedAt: now } : b;
}

/** The earliest time at or after `t` when every bucket has room (no probes): for estimates. */
export function estimateNext(buckets: readonly BucketState[], t: number): number {
  let at = t;
  for (let k = 0; k < 8; k++) {
    let again = at;
    for (const b of buckets) again = Math.max(again, readyAt(b, again, { allowProbe: false }).at);
    if (again === at) return at;
    at = again;
  }
  return at;
}

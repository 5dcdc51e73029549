/**
 * Misskey's rate limiter, reproduced from upstream:
 * - ApiCallService#call: the limit runs before the credential check, keyed by `${userId}:${endpoint}`
 *   (or the client IP when anonymous), only when `factor > 0`, where `factor` is the caller's role
 *   policy `rateLimitFactor` (1 for anonymous callers);
 * - RateLimiterService#limit: a short-term limiter (`minInterval * factor`, max 1) and a long-term one
 *   with `duration: limit.duration * factor` and `max: limit.max / factor`;
 * - npm `ratelimiter` 3.4.1 (a sliding log in a Redis sorted set): every call, refused ones included,
 *   is logged; `remaining = count < max ? max - count : 0` where `count` is the number of calls in the
 *   window before this one; refused when `remaining === 0`; the log keeps the newest `max` entries;
 *   `resetMs` = the oldest of those + duration. A non-integer `max` (factor not dividing the limit) makes
 *   the Redis rank commands fail, so the log is not trimmed and `resetMs` = the oldest entry + duration.
 */

export interface EndpointLimit {
  /** Window length in ms. */
  duration?: number;
  max?: number;
  /** Minimum interval between two calls in ms. */
  minInterval?: number;
}

export interface LimitInfo {
  remaining: number;
  /** Unix seconds. */
  reset: number;
  /** Unix ms. */
  resetMs: number;
  total: number;
}

export class SlidingLogLimiter {
  private logs = new Map<string, number[]>();
  /**
   * Multiplies every window (and minimum interval) without touching the allowance: the
   * `misskeyLimits: 'compressed'` simulation, where 20 an hour becomes 20 per hour x scale while
   * `i` still says `rateLimitFactor: 1`. Not upstream behaviour: upstream only has the factor.
   */
  windowScale = 1;

  /** Logs a call at `now` and returns the limiter's info as `ratelimiter` does. */
  hit(key: string, duration: number, max: number, now: number): LimitInfo {
    duration *= this.windowScale;
    const start = now - duration;
    const log = (this.logs.get(key) ?? []).filter((t) => t > start);
    const count = log.length;
    log.push(now);
    const integer = Number.isInteger(max);
    const oldest = log[0]!;
    const oldestInRange = integer && log.length >= max ? log[log.length - max] : undefined;
    const kept = integer && log.length > max ? log.slice(log.length - max) : log;
    this.logs.set(key, kept);
    const resetMs = Math.floor((oldestInRange ?? oldest) + duration);
    return { remaining: count < max ? max - count : 0, reset: Math.floor(resetMs / 1000), resetMs, total: max };
  }

  clear(): void {
    this.logs.clear();
  }
}

export type LimitResult =
  { ok: true } | { ok: false; code: 'RATE_LIMIT_EXCEEDED' | 'BRIEF_REQUEST_INTERVAL'; info: LimitInfo };

/** RateLimiterService#limit with upstream's factor arithmetic. */
export function applyLimit(
  limiter: SlidingLogLimiter,
  limit: EndpointLimit,
  key: string,
  actor: string,
  factor: number,
  now: number,
): LimitResult {
  if (typeof limit.minInterval === 'number') {
    const info = limiter.hit(`${actor}:${key}:min`, limit.minInterval * factor, 1, now);
    if (info.remaining === 0) return { ok: false, code: 'BRIEF_REQUEST_INTERVAL', info };
  }
  if (typeof limit.duration === 'number' && typeof limit.max === 'number') {
    const info = limiter.hit(`${actor}:${key}`, limit.duration * factor, limit.max / factor, now);
    if (info.remaining === 0) return { ok: false, code: 'RATE_LIMIT_EXCEEDED', info };
  }
  return { ok: true };
}

const HOUR = 3_600_000;

/** Upstream endpoint `meta.limit` values (Misskey 2025.x) for the endpoints the simulator serves. */
export const ENDPOINT_LIMITS: Record<string, EndpointLimit> = {
  'blocking/create': { duration: HOUR, max: 20 },
  'blocking/delete': { duration: HOUR, max: 100 },
  'mute/create': { duration: HOUR, max: 20 },
  'renote-mute/create': { duration: HOUR, max: 20 },
  'notes/delete': { duration: HOUR, max: 300, minInterval: 1000 },
};

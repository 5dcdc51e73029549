/**
 * Rate limits with Mastodon's real numbers and headers, windows scaled by the sim clock:
 * `throttle_per_token_api` 300 per 5 min (Rack::Attack, epoch-aligned fixed windows) and the
 * `reports` family of RateLimiter, 400 per 24 h per account (instance-apis.md C1, "Rate limits").
 */
export interface LimitState {
  limit: number;
  remaining: number;
  reset: number;
  exceeded: boolean;
}

export class FixedWindow {
  private readonly counts = new Map<string, { window: number; n: number }>();

  constructor(
    readonly limit: number,
    private readonly periodMs: number,
  ) {}

  private windowOf(now: number): number {
    return Math.floor(now / this.periodMs) * this.periodMs;
  }

  /** Counts one request for `key` (every request counts, throttled ones too, as Rack::Attack does). */
  hit(key: string, now: number): LimitState {
    const w = this.windowOf(now);
    let c = this.counts.get(key);
    if (!c || c.window !== w) this.counts.set(key, (c = { window: w, n: 0 }));
    c.n++;
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - c.n),
      reset: w + this.periodMs,
      exceeded: c.n > this.limit,
    };
  }

  peek(key: string, now: number): LimitState {
    const w = this.windowOf(now);
    const c = this.counts.get(key);
    const n = c && c.window === w ? c.n : 0;
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - n),
      reset: w + this.periodMs,
      exceeded: n >= this.limit,
    };
  }
}

export function rateLimitHeaders(s: LimitState): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(s.limit),
    'X-RateLimit-Remaining': String(s.remaining),
    'X-RateLimit-Reset': new Date(s.reset).toISOString(),
  };
}

export const API_LIMIT = 300;
export const API_PERIOD_MS = 5 * 60_000;
export const REPORTS_LIMIT = 400;
export const REPORTS_PERIOD_MS = 24 * 3_600_000;

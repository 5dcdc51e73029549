/**
 * The fallback: posts the page shows but the observer did not report (it was not injected yet, the
 * page used a path it does not watch) are fetched by the runtime itself, with the page's own login,
 * batched (Mastodon 4.3+: 20 per request) and rate-limited. The web UI shares the same per-token
 * limit (300 requests per 5 minutes), so Breakwater keeps to a small share of it.
 */
import type { LookupRequest, RawPost } from '../platforms/types';

export interface LookupOptions {
  /** The ids to requests (the adapter batches them). */
  requests: (ids: string[]) => LookupRequest[];
  parse: (body: unknown) => RawPost[];
  onPosts: (posts: RawPost[], asked: string[]) => void;
  fetcher?: typeof fetch;
  /** Wait this long after an id is wanted (the observer usually reports it meanwhile). */
  delayMs?: number;
  /** At least this long between two requests. */
  spacingMs?: number;
  /** At most this many requests per window. */
  budget?: { requests: number; windowMs: number };
  setTimer?: (fn: () => void, ms: number) => unknown;
  now?: () => number;
  signal?: AbortSignal;
  /** How long one lookup (its answer and body) may take before it counts as failed (15 s). */
  timeoutMs?: number;
}

export interface LookupStats {
  requests: number;
  posts: number;
  failures: number;
  /** Ids given up on: the budget ran out or the server refused. */
  dropped: number;
  /** Why the last failure failed (a status code or an error's name), for debugging. */
  lastError: string | null;
}

const MAX_BODY = 4_000_000;

export class LookupQueue {
  readonly stats: LookupStats = { requests: 0, posts: 0, failures: 0, dropped: 0, lastError: null };
  private wanted = new Set<string>();
  private asked = new Set<string>();
  private timer = false;
  private running = false;
  private sent: number[] = [];
  private lastAt = -Infinity;
  private pausedUntil = 0;
  private readonly o: Required<Omit<LookupOptions, 'signal'>> & { signal?: AbortSignal };

  constructor(opts: LookupOptions) {
    // Options given as undefined take the defaults too.
    const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as LookupOptions;
    this.o = {
      fetcher: (...a) => fetch(...a),
      delayMs: 800,
      spacingMs: 250,
      timeoutMs: 15_000,
      budget: { requests: 60, windowMs: 5 * 60_000 },
      setTimer: (fn, ms) => setTimeout(fn, ms),
      now: () => Date.now(),
      ...given,
    };
  }

  /** Asks for a post by id, once: an id is never requested twice. */
  want(id: string, delayMs = this.o.delayMs): void {
    if (this.asked.has(id) || this.wanted.has(id)) return;
    this.wanted.add(id);
    this.schedule(delayMs);
  }

  /** The post arrived another way. */
  cancel(id: string): void {
    this.wanted.delete(id);
  }

  get pending(): number {
    return this.wanted.size;
  }

  private schedule(ms: number): void {
    if (this.timer || this.o.signal?.aborted) return;
    this.timer = true;
    this.o.setTimer(() => {
      this.timer = false;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.running || this.o.signal?.aborted) return;
    this.running = true;
    try {
      while (this.wanted.size && !this.o.signal?.aborted) {
        const now = this.o.now();
        const { requests, windowMs } = this.o.budget;
        this.sent = this.sent.filter((t) => now - t < windowMs);
        const wait = Math.max(
          this.pausedUntil - now,
          this.lastAt + this.o.spacingMs - now,
          this.sent.length >= requests ? this.sent[0]! + windowMs - now : 0,
        );
        if (wait > 0) {
          this.schedule(wait);
          return;
        }
        const ids = [...this.wanted];
        const [req] = this.o.requests(ids);
        if (!req) {
          // Nothing the adapter can ask for (malformed ids): dropped.
          for (const id of ids) this.wanted.delete(id);
          return;
        }
        for (const id of req.ids) {
          this.wanted.delete(id);
          this.asked.add(id);
        }
        this.sent.push(now);
        this.lastAt = now;
        this.stats.requests++;
        await this.fetchOne(req);
      }
    } finally {
      this.running = false;
    }
  }

  private async fetchOne(req: LookupRequest): Promise<void> {
    try {
      // A server that never answers (or never finishes its body) must not stall the lookups for
      // the page's life: the request and its body get `timeoutMs`.
      const res = await this.o.fetcher(req.url, { ...req.init, signal: AbortSignal.timeout(this.o.timeoutMs) });
      if (!res.ok) this.stats.lastError = `HTTP ${res.status}`;
      if (res.status === 429 || res.status >= 500) {
        // The server is busy or the page's quota is used up: back off, and leave those ids.
        this.pausedUntil = this.o.now() + (res.status === 429 ? 60_000 : 10_000);
        this.stats.failures++;
        this.stats.dropped += req.ids.length;
        return;
      }
      if (!res.ok) {
        this.stats.failures++;
        this.stats.dropped += req.ids.length;
        return;
      }
      const text = await res.text();
      if (text.length > MAX_BODY) return;
      const posts = this.o.parse(JSON.parse(text));
      this.stats.posts += posts.length;
      this.o.onPosts(posts, req.ids);
    } catch (e) {
      this.stats.failures++;
      this.stats.dropped += req.ids.length;
      this.stats.lastError = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 200) : 'error';
    }
  }
}

/**
 * The action scheduler: given the queue, the clock and what is known of the rate limits, which
 * request goes next and when to look again. Pure: no timers, no storage, no network.
 *
 * Model:
 * - A *lane* is one acting login on one instance (instance + token). A lane sends one request at a
 *   time, so the server's answers (remaining counts) are exact and a crash leaves at most one
 *   request per lane in doubt. Lanes run in parallel.
 * - Each pending action's next request uses some rate-limit *buckets* (./limits.ts): Mastodon's
 *   per-token API limit (all requests of the token), its daily report allowance (reports), one
 *   Misskey endpoint's limit for the user. It may go when every bucket has room, and not before its
 *   own `notBefore` (backoff after a network error or a 5xx).
 * - Order: oldest batch first, then the batch's own order; an action whose buckets are full does not
 *   hold back a later one whose buckets have room (a report batch is not stuck behind blocks waiting
 *   for Misskey's hourly allowance).
 */
import { estimateNext, readyAt, type BucketState } from './limits';

export type ItemState = 'pending' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

export interface QueueItem {
  id: string;
  batchId: string;
  /** instance + login: one request at a time per lane. */
  lane: string;
  state: ItemState;
  /** Not before this epoch ms (backoff). */
  notBefore: number;
  /** Position in the queue: batch creation time, then order within the batch. */
  order: number;
  /** Keys of the rate-limit buckets the action's next request uses. */
  buckets: readonly string[];
}

export interface Run {
  item: QueueItem;
  /** Buckets this request probes (a documented limit that says wait, checked once). */
  probes: string[];
}

export interface Decision {
  /** Requests to send now: at most one per idle lane. */
  run: Run[];
  /** When to decide again if nothing else happens (null: nothing left to wait for). */
  wakeAt: number | null;
  /** Per lane: when its next request could go (for progress: "waiting until"). */
  laneReadyAt: Map<string, number>;
}

export type Buckets = ReadonlyMap<string, BucketState>;

/** Orders items for the queue: oldest batch first, then the batch's own order, then id. */
export function byOrder(a: QueueItem, b: QueueItem): number {
  return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * What runs next. `busyLanes` are lanes with a request in flight (their `running` items are
 * counted too). Items whose batch is paused or cancelled must not be passed as `pending`.
 */
export function decide(
  items: readonly QueueItem[],
  buckets: Buckets,
  now: number,
  busyLanes: ReadonlySet<string> = new Set(),
): Decision {
  const busy = new Set(busyLanes);
  for (const it of items) if (it.state === 'running') busy.add(it.lane);
  const pending = items.filter((it) => it.state === 'pending').sort(byOrder);
  const cache = new Map<string, { at: number; probe: boolean }>();
  const bucketReady = (key: string) => {
    let r = cache.get(key);
    if (!r) {
      const b = buckets.get(key);
      r = b ? readyAt(b, now) : { at: now, probe: false };
      cache.set(key, r);
    }
    return r;
  };
  const run: Run[] = [];
  const laneReadyAt = new Map<string, number>();
  const started = new Set<string>();
  let wakeAt: number | null = null;
  for (const it of pending) {
    if (started.has(it.lane)) continue;
    let at = Math.max(now, it.notBefore);
    const probes: string[] = [];
    for (const key of it.buckets) {
      const r = bucketReady(key);
      at = Math.max(at, r.at);
      if (r.probe) probes.push(key);
    }
    const prev = laneReadyAt.get(it.lane);
    if (prev === undefined || at < prev) laneReadyAt.set(it.lane, at);
    if (busy.has(it.lane)) continue;
    if (at <= now) {
      run.push({ item: it, probes });
      started.add(it.lane);
      // A probe is one request: later items of the lane see the bucket as full again.
      for (const key of probes) cache.set(key, { at: Number.POSITIVE_INFINITY, probe: false });
    } else if (wakeAt === null || at < wakeAt) wakeAt = at;
  }
  return { run, wakeAt, laneReadyAt };
}

/**
 * When each pending item would be sent if the lanes ran at the fastest pace the limits allow,
 * `requestMs` per request, no probes, and no failures. Gives estimates and ETAs.
 */
export function simulate(
  items: readonly QueueItem[],
  buckets: Buckets,
  now: number,
  requestMs: (lane: string) => number = () => 0,
): Map<string, number> {
  const state = new Map<string, BucketState>();
  for (const [k, b] of buckets) state.set(k, { ...b, log: b.log.slice() });
  const laneFree = new Map<string, number>();
  const out = new Map<string, number>();
  const pending = items.filter((it) => it.state === 'pending' || it.state === 'running').sort(byOrder);
  // Lanes are independent unless they share a bucket (they do not: buckets are per login).
  for (const it of pending) {
    let at = Math.max(laneFree.get(it.lane) ?? now, it.notBefore, now);
    if (it.state !== 'running') {
      at = estimateNext(
        it.buckets.map((k) => state.get(k)).filter((b): b is BucketState => !!b),
        at,
      );
      for (const k of it.buckets) {
        const b = state.get(k);
        if (b) b.log.push(at);
      }
    }
    out.set(it.id, at);
    laneFree.set(it.lane, at + requestMs(it.lane));
  }
  return out;
}

/** Minimum time the limits allow for `n` requests through `buckets` (an estimate for a plan). */
export function minimumTime(buckets: readonly BucketState[], n: number, now: number, requestMs = 0): number {
  if (n <= 0) return 0;
  const state = buckets.map((b) => ({ ...b, log: b.log.slice() }));
  let t = now;
  for (let i = 0; i < n; i++) {
    const last = estimateNext(state, t);
    for (const b of state) b.log.push(last);
    t = last + requestMs;
  }
  return t - now;
}

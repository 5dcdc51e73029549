/**
 * Lookups over a generated scenario that every renderer needs (posts by id, replies, boosts, an
 * account's posts), built once per scenario and cached.
 */
import type { GenPost, Scenario } from './generator/types';

export interface ScenarioIndex {
  byId: Map<string, GenPost>;
  byAuthor: Map<string, GenPost[]>;
  replies: Map<string, GenPost[]>;
  boosts: Map<string, GenPost[]>;
  quotes: Map<string, GenPost[]>;
  /** Time of each account's first post in the scenario. */
  firstPostAt: Map<string, number>;
  instances: Set<string>;
}

const cache = new WeakMap<Scenario, ScenarioIndex>();

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

export function indexScenario(s: Scenario): ScenarioIndex {
  const hit = cache.get(s);
  if (hit) return hit;
  const idx: ScenarioIndex = {
    byId: new Map(),
    byAuthor: new Map(),
    replies: new Map(),
    boosts: new Map(),
    quotes: new Map(),
    firstPostAt: new Map(),
    instances: new Set(s.options.instances),
  };
  for (const p of s.posts) {
    idx.byId.set(p.id, p);
    push(idx.byAuthor, p.author, p);
    if (p.replyTo) push(idx.replies, p.replyTo, p);
    if (p.boostOf) push(idx.boosts, p.boostOf, p);
    if (p.quoteOf) push(idx.quotes, p.quoteOf, p);
    if (!idx.firstPostAt.has(p.author)) idx.firstPostAt.set(p.author, p.createdAt);
  }
  cache.set(s, idx);
  return idx;
}

/** How many posts of a time-ordered list were made at or before `now`. */
export function countUntil(list: readonly GenPost[] | undefined, now: number): number {
  if (!list || list.length === 0) return 0;
  if (now === Infinity) return list.length;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.createdAt <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last post of a time-ordered list at or before `now`. */
export function lastUntil(list: readonly GenPost[] | undefined, now: number): GenPost | undefined {
  const n = countUntil(list, now);
  return n > 0 ? list![n - 1] : undefined;
}

/** Hosts that look like Misskey servers (their URIs are `/notes/<id>`). */
export function isMisskeyHost(host: string): boolean {
  return /(^|\.|-)(misskey|msk|mk)(\.|-|$)/.test(host);
}

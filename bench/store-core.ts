/**
 * The storage benchmarks themselves, free of Node and of the browser: bench/store.ts runs them in
 * Node on fake-indexeddb, bench/store-browser.ts in Chromium on its real IndexedDB. They drive the
 * product's own path: the real engine inside the background's EngineHost, writing to the store.
 */
import { EngineHost } from '../src/background/engine-host';
import { createEngine } from '../src/core/engine';
import type { Post } from '../src/core/model';
import type { BreakwaterDB } from '../src/storage/db';
import { loadEngineRecords, saveEngineRecords } from '../src/storage/engine-records';
import { prune } from '../src/storage/prune';
import { timeline } from './store-posts';

export type MakeDb = (name: string) => BreakwaterDB;
export type Log = (line: string) => void;

const DAY = 86_400_000;
export const START = Date.UTC(2025, 0, 6);
const INSTANCE = 'mastodon.example';

export interface Stats {
  n: number;
  median: number;
  p95: number;
  mean: number;
  max: number;
}

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]!;
  return { n: s.length, median: at(0.5), p95: at(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length, max: s.at(-1)! };
}

function hostOn(d: BreakwaterDB, clock: { now: number }) {
  return new EngineHost({
    db: d,
    engine: createEngine(),
    push: async () => {},
    now: () => clock.now,
    flushDelayMs: 1e9,
  });
}

function* batches(posts: Iterable<Post>, size: number): Generator<Post[]> {
  let b: Post[] = [];
  for (const p of posts) {
    b.push(p);
    if (b.length === size) {
      yield b;
      b = [];
    }
  }
  if (b.length) yield b;
}

/**
 * Time to store a batch of 100 verdicts: what the background writes after a content script sent
 * 100 posts (the posts with their verdicts, their authors, waves), on a database that already
 * holds `warm` posts; and, separately, the write of the engine's changed records, which the host
 * makes at most every 5 s (here after every `recordsEvery` batches).
 */
export async function benchBatch(makeDb: MakeDb, warm: number, measured: number, log: Log, recordsEvery = 10) {
  const d = makeDb('bench-batch');
  const clock = { now: START };
  const host = hostOn(d, clock);
  await host.start();
  const ingest: number[] = [];
  const store: number[] = [];
  const records: number[] = [];
  let i = 0;
  for (const b of batches(timeline(warm + measured * 100, { perDay: 50_000, start: START, instance: INSTANCE }), 100)) {
    clock.now = b.at(-1)!.createdAt;
    const t0 = performance.now();
    await host.ingest(b, 1);
    const t1 = performance.now();
    await host.flush({ records: false });
    const t2 = performance.now();
    const counted = i++ * 100 >= warm;
    if (counted) {
      ingest.push(t1 - t0);
      store.push(t2 - t1);
    }
    if (i % recordsEvery === 0) {
      const t3 = performance.now();
      await host.flush();
      if (counted) records.push(performance.now() - t3);
    }
  }
  const res = { warm, recordsEvery, ingest: stats(ingest), store: stats(store), records: stats(records) };
  log(`batch of 100 verdicts: store ${fmt(res.store)}; engine ${fmt(res.ingest)} (after ${warm} posts)`);
  log(`engine records of ${recordsEvery} batches: store ${fmt(res.records)}`);
  host.dispose();
  return res;
}

/** Fills a database with the engine state of `posts` posts (the restore benchmark's input). */
export async function fillForRestore(makeDb: MakeDb, posts: number, log: Log) {
  const d = makeDb('bench-restore');
  const engine = createEngine();
  for (const b of batches(timeline(posts, { perDay: 50_000, start: START, instance: INSTANCE, seed: 7 }), 500))
    engine.ingest(b);
  const records = engine.exportRecords();
  await saveEngineRecords(records, d);
  const stats = engine.stats();
  log(
    `restore input: ${posts} posts, ${records.length} records, window ${stats.windowPosts} posts, ${stats.waves} waves`,
  );
  d.close();
  return { records: records.length, windowPosts: stats.windowPosts };
}

/** One service-worker start: a new connection and a new engine, restored from the store. */
export async function measureRestore(makeDb: MakeDb) {
  const d = makeDb('bench-restore');
  const t0 = performance.now();
  await d.open();
  const t1 = performance.now();
  const records = await loadEngineRecords(d);
  const t2 = performance.now();
  const engine = createEngine();
  engine.importRecords(records);
  const t3 = performance.now();
  const windowPosts = engine.stats().windowPosts;
  d.close();
  return { open: t1 - t0, read: t2 - t1, import: t3 - t2, total: t3 - t0, records: records.length, windowPosts };
}

/**
 * A week of a busy instance's federated timeline through the background: `perDay` posts a day in
 * batches of 100, each batch stored as the host stores it, pruning once a simulated hour (the
 * alarm runs every 30 minutes) with the default settings (posts and fingerprints kept 3 days).
 */
export async function benchWeek(
  makeDb: MakeDb,
  days: number,
  perDay: number,
  log: Log,
  size: (d: BreakwaterDB) => Promise<number>,
) {
  const d = makeDb('bench-week');
  const clock = { now: START };
  const host = hostOn(d, clock);
  await host.start();
  let nextPrune = START + 3_600_000;
  let stored = 0;
  const t0 = performance.now();
  for (const b of batches(timeline(days * perDay, { perDay, start: START, instance: INSTANCE, seed: 3 }), 100)) {
    clock.now = b.at(-1)!.createdAt;
    await host.ingest(b, 1);
    // As the host does: verdicts at once, the engine's records every few seconds (every 10 batches).
    await host.flush({ records: stored % 1000 === 900 });
    stored += b.length;
    if (clock.now >= nextPrune) {
      await prune(d, { now: clock.now, yieldFn: async () => {} });
      nextPrune += 3_600_000;
    }
    if (stored % (perDay / 2) === 0) log(`  week: ${stored} posts, day ${((clock.now - START) / DAY).toFixed(1)}`);
  }
  await host.flush();
  await prune(d, { now: clock.now, yieldFn: async () => {} });
  const counts: Record<string, number> = {};
  for (const t of d.tables) counts[t.name] = await t.count();
  const bytes = await size(d);
  const res = { days, perDay, posts: stored, counts, bytes, seconds: (performance.now() - t0) / 1000 };
  log(`week: ${stored} posts seen, after pruning ${JSON.stringify(counts)}, ${(bytes / 1048576).toFixed(1)} MB`);
  host.dispose();
  return res;
}

export function fmt(s: Stats): string {
  return `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n=${s.n})`;
}

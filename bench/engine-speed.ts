/**
 * Speed benchmark (issue 3): posts per second on one core, time per post (p50/p99) with 100,000
 * recent posts in the window, memory, save/restore time, and the scaling against a naive
 * all-pairs comparison (every new post compared with every post in the window).
 *
 *   npx tsx bench/engine-speed.ts [--window 100000] [--measure 20000] [--quick]
 *
 * The stream is real generator traffic (spam waves and hard cases included): 20-odd seeds of the
 * scenario, each post rendered once by the first simulated instance that receives it and
 * normalized, re-keyed per seed and laid out in time (seeds overlapping by half) so that every
 * post is distinct and stays inside the engine's 72-hour window.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { createEngine, type BreakwaterEngine } from '../src/core/engine';
import type { Post } from '../src/core/model';
import { computeFeatures, newFeatures } from '../src/core/waves/features';
import { K, similarity } from '../src/core/waves/minhash';
import { normalizeMastodonStatus } from '../src/platforms/mastodon/normalize';
import { normalizeMisskeyNote } from '../src/platforms/misskey/normalize';
import { buildCorpus, scenarioFor, type CorpusItem } from './engine-corpus';

const HOUR = 3_600_000;
const gcNow = () => (globalThis as { gc?: () => void }).gc?.();

function rekey(p: Post, seed: number, shift: number): Post {
  const tag = `s${seed}`;
  const re = (x: Post): Post => ({
    ...x,
    key: `${x.instance}/${tag}-${x.id}`,
    id: `${tag}-${x.id}`,
    url: x.url ? `${x.url}#${tag}` : null,
    uri: x.uri ? `${x.uri}#${tag}` : null,
    createdAt: x.createdAt + shift,
    author: {
      ...x.author,
      key: `${tag}.${x.author.key}`,
      createdAt: x.author.createdAt === null ? null : x.author.createdAt + shift,
    },
    quote: x.quote ? re(x.quote) : null,
  });
  return re(p);
}

export function speedStream(total: number): { posts: Post[]; items: CorpusItem[] } {
  const posts: Post[] = [];
  let items: CorpusItem[] = [];
  let seed = 1001;
  let shift = 0;
  while (posts.length < total) {
    const corpus = buildCorpus(scenarioFor(seed), true);
    if (items.length === 0) items = corpus;
    const first = corpus[0]!.post.createdAt;
    const last = corpus[corpus.length - 1]!.post.createdAt;
    for (const it of corpus) posts.push(rekey(it.post, seed, shift));
    // Seeds overlap by half, so that 100,000 distinct posts fit in the 72-hour window.
    shift += Math.round((last - first) / 2);
    seed++;
  }
  return { posts: posts.slice(0, total), items };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
const kb = (b: number) => `${Math.round(b / 1024).toLocaleString('en')} KB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1000;
};

interface Loop {
  wallMs: number;
  cpuMs: number;
  lat: Float64Array;
}

/** Fills a new engine with `window` posts, then times each of the next `measure` posts, one per call. */
function oneByOne(posts: readonly Post[], window: number, measure: number): { loop: Loop; engine: BreakwaterEngine } {
  const engine = createEngine();
  for (let i = 0; i < window; i++) engine.ingest([posts[i]!]);
  const lat = new Float64Array(measure);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < measure; i++) {
    const a = performance.now();
    engine.ingest([posts[window + i]!]);
    lat[i] = performance.now() - a;
  }
  const wallMs = performance.now() - t0;
  const loop = { wallMs, cpuMs: cpuMs(c0), lat: lat.sort() };
  return { loop, engine };
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} posts/s`;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(' | ')} |`;
  return [line(head), `|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The naive alternative: compare the new post's signature with every post in the window. */
class NaiveWindow {
  sigs: Uint16Array;
  n = 0;
  constructor(cap: number) {
    this.sigs = new Uint16Array(cap * K);
  }
  add(sig: Uint16Array) {
    this.sigs.set(sig, (this.n % (this.sigs.length / K)) * K);
    this.n++;
  }
  best(sig: Uint16Array): number {
    let best = 0;
    const m = Math.min(this.n, this.sigs.length / K);
    for (let i = 0; i < m; i++) {
      const s = similarity(sig, 0, this.sigs, i * K);
      if (s > best) best = s;
    }
    return best;
  }
}

function main(argv: string[]) {
  let windowSize = 100_000;
  let measure = 20_000;
  const quick = argv.includes('--quick');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--window') windowSize = Number(argv[++i]);
    if (argv[i] === '--measure') measure = Number(argv[++i]);
  }
  if (quick) {
    windowSize = 20_000;
    measure = 5_000;
  }
  const t0 = performance.now();
  const { posts: all, items } = speedStream(windowSize + measure + 40);
  const posts = all.slice(0, windowSize + measure);
  const next = all.slice(windowSize + measure);
  console.log(`stream: ${posts.length} posts built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const span = (posts[posts.length - 1]!.createdAt - posts[0]!.createdAt) / HOUR;
  console.log(`stream spans ${span.toFixed(1)} hours (window 72 h, capacity 131,072 posts), node ${process.version}\n`);

  // Normalization cost (JSON -> Post), on the first seed's rendered JSON.
  const nItems = items.slice(0, 5000);
  const tn = performance.now();
  for (const it of nItems) {
    if (it.domain.startsWith('mastodon')) normalizeMastodonStatus(it.json, it.domain);
    else normalizeMisskeyNote(it.json, it.domain);
  }
  const normUs = ((performance.now() - tn) / nItems.length) * 1000;
  // Drop the rendered JSON before measuring memory: only the Posts stay.
  items.length = 0;
  nItems.length = 0;

  gcNow();
  const loadBefore = load();
  const mem0 = process.memoryUsage();
  const tw = performance.now();
  const { loop: one, engine } = oneByOne(posts, windowSize, measure);
  const warmMs = performance.now() - tw - one.wallMs;
  gcNow();
  const mem1 = process.memoryUsage();
  const lat = one.lat;
  const stats = engine.stats();

  // The same posts as the background gets them from a tab: structured-cloned (flat strings, laid
  // out together), instead of the objects the generator built in this process.
  const cloned = structuredClone(posts.slice(0, windowSize + measure));
  gcNow();
  const { loop: oneCloned } = oneByOne(cloned, windowSize, measure);
  cloned.length = 0;
  const loadAfter = load();

  // Batched ingest (the background hands the engine a timeline page at a time).
  const engineB = createEngine();
  const tb = performance.now();
  for (let i = 0; i < windowSize + measure; i += 40)
    engineB.ingest(posts.slice(i, Math.min(i + 40, windowSize + measure)));
  const batchMs = performance.now() - tb;

  // Save and restore.
  const te = performance.now();
  const records = engine.exportRecords();
  const exportMs = performance.now() - te;
  const fresh = createEngine();
  const ti = performance.now();
  fresh.importRecords(records);
  const importMs = performance.now() - ti;
  const fpRecords = records.filter((r) => r.kind === 'fingerprint' && r.key.startsWith('fp:')).length;
  // Cold restore in a fresh process, from structured-clone bytes (what IndexedDB stores).
  const file = join(tmpdir(), `breakwater-engine-${process.pid}.bin`);
  const bytes = serialize(records);
  writeFileSync(file, bytes);
  const colds: { deserializeMs: number; importMs: number; windowPosts: number; heapMB: number; typedMB: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/engine-restore.ts', file], {
      encoding: 'utf8',
    });
    colds.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  rmSync(file, { force: true });
  colds.sort((a, b) => a.importMs - b.importMs);
  const cold = colds[1]!;
  // An incremental save after a 40-post page of new posts.
  const ta = performance.now();
  engine.ingest(next);
  const drained = engine.drainChanges();
  const drainMs = performance.now() - ta;
  // What a batch of 100 posts dirties: the drained records' structured-clone size, batch by batch.
  const drainBytes: number[] = [];
  const engineD = createEngine();
  for (let i = 0; i < windowSize; i += 100) engineD.ingest(posts.slice(i, i + 100));
  engineD.drainChanges();
  for (let i = windowSize; i + 100 <= windowSize + Math.min(measure, 5000); i += 100) {
    engineD.ingest(posts.slice(i, i + 100));
    drainBytes.push(engineD.drainChanges().reduce((n, r) => n + serialize(r).length, 0));
  }
  drainBytes.sort((a, b) => a - b);

  console.log(
    table(
      ['measure', 'value', 'goal'],
      [
        ['window when measured', `${stats.windowPosts} posts`, '100,000 recent posts'],
        ['load average (1, 5, 15 min) before / after', `${loadBefore} / ${loadAfter}`, ''],
        ['throughput, one post per call', rate(measure, one.wallMs), '≥ 50,000 posts/s'],
        ['  by the process CPU time (all threads, GC helpers too)', rate(measure, one.cpuMs), ''],
        [
          '  posts structured-cloned, as from a tab',
          `${rate(measure, oneCloned.wallMs)} (CPU time: ${rate(measure, oneCloned.cpuMs)}), p50 ${us(percentile(oneCloned.lat, 0.5))}, p99 ${us(percentile(oneCloned.lat, 0.99))}`,
          '',
        ],
        [
          'throughput, 40 posts per call',
          `${Math.round(((windowSize + measure) / batchMs) * 1000).toLocaleString('en')} posts/s`,
          '',
        ],
        [
          'warm-up (empty to full window)',
          `${Math.round((windowSize / warmMs) * 1000).toLocaleString('en')} posts/s`,
          '',
        ],
        ['time per post p50', us(percentile(lat, 0.5)), ''],
        ['time per post p99', us(percentile(lat, 0.99)), '< 1 ms'],
        ['time per post max', us(lat[lat.length - 1]!), ''],
        ['normalize JSON -> Post (extra)', `${normUs.toFixed(1)} µs/post`, ''],
        ['memory: typed arrays of the engine', mb(mem1.arrayBuffers - mem0.arrayBuffers), ''],
        [
          'memory of a restored engine (fresh process)',
          `${cold.typedMB.toFixed(1)} MB typed arrays + ${cold.heapMB.toFixed(1)} MB JS heap`,
          '',
        ],
        ['exportRecords', `${exportMs.toFixed(0)} ms, ${records.length} records (${fpRecords} fingerprint chunks)`, ''],
        ['importRecords, warm process', `${importMs.toFixed(0)} ms`, ''],
        [
          'restore in a fresh process (median of 3)',
          `${cold.importMs.toFixed(0)} ms import + ${cold.deserializeMs.toFixed(0)} ms deserializing ${mb(bytes.length)}, ${cold.windowPosts} posts`,
          '≪ 200 ms',
        ],
        ['ingest 40 new posts + drainChanges', `${drainMs.toFixed(1)} ms, ${drained.length} records`, ''],
        [
          'drainChanges after a batch of 100 posts',
          `median ${kb(percentile(Float64Array.from(drainBytes), 0.5))}, max ${kb(drainBytes.at(-1) ?? 0)} (${drainBytes.length} batches)`,
          '',
        ],
        ['clusters / waves in memory', `${stats.clusters} / ${stats.waves}`, ''],
      ],
    ),
  );

  // Scaling: engine vs naive all-pairs, by window size.
  const sizes = quick ? [5_000, 10_000, 20_000] : [10_000, 25_000, 50_000, 100_000];
  const rows: string[][] = [];
  const f = newFeatures();
  for (const size of sizes) {
    const e = createEngine();
    for (let i = 0; i < size; i++) e.ingest([posts[i]!]);
    const probe = posts.slice(size, size + 2000);
    const a = performance.now();
    for (const p of probe) e.ingest([p]);
    const engUs = ((performance.now() - a) / probe.length) * 1000;
    const naive = new NaiveWindow(size);
    for (let i = 0; i < size; i++) {
      computeFeatures(posts[i]!, f, null);
      naive.add(f.sig);
    }
    const nprobe = posts.slice(size, size + 200);
    const b = performance.now();
    for (const p of nprobe) {
      computeFeatures(p, f, null);
      naive.best(f.sig);
      naive.add(f.sig);
    }
    const naiveUs = ((performance.now() - b) / nprobe.length) * 1000;
    rows.push([
      size.toLocaleString('en'),
      `${engUs.toFixed(1)} µs`,
      `${naiveUs.toFixed(1)} µs`,
      `${(naiveUs / engUs).toFixed(1)}x`,
    ]);
  }
  console.log(
    '\nTime per post by window size (the engine walks a few LSH chains; the naive check compares with every post):\n',
  );
  console.log(table(['posts in window', 'engine', 'naive all-pairs (text only)', 'naive / engine'], rows));
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));

/**
 * Cold restore, as after the background service worker was stopped: a fresh process reads the
 * engine's records (structured-clone serialized, as IndexedDB keeps them) and imports them.
 * Run by bench/engine-speed.ts: `node --expose-gc --import tsx bench/engine-restore.ts FILE`
 * prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { createEngine } from '../src/core/engine';
import type { EngineRecord } from '../src/core/engine-api';

const gc = (globalThis as { gc?: () => void }).gc;
const bytes = readFileSync(process.argv[2]!);
gc?.();
const mem0 = process.memoryUsage();
const t0 = performance.now();
const records = deserialize(bytes) as EngineRecord[];
const t1 = performance.now();
const engine = createEngine();
const t2 = performance.now();
engine.importRecords(records);
const t3 = performance.now();
records.length = 0;
gc?.();
const mem1 = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    deserializeMs: t1 - t0,
    createMs: t2 - t1,
    importMs: t3 - t2,
    windowPosts: engine.stats().windowPosts,
    // The restored engine alone: what a freshly woken service worker holds.
    heapMB: (mem1.heapUsed - mem0.heapUsed) / 1048576,
    typedMB: (mem1.arrayBuffers - mem0.arrayBuffers) / 1048576,
  }) + '\n',
);

/**
 * Cold restore, as after the background service worker was stopped: a fresh process reads the
 * engine's records (structured-clone serialized, as IndexedDB keeps them) and imports them.
 * Run by bench/engine-speed.ts: `node --import tsx bench/engine-restore.ts FILE` prints JSON.
 */
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { createEngine } from '../src/core/engine';
import type { EngineRecord } from '../src/core/engine-api';

const t0 = performance.now();
const records = deserialize(readFileSync(process.argv[2]!)) as EngineRecord[];
const t1 = performance.now();
const engine = createEngine();
const t2 = performance.now();
engine.importRecords(records);
const t3 = performance.now();
process.stdout.write(
  JSON.stringify({
    deserializeMs: t1 - t0,
    createMs: t2 - t1,
    importMs: t3 - t2,
    windowPosts: engine.stats().windowPosts,
  }) + '\n',
);

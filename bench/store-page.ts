/**
 * The storage benchmarks' entry in a browser page (bundled and driven by bench/store-browser.ts):
 * the same code as in Node, on the browser's own IndexedDB.
 */
import Dexie from 'dexie';
import { BreakwaterDB } from '../src/storage/db';
import { benchBatch, benchWeek, fillForRestore, measureRestore, type MakeDb } from './store-core';

const makeDb: MakeDb = (name) => new BreakwaterDB(name);
const lines: string[] = [];
const log = (s: string) => void lines.push(s);

/** The origin's usage as the browser counts it (IndexedDB on disk, after its compression). */
async function usage(): Promise<number> {
  return (await navigator.storage.estimate()).usage ?? 0;
}

Object.assign(globalThis, {
  storeBench: {
    lines,
    batch: (warm: number, measured: number) => benchBatch(makeDb, warm, measured, log),
    fill: (posts: number) => fillForRestore(makeDb, posts, log),
    restore: () => measureRestore(makeDb),
    week: async (days: number, perDay: number) => {
      // The origin's usage counts every database: only the week's is left.
      for (const name of ['bench-batch', 'bench-restore']) await Dexie.delete(name);
      return benchWeek(makeDb, days, perDay, log, usage);
    },
    usage,
  },
});

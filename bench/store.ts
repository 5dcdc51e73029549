/**
 * Storage benchmarks in Node, on fake-indexeddb (a JavaScript IndexedDB: slower than a browser's,
 * so these are upper bounds; bench/store-browser.ts measures the same in Chromium).
 *
 *   npm run bench:store                      # Node (fake-indexeddb), then Chromium if installed
 *   npx tsx bench/store.ts [--quick] [--only batch|restore|week] [--json FILE]
 *
 * Sizes here are the structured-clone size of every row (v8.serialize), what IndexedDB stores
 * before its own compression.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { serialize } from 'node:v8';
import { BreakwaterDB } from '../src/storage/db';
import { benchBatch, benchWeek, fillForRestore, fmt, measureRestore, stats, type MakeDb } from './store-core';

const quick = process.argv.includes('--quick');
const jsonAt = process.argv.indexOf('--json');
const onlyAt = process.argv.indexOf('--only');
const want = (part: string) => onlyAt < 0 || process.argv[onlyAt + 1] === part;
const log = (s: string) => console.log(s);
const makeDb: MakeDb = (name) => new BreakwaterDB(name);

async function rowBytes(d: BreakwaterDB): Promise<number> {
  let bytes = 0;
  const per: string[] = [];
  for (const t of d.tables) {
    let n = 0;
    await t.each((row) => void (n += serialize(row).length));
    if (n) per.push(`${t.name} ${(n / 1048576).toFixed(1)} MB`);
    bytes += n;
  }
  log(`  rows by table: ${per.join(', ')}`);
  return bytes;
}

async function main() {
  log(`Node ${process.version}, fake-indexeddb${quick ? ', --quick' : ''}`);
  const out: Record<string, unknown> = { env: `node ${process.version} fake-indexeddb` };
  if (want('batch')) out.batch = await benchBatch(makeDb, quick ? 2_000 : 20_000, quick ? 20 : 100, log);
  if (want('restore')) {
    const fill = await fillForRestore(makeDb, quick ? 20_000 : 100_000, log);
    const runs = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) runs.push(await measureRestore(makeDb));
    const restore = {
      ...fill,
      total: stats(runs.map((r) => r.total)),
      open: stats(runs.map((r) => r.open)),
      read: stats(runs.map((r) => r.read)),
      import: stats(runs.map((r) => r.import)),
    };
    log(`restore: total ${fmt(restore.total)}`);
    log(`  open ${fmt(restore.open)}; read ${fmt(restore.read)}; import ${fmt(restore.import)}`);
    out.restore = restore;
  }
  if (want('week')) out.week = await benchWeek(makeDb, quick ? 1 : 7, quick ? 10_000 : 50_000, log, rowBytes);
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(out, null, 2));
}

void main();

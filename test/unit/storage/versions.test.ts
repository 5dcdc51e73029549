/**
 * The database and other connections on other versions (fake-indexeddb, as the other storage
 * tests): an old connection that blocks the upgrade, a newer version that asks this one to close,
 * a database written by a newer Breakwater, and a migration refused for quota. After each, nothing
 * stored is lost and the user is told what is going on (the storage health the options page shows).
 */
import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BreakwaterDB, declareVersions } from '../../../src/storage/db';
import { readHealth, reportProblem } from '../../../src/storage/health';
import { watchOpen } from '../../../src/storage/open-watch';
import { CURRENT_VERSION, SCHEMA_HISTORY } from '../../../src/storage/schema';
import { simulateQuota } from './quota-sim';

const instance = {
  domain: 'a.test',
  origin: 'http://a.test',
  platform: 'mastodon',
  software: 'mastodon',
  version: '4.6.5',
  addedAt: 1,
};

let names: string[] = [];
const open: Dexie[] = [];
beforeEach(() => fakeBrowser.reset());
afterEach(async () => {
  for (const d of open.splice(0)) d.close();
  for (const n of names) await Dexie.delete(n);
  names = [];
});

/** A database as version 1 left it, with one instance. */
async function writeV1(): Promise<string> {
  const name = `versions-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  const old = new Dexie(name);
  declareVersions(old, 1);
  await old.open();
  await old.table('instances').put(instance);
  old.close();
  return name;
}

/** A raw IndexedDB connection (no Dexie: it does not close on versionchange), as a stuck page holds. */
function holdRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe('another connection on another version', () => {
  test('an old connection blocks the upgrade: the user is told what to close; once closed, the upgrade runs and nothing is lost', async () => {
    expect(CURRENT_VERSION).toBeGreaterThan(1);
    const name = await writeV1();
    const raw = await holdRaw(name);
    const d = new BreakwaterDB(name);
    open.push(d);
    watchOpen(d, (state, message) => reportProblem(state, message));
    let opened = false;
    const opening = d.open().then(() => (opened = true));
    await expect.poll(async () => (await readHealth()).state).toBe('blocked');
    const h = await readHealth();
    expect(h).toMatchObject({
      state: 'blocked',
      message: expect.stringMatching(
        new RegExp(
          `holds it at schema version 1, and this version needs ${CURRENT_VERSION}.*Close Breakwater's other pages.*Nothing stored is lost`,
        ),
      ),
    });
    expect(opened).toBe(false);
    raw.close();
    await opening;
    expect(d.verno).toBe(CURRENT_VERSION);
    expect(await d.instances.get('a.test')).toMatchObject({ ...instance, role: 'unknown' });
    await expect.poll(async () => (await readHealth()).state).toBe('ok');
  });

  test('a newer version asks this connection to close: it does, the upgrade goes on, this context still reads every row', async () => {
    const name = await writeV1();
    const d = new BreakwaterDB(name);
    open.push(d);
    await d.open();
    await d.decisions.put({ postKey: 'a.test/1', decision: 'spam', at: 5 } as never);
    const newer = new Dexie(name);
    open.push(newer);
    declareVersions(newer, CURRENT_VERSION);
    newer.version(CURRENT_VERSION + 1).stores({ somethingNew: 'id' });
    await newer.open();
    expect(newer.verno).toBe(CURRENT_VERSION + 1);
    newer.close();
    // This context (an old page left open across an update) reopens on its next query.
    expect(await d.instances.get('a.test')).toMatchObject(instance);
    expect(await d.decisions.count()).toBe(1);
  });

  test('a database written by a newer Breakwater (a downgrade) opens with every row, none deleted', async () => {
    const name = await writeV1();
    const newer = new Dexie(name);
    declareVersions(newer, CURRENT_VERSION);
    newer.version(CURRENT_VERSION + 1).stores({ somethingNew: 'id' });
    await newer.open();
    await newer.table('somethingNew').put({ id: 'kept' });
    newer.close();
    const d = new BreakwaterDB(name);
    open.push(d);
    await d.open();
    expect(await d.instances.get('a.test')).toMatchObject(instance);
    d.close();
    const again = new Dexie(name);
    open.push(again);
    await again.open();
    expect(await again.table('somethingNew').get('kept')).toEqual({ id: 'kept' });
  });
});

test('a migration refused for quota leaves the old database as it was; it runs once space is back', async () => {
  const name = await writeV1();
  const d = new BreakwaterDB(name);
  open.push(d);
  const quota = simulateQuota(d, ['instances']);
  quota.full = true;
  await expect(d.open()).rejects.toThrow(/quota/i);
  d.close();
  const old = new Dexie(name);
  old.version(1).stores(SCHEMA_HISTORY[0]!.stores);
  await old.open();
  expect(old.verno).toBe(1);
  expect(await old.table('instances').toArray()).toEqual([instance]);
  old.close();
  const d2 = new BreakwaterDB(name);
  open.push(d2);
  await d2.open();
  expect(await d2.instances.get('a.test')).toMatchObject({ ...instance, role: 'unknown', capabilities: [] });
});

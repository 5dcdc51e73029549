import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, describe, expect, test } from 'vitest';
import { BreakwaterDB } from '../../../src/storage/db';
import { typedReviver } from '../../../src/storage/json';
import { CURRENT_VERSION, SCHEMA_HISTORY } from '../../../src/storage/schema';

/**
 * A database written by every earlier schema version opens with the current code and keeps its
 * data. Each fixture is a dump written by one version: its schema as that version declared it and
 * rows in every table. A new schema version adds a fixture here (see src/storage/schema.ts).
 */

interface Fixture {
  version: number;
  stores: Record<string, string>;
  tables: Record<string, Record<string, unknown>[]>;
}

const dir = join(__dirname, 'fixtures');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'), typedReviver) as Fixture)
  .sort((a, b) => a.version - b.version);

let names: string[] = [];
afterEach(async () => {
  for (const n of names) await Dexie.delete(n);
  names = [];
});

/** Writes a fixture with a Dexie that knows only the fixture's own schema. */
async function writeOld(f: Fixture): Promise<string> {
  const name = `migrate-v${f.version}-${Math.random().toString(36).slice(2)}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(f.version).stores(f.stores);
  await old.open();
  await old.transaction('rw', Object.keys(f.tables), async () => {
    for (const [table, rows] of Object.entries(f.tables)) await old.table(table).bulkAdd(rows);
  });
  old.close();
  return name;
}

function primaryKey(db: Dexie, table: string, row: Record<string, unknown>): unknown {
  const path = db.table(table).schema.primKey.keyPath;
  return Array.isArray(path) ? path.map((p) => row[p]) : row[path as string];
}

describe('schema history', () => {
  test('every version has a fixture written by it', () => {
    expect(fixtures.map((f) => f.version)).toEqual(SCHEMA_HISTORY.map((s) => s.version));
  });

  test.each(fixtures)('version $version was not edited after release', (f) => {
    expect(SCHEMA_HISTORY.find((s) => s.version === f.version)?.stores).toEqual(f.stores);
  });

  test('versions only grow', () => {
    const versions = SCHEMA_HISTORY.map((s) => s.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(CURRENT_VERSION).toBe(versions.at(-1));
  });
});

describe.each(fixtures)('a database written by version $version', (f) => {
  test('opens at the current version with every row intact', async () => {
    const name = await writeOld(f);
    const db = new BreakwaterDB(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_VERSION);
    for (const [table, rows] of Object.entries(f.tables)) {
      for (const row of rows) {
        const stored = await db.table(table).get(primaryKey(db, table, row) as string);
        // Migrations may add fields; they never lose or change what was there.
        expect(stored, `${table} row ${JSON.stringify(primaryKey(db, table, row))}`).toMatchObject(row);
      }
      expect(await db.table(table).count()).toBe(rows.length);
    }
    db.close();
  });

  test('instances have the current shape after the upgrade', async () => {
    const name = await writeOld(f);
    const db = new BreakwaterDB(name);
    for (const row of await db.instances.toArray()) {
      expect(row.login).toEqual(expect.objectContaining({ kind: expect.any(String) }));
      expect(['unknown', 'user', 'moderator', 'admin']).toContain(row.role);
      expect(Array.isArray(row.capabilities)).toBe(true);
      expect(typeof row.settings).toBe('object');
    }
    db.close();
  });

  test('the upgraded database takes new rows in every table and its indexes answer', async () => {
    const name = await writeOld(f);
    const db = new BreakwaterDB(name);
    const T = 1_800_000_000_000;
    await db.posts.put({
      key: 'x.test/1',
      instance: 'x.test',
      id: '1',
      url: null,
      authorKey: 'a@x.test',
      createdAt: T,
      seenAt: T,
      expiresAt: T + 1,
      text: 't',
      cw: '',
      label: 'spam',
      score: 1,
      wave: 'w-new',
      verdict: {
        postKey: 'x.test/1',
        verdict: 'spam',
        score: 1,
        wave: 'w-new',
        freshAccount: false,
        accountAgeHours: null,
        reasons: [],
      },
      post: null,
    });
    expect(await db.posts.where('[wave+seenAt]').between(['w-new', 0], ['w-new', Infinity]).count()).toBe(1);
    expect(await db.tokens.where('instance').equals('nowhere.test').count()).toBe(0);
    db.close();
  });
});

test('a refused migration leaves the old database as it was', async () => {
  const f = fixtures[0]!;
  const name = await writeOld(f);
  // A version-2 upgrade that fails halfway: Dexie aborts the upgrade transaction.
  const broken = new Dexie(name);
  broken.version(1).stores(f.stores);
  broken
    .version(2)
    .stores(SCHEMA_HISTORY[1]!.stores)
    .upgrade(async (tx) => {
      await tx.table('instances').toCollection().modify({ role: 'unknown' });
      throw new Error('disk on fire');
    });
  await expect(broken.open()).rejects.toThrow();
  broken.close();
  const old = new Dexie(name);
  old.version(1).stores(f.stores);
  await old.open();
  expect(old.verno).toBe(1);
  expect(await old.table('instances').toArray()).toEqual(f.tables.instances);
  old.close();
});

/**
 * Key lists of the JSON in ../shared/fixtures/mastodon/<version>/api, the ground truth that the
 * sim's Mastodon JSON is compared with (the fixture is right where a reference disagrees).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The captured pages and answers in test/fixtures/captured (override with BREAKWATER_FIXTURES). */
export const FIXTURES_DIR =
  process.env.BREAKWATER_FIXTURES ?? resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/captured');

export function mastodonFixture(version: string, file: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'mastodon', version, 'api', file), 'utf8'));
}

export function haveFixtures(): boolean {
  return existsSync(join(FIXTURES_DIR, 'mastodon', '4.6.5', 'api'));
}

type Obj = Record<string, unknown>;

/** All statuses of a version's timeline captures (top level, reblogs and quotes). */
export function fixtureStatuses(version: string): Obj[] {
  const dir = join(FIXTURES_DIR, 'mastodon', version, 'api');
  const out: Obj[] = [];
  for (const f of readdirSync(dir).filter((f) => f.startsWith('GET_api_v1_timelines_'))) {
    for (const s of JSON.parse(readFileSync(join(dir, f), 'utf8')) as Obj[]) {
      out.push(s);
      if (s.reblog) out.push(s.reblog as Obj);
      const q = s.quote as { quoted_status?: Obj } | null | undefined;
      if (q?.quoted_status) out.push(q.quoted_status);
    }
  }
  return out;
}

/** Distinct key lists (as comma-joined strings) of the objects `pick` returns. */
export function keyVariants(objs: Obj[], pick: (o: Obj) => unknown[]): Set<string> {
  const out = new Set<string>();
  for (const o of objs) for (const x of pick(o)) if (x && typeof x === 'object') out.add(Object.keys(x).join(','));
  return out;
}

export function keysOf(o: unknown): string {
  return Object.keys(o as Obj).join(',');
}

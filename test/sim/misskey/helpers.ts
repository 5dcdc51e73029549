/** Test helpers for the simulated Misskey: a controllable clock, fixture loading, key-set comparison. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../generator/types';
import type { SimClock } from '../types';
import { createMisskeyInstance, type MisskeySimInstance } from './index';
import { smallScenario, T0 } from './test-scenario';

const here = dirname(fileURLToPath(import.meta.url));
/** The captures from a real Misskey 2025.7.0 (test/fixtures/captured/misskey). */
export const FIXTURES = join(here, '..', '..', 'fixtures', 'captured', 'misskey');

export interface Fixture {
  request: {
    endpoint: string;
    body: Record<string, unknown> | null;
    authorization?: string;
    attempts?: { n: number; status: number; code: string | null; retryAfter: string | null }[];
  };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

/** An API exchange captured from Misskey 2025.7.0 (test/fixtures/captured/misskey/api). */
export function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, 'api', `${name}.json`), 'utf8')) as Fixture;
}

export class ManualClock implements SimClock {
  constructor(
    public t: number,
    public readonly scale = 1,
  ) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Bench {
  inst: MisskeySimInstance;
  clock: ManualClock;
  scenario: Scenario;
  /** Calls as a local user (by username) with their web UI token. */
  as(user: string, endpoint: string, body?: Record<string, unknown>): ReturnType<MisskeySimInstance['call']>;
}

export function bench(
  opts: { scale?: number; version?: string; domain?: string; deliverAll?: boolean; at?: number } = {},
): Bench {
  const domain = opts.domain ?? 'misskey-a.test';
  const scenario = smallScenario(domain);
  const clock = new ManualClock(opts.at ?? T0 + 60 * 60_000, opts.scale ?? 1);
  const inst = createMisskeyInstance({ domain, version: opts.version ?? '2025.7.0', clock, scenario, live: null });
  if (opts.deliverAll !== false) inst.deliver(scenario.posts.map((p) => p.id));
  return {
    inst,
    clock,
    scenario,
    as: (user, endpoint, body = {}) => inst.call(endpoint, { ...body, i: inst.token(user) }),
  };
}

export const keys = (o: unknown): string[] => Object.keys(o as Record<string, unknown>);

/**
 * The default roster of simulated instances, and the factory that builds one from its family. The
 * Misskey family lives in ./misskey (another module); it is registered only when that module exists.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig, SimInstance, SimPlatform } from './types';
import { createMastodonInstance } from './mastodon';

export interface RosterEntry {
  domain: string;
  platform: SimPlatform;
  version: string;
  /** Seed the moderation queue (open reports, pending sign-ups) for the triage features. */
  moderationSeed?: boolean;
}

export const DEFAULT_ROSTER: readonly RosterEntry[] = [
  { domain: 'mastodon-a.test', platform: 'mastodon', version: '4.6.5', moderationSeed: true },
  { domain: 'mastodon-b.test', platform: 'mastodon', version: '4.2.0' },
  { domain: 'misskey-a.test', platform: 'misskey', version: '2025.7.0' },
  { domain: 'misskey-b.test', platform: 'misskey', version: '2024.2.0' },
];

type MisskeyFactory = (cfg: InstanceConfig) => SimInstance;
let misskeyFactory: MisskeyFactory | null | undefined;

/** The Misskey family's factory, or null while ./misskey/index.ts does not exist yet. */
export async function loadMisskeyFactory(): Promise<MisskeyFactory | null> {
  if (misskeyFactory !== undefined) return misskeyFactory;
  const here = dirname(fileURLToPath(import.meta.url));
  if (!existsSync(join(here, 'misskey', 'index.ts')) && !existsSync(join(here, 'misskey', 'index.js')))
    return (misskeyFactory = null);
  const spec = './misskey/index';
  const mod = (await import(/* @vite-ignore */ spec)) as { createMisskeyInstance?: MisskeyFactory };
  misskeyFactory = typeof mod.createMisskeyInstance === 'function' ? mod.createMisskeyInstance : null;
  return misskeyFactory;
}

/** Roster entries whose family is available (Misskey entries drop out while it is missing). */
export async function availableRoster(roster: readonly RosterEntry[]): Promise<RosterEntry[]> {
  const mk = await loadMisskeyFactory();
  return roster.filter((r) => r.platform === 'mastodon' || mk !== null);
}

export async function createInstance(entry: RosterEntry, cfg: InstanceConfig): Promise<SimInstance> {
  if (entry.platform === 'mastodon')
    return createMastodonInstance({ ...cfg, moderationSeed: entry.moderationSeed ?? false });
  const mk = await loadMisskeyFactory();
  if (!mk) throw new Error(`the Misskey family (test/sim/misskey/index.ts) is not available for ${entry.domain}`);
  return mk(cfg);
}

import Dexie, { type EntityTable } from 'dexie';
import type { PlatformKind } from '../core/model';

/**
 * The one Breakwater database. Opened only in the extension's origin (background, popup,
 * options): never in a content script, where IndexedDB would belong to the instance's website.
 */

export interface InstanceRow {
  /** Domain as the user typed it, lower case, Unicode (e.g. `mastodon-a.test`). */
  domain: string;
  /** `https://domain` (or `http://` for local test domains), without trailing slash. */
  origin: string;
  platform: PlatformKind;
  /** nodeinfo software name, e.g. `mastodon`, `misskey`, `glitch-soc`. */
  software: string;
  version: string;
  addedAt: number;
}

export interface SettingRow {
  key: string;
  value: unknown;
}

export class BreakwaterDB extends Dexie {
  instances!: EntityTable<InstanceRow, 'domain'>;
  settings!: EntityTable<SettingRow, 'key'>;

  constructor(name = 'breakwater') {
    super(name);
    // Version 1: the foundation. Later versions add tables; never edit a released version.
    this.version(1).stores({
      instances: 'domain, platform, addedAt',
      settings: 'key',
    });
  }
}

let shared: BreakwaterDB | null = null;

/** The database for this extension context. */
export function db(): BreakwaterDB {
  shared ??= new BreakwaterDB();
  return shared;
}

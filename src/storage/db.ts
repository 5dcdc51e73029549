import Dexie, { type EntityTable, type Table } from 'dexie';
import { reportProblem } from './health';
import { MIGRATIONS } from './migrations';
import { watchOpen } from './open-watch';
import {
  CURRENT_VERSION,
  SCHEMA_HISTORY,
  type ActionRow,
  type AuditRow,
  type AuthorRow,
  type BatchRow,
  type DecisionRow,
  type EngineRow,
  type InstanceRow,
  type LimitRow,
  type PostRow,
  type RuleRow,
  type SettingRow,
  type SubscriptionRow,
  type TokenRow,
  type WaveRow,
} from './schema';

export type * from './schema';

/**
 * The one Breakwater database. Opened only in the extension's origin (background, popup,
 * options): never in a content script, where IndexedDB would belong to the instance's website.
 * One small module per table sits next to this file.
 */
export class BreakwaterDB extends Dexie {
  instances!: EntityTable<InstanceRow, 'domain'>;
  settings!: EntityTable<SettingRow, 'key'>;
  rules!: EntityTable<RuleRow, 'id'>;
  subscriptions!: EntityTable<SubscriptionRow, 'id'>;
  fingerprints!: EntityTable<EngineRow, 'key'>;
  learned!: EntityTable<EngineRow, 'key'>;
  engineState!: Table<EngineRow, [string, string]>;
  decisions!: EntityTable<DecisionRow, 'postKey'>;
  posts!: EntityTable<PostRow, 'key'>;
  authors!: EntityTable<AuthorRow, 'key'>;
  waves!: EntityTable<WaveRow, 'id'>;
  actions!: EntityTable<ActionRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;
  tokens!: Table<TokenRow, [string, string]>;
  batches!: EntityTable<BatchRow, 'id'>;
  limits!: EntityTable<LimitRow, 'key'>;

  constructor(name = 'breakwater') {
    super(name);
    declareVersions(this, CURRENT_VERSION);
  }
}

/** Declares the schema history up to `upTo` on a Dexie instance (tests open old versions with it). */
export function declareVersions(dx: Dexie, upTo: number): void {
  for (const { version, stores } of SCHEMA_HISTORY) {
    if (version > upTo) break;
    const v = dx.version(version).stores(stores);
    const migrate = MIGRATIONS[version];
    if (migrate) v.upgrade(migrate);
  }
}

let shared: BreakwaterDB | null = null;

/**
 * The database for this extension context. A block by another connection is written to the
 * storage health (browser.storage.local), where the options page shows it.
 */
export function db(): BreakwaterDB {
  if (!shared) {
    shared = new BreakwaterDB();
    watchOpen(shared, (state, message) => reportProblem(state, message).catch(() => undefined));
  }
  return shared;
}

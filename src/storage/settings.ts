import { db as sharedDb, type BreakwaterDB } from './db';

/**
 * Global settings with their defaults. A stored value of the wrong type (an old version, a bad
 * import) falls back to the default instead of breaking the reader.
 */
export const DEFAULT_SETTINGS = {
  /** Days a seen post, an author or a fingerprint is kept after it was last seen. */
  retentionDays: 3,
  /** Days a wave is kept after its last post. */
  waveRetentionDays: 30,
  /** Days an audit log entry is kept. */
  auditRetentionDays: 365,
  /** Caps: the oldest rows beyond these are pruned. */
  maxPosts: 200_000,
  maxAuthors: 200_000,
  maxFingerprints: 200_000,
  maxWaves: 5_000,
  maxAudit: 200_000,
};

export type Settings = typeof DEFAULT_SETTINGS;
export type SettingKey = keyof Settings;

function valid<K extends SettingKey>(key: K, value: unknown): value is Settings[K] {
  const def = DEFAULT_SETTINGS[key];
  if (typeof def === 'number') return typeof value === 'number' && Number.isFinite(value) && value > 0;
  return typeof value === typeof def;
}

export async function getSettings(d: BreakwaterDB = sharedDb()): Promise<Settings> {
  const rows = await d.settings.bulkGet(Object.keys(DEFAULT_SETTINGS));
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (row && row.key in DEFAULT_SETTINGS && valid(row.key as SettingKey, row.value)) {
      (out as Record<string, unknown>)[row.key] = row.value;
    }
  }
  return out;
}

export async function getSetting<K extends SettingKey>(key: K, d: BreakwaterDB = sharedDb()): Promise<Settings[K]> {
  const row = await d.settings.get(key);
  return row && valid(key, row.value) ? row.value : DEFAULT_SETTINGS[key];
}

export async function setSetting<K extends SettingKey>(
  key: K,
  value: Settings[K],
  d: BreakwaterDB = sharedDb(),
): Promise<void> {
  if (!valid(key, value)) throw new TypeError(`Setting ${key}: ${JSON.stringify(value)} is not a valid value.`);
  await d.settings.put({ key, value });
}

/** Other modules' settings (e.g. the UI's) may live in the same table under their own keys. */
export function isKnownSetting(key: string): key is SettingKey {
  return Object.hasOwn(DEFAULT_SETTINGS, key);
}

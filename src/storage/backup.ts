import * as v from 'valibot';
import { isRuleSet } from '../core/rules/merge';
import { validateRules } from '../core/rules/validate';
import { DecisionSchema, PostSchema } from '../messaging/validate';
import { db as sharedDb, type BreakwaterDB } from './db';
import { typedReplacer, typedReviver } from './json';
import { isQuotaError } from './quota';
import type { AuditRow, DecisionRow, RuleRow, SettingRow, SubscriptionRow } from './schema';
import { CURRENT_VERSION } from './schema';
import { DEFAULT_SETTINGS, isKnownSetting } from './settings';

/**
 * One JSON file with everything worth keeping: rules, subscriptions, the moderator's decisions (what
 * the engine learned from), the audit log, settings (global and per instance). Never tokens, never
 * the posts seen, never the engine's internal records: those are tied to one engine's state (its
 * known-fingerprint store), so an import teaches the decisions to the engine again instead
 * (src/background/engine-host.ts), which works across profiles and engine versions.
 *
 * {
 *   "format": "breakwater-backup", "version": 1, "exportedAt": "2025-...Z", "schema": 2,
 *   "counts": { "settings": 3, ... },          // guards against a file cut short and patched up
 *   "data": { "settings": [], "rules": [], "subscriptions": [], "decisions": [],
 *             "audit": [], "instanceSettings": [] }
 * }
 *
 * Typed arrays in the engine's records are written as `{"$typed": "Uint32Array", "base64": "..."}`.
 * Import merges (see `importBackup`) in one transaction: a file that is refused changes nothing.
 */

export const BACKUP_FORMAT = 'breakwater-backup';
export const BACKUP_VERSION = 1;
/** Larger files are refused before being read. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;
const MAX_ROWS = 1_000_000;

export type ImportCode =
  'too-large' | 'not-json' | 'foreign' | 'newer-version' | 'invalid' | 'incomplete' | 'quota' | 'failed';
export type TableCounts = { added: number; updated: number; kept: number };
export type ImportResult =
  | {
      ok: true;
      counts: Record<string, TableCounts>;
      /** What could not be imported here, e.g. settings of an instance not added in this profile. */
      skipped: string[];
      /** Decisions new to this profile, oldest first: the engine is taught them (with their posts). */
      taught: DecisionRow[];
    }
  | { ok: false; code: ImportCode; message: string };

// ---- the file's shape ------------------------------------------------------------------------

const str = (max: number) => v.pipe(v.string(), v.maxLength(max));
const num = v.pipe(v.number(), v.finite());
const rows = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.maxLength(MAX_ROWS));

const SettingSchema = v.pipe(
  v.object({ key: str(200), value: v.unknown() }),
  v.check(
    (s) => !isKnownSetting(s.key) || typeof s.value === typeof DEFAULT_SETTINGS[s.key],
    'a setting has a value of the wrong type',
  ),
);

const RuleSchema = v.object({
  id: v.pipe(str(200), v.minLength(1)),
  source: str(200),
  enabled: v.boolean(),
  note: str(10_000),
  rule: v.unknown(),
  hits: num,
  lastHitAt: v.nullable(num),
  createdAt: num,
  updatedAt: num,
});

const SubscriptionSchema = v.object({
  id: v.pipe(str(200), v.minLength(1)),
  url: v.pipe(str(2048), v.url()),
  name: str(500),
  enabled: v.boolean(),
  intervalHours: num,
  lastCheckedAt: v.nullable(num),
  lastChangedAt: v.nullable(num),
  lastError: v.nullable(str(2000)),
  etag: v.nullable(str(500)),
  listVersion: v.nullable(str(200)),
  createdAt: num,
  updatedAt: num,
});

const DecisionRowSchema = v.object({
  postKey: DecisionSchema.entries.postKey,
  kind: DecisionSchema.entries.kind,
  at: num,
  instance: str(253),
  wave: v.nullable(str(200)),
  post: v.nullable(PostSchema),
});

const AuditSchema = v.object({
  id: v.pipe(str(200), v.minLength(1)),
  at: num,
  instance: str(253),
  actor: v.nullable(str(600)),
  kind: str(100),
  target: str(1000),
  result: v.picklist(['ok', 'failed', 'undone']),
  detail: str(10_000),
  response: v.unknown(),
  batchId: v.nullable(str(200)),
  actionId: v.nullable(str(200)),
});

const InstanceSettingsSchema = v.object({
  domain: str(253),
  settings: v.object({
    paused: v.optional(v.boolean()),
    thresholds: v.optional(v.record(str(100), num)),
    disabledSignals: v.optional(v.pipe(v.array(str(100)), v.maxLength(200))),
  }),
});

const DataSchema = v.object({
  settings: rows(SettingSchema),
  rules: rows(RuleSchema),
  subscriptions: rows(SubscriptionSchema),
  decisions: rows(DecisionRowSchema),
  audit: rows(AuditSchema),
  instanceSettings: rows(InstanceSettingsSchema),
});
type BackupData = v.InferOutput<typeof DataSchema>;
const PARTS = Object.keys(DataSchema.entries) as (keyof BackupData)[];

const FileSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  exportedAt: v.string(),
  schema: v.number(),
  counts: v.record(v.string(), v.number()),
  data: DataSchema,
});

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  schema: number;
  counts: Record<keyof BackupData, number>;
  data: {
    settings: SettingRow[];
    rules: RuleRow[];
    subscriptions: SubscriptionRow[];
    decisions: DecisionRow[];
    audit: AuditRow[];
    instanceSettings: { domain: string; settings: object }[];
  };
}

// ---- export ----------------------------------------------------------------------------------

export async function buildBackup(d: BreakwaterDB = sharedDb(), now = Date.now()): Promise<BackupFile> {
  return d.transaction('r', [d.settings, d.rules, d.subscriptions, d.decisions, d.audit, d.instances], async () => {
    const [settings, rules, subscriptions, decisions, audit, instances] = await Promise.all([
      d.settings.toArray(),
      d.rules.toArray(),
      d.subscriptions.toArray(),
      d.decisions.toArray(),
      d.audit.orderBy('at').toArray(),
      d.instances.toArray(),
    ]);
    const data: BackupFile['data'] = {
      settings,
      rules,
      subscriptions,
      decisions,
      audit,
      instanceSettings: instances.map((i) => ({ domain: i.domain, settings: i.settings })),
    };
    const counts = Object.fromEntries(PARTS.map((p) => [p, data[p].length])) as BackupFile['counts'];
    return {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: new Date(now).toISOString(),
      schema: CURRENT_VERSION,
      counts,
      data,
    };
  });
}

export function backupFilename(now = Date.now()): string {
  return `breakwater-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}

export async function exportBackup(d: BreakwaterDB = sharedDb(), now = Date.now()): Promise<string> {
  return JSON.stringify(await buildBackup(d, now), typedReplacer);
}

// ---- import ----------------------------------------------------------------------------------

type Parsed = { ok: true; data: BackupData } | { ok: false; code: ImportCode; message: string };

/** Reads and checks a backup file without touching the database. */
export function parseBackup(text: string): Parsed {
  if (text.length > MAX_BACKUP_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    return {
      ok: false,
      code: 'too-large',
      message: `The file is too large (${mb(text.length)}; a backup may be at most ${mb(MAX_BACKUP_BYTES)}).`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text, typedReviver);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const looksCut = !text.trimEnd().endsWith('}');
    return {
      ok: false,
      code: 'not-json',
      message: looksCut
        ? `The file is cut short: it is not complete JSON (${detail}). Export the backup again.`
        : `The file is not valid JSON (${detail}).`,
    };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return {
      ok: false,
      code: 'foreign',
      message: 'This is not a Breakwater backup: the file does not hold a JSON object.',
    };
  }
  const head = json as { format?: unknown; version?: unknown };
  if (head.format !== BACKUP_FORMAT) {
    const what =
      typeof head.format === 'string' ? `its format is "${head.format.slice(0, 80)}"` : 'it has no "format" field';
    return {
      ok: false,
      code: 'foreign',
      message: `This is not a Breakwater backup: ${what} (expected "${BACKUP_FORMAT}").`,
    };
  }
  if (typeof head.version === 'number' && head.version > BACKUP_VERSION) {
    return {
      ok: false,
      code: 'newer-version',
      message: `This backup was written by a newer Breakwater (backup format ${head.version}); this version reads format ${BACKUP_VERSION}. Update Breakwater first.`,
    };
  }
  const r = v.safeParse(FileSchema, json);
  if (!r.success) {
    const issue = r.issues[0]!;
    const path = v.getDotPath(issue) ?? '(top level)';
    return {
      ok: false,
      code: 'invalid',
      message: `The backup is damaged: at ${path}: ${issue.message}. Nothing was imported.`,
    };
  }
  for (const p of PARTS) {
    if (r.output.counts[p] !== r.output.data[p].length) {
      return {
        ok: false,
        code: 'incomplete',
        message: `The backup is incomplete: it says it holds ${r.output.counts[p] ?? 0} ${p} but holds ${r.output.data[p].length}. Nothing was imported.`,
      };
    }
  }
  // Rule sets are checked as the engine will check them: one it would refuse (an unsafe pattern, an
  // override named `__proto__`) is refused here, with its path, before anything is written.
  for (const [i, row] of r.output.data.rules.entries()) {
    if (!isRuleSet(row.rule)) continue;
    const checked = validateRules(row.rule);
    if (!checked.ok) {
      return {
        ok: false,
        code: 'invalid',
        message: `The backup holds a rule set that is not valid: rules[${i}] ("${row.id.slice(0, 80)}"): ${checked.errors[0]!.slice(0, 300)}. Nothing was imported.`,
      };
    }
  }
  const keyOf: Record<keyof BackupData, (row: never) => string> = {
    settings: (s: SettingRow) => s.key,
    rules: (s: RuleRow) => s.id,
    subscriptions: (s: SubscriptionRow) => s.id,
    decisions: (s: DecisionRow) => s.postKey,
    audit: (s: AuditRow) => s.id,
    instanceSettings: (s: { domain: string }) => s.domain,
  };
  for (const p of PARTS) {
    const seen = new Set<string>();
    for (const row of r.output.data[p] as never[]) {
      const k = keyOf[p](row);
      if (seen.has(k)) {
        return {
          ok: false,
          code: 'invalid',
          message: `The backup is damaged: ${p} holds "${k.slice(0, 80)}" twice. Nothing was imported.`,
        };
      }
      seen.add(k);
    }
  }
  return { ok: true, data: r.output.data };
}

/**
 * Imports a backup, merging with what is stored: settings from the file win; rules and
 * subscriptions are matched by id (subscriptions also by URL) and the more recently updated wins;
 * decisions by post, the later wins (the new ones are returned, to be taught to the engine);
 * audit entries by id, added when absent; per-instance settings go to instances already added.
 */
export async function importBackup(text: string, d: BreakwaterDB = sharedDb()): Promise<ImportResult> {
  const parsed = parseBackup(text);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const counts: Record<string, TableCounts> = {};
  const skipped: string[] = [];
  let taught: DecisionRow[] = [];
  const tally = (t: string, k: keyof TableCounts) => ((counts[t] ??= { added: 0, updated: 0, kept: 0 })[k] += 1);

  try {
    await d.transaction('rw', [d.settings, d.rules, d.subscriptions, d.decisions, d.audit, d.instances], async () => {
      for (const s of data.settings) {
        const old = await d.settings.get(s.key);
        tally('settings', old ? 'updated' : 'added');
        await d.settings.put(s);
      }
      await mergeBy<RuleRow>(
        d.rules,
        data.rules as RuleRow[],
        (r) => r.id,
        (a, b) => a.updatedAt > b.updatedAt,
        (k) => tally('rules', k),
      );
      const byUrl = new Map((await d.subscriptions.toArray()).map((s) => [s.url, s]));
      for (const s of data.subscriptions as SubscriptionRow[]) {
        const old = byUrl.get(s.url) ?? (await d.subscriptions.get(s.id));
        if (old && old.updatedAt >= s.updatedAt) {
          tally('subscriptions', 'kept');
          continue;
        }
        // The same list under another id: keep the stored id (its rules point to it).
        if (old && old.id !== s.id) await d.subscriptions.put({ ...s, id: old.id });
        else await d.subscriptions.put(s);
        tally('subscriptions', old ? 'updated' : 'added');
      }
      taught = await mergeBy<DecisionRow>(
        d.decisions,
        data.decisions as DecisionRow[],
        (r) => r.postKey,
        (a, b) => a.at > b.at,
        (k) => tally('decisions', k),
      );
      await mergeBy<AuditRow>(
        d.audit,
        data.audit as AuditRow[],
        (r) => r.id,
        () => false,
        (k) => tally('audit', k),
      );
      for (const { domain, settings } of data.instanceSettings) {
        const n = await d.instances.update(domain, {
          settings: { ...(await d.instances.get(domain))?.settings, ...settings },
        });
        if (n) tally('instanceSettings', 'updated');
        else skipped.push(`settings of ${domain} (instance not added here)`);
      }
    });
  } catch (e) {
    if (isQuotaError(e)) {
      return {
        ok: false,
        code: 'quota',
        message: 'The browser has no room left for this backup (storage quota exceeded). Nothing was imported.',
      };
    }
    return {
      ok: false,
      code: 'failed',
      message: `The import failed and nothing was imported: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  return { ok: true, counts, skipped, taught: taught.sort((a, b) => a.at - b.at) };
}

/**
 * Puts each incoming row whose key is new, or that `newer(incoming, stored)` says is newer.
 * Returns the rows put.
 */
async function mergeBy<T>(
  table: { bulkGet(keys: string[]): Promise<(T | undefined)[]>; bulkPut(rows: T[]): Promise<unknown> },
  incoming: T[],
  key: (r: T) => string,
  newer: (incoming: T, stored: T) => boolean,
  count: (k: keyof TableCounts) => void,
): Promise<T[]> {
  if (!incoming.length) return [];
  const stored = await table.bulkGet(incoming.map(key));
  const put: T[] = [];
  incoming.forEach((row, i) => {
    const old = stored[i];
    if (!old) count('added');
    else if (newer(row, old)) count('updated');
    else return count('kept');
    put.push(row);
  });
  if (put.length) await table.bulkPut(put);
  return put;
}

import type { PlatformKind } from '../core/model';
import { db as sharedDb, type BreakwaterDB } from './db';
import type { InstanceLogin, InstanceRow, InstanceSettings } from './schema';

export const NO_LOGIN: InstanceLogin = { kind: 'none', account: null, accountId: null, checkedAt: null };

/** A row for a newly added instance; an instance added again keeps its login and settings. */
export async function saveInstance(
  identity: { domain: string; origin: string; platform: PlatformKind; software: string; version: string },
  now = Date.now(),
  d: BreakwaterDB = sharedDb(),
): Promise<InstanceRow> {
  return d.transaction('rw', d.instances, async () => {
    const old = await d.instances.get(identity.domain);
    const row: InstanceRow = {
      login: NO_LOGIN,
      role: 'unknown',
      capabilities: [],
      settings: {},
      ...old,
      ...identity,
      addedAt: old?.addedAt ?? now,
    };
    await d.instances.put(row);
    return row;
  });
}

export function listInstances(d: BreakwaterDB = sharedDb()): Promise<InstanceRow[]> {
  return d.instances.orderBy('addedAt').toArray();
}

export function getInstance(domain: string, d: BreakwaterDB = sharedDb()): Promise<InstanceRow | undefined> {
  return d.instances.get(domain);
}

/** The added instance a page origin belongs to (domain and origin must both match). */
export async function instanceOfOrigin(origin: string, d: BreakwaterDB = sharedDb()): Promise<InstanceRow | null> {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return null;
  }
  const row = await d.instances.get(host);
  return row && row.origin === origin ? row : null;
}

export async function setLogin(
  domain: string,
  login: InstanceLogin,
  role: InstanceRow['role'],
  capabilities: string[],
  d: BreakwaterDB = sharedDb(),
): Promise<boolean> {
  return (await d.instances.update(domain, { login, role, capabilities })) === 1;
}

export async function setInstanceSettings(
  domain: string,
  settings: InstanceSettings,
  d: BreakwaterDB = sharedDb(),
): Promise<boolean> {
  return (await d.instances.update(domain, { settings })) === 1;
}

/** What a content script may know about its instance: never a token, never another instance. */
export interface InstanceView {
  domain: string;
  origin: string;
  platform: PlatformKind;
  software: string;
  version: string;
  login: { kind: InstanceLogin['kind']; account: string | null };
  role: InstanceRow['role'];
  capabilities: string[];
  settings: InstanceSettings;
}

export function instanceView(row: InstanceRow): InstanceView {
  // Field by field on purpose: a field added to the row later is not sent to pages by accident.
  return {
    domain: row.domain,
    origin: row.origin,
    platform: row.platform,
    software: row.software,
    version: row.version,
    login: { kind: row.login.kind, account: row.login.account },
    role: row.role,
    capabilities: [...row.capabilities],
    settings: structuredClone(row.settings),
  };
}

import { browser } from 'wxt/browser';
import { diffRuleSets, LIST_MAX_CHARS, readSharedList, type ListChange } from '../core/lists/shared-list';
import { isRuleSet } from '../core/rules/merge';
import type { RuleSet } from '../core/rules/types';
import {
  changesKey,
  type RefreshOutcome,
  type StoredChanges,
  type SubscribeResult,
  type SubscriptionErrorCode,
} from '../messaging/options';

export { changesKey } from '../messaging/options';
import type { BreakwaterDB } from '../storage/db';
import type { RuleRow, SubscriptionRow } from '../storage/schema';

/**
 * Shared rule lists, subscribed to by URL: a rule file (docs/rules.md) or a Mastodon domain-block
 * CSV that anyone can host. A list is fetched when subscribed (and kept only if it reads), then
 * again on a schedule (an alarm checks every 30 minutes which lists are due, each by its own
 * interval) and on demand. A list that fails to download or to read leaves the rules it brought
 * before untouched; the error is kept on the subscription for the options page. What changed at
 * the last update is kept in the settings table (`subscriptionChanges:<id>`).
 */

export const SUBSCRIPTIONS_ALARM = 'breakwater:subscriptions';
/** Bytes read at most (a list of LIST_MAX_CHARS characters, mostly ASCII, fits well). */
export const LIST_MAX_BYTES = 4 * LIST_MAX_CHARS;
const FETCH_TIMEOUT_MS = 15_000;
const MAX_CHANGES_KEPT = 200;

export interface ListDeps {
  db: BreakwaterDB;
  /** The engine takes the stored rules again. */
  reloadRules: () => Promise<unknown>;
  fetcher?: typeof fetch;
  now?: () => number;
}

export const listRuleId = (subscriptionId: string) => `${subscriptionId}:list`;

class ListError extends Error {
  constructor(
    readonly code: SubscriptionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Only https, except local test hosts; no credentials or fragments. */
export function checkListUrl(input: string): URL {
  let u: URL;
  try {
    u = new URL(input.trim());
  } catch {
    throw new ListError('invalid-url', `"${input.trim().slice(0, 200)}" is not a web address (https://…)`);
  }
  const local = /(^|\.)(test|localhost)$/.test(u.hostname) || u.hostname === 'localhost';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local))
    throw new ListError('invalid-url', `Lists are fetched over https only (${u.protocol}// is not accepted).`);
  if (u.username || u.password)
    throw new ListError('invalid-url', 'A list address may not contain a user name or password.');
  u.hash = '';
  return u;
}

type Fetched = { status: 'unchanged' } | { status: 'ok'; text: string; etag: string | null };

async function fetchList(url: URL, etag: string | null, fetcher: typeof fetch): Promise<Fetched> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), FETCH_TIMEOUT_MS);
  try {
    let res: Response;
    try {
      res = await fetcher(url.href, {
        signal: ctrl.signal,
        credentials: 'omit',
        cache: 'no-cache',
        headers: {
          accept: 'application/json, text/csv;q=0.9, text/plain;q=0.8',
          ...(etag ? { 'if-none-match': etag } : {}),
        },
      });
    } catch (e) {
      throw new ListError(
        'unreachable',
        `${url.host} could not be reached (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    if (res.status === 304) return { status: 'unchanged' };
    if (!res.ok)
      throw new ListError('http', `${url.host} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > LIST_MAX_BYTES) throw new ListError('too-large', tooLarge(declared));
    // Read at most LIST_MAX_BYTES, whatever the server declared.
    const reader = res.body?.getReader();
    if (!reader) return { status: 'ok', text: await res.text(), etag: res.headers.get('etag') };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > LIST_MAX_BYTES) {
        await reader.cancel().catch(() => {});
        throw new ListError('too-large', tooLarge(size));
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ListError('invalid', 'The list is not UTF-8 text.');
    }
    return { status: 'ok', text, etag: res.headers.get('etag') };
  } catch (e) {
    if (e instanceof ListError) throw e;
    if (ctrl.signal.aborted)
      throw new ListError('unreachable', `${url.host} did not answer within ${FETCH_TIMEOUT_MS / 1000} s.`);
    throw new ListError('unreachable', e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
  }
}

const tooLarge = (bytes: number) =>
  `The list is ${Math.round(bytes / 1024)} KB; lists of at most ${Math.round(LIST_MAX_BYTES / 1024 / 1024)} MB are read.`;

function read(text: string, url: URL): RuleSet {
  const r = readSharedList(text, `Domain blocks from ${url.host}`);
  if (!r.ok) throw new ListError('invalid', `The list was refused: ${r.errors.join('; ')}`);
  return r.rules;
}

/** Writes a list's new content (its one rule row), its subscription row and what changed, together. */
async function store(
  deps: ListDeps,
  sub: SubscriptionRow,
  rules: RuleSet,
  etag: string | null,
  now: number,
): Promise<{ sub: SubscriptionRow; changes: ListChange[] }> {
  const d = deps.db;
  return d.transaction('rw', d.subscriptions, d.rules, d.settings, async () => {
    const id = listRuleId(sub.id);
    const old = await d.rules.get(id);
    const before = old && isRuleSet(old.rule) ? old.rule : null;
    const changes = diffRuleSets(before, rules);
    const row: RuleRow = {
      id,
      source: sub.id,
      enabled: old?.enabled ?? true,
      note: rules.description ?? '',
      rule: rules,
      hits: old?.hits ?? 0,
      lastHitAt: old?.lastHitAt ?? null,
      createdAt: old?.createdAt ?? now,
      updatedAt: changes.length || !old ? now : old.updatedAt,
    };
    await d.rules.put(row);
    const next: SubscriptionRow = {
      ...sub,
      name: rules.name?.slice(0, 200) || sub.name,
      lastCheckedAt: now,
      lastChangedAt: changes.length || !old ? now : sub.lastChangedAt,
      lastError: null,
      etag,
      listVersion: rules.updated ?? null,
      updatedAt: now,
    };
    await d.subscriptions.put(next);
    if (changes.length || !old) {
      const kept: StoredChanges = { at: now, total: changes.length, changes: changes.slice(0, MAX_CHANGES_KEPT) };
      await d.settings.put({ key: changesKey(sub.id), value: kept });
    }
    return { sub: next, changes };
  });
}

/** Subscribes to a list: fetched and read first; nothing is stored if either fails. */
export async function subscribeToList(deps: ListDeps, input: string): Promise<SubscribeResult> {
  const now = deps.now ?? Date.now;
  try {
    const url = checkListUrl(input);
    const dup = await deps.db.subscriptions.where('url').equals(url.href).first();
    if (dup) throw new ListError('duplicate', `You already subscribe to this list (${dup.name}).`);
    const got = await fetchList(url, null, deps.fetcher ?? fetch);
    if (got.status !== 'ok') throw new ListError('http', `${url.host} answered 304 without a list.`);
    const rules = read(got.text, url);
    const t = now();
    const sub: SubscriptionRow = {
      id: `sub-${crypto.randomUUID().slice(0, 8)}`,
      url: url.href,
      name: rules.name?.slice(0, 200) || url.host + url.pathname,
      enabled: true,
      intervalHours: 24,
      lastCheckedAt: null,
      lastChangedAt: null,
      lastError: null,
      etag: null,
      listVersion: null,
      createdAt: t,
      updatedAt: t,
    };
    const stored = await store(deps, sub, rules, got.etag, t);
    await deps.reloadRules();
    return { ok: true, subscription: stored.sub, changes: stored.changes };
  } catch (e) {
    if (e instanceof ListError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** Fetches one subscription again; on failure its rules stay as they were and the error is kept. */
export async function refreshList(deps: ListDeps, sub: SubscriptionRow): Promise<RefreshOutcome> {
  const now = deps.now ?? Date.now;
  try {
    const url = checkListUrl(sub.url);
    const hasRules = !!(await deps.db.rules.get(listRuleId(sub.id)));
    const got = await fetchList(url, hasRules ? sub.etag : null, deps.fetcher ?? fetch);
    if (got.status === 'unchanged') {
      await deps.db.subscriptions.update(sub.id, { lastCheckedAt: now(), lastError: null, updatedAt: now() });
      return { id: sub.id, ok: true, changed: false, changes: 0, message: null };
    }
    const rules = read(got.text, url);
    const { changes } = await store(deps, sub, rules, got.etag, now());
    return { id: sub.id, ok: true, changed: changes.length > 0, changes: changes.length, message: null };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await deps.db.subscriptions.update(sub.id, {
      lastCheckedAt: now(),
      lastError: message.slice(0, 1000),
      updatedAt: now(),
    });
    return { id: sub.id, ok: false, changed: false, changes: 0, message };
  }
}

/** Refreshes one list (by id), every list (`force`), or the lists that are due. Reloads the rules if any changed. */
export async function refreshLists(
  deps: ListDeps,
  opts: { id?: string; force?: boolean } = {},
): Promise<RefreshOutcome[]> {
  const now = (deps.now ?? Date.now)();
  const subs = await deps.db.subscriptions.toArray();
  const due = subs.filter((s) =>
    opts.id !== undefined
      ? s.id === opts.id
      : s.enabled && (opts.force || !s.lastCheckedAt || now - s.lastCheckedAt >= s.intervalHours * 3_600_000 - 60_000),
  );
  const out: RefreshOutcome[] = [];
  for (const s of due) out.push(await refreshList(deps, s));
  if (out.some((o) => o.changed)) await deps.reloadRules();
  return out;
}

/** Registers the schedule (idempotent; run on every service-worker start). */
export function scheduleListUpdates(deps: ListDeps): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SUBSCRIPTIONS_ALARM)
      void refreshLists(deps).catch((e) => console.error('Breakwater: list update', e));
  });
  void browser.alarms.get(SUBSCRIPTIONS_ALARM).then((a) => {
    if (!a) void browser.alarms.create(SUBSCRIPTIONS_ALARM, { delayInMinutes: 2, periodInMinutes: 30 });
  });
}

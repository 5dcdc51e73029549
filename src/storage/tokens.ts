import { db as sharedDb, type BreakwaterDB } from './db';
import type { TokenRow, TokenSource } from './schema';

/**
 * Login tokens. They live only here, in the extension's own IndexedDB (the background, popup and
 * options can open it; no web page can). No message answer or push ever carries one: the action
 * queue reads them here, in the background, when it calls an instance's API. Backups leave them out.
 */

/** A token made for Breakwater (OAuth/MiAuth, moderator scopes) is preferred to the page's own. */
const PREFERENCE: readonly TokenSource[] = ['signin', 'page'];

export interface TokenInput {
  instance: string;
  source: TokenSource;
  token: string;
  account?: string | null;
  scopes?: string[];
}

export async function putToken(t: TokenInput, now = Date.now(), d: BreakwaterDB = sharedDb()): Promise<void> {
  await d.transaction('rw', d.tokens, async () => {
    const old = await d.tokens.get([t.instance, t.source]);
    const row: TokenRow = {
      instance: t.instance,
      source: t.source,
      token: t.token,
      account: t.account ?? old?.account ?? null,
      scopes: t.scopes ?? old?.scopes ?? [],
      createdAt: old && old.token === t.token ? old.createdAt : now,
      updatedAt: now,
    };
    await d.tokens.put(row);
  });
}

/** The token to use on an instance: a given source, or the preferred one there is. */
export async function getToken(
  instance: string,
  source?: TokenSource,
  d: BreakwaterDB = sharedDb(),
): Promise<TokenRow | null> {
  const rows = await d.tokens.where('instance').equals(instance).toArray();
  for (const s of source ? [source] : PREFERENCE) {
    const row = rows.find((r) => r.source === s);
    if (row) return row;
  }
  return null;
}

/** Forgets one source's token, or every token of the instance. */
export async function removeToken(instance: string, source?: TokenSource, d: BreakwaterDB = sharedDb()): Promise<void> {
  if (source) await d.tokens.delete([instance, source]);
  else await d.tokens.where('instance').equals(instance).delete();
}

/** Which logins exist, without the tokens themselves (for the UI). */
export async function tokenSources(
  instance: string,
  d: BreakwaterDB = sharedDb(),
): Promise<{ source: TokenSource; account: string | null; scopes: string[]; updatedAt: number }[]> {
  const rows = await d.tokens.where('instance').equals(instance).toArray();
  return rows.map(({ source, account, scopes, updatedAt }) => ({ source, account, scopes, updatedAt }));
}

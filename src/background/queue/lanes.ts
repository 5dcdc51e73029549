import type { ActionKind } from '../../core/queue/types';
import type { Fetcher } from '../../platforms/action-http';
import type { Lane, PlatformActions } from '../../platforms/action-types';
import type { BreakwaterDB } from '../../storage/db';
import type { InstanceRow, TokenRow, TokenSource } from '../../storage/schema';

/**
 * Logins the queue acts with. A *lane* is one token on one instance: the web UI's own (`page`,
 * sent by the content script) or one made for Breakwater (`signin`: Mastodon OAuth with the
 * moderator scopes, Misskey MiAuth), both from the token store (src/storage/tokens.ts). The token is
 * read from the store for every request and never leaves the background.
 */

/** A token made for Breakwater first (its own rate-limit budget, moderator scopes), then the page's. */
export const SOURCES: readonly TokenSource[] = ['signin', 'page'];

export function laneKey(instance: string, source: TokenSource): string {
  return `${instance}|${source}`;
}

/** `username@instance` (the token row's account, else the instance's login). */
export function actorOf(instance: InstanceRow, row: TokenRow | null): string | null {
  const name = row?.account ?? instance.login.account;
  if (!name) return null;
  const user = name.replace(/^@/, '').split('@')[0]!;
  return `${user}@${instance.domain}`.toLowerCase();
}

/** Per-lane facts learned from the server once per service-worker life (Misskey `i`). */
export interface LaneFacts {
  factor: number | null;
  moderator: boolean | null;
  checkedAt: number;
  /**
   * The token they were learned with: the web UI's login may change (another account logged in on
   * the same instance), and another login's facts are not this one's (in memory only).
   */
  token?: string;
}

export function laneOf(instance: InstanceRow, row: TokenRow, given: LaneFacts | undefined): Lane {
  const facts = given?.token !== undefined && given.token !== row.token ? undefined : given;
  const moderator = facts?.moderator ?? (instance.role === 'moderator' || instance.role === 'admin');
  return {
    domain: instance.domain,
    origin: instance.origin,
    token: row.token,
    account: row.account ?? instance.login.account,
    scopes: row.scopes,
    moderator,
  };
}

export interface LoginChoice {
  source: TokenSource;
  row: TokenRow;
  lane: Lane;
}

/** The login to take `kind` with on `instance`, or why there is none. */
export async function chooseLogin(
  d: BreakwaterDB,
  instance: InstanceRow,
  platform: PlatformActions,
  kind: ActionKind,
  facts: (key: string, lane: Lane) => Promise<LaneFacts | undefined>,
): Promise<LoginChoice | { error: string }> {
  const rows = await d.tokens.where('instance').equals(instance.domain).toArray();
  const bySource = SOURCES.map((s) => rows.find((r) => r.source === s)).filter((r): r is TokenRow => !!r);
  if (!bySource.length)
    return {
      error: `Breakwater has no login for ${instance.domain}: open ${instance.domain} in a tab while logged in${platform.needsModerator(kind) ? ', or sign in as a moderator in the options page' : ''}.`,
    };
  for (const row of bySource) {
    const key = laneKey(instance.domain, row.source);
    const lane = laneOf(instance, row, await facts(key, laneOf(instance, row, undefined)));
    if (platform.laneMay(lane, kind)) return { source: row.source, row, lane };
  }
  if (platform.needsModerator(kind))
    return {
      error:
        instance.platform === 'mastodon'
          ? `This needs a moderator's sign-in on ${instance.domain} (the web page's own login cannot use the admin API): use "Sign in as moderator" in the options page.`
          : `The account Breakwater uses on ${instance.domain} is not a moderator (or its sign-in lacks the admin permission).`,
    };
  return { error: `The login Breakwater has for ${instance.domain} is not allowed to do this (missing permission).` };
}

export type { Fetcher };

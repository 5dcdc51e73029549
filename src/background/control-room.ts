import type { OptionsMessages, SignInResult, TabStats } from '../messaging/options';
import type { Refusal } from '../messaging/protocol';
import type { ValidRequest } from '../messaging/validate';
import type { BreakwaterDB } from '../storage/db';
import { NO_LOGIN } from '../storage/instances';
import { getToken, removeToken } from '../storage/tokens';
import type { EngineHost } from './engine-host';
import { refreshLists, subscribeToList, type ListDeps } from './subscriptions';

/**
 * The background side of the options page and the popup (issue 8): shared lists, sign-in and
 * sign-out, and what the popup asks about the current tab. Spread into the router's handlers.
 */
export interface ControlRoomDeps {
  db: BreakwaterDB;
  host: EngineHost;
  /**
   * Sign in as moderator: Mastodon OAuth with admin scopes, Misskey MiAuth with admin permissions.
   * The flows belong to the platform issues (src/background/oauth.ts); until one is wired here,
   * `ui:signIn` answers `unavailable` and the options page says so.
   */
  signIn?: (domain: string) => Promise<SignInResult>;
  /** Revokes a sign-in token at the server, when the platform's flow can (best effort). */
  revoke?: (domain: string) => Promise<unknown>;
  fetcher?: typeof fetch;
  now?: () => number;
}

type Own = keyof OptionsMessages;
type OwnHandlers = { [T in Own]: (msg: ValidRequest<T>) => Promise<OptionsMessages[T]['res'] | Refusal> };

export function listDeps(deps: ControlRoomDeps): ListDeps {
  return {
    db: deps.db,
    reloadRules: () => deps.host.loadRules(),
    fetcher: deps.fetcher,
    now: deps.now,
  };
}

export function controlRoomHandlers(deps: ControlRoomDeps): OwnHandlers {
  const d = deps.db;
  const lists = listDeps(deps);
  return {
    'ui:subscribe': (msg) => subscribeToList(lists, msg.url),
    'ui:refreshSubscriptions': (msg) => refreshLists(lists, { ...(msg.id ? { id: msg.id } : {}), force: true }),
    'ui:tabStats': async (msg): Promise<TabStats> => {
      // Verdicts are written within a fraction of a second; write now so the counts are current.
      await deps.host.flush({ records: false });
      const keys = deps.host.tabs.postsOfTab(msg.tabId);
      const rows = keys.length ? await d.posts.bulkGet(keys) : [];
      const stats: TabStats = { posts: 0, spam: 0, suspicious: 0, waves: [] };
      const waves = new Set<string>();
      for (const row of rows) {
        if (!row) continue;
        stats.posts++;
        if (row.label === 'spam') stats.spam++;
        else if (row.label === 'suspicious') stats.suspicious++;
        if (row.wave) waves.add(row.wave);
      }
      const found = waves.size ? await d.waves.bulkGet([...waves]) : [];
      stats.waves = found
        .filter((w) => !!w)
        .sort((a, b) => b.size - a.size)
        .slice(0, 10)
        .map((w) => ({ id: w.id, size: w.size, accounts: w.accounts, sampleText: w.sampleText.slice(0, 200) }));
      return stats;
    },
    'ui:signIn': async (msg) => {
      if (!(await d.instances.get(msg.domain)))
        return { ok: false, code: 'unknown-instance', message: `${msg.domain} is not an added instance.` };
      if (!deps.signIn)
        return {
          ok: false,
          code: 'unavailable',
          message: 'Signing in as moderator is not available in this version of Breakwater yet.',
        };
      return deps.signIn(msg.domain);
    },
    'ui:signOut': async (msg) => {
      await deps.revoke?.(msg.domain)?.catch(() => {});
      await removeToken(msg.domain, 'signin', d);
      const page = await getToken(msg.domain, 'page', d);
      const row = await d.instances.get(msg.domain);
      if (row && (row.login.kind === 'oauth' || row.login.kind === 'miauth')) {
        // Back to the web UI's own login when Breakwater has its token; the role is that account's.
        const login = page
          ? { kind: 'page' as const, account: page.account, accountId: null, checkedAt: (deps.now ?? Date.now)() }
          : NO_LOGIN;
        const sameAccount = !!page && page.account === row.login.account;
        await d.instances.update(msg.domain, {
          login,
          role: sameAccount ? row.role : 'unknown',
          capabilities: sameAccount ? row.capabilities : [],
        });
      }
      return { ok: true };
    },
  };
}

/**
 * "Sign in as moderator" (Mastodon): the web UI's own token has no admin scopes, so Breakwater gets
 * its own through the instance's OAuth, in the background only.
 *
 * 1. `start`: register Breakwater on the instance (`POST /api/v1/apps`, once per instance, kept in
 *    storage.local), make a PKCE pair, keep the flow in storage.session (it survives the service
 *    worker stopping while the user reads the page), and open `/oauth/authorize` in a tab.
 * 2. The user authorizes; the instance shows `/oauth/authorize/native?code=…`. Breakwater's content
 *    script there reads the code and sends it (`content:signInCode`). It is accepted only from the
 *    tab this flow opened, within 15 minutes.
 * 3. `complete`: exchange the code (`POST /oauth/token` with the PKCE verifier), ask who the token is
 *    and its role (`verify_credentials`), store it with `putToken(source: 'signin')`, record the
 *    login and role, close the tab, and tell the instance's tabs (`bg:login`).
 *
 * Tokens never leave the background. Misskey's MiAuth is a separate flow (issue 7): `start` says
 * `unavailable` for platforms without one.
 */
import { browser } from 'wxt/browser';
import type { SignInResult } from '../messaging/options';
import type { BgMessage } from '../messaging/protocol';
import {
  MODERATOR_SCOPES,
  authorizeUrl,
  exchangeCode,
  openReportsByAccount,
  pkcePair,
  registerApp,
  revokeToken,
  verifyCredentials,
  type OAuthApp,
} from '../platforms/mastodon/oauth';
import { db as sharedDb, type BreakwaterDB } from '../storage/db';
import { instanceView, setLogin } from '../storage/instances';
import type { InstanceRole, InstanceRow } from '../storage/schema';
import { getToken, putToken } from '../storage/tokens';

/** A key-value area (browser.storage.session / .local, or a Map in tests). */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export function storageArea(area: 'local' | 'session'): KeyValue {
  const a = area === 'session' ? browser.storage.session : browser.storage.local;
  return {
    get: async (key) => (await a.get(key))[key],
    set: (key, value) => a.set({ [key]: value }),
    remove: (key) => a.remove(key),
  };
}

export interface TabsApi {
  create(opts: { url: string; openerTabId?: number; active: boolean }): Promise<{ id?: number }>;
  remove(tabId: number): Promise<void>;
  activate(tabId: number): Promise<void>;
}

export interface SignInDeps {
  db?: BreakwaterDB;
  fetcher?: typeof fetch;
  now?: () => number;
  /** Flows under way (browser.storage.session). */
  session?: KeyValue;
  /** Registered apps per instance (browser.storage.local: never in backups). */
  local?: KeyValue;
  tabs?: TabsApi;
  push?: (tabId: number, msg: BgMessage) => Promise<unknown>;
  tabsOfInstance?: (domain: string) => Promise<number[]>;
}

interface Pending {
  domain: string;
  origin: string;
  app: OAuthApp;
  verifier: string;
  state: string;
  tabId: number;
  openerTabId: number | null;
  startedAt: number;
}

export type StartResult = { ok: true } | { ok: false; code: 'unavailable' | 'failed'; message: string };

const FLOW_TTL_MS = 15 * 60_000;
const pendingKey = (domain: string) => `breakwater:signin:${domain}`;
const appKey = (domain: string) => `breakwater:oauthApp:${domain}`;

function roleOf(permissions: number, moderator: { reports: boolean; users: boolean }): InstanceRole {
  if (permissions & 1) return 'admin';
  return moderator.reports || moderator.users ? 'moderator' : 'user';
}

/** What the signed-in account may do with Breakwater's token, by its role's bits. */
export function capabilitiesOf(moderator: { reports: boolean; users: boolean }): string[] {
  const caps = ['report', 'block', 'mute', 'domain-block'];
  if (moderator.reports || moderator.users) caps.push('limit', 'suspend');
  if (moderator.users) caps.push('unlimit', 'unsuspend', 'approve', 'reject');
  if (moderator.reports) caps.push('resolve-report');
  return caps;
}

function isApp(x: unknown): x is OAuthApp {
  const o = x as Partial<OAuthApp> | null;
  return !!o && typeof o.clientId === 'string' && typeof o.clientSecret === 'string';
}

function isPending(x: unknown): x is Pending {
  const o = x as Partial<Pending> | null;
  return (
    !!o && typeof o.domain === 'string' && typeof o.verifier === 'string' && typeof o.tabId === 'number' && isApp(o.app)
  );
}

export class ModeratorSignIn {
  private readonly d: BreakwaterDB;
  private readonly fetcher: typeof fetch;
  private readonly now: () => number;
  private readonly session: KeyValue;
  private readonly local: KeyValue;
  private readonly tabs: TabsApi;
  private readonly push: (tabId: number, msg: BgMessage) => Promise<unknown>;
  private readonly tabsOfInstance: (domain: string) => Promise<number[]>;
  /** `ui:signIn` waits for the flow to end; resolved here when the code comes. */
  private readonly waiters = new Map<string, (r: SignInResult) => void>();

  constructor(deps: SignInDeps = {}) {
    this.d = deps.db ?? sharedDb();
    this.fetcher = deps.fetcher ?? ((...a) => fetch(...a));
    this.now = deps.now ?? Date.now;
    this.session = deps.session ?? storageArea('session');
    this.local = deps.local ?? storageArea('local');
    this.tabs = deps.tabs ?? {
      create: (o) => browser.tabs.create(o),
      remove: (id) => browser.tabs.remove(id),
      activate: async (id) => void (await browser.tabs.update(id, { active: true })),
    };
    this.push = deps.push ?? ((tabId, msg) => browser.tabs.sendMessage(tabId, msg));
    this.tabsOfInstance =
      deps.tabsOfInstance ??
      (async (domain) => {
        const row = await this.d.instances.get(domain);
        if (!row) return [];
        const tabs = await browser.tabs.query({ url: `${row.origin}/*` });
        return tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
      });
  }

  /** The app registered on the instance for Breakwater (registered once, then reused). */
  private async app(row: InstanceRow): Promise<OAuthApp> {
    const kept = await this.local.get(appKey(row.domain));
    if (isApp(kept)) return kept;
    const app = await registerApp(row.origin, MODERATOR_SCOPES, this.fetcher);
    await this.local.set(appKey(row.domain), app);
    return app;
  }

  /** Opens the instance's authorization page in a new tab. */
  async start(domain: string, openerTabId: number | null): Promise<StartResult> {
    const row = await this.d.instances.get(domain);
    if (!row) return { ok: false, code: 'failed', message: `${domain} is not an added instance.` };
    if (row.platform !== 'mastodon')
      return {
        ok: false,
        code: 'unavailable',
        message: `Signing in as moderator on ${row.platform} is not available yet.`,
      };
    try {
      const app = await this.app(row);
      const { verifier, challenge } = await pkcePair();
      const state = crypto.randomUUID();
      const tab = await this.tabs.create({
        url: authorizeUrl(row.origin, app, MODERATOR_SCOPES, challenge, state),
        active: true,
        ...(openerTabId !== null ? { openerTabId } : {}),
      });
      if (tab.id === undefined) return { ok: false, code: 'failed', message: 'The browser did not open the tab.' };
      const pending: Pending = {
        domain,
        origin: row.origin,
        app,
        verifier,
        state,
        tabId: tab.id,
        openerTabId,
        startedAt: this.now(),
      };
      await this.session.set(pendingKey(domain), pending);
      return { ok: true };
    } catch (e) {
      return { ok: false, code: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** `ui:signIn` (the options page): starts the flow and answers when it ends. */
  async signIn(domain: string): Promise<SignInResult> {
    const started = await this.start(domain, null);
    if (!started.ok) return started;
    return new Promise<SignInResult>((resolve) => {
      this.waiters.get(domain)?.({ ok: false, code: 'refused', message: 'Another sign-in was started.' });
      this.waiters.set(domain, resolve);
      setTimeout(() => {
        if (this.waiters.get(domain) === resolve) {
          this.waiters.delete(domain);
          resolve({ ok: false, code: 'refused', message: 'The sign-in was not finished in time.' });
        }
      }, FLOW_TTL_MS);
    });
  }

  private settle(domain: string, r: SignInResult): SignInResult {
    const w = this.waiters.get(domain);
    this.waiters.delete(domain);
    w?.(r);
    return r;
  }

  /** The code page's content script sent the code: only the flow's own tab counts. */
  async complete(instance: InstanceRow, tabId: number, code: string): Promise<SignInResult> {
    const kept = await this.session.get(pendingKey(instance.domain));
    if (!isPending(kept) || kept.tabId !== tabId || kept.origin !== instance.origin)
      return { ok: false, code: 'refused', message: 'No sign-in was started in this tab.' };
    await this.session.remove(pendingKey(instance.domain));
    if (this.now() - kept.startedAt > FLOW_TTL_MS)
      return this.settle(instance.domain, {
        ok: false,
        code: 'refused',
        message: 'The sign-in took too long; start it again.',
      });
    try {
      const { token, scopes } = await exchangeCode(instance.origin, kept.app, code, kept.verifier, this.fetcher);
      const who = await verifyCredentials(instance.origin, token, this.fetcher);
      const now = this.now();
      await putToken(
        { instance: instance.domain, source: 'signin', token, account: who.username, scopes },
        now,
        this.d,
      );
      const role = roleOf(who.permissions, who.moderator);
      await setLogin(
        instance.domain,
        { kind: 'oauth', account: who.username, accountId: who.id, checkedAt: now },
        role,
        capabilitiesOf(who.moderator),
        this.d,
      );
      void this.tabs.remove(tabId).catch(() => {});
      if (kept.openerTabId !== null) void this.tabs.activate(kept.openerTabId).catch(() => {});
      await this.announce(instance.domain);
      return this.settle(instance.domain, { ok: true, account: who.username, role, scopes });
    } catch (e) {
      return this.settle(instance.domain, {
        ok: false,
        code: 'failed',
        message: e instanceof Error ? e.message : String(e),
      });
    }
  }

  /** The flow's tab was closed before the code came: the sign-in was refused. */
  async tabClosed(tabId: number): Promise<void> {
    for (const domain of [...this.waiters.keys()]) {
      const kept = await this.session.get(pendingKey(domain));
      if (isPending(kept) && kept.tabId === tabId) {
        await this.session.remove(pendingKey(domain));
        this.settle(domain, { ok: false, code: 'refused', message: 'The sign-in tab was closed.' });
      }
    }
  }

  /** Tells the instance's open tabs who is signed in now (no token, ever). */
  async announce(domain: string): Promise<void> {
    const row = await this.d.instances.get(domain);
    if (!row) return;
    const view = instanceView(row);
    const msg: BgMessage = {
      type: 'bg:login',
      login: view.login,
      role: view.role,
      capabilities: view.capabilities,
    };
    for (const tab of await this.tabsOfInstance(domain).catch(() => [] as number[]))
      void this.push(tab, msg).catch(() => {});
  }

  /** Revokes Breakwater's token at the server (best effort; `ui:signOut` forgets it). */
  async revoke(domain: string): Promise<void> {
    const [row, app, token] = await Promise.all([
      this.d.instances.get(domain),
      this.local.get(appKey(domain)),
      getToken(domain, 'signin', this.d),
    ]);
    if (!row || !isApp(app) || !token) return;
    await revokeToken(row.origin, app, token.token, this.fetcher);
  }

  /** The newest open report about each account, with the moderator token; empty without one. */
  async openReports(instance: InstanceRow, accountIds: string[]): Promise<Record<string, string>> {
    const token = await getToken(instance.domain, 'signin', this.d);
    if (!token || instance.platform !== 'mastodon' || !accountIds.length) return {};
    try {
      const found = await openReportsByAccount(instance.origin, token.token, new Set(accountIds), this.fetcher);
      return Object.fromEntries(found);
    } catch {
      return {};
    }
  }
}

let shared: ModeratorSignIn | null = null;

/** The service worker's one sign-in service (the router and `ui:signIn` must share its waiters). */
export function moderatorSignIn(deps?: SignInDeps): ModeratorSignIn {
  shared ??= new ModeratorSignIn(deps);
  return shared;
}

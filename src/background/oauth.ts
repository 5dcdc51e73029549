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
 * Misskey (MiAuth, `src/platforms/misskey/miauth.ts`), for instances whose moderators want a token
 * of Breakwater's own (the web UI's own token already suffices where the account moderates):
 *
 * 1. `start`: a fresh session UUID, kept in storage.session with the tab, and
 *    `/miauth/<session>?name=Breakwater&permission=<the admin permissions>&callback=<origin>/breakwater/miauth`
 *    opened in a tab.
 * 2. The user allows it; the web UI goes to the callback with `?session=`. Breakwater's content
 *    script there sends the session (`content:signInCode`), accepted only from the flow's tab,
 *    for the flow's session, within 15 minutes.
 * 3. `complete`: `POST /api/miauth/<session>/check` gives the token; `POST /api/i` says who it is
 *    and whether it moderates; stored with `putToken(source: 'signin')` and the permissions, the
 *    login recorded as `miauth`, the tab closed, the instance's tabs told (`bg:login`).
 *
 * Tokens never leave the background.
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
import {
  MIAUTH_PERMISSIONS,
  SESSION as MIAUTH_SESSION,
  checkMiAuth,
  miauthUrl,
  openReportsByUser,
  whoAmI,
} from '../platforms/misskey/miauth';
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

/** A MiAuth flow under way (Misskey). */
interface MiAuthPending {
  domain: string;
  origin: string;
  session: string;
  tabId: number;
  openerTabId: number | null;
  startedAt: number;
}

const FLOW_TTL_MS = 15 * 60_000;
const pendingKey = (domain: string) => `breakwater:signin:${domain}`;
const miauthKey = (domain: string) => `breakwater:miauth:${domain}`;
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

/** What a Misskey account may do with Breakwater's MiAuth token (its permissions and its role). */
export function misskeyCapabilitiesOf(moderator: boolean): string[] {
  const caps = ['report', 'block', 'mute', 'unblock', 'unmute'];
  if (moderator) caps.push('suspend', 'unsuspend', 'delete-note', 'resolve-report');
  return caps;
}

function isMiAuthPending(x: unknown): x is MiAuthPending {
  const o = x as Partial<MiAuthPending> | null;
  return (
    !!o &&
    typeof o.domain === 'string' &&
    typeof o.origin === 'string' &&
    typeof o.session === 'string' &&
    typeof o.tabId === 'number' &&
    typeof o.startedAt === 'number'
  );
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
    if (row.platform === 'misskey') return this.startMiAuth(row, openerTabId);
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

  /** MiAuth: a session of our own, and the instance's permission page in a new tab. */
  private async startMiAuth(row: InstanceRow, openerTabId: number | null): Promise<StartResult> {
    try {
      const session = crypto.randomUUID();
      const tab = await this.tabs.create({
        url: miauthUrl(row.origin, session, MIAUTH_PERMISSIONS),
        active: true,
        ...(openerTabId !== null ? { openerTabId } : {}),
      });
      if (tab.id === undefined) return { ok: false, code: 'failed', message: 'The browser did not open the tab.' };
      const pending: MiAuthPending = {
        domain: row.domain,
        origin: row.origin,
        session,
        tabId: tab.id,
        openerTabId,
        startedAt: this.now(),
      };
      await this.session.set(miauthKey(row.domain), pending);
      return { ok: true };
    } catch (e) {
      return { ok: false, code: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** The callback page's content script sent the session: only the flow's tab and session count. */
  private async completeMiAuth(instance: InstanceRow, tabId: number, session: string): Promise<SignInResult> {
    const kept = await this.session.get(miauthKey(instance.domain));
    if (
      !isMiAuthPending(kept) ||
      kept.tabId !== tabId ||
      kept.origin !== instance.origin ||
      !MIAUTH_SESSION.test(session) ||
      kept.session !== session
    )
      return { ok: false, code: 'refused', message: 'No sign-in was started in this tab.' };
    await this.session.remove(miauthKey(instance.domain));
    if (this.now() - kept.startedAt > FLOW_TTL_MS)
      return this.settle(instance.domain, {
        ok: false,
        code: 'refused',
        message: 'The sign-in took too long; start it again.',
      });
    try {
      const token = await checkMiAuth(instance.origin, session, this.fetcher);
      const who = await whoAmI(instance.origin, token, this.fetcher);
      const now = this.now();
      const scopes = [...MIAUTH_PERMISSIONS];
      await putToken(
        { instance: instance.domain, source: 'signin', token, account: who.username, scopes },
        now,
        this.d,
      );
      const moderator = who.isAdmin || who.isModerator;
      const role: InstanceRole = who.isAdmin ? 'admin' : moderator ? 'moderator' : 'user';
      await setLogin(
        instance.domain,
        { kind: 'miauth', account: who.username, accountId: who.id, checkedAt: now },
        role,
        misskeyCapabilitiesOf(moderator),
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
    if (instance.platform === 'misskey') return this.completeMiAuth(instance, tabId, code);
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
      for (const key of [pendingKey(domain), miauthKey(domain)]) {
        const kept = await this.session.get(key);
        if ((isPending(kept) || isMiAuthPending(kept)) && kept.tabId === tabId) {
          await this.session.remove(key);
          this.settle(domain, { ok: false, code: 'refused', message: 'The sign-in tab was closed.' });
        }
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
    // MiAuth tokens are revoked by the user in the instance's settings (no API for an app to do it).
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
    if (instance.platform === 'misskey') {
      const all = await this.reportLists(instance, accountIds);
      return Object.fromEntries(Object.entries(all).map(([id, reports]) => [id, reports[0]!]));
    }
    const token = await getToken(instance.domain, 'signin', this.d);
    if (!token || instance.platform !== 'mastodon' || !accountIds.length) return {};
    try {
      const found = await openReportsByAccount(instance.origin, token.token, new Set(accountIds), this.fetcher);
      return Object.fromEntries(found);
    } catch {
      return {};
    }
  }

  /**
   * Misskey: every open report about each user, newest first, with Breakwater's MiAuth token or the
   * web UI's own (a moderator's may read them); empty when neither may.
   */
  async reportLists(instance: InstanceRow, accountIds: string[]): Promise<Record<string, string[]>> {
    if (instance.platform !== 'misskey' || !accountIds.length) return {};
    const token = await getToken(instance.domain, undefined, this.d);
    if (!token) return {};
    try {
      const found = await openReportsByUser(instance.origin, token.token, new Set(accountIds), this.fetcher);
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

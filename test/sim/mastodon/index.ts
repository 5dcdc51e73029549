/**
 * A simulated Mastodon instance (4.6.5 or 4.2.0): the API, OAuth, admin API, streaming, the web UI
 * shell and client, rate limits, and the recorded state tests assert on.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { cookies, paramsFromSearch, parseBody, redirect, send, sendHtml, sendJson, str, type Params } from '../http';
import type { InstanceConfig, SimInstance, SimInstanceInfo, SimInstanceState } from '../types';
import { adminRoutes } from './admin';
import { apiRoutes, notificationJson } from './api';
import { pngForPath } from './assets';
import { oauthRoutes, sessionUser, signInPage } from './oauth';
import {
  API_LIMIT,
  API_PERIOD_MS,
  FixedWindow,
  rateLimitHeaders,
  REPORTS_LIMIT,
  REPORTS_PERIOD_MS,
  type LimitState,
} from './ratelimit';
import { ApiError, compile, versionAtLeast, type CompiledRoute, type Ctx, type Reply } from './router';
import { seedModeration } from './seed';
import { MastoStore } from './store';
import { Streaming } from './streaming';
import { scopeAllows, type Token } from './users';
import { clientBundle, clientCss, isWebAppPath, newSessionId, notFoundHtml, shellHtml } from './web';

export { renderStatus, renderAccount } from './render';

export class MastodonInstance implements SimInstance {
  readonly info: SimInstanceInfo;
  readonly store: MastoStore;
  private readonly routes: CompiledRoute[];
  private readonly streaming: Streaming;
  private readonly apiLimit: FixedWindow;
  private readonly reportsLimit: FixedWindow;
  private liveTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly cfg: InstanceConfig) {
    this.store = new MastoStore(cfg.domain, cfg.version, cfg.scenario, cfg.clock);
    if (cfg.moderationSeed) seedModeration(this.store);
    this.info = {
      domain: cfg.domain,
      platform: 'mastodon',
      version: cfg.version,
      users: Object.fromEntries(this.store.users.map((u) => [u.username, u.role])),
    };
    const scale = cfg.clock.scale > 0 ? cfg.clock.scale : 1;
    this.apiLimit = new FixedWindow(API_LIMIT, Math.max(1, API_PERIOD_MS * scale));
    this.reportsLimit = new FixedWindow(REPORTS_LIMIT, Math.max(1, REPORTS_PERIOD_MS * scale));
    this.streaming = new Streaming(
      this.store,
      (raw) => this.token(raw),
      (n, viewer) => notificationJson(this.store, n, viewer),
    );
    const all = [
      ...apiRoutes(this.store),
      ...adminRoutes(this.store, { onSuspend: (acct) => this.onSuspend(acct) }),
      ...oauthRoutes(this.store),
    ];
    this.routes = all.filter((r) => !r.since || versionAtLeast(cfg.version, r.since)).map(compile);
    if (cfg.live) this.startLive(cfg.live.speed);
  }

  private token(raw: string | undefined): Token | null {
    if (!raw) return null;
    const t = this.store.tokens.get(raw);
    if (!t || t.revoked) return null;
    if (t.username && this.store.flagsOf(`${t.username}@${this.cfg.domain}`).disabled) return null;
    return t;
  }

  // ---------------------------------------------------------------- live mode

  private startLive(speed: number): void {
    const t0 = this.cfg.clock.now();
    const queue = this.cfg.scenario.posts.filter((p) => p.createdAt > t0 && this.store.addressed(p));
    let i = 0;
    this.liveTimer = setInterval(() => {
      const simNow = t0 + (this.cfg.clock.now() - t0) * speed;
      const due: string[] = [];
      while (i < queue.length && queue[i]!.createdAt <= simNow) due.push(queue[i++]!.id);
      if (due.length) this.deliver(due);
      if (i >= queue.length && this.liveTimer) clearInterval(this.liveTimer);
    }, 250);
    this.liveTimer.unref();
  }

  // ---------------------------------------------------------------- SimInstance

  deliver(postIds: string[]): void {
    for (const id of postIds) {
      const p = this.store.idx.byId.get(id);
      if (!p) continue;
      const e = this.store.accept(p);
      if (!e) continue;
      this.streaming.update(p);
    }
    const notifs = this.store.liveNotifs.splice(0);
    for (const { username, notif } of notifs) this.streaming.notify(username, notif);
  }

  private onSuspend(acct: string): void {
    const ids = this.store.timeline
      .filter(
        (e) => e.post.author === acct || (e.post.boostOf && this.store.idx.byId.get(e.post.boostOf)?.author === acct),
      )
      .map((e) => e.id);
    if (ids.length) this.streaming.remove(ids);
  }

  state(): SimInstanceState & Record<string, unknown> {
    const s = this.store;
    return {
      info: this.info,
      actions: s.actions.slice(),
      rateLimited: s.rateLimited.slice(),
      requestCounts: { ...s.requestCounts },
      delivered: s.delivered.size,
      streamingClients: this.streaming.size,
      reports: s.reports.map((r) => ({
        id: r.id,
        target: r.target,
        targetId: s.accountId(r.target),
        reporter: r.reporter,
        statusIds: r.postIds.map((p) => s.statusId(s.idx.byId.get(p)!)),
        category: r.category,
        resolved: r.actionTaken,
        assignedTo: r.assignedTo,
      })),
      accountFlags: Object.fromEntries([...s.flags].filter(([, f]) => Object.keys(f).length > 0)),
      pendingSignups: [...s.pending.values()].map((p) => ({ id: p.id, username: p.username, approved: p.approved })),
      adminDomainBlocks: s.adminDomainBlocks.map((b) => ({ domain: b.domain, severity: b.severity })),
      emailDomainBlocks: s.emailDomainBlocks.map((b) => b.domain),
      users: s.users.map((u) => ({
        username: u.username,
        role: u.role,
        id: s.accountId(`${u.username}@${s.domain}`),
        blocks: [...s.rel(u.username).blocks],
        mutes: [...s.rel(u.username).mutes.keys()],
        domainBlocks: [...s.rel(u.username).domainBlocks],
      })),
    };
  }

  /** Ground truth of the seeded moderation data (never served over HTTP). */
  moderationTruth(): { reports: Record<string, 'spam' | 'legit'>; signups: Record<string, 'spam' | 'legit'> } {
    return {
      reports: Object.fromEntries(this.store.truth.reports),
      signups: Object.fromEntries(this.store.truth.signups),
    };
  }

  close(): void {
    this.closed = true;
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.streaming.close();
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.streaming.upgrade(req, socket, head);
  }

  // ---------------------------------------------------------------- HTTP

  async handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${this.cfg.domain}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const jar = cookies(req);
    if (path === '/__sim/login') return this.login(res, url);
    if (path === '/__sim/logout' || path === '/auth/sign_out') {
      if (jar._mastodon_session) this.store.sessions.delete(jar._mastodon_session);
      return redirect(res, '/', { 'Set-Cookie': '_mastodon_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' });
    }
    if (method === 'GET' && (await this.staticFile(res, path))) return;
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (m) return this.runRoute(r, m, req, res, url, body, jar);
    }
    if (path.startsWith('/api/')) return sendJson(res, 404, { error: 'Record not found' });
    if (method === 'GET' && path === '/auth/sign_in')
      return sendHtml(res, 200, signInPage(this.store, url.searchParams.get('next') ?? '/home'));
    if (method === 'GET' && path.startsWith('/web/')) return redirect(res, path.slice(4) + url.search);
    if (method === 'GET' && isWebAppPath(path)) {
      const sid = jar._mastodon_session;
      const session = sid ? (this.store.sessions.get(sid) ?? null) : null;
      return sendHtml(res, 200, shellHtml(this.store, session, path), { 'Cache-Control': 'no-store' });
    }
    return sendHtml(res, 404, notFoundHtml(this.cfg.domain));
  }

  private login(res: ServerResponse, url: URL): void {
    const user = url.searchParams.get('user') ?? '';
    if (!this.store.user(user))
      return sendHtml(res, 404, signInPage(this.store, url.searchParams.get('next') ?? '/home'));
    const sid = newSessionId();
    const advanced = url.searchParams.get('layout') === 'advanced';
    this.store.sessions.set(sid, { username: user, advanced });
    let next = url.searchParams.get('next') ?? '/home';
    if (!next.startsWith('/')) next = '/home';
    redirect(res, next, { 'Set-Cookie': `_mastodon_session=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  }

  private async staticFile(res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/packs/sim-mastodon.js') {
      send(res, 200, await clientBundle(), {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      });
      return true;
    }
    if (path === '/packs/sim-mastodon.css') {
      send(res, 200, clientCss(), { 'Content-Type': 'text/css; charset=utf-8' });
      return true;
    }
    if (/^\/(system|avatars|headers)\//.test(path) || path.startsWith('/packs/media/')) {
      send(res, 200, pngForPath(path), { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' });
      return true;
    }
    if (path === '/favicon.ico') {
      send(res, 204, '');
      return true;
    }
    if (path === '/manifest') {
      sendJson(res, 200, { name: 'Mastodon', short_name: 'Mastodon', start_url: '/home', display: 'standalone' });
      return true;
    }
    if (path === '/api/v1/streaming/health') {
      send(res, 200, 'OK', { 'Content-Type': 'text/plain' });
      return true;
    }
    return false;
  }

  private async runRoute(
    r: CompiledRoute,
    m: RegExpExecArray,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
    jar: Record<string, string>,
  ): Promise<void> {
    const store = this.store;
    const isApi = r.path.startsWith('/api/');
    const key = `${r.method} ${r.path}`;
    if (isApi) store.requestCounts[key] = (store.requestCounts[key] ?? 0) + 1;
    const headers: Record<string, string> = {};
    try {
      let bodyParams: Params;
      try {
        bodyParams = parseBody(req, body);
      } catch {
        throw new ApiError(400, 'Error while parsing request body');
      }
      const query = paramsFromSearch(url.searchParams);
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
      const auth = String(req.headers.authorization ?? '');
      const raw = auth.startsWith('Bearer ') ? auth.slice(7).trim() : isApi ? str(query.access_token) : undefined;
      const token = this.token(raw);
      const ctx: Ctx = {
        req,
        method: r.method,
        path: url.pathname,
        url,
        params,
        query,
        body: bodyParams,
        all: { ...query, ...bodyParams },
        token,
        user: token?.username ? (store.user(token.username) ?? null) : null,
        cookies: jar,
      };
      if (isApi) {
        const who = token ? `token:${token.token}` : `ip:${req.socket.remoteAddress ?? '127.0.0.1'}`;
        const limit: LimitState = this.apiLimit.hit(who, this.cfg.clock.now());
        Object.assign(headers, rateLimitHeaders(limit));
        if (limit.exceeded) {
          store.rateLimited.push({ at: this.cfg.clock.now(), path: key, user: token?.username ?? 'anonymous' });
          throw new ApiError(429, 'Too many requests');
        }
      }
      if (raw && !token) throw new ApiError(401, 'The access token is invalid');
      if (r.auth !== 'none' && !token) throw new ApiError(401, 'The access token is invalid');
      if (r.auth === 'user' && !ctx.user) throw new ApiError(422, 'This method requires an authenticated user');
      if (token && r.scopes && !r.scopes.some((s) => scopeAllows(token.scopes, s)))
        throw new ApiError(403, 'This action is outside the authorized scopes');
      if (r.perms && !(ctx.user && (store.role(ctx.user.username).permissions & r.perms) !== 0))
        throw new ApiError(403, 'This action is not allowed');
      if (r.path === '/api/v1/reports' && ctx.user) {
        const rl = this.reportsLimit.peek(`account:${ctx.user.username}`, this.cfg.clock.now());
        Object.assign(headers, rateLimitHeaders(rl));
        if (rl.exceeded) {
          store.rateLimited.push({ at: this.cfg.clock.now(), path: key, user: ctx.user.username });
          throw new ApiError(429, 'Too many requests');
        }
      }
      const reply: Reply = await r.fn(ctx);
      if (r.path === '/api/v1/reports' && ctx.user && (reply.status ?? 200) < 300)
        Object.assign(
          headers,
          rateLimitHeaders(this.reportsLimit.hit(`account:${ctx.user.username}`, this.cfg.clock.now())),
        );
      this.reply(res, reply, headers);
    } catch (e) {
      if (e instanceof ApiError) return sendJson(res, e.status, { error: e.message }, { ...headers, ...e.headers });
      throw e;
    }
  }

  private reply(res: ServerResponse, r: Reply, headers: Record<string, string>): void {
    const h = { ...headers, ...(r.headers ?? {}) };
    if (r.redirect) return redirect(res, r.redirect, h);
    if (r.html !== undefined) return sendHtml(res, r.status ?? 200, r.html, h);
    if (r.text !== undefined)
      return send(res, r.status ?? 200, r.text, { 'Content-Type': r.contentType ?? 'text/plain; charset=utf-8', ...h });
    return sendJson(res, r.status ?? 200, r.json ?? {}, h);
  }
}

export function createMastodonInstance(cfg: InstanceConfig): MastodonInstance {
  return new MastodonInstance(cfg);
}

export { sessionUser };

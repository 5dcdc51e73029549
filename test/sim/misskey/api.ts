/**
 * The Misskey API subset Breakwater calls: `POST /api/<endpoint>` with a JSON body, the token as body
 * `i` or `Authorization: Bearer` (the header wins, as upstream). The checks run in upstream
 * ApiCallService#call's order: secure -> rate limit (before credentials, so refused calls count) ->
 * credential / suspension -> app-token permission -> moderator/admin role -> parameters -> endpoint.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { GenPost } from '../generator/types';
import { authorOf, type SimUser } from './directory';
import { ApiError, E, internalError, statusOf } from './errors';
import { idTime } from './ids';
import { renderAdminShowUser, renderMe, renderMeta } from './meta';
import { paging, validate, validateUsersShow, type ParamDef } from './params';
import { applyLimit, ENDPOINT_LIMITS, SlidingLogLimiter, type EndpointLimit } from './ratelimit';
import { renderNoteIn, renderUserDetailed } from './render';
import type { AbuseReport, AccessToken, World } from './world';

export interface ApiCall {
  endpoint: string;
  body: unknown;
  headers?: IncomingHttpHeaders;
  ip?: string;
}

export interface ApiResult {
  status: number;
  headers: Record<string, string>;
  /** undefined: no body (204 or a bare 400). */
  body?: unknown;
}

export interface ApiEvents {
  notesDeleted(noteIds: string[]): void;
}

interface Ctx {
  me: SimUser | null;
  token: AccessToken | null;
  ps: Record<string, unknown>;
}

interface Endpoint {
  requireCredential?: boolean;
  requireModerator?: boolean;
  requireAdmin?: boolean;
  /** Only the web UI's own token (not app tokens) may call it. */
  secure?: boolean;
  kind?: string;
  params?: ParamDef;
  validate?: (body: Record<string, unknown>) => Record<string, unknown>;
  handler(ctx: Ctx): unknown;
}

type Json = Record<string, unknown>;

export class MisskeyApi {
  readonly limiter = new SlidingLogLimiter();
  private endpoints: Record<string, Endpoint>;

  constructor(
    readonly world: World,
    private events: ApiEvents = { notesDeleted: () => {} },
  ) {
    this.endpoints = this.define();
  }

  has(endpoint: string): boolean {
    return Object.hasOwn(this.endpoints, endpoint);
  }

  call(req: ApiCall): ApiResult {
    const w = this.world;
    const key = `POST /api/${req.endpoint}`;
    w.requestCounts[key] = (w.requestCounts[key] ?? 0) + 1;
    const ep = this.endpoints[req.endpoint];
    if (!ep) return this.fail(new ApiError(E.unknownEndpoint));
    const body = (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}) as Json;
    const auth = req.headers?.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : body.i;
    if (token != null && typeof token !== 'string') return { status: 400, headers: {} };
    let me: SimUser | null = null;
    let access: AccessToken | null = null;
    if (token != null) {
      const t = w.tokens.get(token);
      const u = t ? w.dir.userById.get(t.userId) : undefined;
      if (!t || !u || w.deletedUsers.has(u.id)) {
        return this.fail(new ApiError(E.authenticationFailed), {
          'www-authenticate': `Bearer realm="Misskey", error="invalid_token", error_description="${E.authenticationFailed.message}"`,
        });
      }
      me = u;
      access = t.permission === null ? null : t;
    }
    try {
      const result = this.run(req.endpoint, ep, me, access, body, req.ip ?? '127.0.0.1');
      if (result === undefined || result === null) return { status: 204, headers: {} };
      return { status: 200, headers: {}, body: result };
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.code === 'RATE_LIMIT_EXCEEDED') {
          w.rateLimited.push({ at: w.now(), path: `/api/${req.endpoint}`, user: me?.username ?? req.ip ?? '' });
        }
        return this.fail(e);
      }
      return this.fail(internalError(e instanceof Error ? e.message : String(e)));
    }
  }

  private fail(err: ApiError, extra: Record<string, string> = {}): ApiResult {
    const headers: Record<string, string> = { ...extra };
    const status = statusOf(err);
    if (status === 401) {
      headers['www-authenticate'] ??= 'Bearer realm="Misskey"';
    } else if (err.code === 'RATE_LIMIT_EXCEEDED') {
      const info = err.info as { resetMs?: number } | undefined;
      if (typeof info?.resetMs === 'number') {
        headers['retry-after'] = String(Math.max(Math.ceil((info.resetMs - this.world.now()) / 1000), 0));
      }
    } else if (err.kind === 'client') {
      headers['www-authenticate'] ??=
        `Bearer realm="Misskey", error="invalid_request", error_description="${err.message}"`;
    } else if (err.code === 'PERMISSION_DENIED') {
      headers['www-authenticate'] =
        `Bearer realm="Misskey", error="insufficient_scope", error_description="${err.message}"`;
    }
    return { status, headers, body: err.body() };
  }

  private run(
    name: string,
    ep: Endpoint,
    me: SimUser | null,
    token: AccessToken | null,
    body: Json,
    ip: string,
  ): unknown {
    const w = this.world;
    if (ep.secure && (me === null || token !== null)) throw new ApiError(E.accessDenied);
    const limit: EndpointLimit | undefined = ENDPOINT_LIMITS[name];
    if (limit) {
      const factor = me ? w.rateLimitFactor : 1;
      if (factor > 0) {
        const r = applyLimit(this.limiter, limit, name, me ? me.id : `ip:${ip}`, factor, w.now());
        if (!r.ok) throw new ApiError(E.rateLimitExceeded, r.info);
      }
    }
    if (ep.requireCredential || ep.requireModerator || ep.requireAdmin) {
      if (me === null) throw new ApiError(E.credentialRequired);
      if (w.suspended.has(me.id)) throw new ApiError(E.suspended);
    }
    if (token && ((ep.kind && !token.permission!.includes(ep.kind)) || (!ep.kind && ep.requireCredential))) {
      throw new ApiError(E.permissionDenied);
    }
    if ((ep.requireModerator || ep.requireAdmin) && me!.role !== 'admin') {
      if (ep.requireModerator && !w.isModerator(me!)) throw new ApiError(E.notModerator);
      if (ep.requireAdmin && !w.isAdmin(me!)) throw new ApiError(E.notAdmin);
    }
    const ps = ep.validate ? ep.validate(body) : validate(ep.params ?? { properties: {} }, body);
    return ep.handler({ me, token, ps });
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private notes(posts: GenPost[], me: SimUser | null): Json[] {
    return posts.map((p) => renderNoteIn(this.world.dir, p, { me, state: this.world }));
  }

  /** Upstream pagination: newest first, except `sinceId`/`sinceDate` alone, which answers oldest first. */
  private page<T>(items: T[], idOf: (x: T) => string, ps: Json): T[] {
    const limit = ps.limit as number;
    let list = items;
    const untilId = ps.untilId as string | undefined;
    const sinceId = ps.sinceId as string | undefined;
    const untilDate = ps.untilDate as number | undefined;
    const sinceDate = ps.sinceDate as number | undefined;
    if (untilId) list = list.filter((x) => idOf(x) < untilId);
    if (sinceId) list = list.filter((x) => idOf(x) > sinceId);
    if (untilDate !== undefined) list = list.filter((x) => idTime(idOf(x)) < untilDate);
    if (sinceDate !== undefined) list = list.filter((x) => idTime(idOf(x)) > sinceDate);
    const ascending = (sinceId || sinceDate !== undefined) && !(untilId || untilDate !== undefined);
    if (ascending) return list.slice().reverse().slice(0, limit);
    return list.slice(0, limit);
  }

  private timeline(
    ps: Json,
    me: SimUser | null,
    pick: (p: GenPost) => boolean,
    opts: { replies?: boolean } = {},
  ): Json[] {
    const w = this.world;
    const withFiles = ps.withFiles === true;
    const withRenotes = ps.withRenotes !== false;
    const withReplies = opts.replies ?? ps.withReplies === true;
    const posts = w.presentPosts().filter((p) => {
      if (!pick(p) || !w.visibleInTimeline(p, me)) return false;
      if (withFiles && p.media.length === 0) return false;
      if (!withRenotes && p.boostOf && !p.text) return false;
      if (!withReplies && p.replyTo) {
        const parent = w.dir.postById.get(p.replyTo);
        const parentAuthor = parent ? authorOf(w.dir, parent) : null;
        const author = authorOf(w.dir, p);
        if (parentAuthor && parentAuthor.id !== author.id && parentAuthor.id !== me?.id) return false;
      }
      return true;
    });
    return this.notes(
      this.page(posts, (p) => w.noteId(p), ps),
      me,
    );
  }

  private isPublic(p: GenPost): boolean {
    return p.visibility === 'public';
  }

  private localUser(ps: Json, err: typeof E.blockNoSuchUser): SimUser {
    const u = this.world.userById(ps.userId as string);
    if (!u) throw new ApiError(err);
    return u;
  }

  /** Per-user lists and antennas: deterministic ids, fixed contents. */
  listOf(me: SimUser): { id: string; name: string; members: SimUser[] } {
    const dir = this.world.dir;
    const members = dir.users.filter((u) => u.host !== null && u.account.label === 'legit').slice(0, 12);
    return { id: `${me.id.slice(0, 8)}list0000`.slice(0, me.id.length), name: 'ウォッチ', members };
  }

  antennaOf(me: SimUser): { id: string; name: string } {
    return { id: `${me.id.slice(0, 8)}antn0000`.slice(0, me.id.length), name: 'メンション多数' };
  }

  channelId(): string {
    const dir = this.world.dir;
    return `${dir.users[0]!.id.slice(0, 8)}chnl0000`.slice(0, dir.users[0]!.id.length);
  }

  private report(r: AbuseReport): Json {
    const w = this.world;
    const reporter = w.dir.userById.get(r.reporterId)!;
    const target = w.dir.userById.get(r.targetUserId)!;
    const assignee = r.assigneeId ? w.dir.userById.get(r.assigneeId) : undefined;
    return {
      id: r.id,
      createdAt: new Date(r.createdAt).toISOString(),
      comment: r.comment,
      resolved: r.resolved,
      reporterId: r.reporterId,
      targetUserId: r.targetUserId,
      assigneeId: r.assigneeId,
      reporter: renderUserDetailed(w.dir, reporter, { state: w }),
      targetUser: renderUserDetailed(w.dir, target, { state: w }),
      assignee: assignee ? renderUserDetailed(w.dir, assignee, { state: w }) : null,
      forwarded: r.forwarded,
      resolvedAs: r.resolvedAs,
      moderationNote: r.moderationNote,
    };
  }

  private userDetailed(u: SimUser, me: SimUser | null): Json {
    const w = this.world;
    return renderUserDetailed(w.dir, u, { me, state: w, viewerIsModerator: me ? w.isModerator(me) : false });
  }

  // -------------------------------------------------------------------------------------------
  // Endpoints

  private define(): Record<string, Endpoint> {
    const w = this.world;
    const dir = w.dir;
    const tl = {
      properties: {
        ...paging,
        withFiles: { type: 'boolean' },
        withRenotes: { type: 'boolean', default: true },
        withReplies: { type: 'boolean', default: false },
        allowPartial: { type: 'boolean', default: false },
        includeMyRenotes: { type: 'boolean', default: true },
        includeRenotedMyNotes: { type: 'boolean', default: true },
        includeLocalRenotes: { type: 'boolean', default: true },
      },
    } satisfies ParamDef;
    const userIdParam: ParamDef = { properties: { userId: { type: 'id' } }, required: ['userId'] };

    const endpoints: Record<string, Endpoint> = {
      meta: {
        params: { properties: { detail: { type: 'boolean', default: true } } },
        handler: ({ ps }) => renderMeta(dir, ps.detail === true, w.rateLimitFactor),
      },
      i: {
        requireCredential: true,
        kind: 'read:account',
        handler: ({ me }) => renderMe(w, me!),
      },
      'notes/timeline': {
        requireCredential: true,
        kind: 'read:account',
        params: tl,
        handler: ({ me, ps }) => this.timeline(ps, me, (p) => w.inHome(p, me!), { replies: true }),
      },
      'notes/hybrid-timeline': {
        requireCredential: true,
        kind: 'read:account',
        params: tl,
        handler: ({ me, ps }) =>
          this.timeline(ps, me, (p) => w.inHome(p, me!) || (w.isLocalPost(p) && this.isPublic(p))),
      },
      'notes/local-timeline': {
        params: tl,
        handler: ({ me, ps }) => this.timeline(ps, me, (p) => w.isLocalPost(p) && this.isPublic(p)),
      },
      'notes/global-timeline': {
        params: tl,
        handler: ({ me, ps }) => this.timeline(ps, me, (p) => this.isPublic(p), { replies: true }),
      },
      'notes/user-list-timeline': {
        requireCredential: true,
        kind: 'read:account',
        params: { properties: { listId: { type: 'id' }, ...tl.properties }, required: ['listId'] },
        handler: ({ me, ps }) => {
          const list = this.listOf(me!);
          if (ps.listId !== list.id) throw new ApiError(E.noSuchList);
          const members = new Set(list.members.map((u) => u.acct));
          return this.timeline(ps, me, (p) => members.has(p.author), { replies: true });
        },
      },
      'antennas/notes': {
        requireCredential: true,
        kind: 'read:account',
        params: { properties: { antennaId: { type: 'id' }, ...paging }, required: ['antennaId'] },
        handler: ({ me, ps }) => {
          if (ps.antennaId !== this.antennaOf(me!).id) throw new ApiError(E.noSuchAntenna);
          return this.timeline(ps, me, (p) => p.mentions.length >= 2, { replies: true });
        },
      },
      'antennas/list': {
        requireCredential: true,
        kind: 'read:account',
        handler: ({ me }) => {
          const a = this.antennaOf(me!);
          return [
            {
              id: a.id,
              createdAt: new Date(idTime(me!.id) + 60_000).toISOString(),
              name: a.name,
              keywords: [['']],
              excludeKeywords: [['']],
              src: 'all',
              userListId: null,
              users: [''],
              caseSensitive: false,
              localOnly: false,
              excludeBots: false,
              withReplies: true,
              withFile: false,
              isActive: true,
              hasUnreadNote: false,
              notify: false,
              excludeNotesInSensitiveChannel: false,
            },
          ];
        },
      },
      'users/lists/list': {
        requireCredential: true,
        kind: 'read:account',
        handler: ({ me }) => {
          const l = this.listOf(me!);
          return [
            {
              id: l.id,
              createdAt: new Date(idTime(me!.id) + 120_000).toISOString(),
              name: l.name,
              userIds: l.members.map((u) => u.id),
              isPublic: false,
            },
          ];
        },
      },
      'channels/timeline': {
        params: { properties: { channelId: { type: 'id' }, ...paging }, required: ['channelId'] },
        handler: ({ ps }) => {
          if (ps.channelId !== this.channelId()) throw new ApiError(E.noSuchChannel);
          return [];
        },
      },
      'channels/show': {
        params: { properties: { channelId: { type: 'id' } }, required: ['channelId'] },
        handler: ({ ps }) => {
          if (ps.channelId !== this.channelId()) throw new ApiError(E.noSuchChannel);
          return {
            id: this.channelId(),
            createdAt: new Date(idTime(this.channelId())).toISOString(),
            lastNotedAt: null,
            name: '雑談',
            description: null,
            userId: dir.users[0]!.id,
            bannerUrl: null,
            pinnedNoteIds: [],
            color: '#86b300',
            isArchived: false,
            usersCount: 0,
            notesCount: 0,
            isSensitive: false,
            allowRenoteToExternal: true,
          };
        },
      },
      'channels/followed': {
        requireCredential: true,
        kind: 'read:channels',
        params: { properties: { ...paging } },
        handler: () => [
          this.endpoints['channels/show']!.handler({ me: null, token: null, ps: { channelId: this.channelId() } }),
        ],
      },
      'users/notes': {
        params: {
          properties: {
            ...userIdParam.properties,
            ...paging,
            withReplies: { type: 'boolean', default: false },
            withRenotes: { type: 'boolean', default: true },
            withChannelNotes: { type: 'boolean', default: false },
            withFiles: { type: 'boolean', default: false },
          },
          required: ['userId'],
        },
        handler: ({ me, ps }) => {
          const u = w.userById(ps.userId as string);
          if (!u) throw new ApiError(E.usersNotesNoSuchUser);
          return this.timeline(ps, me, (p) => p.author === u.acct);
        },
      },
      'notes/search-by-tag': {
        params: {
          properties: { tag: { type: 'string' }, ...paging, withFiles: { type: 'boolean', default: false } },
          required: ['tag'],
        },
        handler: ({ me, ps }) => {
          const tag = String(ps.tag).toLowerCase();
          return this.timeline(ps, me, (p) => this.isPublic(p) && p.tags.some((t) => t.toLowerCase() === tag), {
            replies: true,
          });
        },
      },
      'notes/show': {
        params: { properties: { noteId: { type: 'id' } }, required: ['noteId'] },
        handler: ({ me, ps }) => {
          const p = dir.postOfNoteId.get(ps.noteId as string);
          if (!p || !w.noteExists(p) || w.suspended.has(authorOf(dir, p).id)) throw new ApiError(E.notesShowNoSuchNote);
          return renderNoteIn(dir, p, { me, state: w });
        },
      },
      'notes/mentions': {
        requireCredential: true,
        kind: 'read:account',
        params: {
          properties: { ...paging, following: { type: 'boolean', default: false }, visibility: { type: 'string' } },
        },
        handler: ({ me, ps }) =>
          this.timeline(
            ps,
            me,
            (p) => {
              if (w.mentionsUser(p, me!)) return true;
              const parent = p.replyTo ? dir.postById.get(p.replyTo) : undefined;
              return !!parent && authorOf(dir, parent).id === me!.id;
            },
            { replies: true },
          ),
      },
      'i/notifications': {
        requireCredential: true,
        kind: 'read:notifications',
        params: {
          properties: {
            ...paging,
            markAsRead: { type: 'boolean', default: true },
            includeTypes: { type: 'strings' },
            excludeTypes: { type: 'strings' },
          },
        },
        handler: ({ me, ps }) => {
          let list = w.notificationsFor(me!);
          const inc = ps.includeTypes as string[] | undefined;
          const exc = ps.excludeTypes as string[] | undefined;
          if (inc) list = list.filter((n) => inc.includes(n.type));
          if (exc) list = list.filter((n) => !exc.includes(n.type));
          list = list.sort((a, b) => (a.id < b.id ? 1 : -1));
          return this.page(list, (n) => n.id, ps).map((n) => w.renderNotification(n, me!));
        },
      },
      'users/show': {
        validate: validateUsersShow,
        handler: ({ me, ps }) => {
          const mod = me ? w.isModerator(me) : false;
          if (Array.isArray(ps.userIds)) {
            const out: Json[] = [];
            for (const id of ps.userIds as string[]) {
              const u = w.userById(id);
              if (u && (mod || !w.suspended.has(u.id))) out.push(this.userDetailed(u, me));
            }
            return out;
          }
          let u: SimUser | undefined;
          if (typeof ps.userId === 'string') u = w.userById(ps.userId);
          else {
            const username = String(ps.username).trim().toLowerCase();
            const host = typeof ps.host === 'string' ? ps.host.toLowerCase() : null;
            if (host === null || host === dir.domain) u = dir.localByUsername.get(username);
            else {
              u = dir.users.find((x) => x.host === host && x.username.toLowerCase() === username);
              if (!u) throw new ApiError(E.failedToResolveRemoteUser);
            }
            if (u && w.deletedUsers.has(u.id)) u = undefined;
          }
          if (!u || (!mod && w.suspended.has(u.id))) throw new ApiError(E.usersShowNoSuchUser);
          return this.userDetailed(u, me);
        },
      },
      'users/relation': {
        requireCredential: true,
        kind: 'read:account',
        validate: (body) => {
          if (Array.isArray(body.userId))
            return validate({ properties: { userId: { type: 'ids' } }, required: ['userId'] }, body);
          return validate(userIdParam, body);
        },
        handler: ({ me, ps }) => {
          const rel = (id: string): Json | null => {
            const u = w.userById(id);
            if (!u) return null;
            const d = renderUserDetailed(dir, u, { me, state: w });
            return {
              id,
              isFollowing: d.isFollowing,
              isFollowed: d.isFollowed,
              hasPendingFollowRequestFromYou: false,
              hasPendingFollowRequestToYou: false,
              isBlocking: d.isBlocking,
              isBlocked: d.isBlocked,
              isMuted: d.isMuted,
              isRenoteMuted: d.isRenoteMuted,
            };
          };
          return Array.isArray(ps.userId) ? (ps.userId as string[]).map(rel).filter(Boolean) : rel(ps.userId as string);
        },
      },
      'users/report-abuse': {
        requireCredential: true,
        kind: 'write:report-abuse',
        params: {
          properties: { userId: { type: 'id' }, comment: { type: 'string', minLength: 1, maxLength: 2048 } },
          required: ['userId', 'comment'],
        },
        handler: ({ me, ps }) => {
          const target = this.localUser(ps, E.reportNoSuchUser);
          if (target.id === me!.id) throw new ApiError(E.cannotReportYourself);
          if (w.isAdmin(target)) throw new ApiError(E.cannotReportAdmin);
          const r: AbuseReport = {
            id: w.newId(),
            createdAt: w.now(),
            comment: ps.comment as string,
            reporterId: me!.id,
            targetUserId: target.id,
            resolved: false,
            resolvedAs: null,
            assigneeId: null,
            forwarded: false,
            moderationNote: '',
          };
          w.reports.push(r);
          w.record(me!, 'report', target.id, target, { comment: r.comment, reportId: r.id });
        },
      },
      'blocking/create': {
        requireCredential: true,
        kind: 'write:blocks',
        params: userIdParam,
        handler: ({ me, ps }) => {
          if (me!.id === ps.userId) throw new ApiError(E.blockeeIsYourself);
          const target = this.localUser(ps, E.blockNoSuchUser);
          const k = `${me!.id}>${target.id}`;
          if (w.blocking.has(k)) throw new ApiError(E.alreadyBlocking);
          w.blocking.add(k);
          w.record(me!, 'block', target.id, target, {});
          return renderUserDetailed(dir, target, { me, state: w });
        },
      },
      'blocking/delete': {
        requireCredential: true,
        kind: 'write:blocks',
        params: userIdParam,
        handler: ({ me, ps }) => {
          if (me!.id === ps.userId) throw new ApiError(E.unblockeeIsYourself);
          const target = this.localUser(ps, E.unblockNoSuchUser);
          const k = `${me!.id}>${target.id}`;
          if (!w.blocking.has(k)) throw new ApiError(E.notBlocking);
          w.blocking.delete(k);
          w.record(me!, 'unblock', target.id, target, {});
          return renderUserDetailed(dir, target, { me, state: w });
        },
      },
      'mute/create': {
        requireCredential: true,
        kind: 'write:mutes',
        params: {
          properties: { userId: { type: 'id' }, expiresAt: { type: 'integer', nullable: true } },
          required: ['userId'],
        },
        handler: ({ me, ps }) => {
          if (me!.id === ps.userId) throw new ApiError(E.muteeIsYourself);
          const target = this.localUser(ps, E.muteNoSuchUser);
          const k = `${me!.id}>${target.id}`;
          if (w.muting.has(k)) throw new ApiError(E.alreadyMuting);
          const expiresAt = (ps.expiresAt as number | null | undefined) ?? null;
          if (expiresAt && expiresAt <= w.now()) return undefined;
          w.muting.set(k, expiresAt);
          w.record(me!, 'mute', target.id, target, { expiresAt });
          return undefined;
        },
      },
      'mute/delete': {
        requireCredential: true,
        kind: 'write:mutes',
        params: userIdParam,
        handler: ({ me, ps }) => {
          if (me!.id === ps.userId) throw new ApiError(E.unmuteeIsYourself);
          const target = this.localUser(ps, E.unmuteNoSuchUser);
          const k = `${me!.id}>${target.id}`;
          if (!w.muting.has(k)) throw new ApiError(E.notMuting);
          w.muting.delete(k);
          w.record(me!, 'unmute', target.id, target, {});
          return undefined;
        },
      },
      'renote-mute/create': {
        requireCredential: true,
        kind: 'write:mutes',
        params: userIdParam,
        handler: ({ me, ps }) => {
          if (me!.id === ps.userId) throw new ApiError(E.renoteMuteeIsYourself);
          const target = this.localUser(ps, E.renoteMuteNoSuchUser);
          const k = `${me!.id}>${target.id}`;
          if (w.renoteMuting.has(k)) throw new ApiError(E.alreadyRenoteMuting);
          w.renoteMuting.add(k);
          w.record(me!, 'renote_mute', target.id, target, {});
          return undefined;
        },
      },
      'notes/delete': {
        requireCredential: true,
        kind: 'write:notes',
        params: { properties: { noteId: { type: 'id' } }, required: ['noteId'] },
        handler: ({ me, ps }) => {
          const p = dir.postOfNoteId.get(ps.noteId as string);
          if (!p || !w.noteExists(p)) throw new ApiError(E.deleteNoSuchNote);
          const author = authorOf(dir, p);
          if (!w.isModerator(me!) && author.id !== me!.id) throw new ApiError(E.deleteAccessDenied);
          const gone = w.deleteNote(p);
          w.record(me!, 'delete_note', ps.noteId as string, author, {
            noteId: ps.noteId,
            postId: p.id,
            cascaded: gone.slice(1),
          });
          this.events.notesDeleted(gone);
          return undefined;
        },
      },
      'admin/suspend-user': {
        requireCredential: true,
        requireModerator: true,
        kind: 'write:admin:suspend-user',
        params: userIdParam,
        handler: ({ me, ps }) => {
          const u = w.userById(ps.userId as string);
          if (!u) throw internalError('user not found');
          if (w.isModerator(u)) throw internalError('cannot suspend moderator account');
          w.suspended.add(u.id);
          w.record(me!, 'suspend', u.id, u, {});
          return undefined;
        },
      },
      'admin/unsuspend-user': {
        requireCredential: true,
        requireModerator: true,
        kind: 'write:admin:unsuspend-user',
        params: userIdParam,
        handler: ({ me, ps }) => {
          const u = w.userById(ps.userId as string);
          if (!u) throw internalError('user not found');
          w.suspended.delete(u.id);
          w.record(me!, 'unsuspend', u.id, u, {});
          return undefined;
        },
      },
      'admin/delete-account': {
        requireCredential: true,
        requireAdmin: true,
        kind: 'write:admin:delete-account',
        params: userIdParam,
        handler: ({ me, ps }) => {
          const u = w.userById(ps.userId as string);
          if (!u) throw internalError('user not found');
          if (w.isModerator(u)) throw internalError('cannot delete a root account');
          w.deletedUsers.add(u.id);
          const gone: string[] = [];
          for (const p of dir.known) if (p.author === u.acct) gone.push(...w.deleteNote(p));
          w.record(me!, 'delete_account', u.id, u, { deletedNotes: gone.length });
          this.events.notesDeleted(gone);
          return undefined;
        },
      },
      'admin/show-user': {
        requireCredential: true,
        requireModerator: true,
        kind: 'read:admin:show-user',
        params: userIdParam,
        handler: ({ ps }) => {
          const u = w.userById(ps.userId as string);
          if (!u) throw internalError('user not found');
          return renderAdminShowUser(w, u);
        },
      },
      'admin/abuse-user-reports': {
        requireCredential: true,
        requireModerator: true,
        kind: 'read:admin:abuse-user-reports',
        params: {
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
            sinceId: { type: 'id' },
            untilId: { type: 'id' },
            state: { type: 'string', nullable: true, default: null },
            reporterOrigin: { type: 'string', enum: ['combined', 'local', 'remote'], default: 'combined' },
            targetUserOrigin: { type: 'string', enum: ['combined', 'local', 'remote'], default: 'combined' },
          },
        },
        handler: ({ ps }) => {
          let list = w.reports.slice().sort((a, b) => (a.id < b.id ? 1 : -1));
          if (ps.state === 'resolved') list = list.filter((r) => r.resolved);
          if (ps.state === 'unresolved') list = list.filter((r) => !r.resolved);
          const hostOf = (id: string) => dir.userById.get(id)!.host;
          if (ps.reporterOrigin === 'local') list = list.filter((r) => hostOf(r.reporterId) === null);
          if (ps.reporterOrigin === 'remote') list = list.filter((r) => hostOf(r.reporterId) !== null);
          if (ps.targetUserOrigin === 'local') list = list.filter((r) => hostOf(r.targetUserId) === null);
          if (ps.targetUserOrigin === 'remote') list = list.filter((r) => hostOf(r.targetUserId) !== null);
          return this.page(list, (r) => r.id, ps).map((r) => this.report(r));
        },
      },
      'admin/resolve-abuse-user-report': {
        requireCredential: true,
        requireModerator: true,
        kind: 'write:admin:resolve-abuse-user-report',
        params: {
          properties: {
            reportId: { type: 'id' },
            resolvedAs: { type: 'string', enum: ['accept', 'reject', null], nullable: true },
          },
          required: ['reportId'],
        },
        handler: ({ me, ps }) => {
          const r = w.reports.find((x) => x.id === ps.reportId);
          if (!r) throw new ApiError(E.noSuchAbuseReport);
          if (r.resolved) return undefined;
          r.resolved = true;
          r.resolvedAs = (ps.resolvedAs as 'accept' | 'reject' | null | undefined) ?? null;
          r.assigneeId = me!.id;
          const target = dir.userById.get(r.targetUserId) ?? null;
          w.record(me!, 'resolve_report', r.id, target, { resolvedAs: r.resolvedAs, targetUserId: r.targetUserId });
          return undefined;
        },
      },
      'miauth/gen-token': {
        secure: true,
        requireCredential: true,
        params: {
          properties: {
            session: { type: 'string', nullable: true },
            name: { type: 'string', nullable: true },
            description: { type: 'string', nullable: true },
            iconUrl: { type: 'string', nullable: true },
            permission: { type: 'strings' },
          },
          required: ['session', 'permission'],
        },
        handler: ({ me, ps }) => {
          const token = `${me!.username.slice(0, 2)}${w.newId().slice(-6)}${Math.random().toString(36).slice(2, 10)}`
            .replace(/[^a-zA-Z0-9]/g, 'x')
            .slice(0, 16)
            .padEnd(16, '0');
          w.tokens.set(token, {
            token,
            userId: me!.id,
            permission: (ps.permission as string[]).slice(),
            appName: (ps.name as string | null) ?? null,
          });
          const s = typeof ps.session === 'string' ? w.miauth.get(ps.session) : undefined;
          if (typeof ps.session === 'string') {
            w.miauth.set(ps.session, {
              session: ps.session,
              name: (ps.name as string | null) ?? s?.name ?? null,
              permission: (ps.permission as string[]).slice(),
              callback: s?.callback ?? null,
              token,
              fetched: false,
            });
          }
          w.record(me!, 'app_authorized', me!.id, me!, {
            session: ps.session,
            permission: ps.permission,
            name: ps.name ?? null,
          });
          return { token };
        },
      },
    };
    return endpoints;
  }

  /** `POST /api/miauth/:session/check` (no credential): the token once, then `{ok: false}`. */
  miauthCheck(session: string): ApiResult {
    const w = this.world;
    const key = 'POST /api/miauth/:session/check';
    w.requestCounts[key] = (w.requestCounts[key] ?? 0) + 1;
    const s = w.miauth.get(session);
    if (!s || !s.token || s.fetched) return { status: 200, headers: {}, body: { ok: false } };
    s.fetched = true;
    const t = w.tokens.get(s.token)!;
    const u = w.dir.userById.get(t.userId)!;
    return {
      status: 200,
      headers: {},
      body: { ok: true, token: s.token, user: renderUserDetailed(w.dir, u, { state: w }) },
    };
  }
}

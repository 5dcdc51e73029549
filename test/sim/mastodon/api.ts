/**
 * The client API of a simulated Mastodon instance (instance-apis.md C1): timelines with real
 * pagination and Link headers, statuses, accounts, relationships, blocks, mutes, domain blocks,
 * reports, notifications (v1 and v2 grouped), lists, instance and nodeinfo documents.
 */
import type { GenPost } from '../generator/types';
import { bool, str, strList } from '../http';
import { compareIds } from './ids';
import { isV4_2, type Json } from './render';
import { ApiError, intParam, notFound, unprocessable, type Ctx, type Reply, type Route } from './router';
import type { MastoStore, Notif, TimelineKind } from './store';
import { roleJson } from './users';

export interface Page<T> {
  items: T[];
}

/** Mastodon's id pagination over a newest-first list: `max_id`, `since_id`, `min_id`, `limit`. */
export function paginate<T>(
  items: Iterable<T>,
  idOf: (t: T) => string,
  q: Record<string, unknown>,
  dflt = 20,
  max = 40,
): T[] {
  const limit = intParam(q.limit, dflt, 1, max);
  const maxId = str(q.max_id);
  const sinceId = str(q.since_id);
  const minId = str(q.min_id);
  if (minId) {
    const above: T[] = [];
    for (const it of items) {
      const id = idOf(it);
      if (compareIds(id, minId) <= 0) break;
      if (maxId && compareIds(id, maxId) >= 0) continue;
      above.push(it);
    }
    return above.slice(Math.max(0, above.length - limit));
  }
  const out: T[] = [];
  for (const it of items) {
    const id = idOf(it);
    if (maxId && compareIds(id, maxId) >= 0) continue;
    if (sinceId && compareIds(id, sinceId) <= 0) break;
    out.push(it);
    if (out.length >= limit) break;
  }
  return out;
}

/** `Link: <…?max_id=…>; rel="next", <…?min_id=…>; rel="prev"`, keeping the other query parameters. */
export function linkHeader(
  base: string,
  c: Ctx,
  firstId: string | undefined,
  lastId: string | undefined,
): Record<string, string> {
  if (!firstId || !lastId) return {};
  const keep = new URLSearchParams();
  for (const [k, v] of c.url.searchParams) if (!['max_id', 'since_id', 'min_id'].includes(k)) keep.append(k, v);
  const withParam = (k: string, v: string) => {
    const p = new URLSearchParams(keep);
    p.set(k, v);
    return `<${base}${c.path}?${p.toString()}>`;
  };
  return { Link: `${withParam('max_id', lastId)}; rel="next", ${withParam('min_id', firstId)}; rel="prev"` };
}

function* filtered(store: MastoStore, viewer: string | null, where: TimelineKind, keep: (p: GenPost) => boolean) {
  for (const e of store.timeline) if (keep(e.post) && !store.hidesPost(viewer, e.post, where)) yield e;
}

export function apiRoutes(store: MastoStore): Route[] {
  const base = `http://${store.domain}`;
  const old = isV4_2(store.version);
  const viewerOf = (c: Ctx) => c.user?.username ?? null;
  const sid = (postId: string) => store.statusId(store.idx.byId.get(postId)!);
  const meAcct = (c: Ctx) => `${c.user!.username}@${store.domain}`;

  const timelineReply = (c: Ctx, where: TimelineKind, keep: (p: GenPost) => boolean): Reply => {
    const viewer = viewerOf(c);
    const page = paginate(filtered(store, viewer, where, keep), (e) => e.id, c.query);
    return {
      json: page.map((e) => store.status(e.post, viewer)),
      headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id),
    };
  };

  const accountParam = (c: Ctx): string => {
    const acct = store.acctById(c.params.id!);
    if (!acct) throw notFound();
    return acct;
  };

  const relationship = (viewer: string, acct: string): Json => {
    const r = store.rel(viewer);
    const a = store.account(acct);
    const m = r.mutes.get(acct);
    const live = m && (m.expiresAt === null || m.expiresAt > store.clock.now());
    const following = r.follows.has(acct);
    const j: Json = {
      id: store.accountId(acct),
      following,
      showing_reblogs: following,
      notifying: false,
      languages: null,
      followed_by: false,
      blocking: r.blocks.has(acct),
      blocked_by: false,
      muting: !!live,
      muting_notifications: !!live && m!.notifications,
      requested: false,
      requested_by: false,
      domain_blocking: !!a && r.domainBlocks.has(a.host),
      endorsed: false,
      note: '',
    };
    if (!old) j.muting_expires_at = live && m!.expiresAt ? new Date(m!.expiresAt).toISOString() : null;
    return j;
  };

  const notifJson = (n: Notif, viewer: string): Json => notificationJson(store, n, viewer);

  const visibleNotifs = (viewer: string, c: Ctx): Notif[] => {
    const types = strList(c.query.types);
    const exclude = strList(c.query.exclude_types);
    const list = store.notifications.get(viewer) ?? [];
    const out: Notif[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const n = list[i]!;
      if (types.length && !types.includes(n.type)) continue;
      if (exclude.includes(n.type)) continue;
      if (store.hidesAccount(viewer, n.from, 'notifications')) continue;
      const p = n.postId ? store.idx.byId.get(n.postId) : undefined;
      if (p && store.isGone(p.author)) continue;
      out.push(n);
    }
    return out.sort((a, b) => compareIds(b.id, a.id));
  };

  const routes: Route[] = [
    // ------------------------------------------------------------ discovery
    {
      method: 'GET',
      path: '/.well-known/nodeinfo',
      auth: 'none',
      fn: () => ({
        json: { links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${base}/nodeinfo/2.0` }] },
      }),
    },
    {
      method: 'GET',
      path: '/nodeinfo/2.0',
      auth: 'none',
      fn: () => ({
        json: {
          version: '2.0',
          software: { name: 'mastodon', version: store.version },
          protocols: ['activitypub'],
          services: { outbound: [], inbound: [] },
          usage: { users: { total: 1830, activeMonth: 412, activeHalfyear: 803 }, localPosts: 96120 },
          openRegistrations: true,
          metadata: {
            nodeName: `Simulated ${store.domain}`,
            nodeDescription: 'A simulated Mastodon instance (Breakwater test bench).',
          },
        },
      }),
    },
    { method: 'GET', path: '/api/v2/instance', auth: 'none', fn: () => ({ json: instanceV2(store) }) },
    { method: 'GET', path: '/api/v1/instance', auth: 'none', fn: () => ({ json: instanceV1(store) }) },
    { method: 'GET', path: '/api/v1/instance/rules', auth: 'none', fn: () => ({ json: RULES }) },
    { method: 'GET', path: '/api/v1/instance/translation_languages', auth: 'none', fn: () => ({ json: {} }) },
    {
      method: 'GET',
      path: '/api/v1/instance/peers',
      auth: 'none',
      fn: () => ({
        json: [...new Set([...store.knownAccounts].map((a) => a.split('@')[1]!))].filter((d) => d !== store.domain),
      }),
    },
    { method: 'GET', path: '/api/v1/custom_emojis', auth: 'none', fn: () => ({ json: [] }) },
    { method: 'GET', path: '/api/v1/announcements', auth: 'user', scopes: ['read'], fn: () => ({ json: [] }) },
    { method: 'GET', path: '/api/v1/trends/tags', auth: 'none', fn: () => ({ json: [] }) },
    { method: 'GET', path: '/api/v1/trends/statuses', auth: 'none', fn: () => ({ json: [] }) },
    {
      method: 'GET',
      path: '/api/v1/follow_requests',
      auth: 'user',
      scopes: ['read:follows'],
      fn: () => ({ json: [] }),
    },
    { method: 'GET', path: '/api/v1/followed_tags', auth: 'user', scopes: ['read:follows'], fn: () => ({ json: [] }) },
    { method: 'GET', path: '/api/v2/filters', auth: 'user', scopes: ['read:filters'], fn: () => ({ json: [] }) },
    { method: 'GET', path: '/api/v1/filters', auth: 'user', scopes: ['read:filters'], fn: () => ({ json: [] }) },
    {
      method: 'GET',
      path: '/api/v1/preferences',
      auth: 'user',
      scopes: ['read:accounts'],
      fn: () => ({
        json: {
          'posting:default:visibility': 'public',
          'posting:default:sensitive': false,
          'posting:default:language': null,
          'reading:expand:media': 'default',
          'reading:expand:spoilers': false,
        },
      }),
    },
    // ------------------------------------------------------------ timelines
    {
      method: 'GET',
      path: '/api/v1/timelines/home',
      auth: 'user',
      scopes: ['read:statuses'],
      fn: (c) => timelineReply(c, 'home', () => true),
    },
    {
      method: 'GET',
      path: '/api/v1/timelines/public',
      auth: 'none',
      scopes: ['read:statuses'],
      fn: (c) => {
        const local = bool(c.query.local);
        const remote = bool(c.query.remote);
        const media = bool(c.query.only_media);
        return timelineReply(c, 'public', (p) => {
          if (p.visibility !== 'public' || p.boostOf) return false;
          if (p.replyTo && store.idx.byId.get(p.replyTo)?.author !== p.author) return false;
          const isLocal = store.account(p.author)?.host === store.domain;
          if (local && !isLocal) return false;
          if (remote && isLocal) return false;
          if (media && p.media.length === 0) return false;
          return true;
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/timelines/tag/:hashtag',
      auth: 'none',
      scopes: ['read:statuses'],
      fn: (c) => {
        const tag = decodeURIComponent(c.params.hashtag!).toLowerCase();
        const local = bool(c.query.local);
        const media = bool(c.query.only_media);
        return timelineReply(c, 'public', (p) => {
          if (p.visibility !== 'public' || p.boostOf || !p.tags.some((t) => t.toLowerCase() === tag)) return false;
          if (local && store.account(p.author)?.host !== store.domain) return false;
          return !media || p.media.length > 0;
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/timelines/list/:id',
      auth: 'user',
      scopes: ['read:lists'],
      fn: (c) => {
        const list = store.lists.get(c.params.id!);
        if (!list || list.owner !== c.user!.username) throw notFound();
        return timelineReply(c, 'list', (p) => list.members.has(p.author));
      },
    },
    // ------------------------------------------------------------ statuses
    {
      method: 'GET',
      path: '/api/v1/statuses/:id',
      auth: 'none',
      scopes: ['read:statuses'],
      fn: (c) => {
        const p = store.statusById.get(c.params.id!);
        if (!p || !store.knows(p) || store.isGone(p.author)) throw notFound();
        return { json: store.status(p, viewerOf(c)) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/statuses/:id/context',
      auth: 'none',
      scopes: ['read:statuses'],
      fn: (c) => {
        const p = store.statusById.get(c.params.id!);
        if (!p || !store.knows(p) || store.isGone(p.author)) throw notFound();
        const viewer = viewerOf(c);
        const ancestors: GenPost[] = [];
        for (let r = p.replyTo; r;) {
          const a = store.idx.byId.get(r);
          if (!a || !store.knows(a)) break;
          ancestors.unshift(a);
          r = a.replyTo;
        }
        const descendants: GenPost[] = [];
        const walk = (id: string) => {
          for (const ch of store.idx.replies.get(id) ?? []) {
            if (!store.delivered.has(ch.id)) continue;
            descendants.push(ch);
            walk(ch.id);
          }
        };
        walk(p.id);
        const show = (x: GenPost) => !store.hidesPost(viewer, x, 'thread');
        return {
          json: {
            ancestors: ancestors.filter(show).map((x) => store.status(x, viewer)),
            descendants: descendants.filter(show).map((x) => store.status(x, viewer)),
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/statuses',
      auth: 'none',
      scopes: ['read:statuses'],
      since: '4.3',
      fn: (c) => ({
        json: strList(c.query.id)
          .map((id) => store.statusById.get(id))
          .filter((p): p is GenPost => !!p && store.knows(p) && !store.isGone(p.author))
          .map((p) => store.status(p, viewerOf(c))),
      }),
    },
    ...(['mute', 'unmute'] as const).map((verb): Route => ({
      method: 'POST',
      path: `/api/v1/statuses/:id/${verb}`,
      auth: 'user',
      scopes: ['write:mutes'],
      fn: (c) => {
        const p = store.statusById.get(c.params.id!);
        if (!p || !store.knows(p)) throw notFound();
        store.record(c.user!.username, `conversation_${verb}`, c.params.id!, { postId: p.id });
        const j = store.status(p, c.user!.username);
        j.muted = verb === 'mute';
        return { json: j };
      },
    })),
    // ------------------------------------------------------------ accounts
    {
      method: 'GET',
      path: '/api/v1/accounts/verify_credentials',
      auth: 'user',
      scopes: ['read:accounts', 'profile'],
      fn: (c) => {
        const j = store.accountJson(meAcct(c), c.user!.username);
        j.source = {
          privacy: 'public',
          sensitive: false,
          language: null,
          note: '',
          fields: [],
          follow_requests_count: 0,
        };
        j.role = roleJson(store.role(c.user!.username), store.version);
        return { json: j };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/lookup',
      auth: 'none',
      scopes: ['read:accounts'],
      fn: (c) => {
        const acct = store.resolveAcct(str(c.query.acct) ?? '');
        if (!acct) throw notFound();
        return { json: store.accountJson(acct, viewerOf(c)) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/relationships',
      auth: 'user',
      scopes: ['read:follows'],
      fn: (c) => {
        const withSuspended = bool(c.query.with_suspended);
        const seen = new Set<string>();
        const out: Json[] = [];
        for (const id of strList(c.query.id)) {
          if (seen.has(id)) continue;
          seen.add(id);
          const acct = store.acctById(id);
          if (!acct) continue;
          if (!withSuspended && store.isGone(acct)) continue;
          out.push(relationship(c.user!.username, acct));
        }
        return { json: out };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/familiar_followers',
      auth: 'user',
      scopes: ['read:follows'],
      fn: (c) => ({ json: strList(c.query.id).map((id) => ({ id, accounts: [] })) }),
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:id',
      auth: 'none',
      scopes: ['read:accounts'],
      fn: (c) => ({ json: store.accountJson(accountParam(c), viewerOf(c)) }),
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:id/statuses',
      auth: 'none',
      scopes: ['read:statuses'],
      fn: (c) => {
        const acct = accountParam(c);
        if (store.isGone(acct) || bool(c.query.pinned)) return { json: [] };
        const q = c.query;
        const noReplies = bool(q.exclude_replies);
        const noBoosts = bool(q.exclude_reblogs);
        const media = bool(q.only_media);
        const tagged = str(q.tagged)?.toLowerCase();
        const viewer = viewerOf(c);
        const own = (store.idx.byAuthor.get(acct) ?? [])
          .filter((p) => store.knows(p) || store.account(acct)?.host === store.domain)
          .filter((p) => p.createdAt <= store.clock.now() || store.delivered.has(p.id))
          .filter((p) => !(noReplies && p.replyTo && store.idx.byId.get(p.replyTo)?.author !== acct))
          .filter((p) => !(noBoosts && p.boostOf))
          .filter((p) => !media || p.media.length > 0)
          .filter((p) => !tagged || p.tags.some((t) => t.toLowerCase() === tagged))
          .map((p) => ({ post: p, id: store.statusId(p) }))
          .sort((a, b) => compareIds(b.id, a.id));
        const page = paginate(own, (e) => e.id, q);
        return {
          json: page.map((e) => store.status(e.post, viewer)),
          headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/accounts/:id/featured_tags',
      auth: 'none',
      fn: (c) => (accountParam(c), { json: [] }),
    },
    { method: 'GET', path: '/api/v1/accounts/:id/followers', auth: 'none', fn: (c) => (accountParam(c), { json: [] }) },
    { method: 'GET', path: '/api/v1/accounts/:id/following', auth: 'none', fn: (c) => (accountParam(c), { json: [] }) },
    {
      method: 'POST',
      path: '/api/v1/accounts/:id/block',
      auth: 'user',
      scopes: ['write:blocks'],
      fn: (c) => {
        const acct = accountParam(c);
        if (acct === meAcct(c)) throw unprocessable('Validation failed: Target account cannot be yourself');
        const r = store.rel(c.user!.username);
        r.blocks.add(acct);
        r.follows.delete(acct);
        store.record(c.user!.username, 'block', c.params.id!, {}, store.localAcctOf(acct));
        return { json: relationship(c.user!.username, acct) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/accounts/:id/unblock',
      auth: 'user',
      scopes: ['write:blocks'],
      fn: (c) => {
        const acct = accountParam(c);
        store.rel(c.user!.username).blocks.delete(acct);
        store.record(c.user!.username, 'unblock', c.params.id!, {}, store.localAcctOf(acct));
        return { json: relationship(c.user!.username, acct) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/accounts/:id/mute',
      auth: 'user',
      scopes: ['write:mutes'],
      fn: (c) => {
        const acct = accountParam(c);
        const notifications = bool(c.all.notifications, true);
        const duration = intParam(c.all.duration, 0, 0, 1e9);
        store
          .rel(c.user!.username)
          .mutes.set(acct, { notifications, expiresAt: duration > 0 ? store.clock.now() + duration * 1000 : null });
        store.record(c.user!.username, 'mute', c.params.id!, { notifications, duration }, store.localAcctOf(acct));
        return { json: relationship(c.user!.username, acct) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/accounts/:id/unmute',
      auth: 'user',
      scopes: ['write:mutes'],
      fn: (c) => {
        const acct = accountParam(c);
        store.rel(c.user!.username).mutes.delete(acct);
        store.record(c.user!.username, 'unmute', c.params.id!, {}, store.localAcctOf(acct));
        return { json: relationship(c.user!.username, acct) };
      },
    },
    ...(['follow', 'unfollow'] as const).map((verb): Route => ({
      method: 'POST',
      path: `/api/v1/accounts/:id/${verb}`,
      auth: 'user',
      scopes: ['write:follows', 'follow'],
      fn: (c) => {
        const acct = accountParam(c);
        const r = store.rel(c.user!.username);
        if (verb === 'follow') {
          if (r.blocks.has(acct)) r.blocks.delete(acct);
          r.follows.add(acct);
        } else r.follows.delete(acct);
        store.record(c.user!.username, verb, c.params.id!, {}, store.localAcctOf(acct));
        return { json: relationship(c.user!.username, acct) };
      },
    })),
    {
      method: 'GET',
      path: '/api/v1/blocks',
      auth: 'user',
      scopes: ['read:blocks'],
      fn: (c) => accountListReply(c, [...store.rel(c.user!.username).blocks]),
    },
    {
      method: 'GET',
      path: '/api/v1/mutes',
      auth: 'user',
      scopes: ['read:mutes'],
      fn: (c) => {
        const mutes = store.rel(c.user!.username).mutes;
        const r = accountListReply(c, [...mutes.keys()]);
        for (const j of r.json as Json[]) {
          const acct = store.acctById(String(j.id));
          const m = acct ? mutes.get(acct) : undefined;
          if (!old) j.mute_expires_at = m?.expiresAt ? new Date(m.expiresAt).toISOString() : null;
        }
        return r;
      },
    },
    {
      method: 'GET',
      path: '/api/v1/domain_blocks',
      auth: 'user',
      scopes: ['read:blocks'],
      fn: (c) => {
        const all = [...store.rel(c.user!.username).domainBlocks].reverse();
        const limit = intParam(c.query.limit, 100, 1, 200);
        return { json: all.slice(0, limit) };
      },
    },
    {
      method: 'POST',
      path: '/api/v1/domain_blocks',
      auth: 'user',
      scopes: ['write:blocks'],
      fn: (c) => {
        const domain = (str(c.all.domain) ?? '').trim().toLowerCase();
        if (!domain) throw unprocessable("Validation failed: Domain can't be blank");
        if (domain === store.domain) throw unprocessable('Validation failed: Domain cannot be your own domain');
        store.rel(c.user!.username).domainBlocks.add(domain);
        store.record(c.user!.username, 'domain_block', domain, {});
        return { json: {} };
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/domain_blocks',
      auth: 'user',
      scopes: ['write:blocks'],
      fn: (c) => {
        const domain = (str(c.all.domain) ?? '').trim().toLowerCase();
        store.rel(c.user!.username).domainBlocks.delete(domain);
        store.record(c.user!.username, 'domain_unblock', domain, {});
        return { json: {} };
      },
    },
    // ------------------------------------------------------------ reports
    {
      method: 'POST',
      path: '/api/v1/reports',
      auth: 'user',
      scopes: ['write:reports'],
      fn: (c) => createReport(store, c),
    },
    // ------------------------------------------------------------ notifications
    {
      method: 'GET',
      path: '/api/v1/notifications',
      auth: 'user',
      scopes: ['read:notifications'],
      fn: (c) => {
        const viewer = c.user!.username;
        const page = paginate(visibleNotifs(viewer, c), (n) => n.id, c.query, 40, 80);
        return {
          json: page.map((n) => notifJson(n, viewer)),
          headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/notifications/:id',
      auth: 'user',
      scopes: ['read:notifications'],
      fn: (c) => {
        const n = (store.notifications.get(c.user!.username) ?? []).find((x) => x.id === c.params.id);
        if (!n) throw notFound();
        return { json: notifJson(n, c.user!.username) };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/notifications',
      auth: 'user',
      scopes: ['read:notifications'],
      since: '4.3',
      fn: (c) => {
        const viewer = c.user!.username;
        const grouped = new Set(
          strList(c.query.grouped_types).length ? strList(c.query.grouped_types) : ['favourite', 'reblog', 'follow'],
        );
        const page = paginate(visibleNotifs(viewer, c), (n) => n.id, c.query, 40, 80);
        const groups = new Map<string, { key: string; items: Notif[] }>();
        for (const n of page) {
          const key = grouped.has(n.type) ? groupKey(n, sid) : `ungrouped-${n.id}`;
          const g = groups.get(key);
          if (g) g.items.push(n);
          else groups.set(key, { key, items: [n] });
        }
        const accounts = new Map<string, Json>();
        const statuses = new Map<string, Json>();
        const notification_groups = [...groups.values()].map(({ key, items }) => {
          const first = items[0]!;
          const samples: string[] = [];
          for (const n of items) {
            const id = store.accountId(n.from);
            if (!samples.includes(id) && samples.length < 8) samples.push(id);
            if (!accounts.has(id)) accounts.set(id, store.accountJson(n.from, viewer));
          }
          const g: Json = {
            group_key: key,
            notifications_count: items.length,
            type: first.type,
            most_recent_notification_id: first.id,
            page_min_id: items.at(-1)!.id,
            page_max_id: first.id,
            latest_page_notification_at: new Date(first.at).toISOString(),
            sample_account_ids: samples,
          };
          if (first.postId) {
            const p = store.idx.byId.get(first.postId);
            if (p) {
              const s = store.status(p, viewer);
              g.status_id = s.id;
              if (!statuses.has(String(s.id))) statuses.set(String(s.id), s);
            }
          }
          return g;
        });
        return {
          json: { accounts: [...accounts.values()], statuses: [...statuses.values()], notification_groups },
          headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id),
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v2/notifications/policy',
      auth: 'user',
      scopes: ['read:notifications'],
      since: '4.3',
      fn: () => ({
        json: {
          for_not_following: 'accept',
          for_not_followers: 'accept',
          for_new_accounts: 'accept',
          for_private_mentions: 'filter',
          for_limited_accounts: 'filter',
          summary: { pending_requests_count: 0, pending_notifications_count: 0 },
        },
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/notifications/clear',
      auth: 'user',
      scopes: ['write:notifications'],
      fn: (c) => (store.notifications.set(c.user!.username, []), { json: {} }),
    },
    {
      method: 'GET',
      path: '/api/v1/markers',
      auth: 'user',
      scopes: ['read:statuses'],
      fn: (c) => {
        const list = store.notifications.get(c.user!.username) ?? [];
        const last = list.length > 10 ? list[list.length - 10]!.id : '0';
        return {
          json: {
            notifications: {
              last_read_id: last,
              version: 311,
              updated_at: new Date(store.scenario.options.start).toISOString(),
            },
          },
        };
      },
    },
    { method: 'POST', path: '/api/v1/markers', auth: 'user', scopes: ['write:statuses'], fn: () => ({ json: {} }) },
    // ------------------------------------------------------------ lists
    {
      method: 'GET',
      path: '/api/v1/lists',
      auth: 'user',
      scopes: ['read:lists'],
      fn: (c) => ({
        json: [...store.lists.values()]
          .filter((l) => l.owner === c.user!.username)
          .map((l) => ({ id: l.id, title: l.title, replies_policy: 'list', exclusive: false })),
      }),
    },
    {
      method: 'GET',
      path: '/api/v1/lists/:id',
      auth: 'user',
      scopes: ['read:lists'],
      fn: (c) => {
        const l = store.lists.get(c.params.id!);
        if (!l || l.owner !== c.user!.username) throw notFound();
        return { json: { id: l.id, title: l.title, replies_policy: 'list', exclusive: false } };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/lists/:id/accounts',
      auth: 'user',
      scopes: ['read:lists'],
      fn: (c) => {
        const l = store.lists.get(c.params.id!);
        if (!l || l.owner !== c.user!.username) throw notFound();
        return { json: [...l.members].map((a) => store.accountJson(a, c.user!.username)) };
      },
    },
  ];

  function accountListReply(c: Ctx, accts: string[]): Reply {
    const items = accts.map((a) => ({ acct: a, id: store.accountId(a) })).sort((a, b) => compareIds(b.id, a.id));
    const page = paginate(items, (x) => x.id, c.query, 40, 80);
    return {
      json: page.map((x) => store.accountJson(x.acct, c.user?.username ?? null)),
      headers: linkHeader(base, c, page[0]?.id, page.at(-1)?.id),
    };
  }

  return routes;
}

/** Notification entity (v1; 4.3+ adds `group_key`). */
export function notificationJson(store: MastoStore, n: Notif, viewer: string): Json {
  const j: Json = { id: n.id, type: n.type, created_at: new Date(n.at).toISOString() };
  if (!isV4_2(store.version)) j.group_key = groupKey(n, (postId) => store.statusId(store.idx.byId.get(postId)!));
  j.account = store.accountJson(n.from, viewer);
  if (n.postId) {
    const p = store.idx.byId.get(n.postId);
    if (p) j.status = store.status(p, viewer);
  }
  return j;
}

/** `favourite-<status>-<12 h bucket>`, `follow-<bucket>`, `ungrouped-<id>` (as the 4.6.5 fixture has them). */
export function groupKey(n: Notif, statusIdOf: (postId: string) => string): string {
  const bucket = Math.floor(n.at / 1000 / 43200);
  if ((n.type === 'favourite' || n.type === 'reblog') && n.postId) return `${n.type}-${statusIdOf(n.postId)}-${bucket}`;
  if (n.type === 'follow') return `follow-${bucket}`;
  return `ungrouped-${n.id}`;
}

export const RULES = [
  { id: '1', text: 'No spam or advertising.', hint: '' },
  { id: '2', text: 'Be respectful to other people.', hint: '' },
];

function createReport(store: MastoStore, c: Ctx): Reply {
  const reporter = c.user!.username;
  const acct = store.acctById(str(c.all.account_id) ?? '');
  if (!acct) throw notFound();
  const statusIds = strList(c.all.status_ids);
  const postIds: string[] = [];
  for (const id of statusIds) {
    const p = store.statusById.get(id);
    if (!p || p.author !== acct) throw notFound();
    postIds.push(p.id);
  }
  const comment = str(c.all.comment) ?? '';
  if ([...comment].length > 1000)
    throw unprocessable('Validation failed: Comment is too long (maximum is 1000 characters)');
  const ruleIds = strList(c.all.rule_ids);
  for (const r of ruleIds)
    if (!RULES.some((x) => x.id === r)) throw unprocessable('Validation failed: Rule ids is invalid');
  let category = str(c.all.category) ?? (ruleIds.length ? 'violation' : 'other');
  if (ruleIds.length) category = 'violation';
  if (!['spam', 'legal', 'violation', 'other'].includes(category))
    throw unprocessable(`'${category}' is not a valid category`);
  const forwardToDomains = strList(c.all.forward_to_domains);
  const forward = bool(c.all.forward) || forwardToDomains.length > 0;
  const now = store.clock.now();
  const report = {
    id: store.newReportId(),
    reporter,
    target: acct,
    postIds,
    comment,
    category,
    forward,
    forwardToDomains,
    ruleIds,
    createdAt: now,
    updatedAt: now,
    actionTaken: false,
    actionTakenAt: null,
    actionTakenBy: null,
    assignedTo: null,
  };
  store.reports.push(report);
  store.record(
    reporter,
    'report',
    store.accountId(acct),
    { reportId: report.id, statusIds, comment, category, forward, forwardToDomains, ruleIds },
    store.localAcctOf(acct),
  );
  return { json: reportJson(store, report, reporter) };
}

export function reportJson(store: MastoStore, r: MastoStore['reports'][number], viewer: string | null): Json {
  return {
    id: r.id,
    action_taken: r.actionTaken,
    action_taken_at: r.actionTakenAt ? new Date(r.actionTakenAt).toISOString() : null,
    category: r.category,
    comment: r.comment,
    forwarded: r.forward,
    created_at: new Date(r.createdAt).toISOString(),
    status_ids: r.postIds.map((id) => store.statusId(store.idx.byId.get(id)!)),
    rule_ids: r.ruleIds.length ? r.ruleIds : null,
    target_account: store.accountJson(r.target, viewer),
  };
}

function instanceAccount(store: MastoStore): Json {
  return store.accountJson(`admin@${store.domain}`, null);
}

export function instanceV2(store: MastoStore): Json {
  const d = store.domain;
  return {
    domain: d,
    title: 'Mastodon',
    version: store.version,
    source_url: 'https://github.com/mastodon/mastodon',
    description: `A simulated Mastodon server (${d}) for the Breakwater test bench.`,
    usage: { users: { active_month: 412 } },
    thumbnail: { url: `http://${d}/packs/media/images/preview.png` },
    icon: [],
    languages: ['en', 'ja'],
    configuration: {
      urls: {
        streaming: `ws://${d}`,
        status: null,
        about: `http://${d}/about`,
        privacy_policy: `http://${d}/privacy-policy`,
        terms_of_service: null,
      },
      vapid: { public_key: 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=' },
      accounts: {
        max_featured_tags: 10,
        max_pinned_statuses: 5,
        max_display_name_length: 30,
        max_note_length: 500,
        max_avatar_description_length: 1500,
        max_header_description_length: 1500,
        max_profile_fields: 4,
        profile_field_name_limit: 255,
        profile_field_value_limit: 255,
      },
      statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
      media_attachments: {
        description_limit: 1500,
        supported_mime_types: [
          'image/jpeg',
          'image/png',
          'image/gif',
          'image/heic',
          'image/heif',
          'image/webp',
          'image/avif',
          'video/webm',
          'video/mp4',
          'video/quicktime',
          'video/ogg',
          'audio/wave',
          'audio/wav',
          'audio/x-wav',
          'audio/x-pn-wave',
          'audio/vnd.wave',
          'audio/ogg',
          'audio/vorbis',
          'audio/mpeg',
          'audio/mp3',
          'audio/webm',
          'audio/flac',
          'audio/aac',
          'audio/m4a',
          'audio/x-m4a',
          'audio/mp4',
          'audio/3gpp',
          'video/x-ms-asf',
        ],
        image_size_limit: 16777216,
        image_matrix_limit: 33177600,
        video_size_limit: 103809024,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      translation: { enabled: false },
      timelines_access: {
        live_feeds: { local: 'public', remote: 'public' },
        hashtag_feeds: { local: 'public', remote: 'public' },
        trending_link_feeds: { local: 'public', remote: 'public' },
      },
      limited_federation: false,
    },
    registrations: {
      enabled: true,
      approval_required: true,
      reason_required: false,
      message: null,
      min_age: null,
      url: null,
    },
    api_versions: { mastodon: isV4_2(store.version) ? 0 : 11 },
    contact: { email: `admin@${d}`, account: instanceAccount(store) },
    rules: RULES,
    wrapstodon: null,
  };
}

export function instanceV1(store: MastoStore): Json {
  const d = store.domain;
  return {
    uri: d,
    title: 'Mastodon',
    short_description: `A simulated Mastodon server (${d}).`,
    description: `A simulated Mastodon server (${d}) for the Breakwater test bench.`,
    email: `admin@${d}`,
    version: store.version,
    urls: { streaming_api: `ws://${d}` },
    stats: { user_count: 1830, status_count: 96120, domain_count: 2140 },
    thumbnail: `http://${d}/packs/media/images/preview.png`,
    languages: ['en', 'ja'],
    registrations: true,
    approval_required: true,
    invites_enabled: true,
    configuration: {
      accounts: { max_featured_tags: 10 },
      statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
      media_attachments: {
        supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4'],
        image_size_limit: 16777216,
        image_matrix_limit: 33177600,
        video_size_limit: 103809024,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
    },
    contact_account: instanceAccount(store),
    rules: RULES,
  };
}

export { ApiError };

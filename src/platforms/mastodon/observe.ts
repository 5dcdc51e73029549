/**
 * Which Mastodon API traffic carries statuses, and where in it they are: the rules the main-world
 * observer's copies are read with, and the fallback lookups. The web UI already downloads every
 * status it shows (timelines, threads, notifications, the streaming socket), so reading those
 * copies costs no request at all.
 */
import type { LookupRequest, ObservedResponse, ObserverSpec, PageSession, RawPost } from '../types';
import { atLeast } from './page';
import { asStatus, type StatusJson } from './schema';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Responses that hold statuses (`M/actions/*`, `M/api/*`): paths under /api/v1 and /api/v2. */
const HTTP_PATHS = [
  // Timelines: home, public (local/remote/media), tag, list, link (4.3+).
  '/api/v1/timelines/[^?#]+',
  // A profile's posts, pinned included.
  '/api/v1/accounts/\\d{1,24}/statuses',
  // One status, its thread, several statuses (4.3+).
  '/api/v1/statuses(?:/\\d{1,24}(?:/context)?)?',
  // Notifications: 4.2 and the 4.3+ ungrouped list, then 4.3+ grouped.
  '/api/v1/notifications',
  '/api/v2/notifications',
  // Other lists of posts: bookmarks, favourites, trending posts, direct conversations, search.
  '/api/v1/(?:bookmarks|favourites|conversations|trends/statuses)',
  '/api/v2/search',
];

export function mastodonObserverSpec(session: PageSession, origin: string): ObserverSpec {
  const ws = [origin.replace(/^http/, 'ws'), ...session.streamingOrigins];
  return {
    http: [`^${escape(origin)}(?:${HTTP_PATHS.join('|')})(?:\\?[^#]*)?$`],
    ws: ws.map((o) => `^${escape(o)}/api/v1/streaming(?:/|\\?|$)`),
  };
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);

/** The raw posts a status stands for: itself (by its displayed id) and, separately, what it quotes. */
function rawOf(s: StatusJson, out: RawPost[], itemId?: string): void {
  const id = s.reblog ? s.reblog.id : s.id;
  const item = itemId ?? (s.reblog ? s.id : undefined);
  out.push(item && item !== id ? { id, raw: s, itemId: item } : { id, raw: s });
  const quoted = (s.reblog ?? s).quote;
  const inner = isObj(quoted) ? asStatus(quoted.quoted_status) : null;
  if (inner) out.push({ id: inner.id, raw: inner });
}

function addStatus(x: unknown, out: RawPost[], itemId?: string): void {
  const s = asStatus(x);
  if (s) rawOf(s, out, itemId);
}

/** A list item: a status, a notification (`status`), a conversation (`last_status`). */
function addItem(x: unknown, out: RawPost[]): void {
  if (!isObj(x)) return;
  if ('account' in x && ('content' in x || 'reblog' in x)) addStatus(x, out);
  // A notification: its list item is the notification (4.2 `article[data-id]`).
  else if (isObj(x.status))
    addStatus(x.status, out, typeof x.id === 'string' && /^\d{1,24}$/.test(x.id) ? x.id : undefined);
  else if (isObj(x.last_status)) addStatus(x.last_status, out);
}

/** The streaming payload is a JSON string inside the JSON message; a megabyte at most. */
const MAX_PAYLOAD = 1_000_000;

export function extractMastodonPosts(res: ObservedResponse): RawPost[] {
  const out: RawPost[] = [];
  const body = res.body;
  if (res.kind === 'ws') {
    // `{"stream":["user"],"event":"update","payload":"<Status JSON>"}` (streaming/index.js).
    if (!isObj(body) || typeof body.payload !== 'string' || body.payload.length > MAX_PAYLOAD) return out;
    const event = body.event;
    if (event !== 'update' && event !== 'status.update' && event !== 'notification') return out;
    let payload: unknown;
    try {
      payload = JSON.parse(body.payload);
    } catch {
      return out;
    }
    if (event === 'notification') addItem(payload, out);
    else addStatus(payload, out);
    return out;
  }
  if (Array.isArray(body)) {
    for (const item of body) addItem(item, out);
  } else if (isObj(body)) {
    // 4.3+ grouped notifications and v2 search: `{statuses: [...]}`; a thread: ancestors/descendants.
    for (const key of ['statuses', 'ancestors', 'descendants'] as const) {
      const list = body[key];
      if (Array.isArray(list)) for (const item of list) addStatus(item, out);
    }
    if ('account' in body && 'id' in body) addStatus(body, out);
  }
  return out;
}

/** The most ids `GET /api/v1/statuses` takes in one request (`id[]`). */
export const LOOKUP_BATCH = 20;

/** 4.3+: one request per 20 posts; 4.2: one per post (`GET /api/v1/statuses/:id`). */
export function mastodonLookupRequests(ids: string[], session: PageSession, origin: string): LookupRequest[] {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  // No redirect is followed: the token must not go to another host.
  const init: RequestInit = { method: 'GET', headers, credentials: 'omit', cache: 'no-store', redirect: 'error' };
  const valid = ids.filter((id) => /^\d{1,24}$/.test(id));
  if (atLeast(session.version, 4, 3)) {
    const out: LookupRequest[] = [];
    for (let i = 0; i < valid.length; i += LOOKUP_BATCH) {
      const chunk = valid.slice(i, i + LOOKUP_BATCH);
      out.push({ url: `${origin}/api/v1/statuses?${chunk.map((id) => `id[]=${id}`).join('&')}`, init, ids: chunk });
    }
    return out;
  }
  return valid.map((id) => ({ url: `${origin}/api/v1/statuses/${id}`, init, ids: [id] }));
}

export function parseMastodonLookup(body: unknown): RawPost[] {
  const out: RawPost[] = [];
  if (Array.isArray(body)) for (const s of body) addStatus(s, out);
  else addStatus(body, out);
  return out;
}

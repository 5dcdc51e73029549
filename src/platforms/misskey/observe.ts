/**
 * Which Misskey API traffic carries notes, and where in it they are: the rules the main-world
 * observer's copies are read with, and the fallback lookups. The web UI reads everything with
 * `POST /api/<endpoint>` (`MF/utility/misskey-api.ts`) and streams over one WebSocket
 * (`/streaming`), so reading those copies costs no request at all.
 */
import type { LookupRequest, ObservedResponse, ObserverSpec, PageSession, RawPost } from '../types';
import { asNote, isPureRenote, type InnerNoteJson, type NoteJson } from './schema';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Endpoints whose answers hold notes (2024.2 to 2025.x; `MF/components/*`, `MF/pages/*`): the
 * timelines (home, local, social, global, lists, antennas, channels, roles, a profile's notes),
 * one note and its thread, mentions, search, tags, featured notes, clips, favourites, and the
 * notification lists (plain and grouped).
 */
const POST_PATHS = [
  '/api/notes/(?:timeline|local-timeline|hybrid-timeline|global-timeline|user-list-timeline|show|children|conversation|replies|renotes|mentions|search|search-by-tag|featured)',
  '/api/users/(?:notes|featured-notes)',
  '/api/i/(?:notifications|notifications-grouped|favorites)',
  '/api/(?:antennas/notes|channels/timeline|clips/notes|roles/notes)',
];

export function misskeyObserverSpec(_session: PageSession, origin: string): ObserverSpec {
  return {
    http: [],
    post: [`^${escape(origin)}(?:${POST_PATHS.join('|')})$`],
    // `wss://host/streaming?i=<token>` (the token in the query is the page's own, never copied).
    ws: [`^${escape(origin.replace(/^http/, 'ws'))}/streaming(?:\\?|$)`],
  };
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
const ITEM_ID = /^[0-9A-Za-z]{8,32}$/;

/**
 * The raw posts a note stands for: the note shown (for a pure renote, the renoted note, with the
 * renote as the list item), and separately the notes shown inside it (a reply's parent, a quote).
 */
function rawOf(n: NoteJson | InnerNoteJson, out: RawPost[], itemId?: string): void {
  const pure = isPureRenote(n) && !!n.renote;
  const shown = pure ? n.renote! : n;
  const item = itemId ?? (pure ? n.id : undefined);
  out.push(item && item !== shown.id ? { id: shown.id, raw: n, itemId: item } : { id: shown.id, raw: n });
  const inner = shown as { reply?: { id: string } | null; renote?: { id: string } | null };
  if (inner.reply) out.push({ id: inner.reply.id, raw: inner.reply });
  if (!pure && inner.renote) out.push({ id: inner.renote.id, raw: inner.renote });
}

function addNote(x: unknown, out: RawPost[], itemId?: string): void {
  const n = asNote(x);
  if (n) rawOf(n, out, itemId);
}

/** A list item: a note, a notification (`note`; its list item is the notification), a favourite. */
function addItem(x: unknown, out: RawPost[]): void {
  if (!isObj(x)) return;
  if ('user' in x && 'userId' in x && 'createdAt' in x && !('note' in x)) addNote(x, out);
  else if (isObj(x.note)) {
    const item = typeof x.type === 'string' && typeof x.id === 'string' && ITEM_ID.test(x.id) ? x.id : undefined;
    addNote(x.note, out, item);
  }
}

/** Streaming message types that carry a Note (`channel` body types; `MF/components/*`). */
const STREAM_NOTE = new Set(['note', 'mention', 'reply']);

export function extractMisskeyPosts(res: ObservedResponse): RawPost[] {
  const out: RawPost[] = [];
  const body = res.body;
  if (res.kind === 'ws') {
    // `{"type":"channel","body":{"id":"1","type":"note","body":<Note>}}` (upstream `StreamingApiServerService`).
    if (!isObj(body) || body.type !== 'channel' || !isObj(body.body)) return out;
    const inner = body.body;
    if (typeof inner.type !== 'string') return out;
    if (STREAM_NOTE.has(inner.type)) addNote(inner.body, out);
    else if (inner.type === 'notification') addItem(inner.body, out);
    return out;
  }
  if (Array.isArray(body)) {
    for (const item of body) addItem(item, out);
  } else if (isObj(body)) {
    // `notes/show` answers one Note; `notes/create` `{createdNote}`.
    if (isObj(body.createdNote)) addNote(body.createdNote, out);
    else addItem(body, out);
  }
  return out;
}

/**
 * Misskey has no endpoint for several notes at once: one `notes/show` per note, with the page's
 * own token in the body as the web UI sends it. The lookup queue spaces and budgets them.
 */
export function misskeyLookupRequests(ids: string[], session: PageSession, origin: string): LookupRequest[] {
  return ids
    .filter((id) => ITEM_ID.test(id))
    .map((id) => ({
      url: `${origin}/api/notes/show`,
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(session.token ? { noteId: id, i: session.token } : { noteId: id }),
        credentials: 'omit',
        cache: 'no-store',
        // No redirect is followed: a 307 or 308 would send the body, token included, elsewhere.
        redirect: 'error',
      },
      ids: [id],
    }));
}

export function parseMisskeyLookup(body: unknown): RawPost[] {
  const out: RawPost[] = [];
  if (Array.isArray(body)) for (const n of body) addNote(n, out);
  else addNote(body, out);
  return out;
}

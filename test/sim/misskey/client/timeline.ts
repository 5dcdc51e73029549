/**
 * Notes timelines and notification lists built on StreamingList, in each version's DOM:
 * - 2025.x MkStreamingNotesTimeline: `div.notes` > MkNote[data-scroll-anchor] per note, or a class-less
 *   `div[data-scroll-anchor]` wrapper when a date separator precedes the note or an ad slot follows it;
 * - 2024.2 MkNotes/MkDateSeparatedList: MkNote siblings without ids, separators between them;
 * - notification lists: `div[data-scroll-anchor=<notification id>]` items (MkNote for mentions and replies).
 */
import { api } from './api';
import { C } from './css';
import { env } from './env';
import { h, vif } from './h';
import { StreamingList } from './list';
import { emojiText } from './mfm';
import { avatar, noteEl, type Note, type User, userPage } from './note';
import { useStream } from './stream';
import { dateLabel, sameDay, timeEl } from './time';

export type TimelineSrc =
  'home' | 'local' | 'social' | 'global' | 'list' | 'antenna' | 'channel' | 'user' | 'tag' | 'mentions';

export interface TimelineSpec {
  src: TimelineSrc;
  listId?: string;
  antennaId?: string;
  channelId?: string;
  userId?: string;
  tag?: string;
}

function endpointOf(spec: TimelineSpec): { endpoint: string; params: Record<string, unknown> } {
  switch (spec.src) {
    case 'home':
      return { endpoint: 'notes/timeline', params: {} };
    case 'local':
      return { endpoint: 'notes/local-timeline', params: { withReplies: false } };
    case 'social':
      return { endpoint: 'notes/hybrid-timeline', params: { withReplies: false } };
    case 'global':
      return { endpoint: 'notes/global-timeline', params: {} };
    case 'list':
      return { endpoint: 'notes/user-list-timeline', params: { listId: spec.listId } };
    case 'antenna':
      return { endpoint: 'antennas/notes', params: { antennaId: spec.antennaId } };
    case 'channel':
      return { endpoint: 'channels/timeline', params: { channelId: spec.channelId } };
    case 'user':
      return { endpoint: 'users/notes', params: { userId: spec.userId, withRenotes: true } };
    case 'tag':
      return { endpoint: 'notes/search-by-tag', params: { tag: spec.tag } };
    case 'mentions':
      return { endpoint: 'notes/mentions', params: {} };
  }
}

function channelOf(spec: TimelineSpec): { name: string; params: Record<string, unknown> } | null {
  switch (spec.src) {
    case 'home':
      return { name: 'homeTimeline', params: { withRenotes: true } };
    case 'local':
      return { name: 'localTimeline', params: { withRenotes: true, withReplies: false } };
    case 'social':
      return { name: 'hybridTimeline', params: { withRenotes: true, withReplies: false } };
    case 'global':
      return { name: 'globalTimeline', params: { withRenotes: true } };
    case 'list':
      return { name: 'userList', params: { listId: spec.listId } };
    case 'antenna':
      return { name: 'antenna', params: { antennaId: spec.antennaId } };
    case 'channel':
      return { name: 'channel', params: { channelId: spec.channelId } };
    default:
      return null;
  }
}

function dateSeparator(prev: Note, next: Note): HTMLElement {
  if (env.is2024) {
    return h(
      'div',
      { class: C.dsl('separator') },
      h(
        'p',
        { class: C.dsl('date') },
        h(
          'span',
          { class: C.dsl('date-1') },
          h('i', { class: `ti ti-chevron-up ${C.dsl('date-1-icon')}` }),
          dateLabel(prev.createdAt),
        ),
        h(
          'span',
          { class: C.dsl('date-2') },
          dateLabel(next.createdAt),
          h('i', { class: `ti ti-chevron-down ${C.dsl('date-2-icon')}` }),
        ),
      ),
    );
  }
  return h(
    'div',
    { class: C.tl('date') },
    h('span', {}, h('i', { class: 'ti ti-chevron-up' }), ` ${dateLabel(prev.createdAt)}`),
    h('span', { style: 'height: 1em; width: 1px; background: var(--MI_THEME-divider);' }),
    h('span', {}, `${dateLabel(next.createdAt)} `, h('i', { class: 'ti ti-chevron-down' })),
  );
}

/** Draws notes into the list container in the version's structure. */
export function renderNotes(items: Note[], into: HTMLElement): void {
  items.forEach((note, i) => {
    const prev = items[i - 1];
    const separator = !!prev && !sameDay(prev.createdAt, note.createdAt);
    if (env.is2024) {
      if (separator) into.append(dateSeparator(prev!, note));
      if (note._shouldInsertAd_) into.append(vif());
      into.append(noteEl(note, { rootClass: C.notes2024('note') }));
      return;
    }
    if (separator) {
      into.append(
        h(
          'div',
          { 'data-scroll-anchor': note.id },
          dateSeparator(prev!, note),
          noteEl(note, { rootClass: C.tl('note') }),
        ),
      );
    } else if (note._shouldInsertAd_) {
      const ad = h('div', { class: C.tl('ad') }, vif());
      into.append(h('div', { 'data-scroll-anchor': note.id }, noteEl(note, { rootClass: C.tl('note') }), ad));
    } else {
      into.append(noteEl(note, { rootClass: C.tl('note'), anchor: note.id }));
    }
  });
}

export function notesTimeline(spec: TimelineSpec, scrollEl: () => HTMLElement): StreamingList<Note> {
  const { endpoint, params } = endpointOf(spec);
  const channel = channelOf(spec);
  const list: StreamingList<Note> = new StreamingList<Note>(
    {
      endpoint,
      params,
      listClass: env.is2024 ? `${C.notes2024('root')} _gaps` : C.tl('notes'),
      renderItems: renderNotes,
      connect: channel
        ? (push) => {
            const stream = useStream();
            return stream.useChannel(channel.name, channel.params, (type, body) => {
              if (type !== 'note') return;
              const note = body as Note;
              stream.subNote(note.id, (t) => {
                if (t === 'deleted') list.remove(note.id);
              });
              push(note);
            });
          }
        : undefined,
    },
    scrollEl,
  );
  return list;
}

// ---------------------------------------------------------------------------------------------
// Notifications

export interface Notification {
  id: string;
  createdAt: string;
  type: string;
  userId?: string;
  user?: User;
  note?: Note;
}

const ICONS: Record<string, [string, string]> = {
  follow: ['ti-plus', 'follow'],
  followRequestAccepted: ['ti-check', 'followRequestAccepted'],
  renote: ['ti-repeat', 'renote'],
  quote: ['ti-quote', 'quote'],
  reaction: ['ti-mood-happy', 'reaction'],
  achievementEarned: ['ti-medal', 'achievementEarned'],
};

/** MkNotification for non-note notifications (follows, renotes...). */
function notificationEl(n: Notification): HTMLElement {
  const [icon, kind] = ICONS[n.type] ?? ['ti-bell', n.type];
  const N = C.notification;
  let head: Node = vif();
  let body: Node = vif();
  if (n.type === 'renote' && n.note?.renote) {
    head = h(
      'a',
      { href: userPage(n.user!), class: N('headerName') },
      h('span', {}, ...emojiText(n.user!.name ?? n.user!.username)),
    );
    body = h('a', { href: `/notes/${n.note.renote.id}`, class: N('text') }, h('span', {}, n.note.renote.text ?? ''));
  } else if (n.user) {
    head = h(
      'a',
      { href: userPage(n.user), class: N('headerName') },
      h('span', {}, ...emojiText(n.user.name ?? n.user.username)),
    );
    body = h(
      'div',
      { class: N('text'), style: 'opacity: 0.6;' },
      n.type === 'follow'
        ? 'フォローされました'
        : n.type === 'followRequestAccepted'
          ? 'フォローが承認されました'
          : n.type,
    );
  }
  return h(
    'div',
    { class: `${N('root')} ${C.ntl('content')}` },
    h(
      'div',
      { class: N('head') },
      n.user ? avatar(n.user, N('icon'), 42) : vif(),
      h('div', { class: `${N('subIcon')} ${N(`t_${kind}`)}` }, h('i', { class: `ti ${icon}` })),
    ),
    h(
      'div',
      { class: N('tail') },
      h('header', { class: N('header') }, head, timeEl(n.createdAt, N('time'))),
      h('div', {}, body),
    ),
  );
}

export function renderNotifications(items: Notification[], into: HTMLElement): void {
  for (const n of items) {
    const isNote = (n.type === 'mention' || n.type === 'reply' || n.type === 'quote') && n.note;
    const content = isNote ? noteEl(n.note!, { rootClass: C.ntl('content') }) : notificationEl(n);
    into.append(
      env.is2024
        ? h('div', { class: C.ntl('item') }, content)
        : h('div', { 'data-scroll-anchor': n.id, class: C.ntl('item') }, vif(), content),
    );
  }
}

export function notificationsList(
  scrollEl: () => HTMLElement,
  opts: { mentionsOnly?: boolean } = {},
): StreamingList<Notification> {
  return new StreamingList<Notification>(
    {
      endpoint: 'i/notifications',
      params: opts.mentionsOnly ? { includeTypes: ['mention', 'reply'] } : {},
      listClass: C.ntl('items'),
      renderItems: renderNotifications,
      newLabel: '新しい通知',
      emptyText: '通知はありません',
      connect: (push) =>
        useStream().useChannel('main', {}, (type, body) => {
          if (type !== 'notification') return;
          const n = body as Notification;
          if (opts.mentionsOnly && n.type !== 'mention' && n.type !== 'reply') return;
          push(n);
        }),
    },
    scrollEl,
  );
}

export { api };

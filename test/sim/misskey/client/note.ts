/**
 * MkNote and friends, drawn with the structure and classes of the 2025.7.0 fixture DOM
 * (dom/sample-note.*.html, dom/home-timeline.alice.html): root div[tabindex] > [MkNoteSub reply] >
 * [renote header] > article > avatar link + main (header, content, footer).
 */
import { api } from './api';
import { C, cx } from './css';
import { env } from './env';
import { h, vif } from './h';
import { emojiText, extractUrls, mfm } from './mfm';
import { timeEl } from './time';

export interface User {
  id: string;
  name: string | null;
  username: string;
  host: string | null;
  avatarUrl: string | null;
  isBot?: boolean;
  instance?: { name: string | null; faviconUrl: string | null; themeColor: string | null };
}

export interface DriveFile {
  id: string;
  name: string;
  type: string;
  url: string;
  thumbnailUrl: string | null;
  blurhash: string | null;
  comment: string | null;
  properties: { width?: number; height?: number };
}

export interface Note {
  id: string;
  createdAt: string;
  userId: string;
  user: User;
  text: string | null;
  cw?: string | null;
  replyId?: string | null;
  renoteId?: string | null;
  reply?: Note;
  renote?: Note;
  files?: DriveFile[];
  renoteCount: number;
  repliesCount: number;
  _shouldInsertAd_?: boolean;
}

export const acctOf = (u: User): string => (u.host ? `${u.username}@${u.host}` : u.username);
export const userPage = (u: User): string => `/@${acctOf(u)}`;

/** A pure renote: a renote with no text, files or poll (upstream isPureRenote). */
export function isPureRenote(n: Note): boolean {
  return !!n.renote && !n.text && (!n.files || n.files.length === 0);
}

/** MkAvatar as a link: `a._noSelect[href=/@acct][title=acct]` wrapping the blurhash image. */
export function avatar(u: User, extra: string, size: number, link = true): HTMLElement {
  const inner = h(
    'div',
    { class: `chromatic-ignore ${C.blur('root')} x2pHm ${C.avatar('inner')}`, title: '' },
    h('canvas', {
      class: 'x4Rm8',
      width: 64,
      height: 64,
      draggable: 'false',
      tabindex: '-1',
      style: '-webkit-user-drag: none; display: none;',
    }),
    h('img', {
      height: size,
      width: size,
      class: C.blur('img'),
      src: u.avatarUrl ?? `/identicon/${u.username}@${u.host ?? env.host}`,
      alt: '',
      loading: 'eager',
      decoding: 'async',
      draggable: 'false',
      tabindex: '-1',
      style: '-webkit-user-drag: none;',
    }),
  );
  return h(
    link ? 'a' : 'span',
    { ...(link ? { href: userPage(u) } : {}), class: `_noSelect ${C.avatar('root')} xtWgn ${extra}`, title: acctOf(u) },
    inner,
    vif(),
    vif(),
  );
}

function userName(u: User): HTMLElement {
  return h(
    'span',
    { style: 'white-space: pre; overflow-wrap: normal; overflow: hidden; text-overflow: ellipsis;' },
    ...emojiText(u.name ?? u.username),
  );
}

/** MkAcct: `@user` plus the host at half opacity for remote users. */
export function acctEl(u: User): HTMLElement {
  return h(
    'span',
    {},
    h('span', {}, `@${u.username}`),
    u.host ? h('span', { style: 'opacity: 0.5;' }, `@${u.host}`) : vif(),
  );
}

/** MkNoteHeader. */
export function noteHeader(n: Note, extraClass = ''): HTMLElement {
  return h(
    'header',
    { class: extraClass ? `${C.header('root')} ${extraClass}` : C.header('root') },
    h('a', { href: userPage(n.user), class: C.header('name') }, userName(n.user)),
    n.user.isBot ? h('div', { class: C.header('isBot') }, 'bot') : vif(),
    h('div', { class: C.header('username') }, acctEl(n.user)),
    h('div', { class: 'x5vC9' }),
    h(
      'div',
      { class: C.header('info') },
      h('a', { href: `/notes/${n.id}`, class: '' }, timeEl(n.createdAt)),
      vif(),
      vif(),
      vif(),
    ),
  );
}

/** MkInstanceTicker for remote users (preference `instanceTicker: 'remote'`). */
function ticker(u: User): Node {
  if (!u.host || !u.instance) return vif();
  return h(
    'div',
    {
      class: C.ticker('root'),
      style: `background: linear-gradient(90deg, ${u.instance.themeColor ?? '#777'}, ${u.instance.themeColor ?? '#777'}00);`,
    },
    h('img', {
      class: C.ticker('icon'),
      src: u.instance.faviconUrl
        ? `/proxy/preview.webp?url=${encodeURIComponent(u.instance.faviconUrl)}&preview=1`
        : '/favicon.ico',
    }),
    h('div', { class: C.ticker('name') }, u.instance.name ?? u.host),
  );
}

/** MkMediaList with MkMediaImage items (`data-id` is the drive file id). */
function mediaList(files: DriveFile[]): HTMLElement {
  const images = files.filter((f) => f.type.startsWith('image') || f.type.startsWith('video'));
  const count = images.length;
  return h(
    'div',
    {},
    h(
      'div',
      { class: C.media('container') },
      h(
        'div',
        {
          class: `${C.media('medias')} ${C.media(count === 1 ? 'n1' : count === 2 ? 'n2' : count === 3 ? 'n3' : 'nMany')} _gaps_s`,
        },
        ...images.map((f) =>
          h(
            'div',
            { class: C.media('media') },
            h(
              'div',
              {
                class: `${C.mediaImage('visible')} ${C.media('mediaInner')} image`,
                'data-id': f.id,
                style: 'background-color: var(--MI_THEME-bg);',
              },
              h(
                'a',
                { title: f.name, class: C.mediaImage('imageContainer'), href: f.url, tabindex: '-1' },
                h(
                  'div',
                  { class: `chromatic-ignore ${C.blur('root')} ${C.mediaImage('image')}`, title: f.comment ?? '' },
                  h('img', {
                    class: C.blur('img'),
                    src: f.thumbnailUrl ?? f.url,
                    alt: f.comment ?? '',
                    title: f.comment ?? '',
                    width: f.properties.width ?? 640,
                    height: f.properties.height ?? 360,
                    loading: 'lazy',
                    decoding: 'async',
                  }),
                ),
              ),
              f.type.startsWith('video')
                ? h(
                    'div',
                    { class: C.mediaImage('indicators') },
                    h('div', { class: C.mediaImage('indicator') }, 'VIDEO'),
                  )
                : vif(),
            ),
          ),
        ),
      ),
    ),
  );
}

interface Summary {
  title: string | null;
  description: string | null;
  sitename: string | null;
}

const previewCache = new Map<string, Promise<Summary | null>>();

function fetchSummary(url: string): Promise<Summary | null> {
  let p = previewCache.get(url);
  if (!p) {
    p = fetch(`/url?url=${encodeURIComponent(url)}&lang=ja-JP`, { credentials: 'omit' })
      .then((r) => (r.ok ? (r.json() as Promise<Summary>) : null))
      .catch(() => null);
    previewCache.set(url, p);
  }
  return p;
}

/** MkUrlPreview (compact), filled in when `/url` answers; "プレビューできません" when it cannot. */
function urlPreview(url: string): HTMLElement {
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    /* keep the raw url */
  }
  const title = h('h1', { class: C.preview('title') }, url);
  const text = h('p', { class: C.preview('text') }, 'プレビューできません');
  const site = h('p', { class: 'xuHaL' }, host);
  void fetchSummary(url).then((s) => {
    if (!s) return;
    title.textContent = s.title ?? url;
    text.textContent = s.description ?? '';
    site.textContent = s.sitename ?? host;
  });
  return h(
    'div',
    { class: 'x2YhS' },
    h(
      'a',
      {
        class: `${C.preview('link')} ${C.preview('compact')}`,
        href: url,
        rel: 'nofollow noopener',
        target: '_blank',
        title: url,
      },
      vif(),
      h(
        'article',
        { class: C.preview('body') },
        h('header', { class: C.preview('header') }, title),
        text,
        h('footer', { class: C.preview('footer') }, vif(), site),
      ),
    ),
    vif(),
    vif(),
  );
}

/** MkCwButton. */
function cwButton(target: HTMLElement, length: number): HTMLElement {
  const label = h('b', {}, 'もっと見る');
  const btn = h(
    'button',
    { class: '_button xbaFh xlA8v xdt0l xrmjY', style: 'margin: 4px 0px;' },
    h('div', { class: 'xDPWR' }),
    h('div', { class: 'xossv' }, label, h('span', { class: 'x4iKD' }, `${length}文字`)),
  );
  btn.addEventListener('click', () => {
    const open = target.style.display === 'none';
    target.style.display = open ? '' : 'none';
    label.textContent = open ? '隠す' : 'もっと見る';
  });
  return btn;
}

/** MkNoteSimple: the quoted note block. */
function noteSimple(n: Note): HTMLElement {
  return h(
    'div',
    { class: `${C.simple('root')} xChvz` },
    avatar(n.user, C.simple('avatar'), 34),
    h(
      'div',
      { class: C.simple('main') },
      noteHeader(n, C.simple('header')),
      h('div', {}, h('div', {}, subContent(n, C.simple('text')))),
    ),
  );
}

/** MkSubNoteContent (reply parents, quotes): the text without `_selectable`. */
function subContent(n: Note, extra: string): HTMLElement {
  return h(
    'div',
    { class: `${C.subContent('root')} ${extra}` },
    h('div', {}, n.text ? h('span', { style: 'white-space: pre-wrap;' }, ...mfm(n.text)) : vif()),
    n.files && n.files.length ? h('details', {}, h('summary', {}, `(${n.files.length}ファイル)`)) : vif(),
  );
}

/** MkNoteSub: the replied-to note shown above a reply. */
export function noteSub(n: Note): HTMLElement {
  return h(
    'div',
    { class: `${C.sub('root')} ${C.note('replyTo')}` },
    h(
      'div',
      { class: C.sub('main') },
      vif(),
      avatar(n.user, C.sub('avatar'), 37),
      h(
        'div',
        { class: C.sub('body') },
        noteHeader(n, C.sub('header')),
        h('div', {}, h('div', {}, subContent(n, C.sub('text')))),
      ),
    ),
  );
}

function footer(n: Note): HTMLElement {
  const btn = (icon: string, count?: number) =>
    h(
      'button',
      { class: `${C.note('footerButton')} _button` },
      h('i', { class: `ti ti-${icon}` }),
      count ? h('p', { class: C.note('footerButtonCount') }, String(count)) : vif(),
    );
  return h(
    'footer',
    { class: C.note('footer') },
    btn('arrow-back-up', n.repliesCount),
    btn('repeat', n.renoteCount),
    btn('plus'),
    vif(),
    btn('dots'),
  );
}

/** The note body (CW, text, media, URL previews, quote) inside `div[style="container-type: inline-size;"]`. */
function noteContent(appear: Note): HTMLElement {
  const content = h('div', { class: '' });
  const text = appear.text ?? '';
  content.append(
    h(
      'div',
      { class: C.note('text') },
      appear.replyId
        ? h(
            'a',
            { href: `/notes/${appear.replyId}`, class: C.note('replyIcon') },
            h('i', { class: 'ti ti-arrow-back-up' }),
          )
        : vif(),
      vif(),
      text ? h('span', { class: '_selectable', style: 'white-space: pre-wrap;' }, ...mfm(text)) : vif(),
      vif(),
    ),
    appear.files && appear.files.length ? mediaList(appear.files) : vif(),
    vif(),
    h('div', {}, ...extractUrls(text).map(urlPreview)),
    appear.renote ? h('div', { class: C.note('quote') }, noteSimple(appear.renote)) : vif(),
    vif(),
  );
  const wrap = h('div', { style: 'container-type: inline-size;' });
  if (appear.cw) {
    content.style.display = 'none';
    wrap.append(
      h(
        'p',
        { class: C.note('cw') },
        h('span', { style: 'white-space: pre-wrap;' }, ...mfm(appear.cw)),
        cwButton(content, [...text].length),
      ),
      content,
    );
  } else {
    wrap.append(vif(), content);
  }
  wrap.append(vif());
  return wrap;
}

export interface NoteOptions {
  /** Classes the parent list adds to the root (MkStreamingNotesTimeline's `note`, a notification's `content`...). */
  rootClass?: string;
  /** `data-scroll-anchor` on the root (2025.x timelines); omit when a wrapper carries it. */
  anchor?: string | null;
}

/** MkNote. */
export function noteEl(n: Note, opts: NoteOptions = {}): HTMLElement {
  const pure = isPureRenote(n);
  const appear = pure ? n.renote! : n;
  const root = h('div', {
    class: [C.note('root'), C.note('skipRender'), opts.rootClass].filter(Boolean).join(' '),
    tabindex: env.is2024 ? '-1' : '0',
    'data-scroll-anchor': env.is2024 ? null : (opts.anchor ?? null),
  });
  root.append(appear.reply ? noteSub(appear.reply) : vif(), vif());
  if (pure) {
    root.append(
      h(
        'div',
        { class: C.note('renote') },
        vif(),
        avatar(n.user, C.note('renoteAvatar'), 28),
        h('i', { class: 'ti ti-repeat', style: 'margin-right: 4px;' }),
        h(
          'span',
          { class: C.note('renoteText') },
          h('a', { href: userPage(n.user), class: C.note('renoteUserName') }, userName(n.user)),
          'がリノート',
        ),
        h(
          'div',
          { class: C.note('renoteInfo') },
          h(
            'button',
            { class: `${C.note('renoteTime')} _button` },
            h('i', { class: `ti ti-dots ${C.note('renoteMenu')}` }),
            timeEl(n.createdAt),
          ),
          vif(),
          vif(),
          vif(),
        ),
      ),
    );
  } else {
    root.append(vif());
  }
  root.append(
    h(
      'article',
      { class: C.note('article') },
      vif(),
      avatar(appear.user, `${C.note('avatar')} xBZfi`, 58),
      h(
        'div',
        { class: C.note('main') },
        noteHeader(appear),
        ticker(appear.user),
        noteContent(appear),
        h('div', { class: 'xlT1y', style: 'margin-top: 6px;' }),
        footer(appear),
      ),
    ),
  );
  return root;
}

/** MkNoteDetailed (`/notes/:id`): no data-scroll-anchor; the id is in the URL. */
export function noteDetailedEl(n: Note): HTMLElement {
  const pure = isPureRenote(n);
  const appear = pure ? n.renote! : n;
  const D = C.detailed;
  return h(
    'div',
    { class: D('root'), tabindex: env.is2024 ? '-1' : '0' },
    appear.reply ? h('div', { class: D('replyTo') }, noteSub(appear.reply)) : vif(),
    pure
      ? h(
          'div',
          { class: D('renote') },
          avatar(n.user, D('renoteAvatar'), 28),
          h('i', { class: 'ti ti-repeat', style: 'margin-right: 4px;' }),
          h(
            'span',
            { class: D('renoteText') },
            h('a', { href: userPage(n.user), class: D('renoteName') }, userName(n.user)),
            'がリノート',
          ),
          h('div', { class: D('renoteInfo') }, timeEl(n.createdAt)),
        )
      : vif(),
    h(
      'article',
      { class: D('note') },
      h(
        'header',
        { class: D('noteHeader') },
        avatar(appear.user, D('noteHeaderAvatar'), 58),
        h(
          'div',
          { class: D('noteHeaderBody') },
          h('div', {}, h('a', { href: userPage(appear.user), class: D('noteHeaderName') }, userName(appear.user))),
          h('div', { class: D('noteHeaderUsername') }, acctEl(appear.user)),
          ticker(appear.user),
        ),
      ),
      h('div', { class: D('noteContent') }, noteContent(appear)),
      h(
        'footer',
        { class: D('footer') },
        h('div', { class: D('noteFooterInfo') }, h('a', { href: `/notes/${appear.id}` }, timeEl(appear.createdAt))),
        footer(appear),
      ),
    ),
  );
}

/** Fetches a note for the note page. */
export function showNote(id: string): Promise<Note> {
  return api<Note>('notes/show', { noteId: id });
}

export { cx };

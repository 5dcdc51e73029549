/**
 * Browser-side: the DOM of Mastodon's web UI components, per version, as HTML strings. Structure,
 * classes and attribute order follow ../shared/fixtures/mastodon/<version>/dom (4.6.5: React 18
 * build of v4.6.5; 4.2.0: v4.2.0). Only what overlays and selectors rely on is reproduced in full.
 */

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  avatar: string;
  url: string;
  note?: string;
  followers_count?: number;
  following_count?: number;
  statuses_count?: number;
  created_at?: string;
  header?: string;
  suspended?: boolean;
}

export interface Media {
  id: string;
  type: string;
  url: string;
  preview_url: string;
  remote_url: string | null;
  description: string | null;
  blurhash: string | null;
  meta: { original?: { width: number; height: number }; small?: { width: number; height: number; aspect?: number } };
}

export interface Status {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  sensitive: boolean;
  spoiler_text: string;
  visibility: string;
  language: string | null;
  url: string | null;
  uri: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  content: string;
  reblog: Status | null;
  account: Account;
  media_attachments: Media[];
  mentions: { id: string; username: string; url: string; acct: string }[];
  tags: { name: string; url: string }[];
  card: {
    url: string;
    title: string;
    description: string;
    image: string | null;
    provider_name: string;
    author_name: string;
    published_at: string | null;
    language?: string | null;
  } | null;
  quote?: { state: string; quoted_status?: Status | null } | null;
  edited_at: string | null;
}

export interface RenderOpts {
  old: boolean;
  /** Known accounts by id (for "Replied to" names). */
  accounts: Map<string, Account>;
  /** Thread context: ancestors/descendants inside a detailed view. */
  inThread?: { first?: boolean; line?: 'full' | 'plain' | null };
  /** Extra wrapper classes (`unread`, …) */
  wrapperExtra?: string[];
  /** The avatar size (notifications use 40). */
  avatarSize?: number;
  /** A status shown inside a notification (4.6.5): no tabindex on the wrapper. */
  inNotification?: boolean;
}

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const GLOBE =
  '<svg xmlns="http://www.w3.org/2000/svg" height="24" viewBox="0 -960 960 960" width="24" class="icon icon-globe" title="Public" aria-label="Public" role="img"><path d="M480-80q-83 0-156-31.5T197-197q-54-54-85.5-127T80-480q0-83 31.5-156T197-763q54-54 127-85.5T480-880q83 0 156 31.5T763-763q54 54 85.5 127T880-480q0 83-31.5 156T763-197q-54 54-127 85.5T480-80Z"></path></svg>';
const UNLISTED =
  '<svg xmlns="http://www.w3.org/2000/svg" height="24" viewBox="0 -960 960 960" width="24" class="icon icon-unlock" title="Quiet public" aria-label="Quiet public" role="img"><path d="M240-640h360v-80q0-50-35-85t-85-35q-50 0-85 35t-35 85h-80q0-83 58.5-141.5T480-920q83 0 141.5 58.5T680-720v80h40q33 0 56.5 23.5T800-560v400q0 33-23.5 56.5T720-80H240q-33 0-56.5-23.5T160-160v-400q0-33 23.5-56.5T240-640Z"></path></svg>';
const ICON = (name: string, d: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" height="24" viewBox="0 -960 960 960" width="24" class="icon icon-${name}" title="" aria-hidden="true"><path d="${d}"></path></svg>`;
const I_REPLY = ICON(
  'reply',
  'M760-200v-160q0-50-35-85t-85-35H273l144 144-57 56-240-240 240-240 57 56-144 144h367q83 0 141.5 58.5T840-360v160h-80Z',
);
const I_REPLY_ALL = ICON(
  'reply-all',
  'M280-200v-160l-80 80-57-56 177-177 57 56-80 80h160q83 0 141.5 58.5T657-177v97h-80v-97q0-50-35-85t-85-35H280Z',
);
const I_BOOST = ICON(
  'retweet',
  'M280-80 120-240l160-160 56 58-62 62h406v-160h80v240H274l62 62-56 58Zm-80-440v-240h486l-62-62 56-58 160 160-160 160-56-58 62-62H280v160h-80Z',
);
const I_STAR = ICON(
  'star',
  'm354-287 126-76 126 77-33-144 111-96-146-13-58-136-58 135-146 13 111 97-33 143ZM233-120l65-281L80-590l288-25 112-265 112 265 288 25-218 189 65 281-247-149-247 149Zm247-350Z',
);
const I_BOOKMARK = ICON(
  'bookmark',
  'M200-120v-640q0-33 23.5-56.5T280-840h400q33 0 56.5 23.5T760-760v640L480-240 200-120Z',
);
const I_MORE = ICON(
  'ellipsis-h',
  'M240-400q-33 0-56.5-23.5T160-480q0-33 23.5-56.5T240-560q33 0 56.5 23.5T320-480q0 33-23.5 56.5T240-400Zm240 0q-33 0-56.5-23.5T400-480q0-33 23.5-56.5T480-560q33 0 56.5 23.5T560-480q0 33-23.5 56.5T480-400Zm240 0q-33 0-56.5-23.5T640-480q0-33 23.5-56.5T720-560q33 0 56.5 23.5T800-480q0 33-23.5 56.5T720-400Z',
);
export const I_MENTION = ICON(
  'at',
  'M480-80q-83 0-156-31.5T197-197q-54-54-85.5-127T80-480q0-83 31.5-156T197-763q54-54 127-85.5T480-880q83 0 156 31.5T763-763q54 54 85.5 127T880-480v58q0 59-40.5 100.5T740-280q-35 0-66-15t-52-43q-29 29-65.5 43.5T480-280q-83 0-141.5-58.5T280-480q0-83 58.5-141.5T480-680q83 0 141.5 58.5T680-480v58q0 26 17 44t43 18q26 0 43-18t17-44v-58q0-134-93-227t-227-93q-134 0-227 93t-93 227q0 134 93 227t227 93h200v80H480Z',
);
export const I_STAR_FILLED = I_STAR;
export const I_FOLLOW = ICON(
  'user-plus',
  'M720-520v-120H600v-80h120v-120h80v120h120v80H800v120h-80Zm-360-40q-66 0-113-47t-47-113q0-66 47-113t113-47q66 0 113 47t47 113q0 66-47 113t-113 47ZM40-240v-112q0-34 17.5-62.5T104-458q62-31 126-46.5T360-520q66 0 130 15.5T616-458q29 15 46.5 43.5T680-352v112H40Z',
);
export const I_BOOST_ICON = I_BOOST;

/** 4.2's Font Awesome icons. */
const FA = (name: string, extra = '') => `<i class="fa fa-${name}${extra} fa-fw" aria-hidden="true"></i>`;

let timeZone: string | undefined;
const dtf = (o: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en', { ...o, ...(timeZone ? { timeZone } : {}) });
let TITLE_465: Intl.DateTimeFormat;
let TITLE_420: Intl.DateTimeFormat;
let ARIA_DATE: Intl.DateTimeFormat;
let SHORT_DATE: Intl.DateTimeFormat;

/** Dates are shown in the browser's zone; tests comparing with the JST captures pin one. */
export function setTimeZone(tz: string | undefined): void {
  timeZone = tz;
  TITLE_465 = dtf({ year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  TITLE_420 = dtf({
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  ARIA_DATE = dtf({ month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  SHORT_DATE = dtf({ month: 'short', day: 'numeric' });
}
setTimeZone(undefined);

export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  const s = Math.floor((now - t) / 1000);
  if (s < 60) return s < 5 ? 'now' : `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86400) return `${Math.floor(s / 86400)}d`;
  return SHORT_DATE.format(new Date(t));
}

export const titleDate = (iso: string, old: boolean) => (old ? TITLE_420 : TITLE_465).format(new Date(iso));
export const ariaDate = (iso: string) => ARIA_DATE.format(new Date(iso));

/** Text content of server HTML (what the aria-label reads). */
export function textOf(html: string): string {
  const t = document.createElement('template');
  t.innerHTML = html;
  return (t.content.textContent ?? '').trim();
}

export const displayNameOf = (a: Account) => a.display_name || a.username;

/** Rewrites the server's links the way each version's StatusContent does. */
export function handleContent(s: Status, old: boolean): string {
  const t = document.createElement('template');
  t.innerHTML = s.content;
  // 4.5+ shows the quote itself, not the `RE:` fallback paragraph.
  if (!old && s.quote) for (const p of Array.from(t.content.querySelectorAll('p.quote-inline'))) p.remove();
  for (const a of Array.from(t.content.querySelectorAll('a'))) {
    const href = a.getAttribute('href') ?? '';
    const cls = a.getAttribute('class') ?? '';
    const mention =
      cls.includes('mention') && !cls.includes('hashtag') ? s.mentions.find((m) => m.url === href) : undefined;
    const isTag = cls.includes('hashtag') || a.getAttribute('rel') === 'tag';
    const tagName = isTag ? (a.textContent ?? '').replace(/^#/, '') : '';
    for (const name of a.getAttributeNames()) a.removeAttribute(name);
    if (old) {
      if (mention) {
        a.setAttribute('href', `/@${mention.acct}`);
        a.setAttribute('class', `${cls} status-link`.trim());
        a.setAttribute('title', `@${mention.acct}`);
      } else if (isTag) {
        a.setAttribute('href', `/tags/${encodeURIComponent(tagName)}`);
        a.setAttribute('class', `${cls} status-link`.trim());
        a.setAttribute('rel', 'tag');
      } else {
        a.setAttribute('href', href);
        a.setAttribute('target', '_blank');
        a.setAttribute('rel', 'nofollow noopener');
        a.setAttribute('translate', 'no');
        a.setAttribute('class', 'status-link unhandled-link');
        a.setAttribute('title', href);
      }
    } else if (mention) {
      a.setAttribute('class', `mention ${cls}`.trim());
      a.setAttribute('title', `@${mention.acct}`);
      a.setAttribute('data-hover-card-account', mention.id);
      a.setAttribute('href', `/@${mention.acct}`);
    } else if (isTag) {
      a.setAttribute('class', 'mention hashtag mention hashtag');
      a.setAttribute('rel', 'tag');
      a.setAttribute('data-menu-hashtag', s.account.id);
      a.setAttribute('href', `/tags/${encodeURIComponent(tagName)}`);
    } else {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener');
      a.setAttribute('translate', 'no');
      a.setAttribute('href', href);
      a.setAttribute('title', href);
      a.setAttribute('class', 'unhandled-link');
    }
  }
  const div = document.createElement('div');
  div.append(t.content);
  return div.innerHTML;
}

function avatar(a: Account, size: number, old: boolean, alt = ''): string {
  const tag = old ? 'div' : 'span';
  return `<${tag} class="account__avatar" style="width: ${size}px; height: ${size}px;"><img src="${esc(a.avatar)}" alt="${esc(alt)}"></${tag}>`;
}

function displayName(a: Account): string {
  return `<span class="display-name"><bdi><strong class="display-name__html">${esc(displayNameOf(a))}</strong></bdi> <span class="display-name__account">@${esc(a.acct)}</span></span>`;
}

function mediaGallery(s: Status, old: boolean, width = 566): string {
  const media = s.media_attachments.filter((m) => m.type === 'image' || m.type === 'gifv');
  if (!media.length) return '';
  const n = media.length;
  const first = media[0]!;
  const aspect =
    n === 1 ? Math.max(0.75, Math.min(3, (first.meta.small?.width ?? 16) / (first.meta.small?.height ?? 9))) : 16 / 9;
  const items = media
    .map((m, i) => {
      const mod =
        n === 1
          ? ' standalone media-gallery__item--tall media-gallery__item--wide'
          : n === 2
            ? ' media-gallery__item--tall'
            : n === 3 && i === 0
              ? ' media-gallery__item--tall'
              : '';
      const d = m.description ? esc(m.description) : '';
      const src = `<img src="${esc(m.preview_url)}" srcset="${esc(m.url)} ${m.meta.original?.width ?? 1280}w, ${esc(m.preview_url)} ${m.meta.small?.width ?? 640}w" sizes="${old ? width - 18 : width}px"${d ? ` alt="${d}"` : ''}${d && old ? ` title="${d}"` : ''} lang="${esc(s.language ?? 'en')}" style="object-position: 50% 50%;">`;
      const badge = d
        ? old
          ? '<span class="media-gallery__gifv__label">ALT</span>'
          : '<button type="button" class="media-gallery__alt__label" aria-expanded="false" aria-haspopup="dialog">ALT</button>'
        : '';
      return `<div class="media-gallery__item${mod}"><canvas class="media-gallery__preview media-gallery__preview--hidden" width="32" height="32"></canvas><a class="media-gallery__item-thumbnail" href="${esc(m.remote_url ?? m.url)}" target="_blank" rel="${old ? 'noopener noreferrer' : 'noopener'}">${src}</a><div class="media-gallery__item__badges">${badge}</div></div>`;
    })
    .join('');
  const style = `aspect-ratio: ${Number(aspect.toFixed(5))} / 1;`;
  if (old)
    return `<div class="media-gallery" style="${style}"><div class="spoiler-button spoiler-button--minified"><button type="button" aria-label="Hide image" aria-hidden="true" title="Hide image" class="icon-button overlayed" tabindex="0">${FA('eye-slash')} </button></div>${items}</div>`;
  return `<div class="media-gallery media-gallery--layout-${n}" style="${style}">${items}<div class="media-gallery__actions"><button class="media-gallery__actions__pill">Hide</button></div></div>`;
}

function card(s: Status, old: boolean): string {
  const c = s.card;
  if (!c || s.media_attachments.length) return '';
  const time = c.published_at
    ? ` · <time datetime="${c.published_at}" title="${esc(titleDate(c.published_at, old))}">${relativeTime(c.published_at)}</time>`
    : '';
  const img = c.image
    ? `<div class="status-card__image"><canvas class="status-card__image-preview status-card__image-preview--hidden" width="32" height="32"></canvas><img src="${esc(c.image)}" alt="" title="" lang="${esc(c.language ?? 'en')}" class="status-card__image-image" style="aspect-ratio: 1.91 / 1;"></div>`
    : '';
  const author = c.author_name
    ? `<span class="status-card__author">${old ? '<span>' : ''}By <strong>${esc(c.author_name)}</strong>${old ? '</span>' : ''}</span>`
    : '';
  return `<a href="${esc(c.url)}" class="status-card${c.image ? ' expanded' : ''}" target="_blank" rel="${old ? 'noopener noreferrer' : 'noopener'}">${img}<div class="status-card__content"${old ? '' : ' dir="auto"'}><span class="status-card__host"><span lang="${esc(c.language ?? 'en')}">${esc(c.provider_name)}</span>${time}</span><strong class="status-card__title" title="${esc(c.title)}" lang="${esc(c.language ?? 'en')}">${esc(c.title)}</strong>${author}</div></a>`;
}

function actionBar(s: Status, old: boolean): string {
  const toThread = s.in_reply_to_id !== null;
  const rTitle = toThread ? 'Reply to thread' : 'Reply';
  if (old) {
    const st = (w: string) => `font-size: 18px; width: ${w}; height: 23.1429px; line-height: 18px;`;
    return `<div class="status__action-bar"><button type="button" aria-label="${rTitle}" aria-hidden="false" title="${rTitle}" class="status__action-bar__button icon-button icon-button--with-counter" tabindex="0" style="${st('auto')}">${FA(toThread ? 'reply-all' : 'reply')} <span class="icon-button__counter"><span class="animated-number"><span style="position: static; transform: translateY(0%);"><span>${s.replies_count}</span></span></span></span></button><button type="button" aria-label="Boost" aria-hidden="false" title="Boost" class="status__action-bar__button icon-button" tabindex="0" style="${st('23.1429px')}">${FA('retweet')} </button><button type="button" aria-label="Favorite" aria-hidden="false" title="Favorite" class="status__action-bar__button star-icon icon-button" tabindex="0" style="${st('23.1429px')}">${FA('star')} </button><button type="button" aria-label="Bookmark" aria-hidden="false" title="Bookmark" class="status__action-bar__button bookmark-icon icon-button" tabindex="0" style="${st('23.1429px')}">${FA('bookmark')} </button><div class="status__action-bar__dropdown"><span><button type="button" aria-label="More" aria-hidden="false" title="More" class="icon-button" tabindex="0" style="${st('23.1429px')}">${FA('ellipsis-h')} </button></span></div></div>`;
  }
  const w = (inner: string) => `<div class="status__action-bar__button-wrapper">${inner}</div>`;
  return `<div class="status__action-bar">${w(`<button type="button" aria-label="${rTitle}" aria-hidden="false" title="${rTitle}" class="status__action-bar__button icon-button icon-button--with-counter" tabindex="0">${toThread ? I_REPLY_ALL : I_REPLY} <span class="icon-button__counter"><span class="animated-number"><span style="transform: translateY(0%);">${s.replies_count}</span></span></span></button>`)}${w(`<button type="button" aria-label="Boost or quote" aria-hidden="false" title="Boost or quote" class="status__action-bar__button icon-button" tabindex="0">${I_BOOST} </button>`)}${w(`<button type="button" aria-label="Favorite" aria-hidden="false" title="Favorite" class="status__action-bar__button star-icon icon-button" tabindex="0">${I_STAR} </button>`)}${w(`<button type="button" aria-label="Bookmark" aria-hidden="false" title="Bookmark" class="status__action-bar__button bookmark-icon icon-button" tabindex="0">${I_BOOKMARK} </button>`)}${w(`<button type="button" aria-label="More" aria-hidden="false" title="More" class="status__action-bar__button icon-button" tabindex="0">${I_MORE} </button>`)}</div>`;
}

function visibilityIcon(s: Status, old: boolean): string {
  if (old)
    return `<span class="status__visibility-icon"><i class="fa fa-${s.visibility === 'unlisted' ? 'unlock' : 'globe'}" title="${s.visibility === 'unlisted' ? 'Unlisted' : 'Public'}"></i></span>`;
  return `<span class="status__visibility-icon">${s.visibility === 'unlisted' ? UNLISTED : GLOBE}</span>`;
}

function contentBlock(s: Status, o: RenderOpts): string {
  const old = o.old;
  const text = handleContent(s, old);
  const textDiv = old
    ? `<div class="status__content__text status__content__text--visible translate" lang="${esc(s.language ?? 'en')}">${text}</div>`
    : `<div lang="${esc(s.language ?? 'en')}" class="status__content__text status__content__text--visible translate">${text}</div>`;
  if (s.spoiler_text) {
    if (old)
      return `<div class="status__content status__content--with-action" tabindex="0"><p><span class="status__content__spoiler-text">${esc(s.spoiler_text)}</span> <button type="button" class="status__content__spoiler-link">Show more</button></p><div class="status__content__text translate" lang="${esc(s.language ?? 'en')}" style="display: none;">${text}</div></div>`;
    return `<div class="content-warning"><div class="content-warning__title"><span>${esc(s.spoiler_text)}</span></div><button type="button" class="link-button">Show more</button></div>`;
  }
  if (!s.content) return '';
  return `<div class="status__content status__content--with-action"${old ? ' tabindex="0"' : ''}>${textDiv}</div>`;
}

/** The `aria-label` of a status wrapper: name, text, date, acct[, X boosted]. */
function ariaLabel(s: Status, booster: Account | null, quote: boolean, prefix = ''): string {
  const html = quote ? s.content.replace(/<p class="quote-inline">.*?<\/p>/, '') : s.content;
  const parts = [displayNameOf(s.account), (s.spoiler_text ? s.spoiler_text + ' ' : '') + textOf(html)];
  if (quote) parts.push('Contains quote');
  parts.push(ariaDate(s.created_at), s.account.acct);
  if (booster) parts.push(`${booster.username} boosted`);
  return esc(prefix + parts.join(', '));
}

/** The `Status` component (full). `outer` is the timeline entry: a boost wraps its reblog. */
export function statusHtml(outer: Status, o: RenderOpts, quoteDepth = 0): string {
  const old = o.old;
  const booster = outer.reblog ? outer.account : null;
  const s = outer.reblog ?? outer;
  const reply = !!s.in_reply_to_id;
  const quoted = !old && s.quote?.quoted_status && quoteDepth === 0 ? s.quote.quoted_status : null;
  const size = o.avatarSize ?? (quoteDepth ? 32 : 46);
  const wrapperCls = ['status__wrapper', `status__wrapper-${s.visibility}`];
  if (reply) wrapperCls.push('status__wrapper-reply');
  if (o.inThread && !old) wrapperCls.push('status__wrapper--in-thread');
  wrapperCls.push(...(o.wrapperExtra ?? []), 'focusable');
  const statusCls = ['status', `status-${s.visibility}`];
  if (reply) statusCls.push('status-reply');
  if (o.inThread) statusCls.push('status--in-thread');
  if (o.inThread?.first) statusCls.push('status--first-in-thread');
  if (quoteDepth) statusCls.push('status--is-quote');
  if (quoted) statusCls.push('status--has-quote');
  let prepend = '';
  if (booster) {
    prepend = old
      ? `<div class="status__prepend"><div class="status__prepend-icon-wrapper"><i class="fa fa-retweet status__prepend-icon fa-fw"></i></div><span><a data-id="${booster.id}" href="/@${esc(booster.acct)}" class="status__display-name muted"><bdi><strong>${esc(displayNameOf(booster))}</strong></bdi></a> boosted</span></div>`
      : `<div class="status__prepend"><div class="status__prepend__icon">${I_BOOST}</div><span><a title="@${esc(booster.acct)}" data-id="${booster.id}" data-hover-card-account="${booster.id}" class="status__display-name muted" href="/@${esc(booster.acct)}"><bdi><span>${esc(displayNameOf(booster))}</span></bdi></a> boosted</span></div>`;
  } else if (
    !old &&
    !o.inThread &&
    !quoteDepth &&
    !o.inNotification &&
    reply &&
    s.in_reply_to_account_id &&
    s.in_reply_to_account_id !== s.account.id
  ) {
    const target = o.accounts.get(s.in_reply_to_account_id);
    const m = s.mentions.find((x) => x.id === s.in_reply_to_account_id);
    const acct = target?.acct ?? m?.acct;
    if (acct) {
      const name = target ? displayNameOf(target) : (m?.username ?? acct);
      prepend = `<div class="status__prepend"><div class="status__prepend__icon">${I_REPLY}</div><span>Replied to <a title="@${esc(acct)}" data-id="${s.in_reply_to_account_id}" data-hover-card-account="${s.in_reply_to_account_id}" href="/@${esc(acct)}"><bdi><span>${esc(name)}</span></bdi></a></span></div>`;
    }
  }
  const avatarHtml = booster
    ? `<div class="account__avatar-overlay" style="width: 46px; height: 46px;"><div class="account__avatar-overlay-base">${avatar(
        s.account,
        36,
        false,
        s.account.acct,
      )
        .replace(/^<span/, '<div')
        .replace(/<\/span>$/, '</div>')}</div><div class="account__avatar-overlay-overlay">${avatar(
        booster,
        24,
        false,
        booster.acct,
      )
        .replace(/^<span/, '<div')
        .replace(/<\/span>$/, '</div>')}</div></div>`
    : avatar(s.account, size, old, old ? s.account.acct : '');
  const permalink = old
    ? `<a href="/@${esc(s.account.acct)}/${s.id}" class="status__relative-time" target="_blank" rel="noopener noreferrer">${visibilityIcon(s, old)}<time datetime="${s.created_at}" title="${esc(titleDate(s.created_at, old))}">${relativeTime(s.created_at)}</time>${s.edited_at ? '<abbr title="Edited">*</abbr>' : ''}</a>`
    : `<a class="status__relative-time" href="/@${esc(s.account.acct)}/${s.id}">${visibilityIcon(s, old)}<time datetime="${s.created_at}" title="${esc(titleDate(s.created_at, old))}">${relativeTime(s.created_at)}</time>${s.edited_at ? '<abbr title="Edited">*</abbr>' : ''}</a>`;
  const author = old
    ? `<a href="/@${esc(s.account.acct)}" title="${esc(s.account.acct)}" class="status__display-name" target="_blank" rel="noopener noreferrer"><div class="status__avatar">${avatarHtml}</div>${displayName(s.account)}</a>`
    : `<a title="@${esc(s.account.acct)}" data-id="${s.account.id}" data-hover-card-account="${s.account.id}" class="status__display-name" href="/@${esc(s.account.acct)}"><div class="status__avatar">${avatarHtml}</div>${displayName(s.account)}</a>`;
  const info = `<div class="status__info">${old ? permalink + author : author + permalink}</div>`;
  const line = o.inThread?.line
    ? `<div class="status__line${o.inThread.line === 'full' ? ' status__line--full' : ''}"></div>`
    : '';
  const media = mediaGallery(s, old, quoteDepth ? 480 : 566);
  const quoteHtml = quoted
    ? `<div class="status__quote"><div tabindex="-1">${statusWrapperOnly(quoted, o)}</div></div>`
    : '';
  const body = `<div class="${statusCls.join(' ')}" data-id="${s.id}">${line}${info}${contentBlock(s, o)}${media}${media ? '' : card(s, old)}${quoteHtml}${quoteDepth ? '' : actionBar(s, old)}</div>`;
  const nosnippet = old && !s.account.acct.includes('@') ? '' : old ? ' data-nosnippet="true"' : '';
  const tab = o.inNotification && !old ? '' : ' tabindex="0"';
  return `<div class="${wrapperCls.join(' ')}"${tab} aria-label="${ariaLabel(s, booster, !!quoted, quoteDepth ? 'Quote, ' : '')}"${nosnippet}>${prepend}${body}</div>`;
}

function statusWrapperOnly(s: Status, o: RenderOpts): string {
  return statusHtml(s, { ...o, inThread: undefined, wrapperExtra: [] }, 1);
}

/** `Status` rendered with `hidden`: a bare wrapper of spans (name, CW, raw content as text). */
export function statusHiddenHtml(outer: Status, wrapperClass = 'status__wrapper focusable'): string {
  const s = outer.reblog ?? outer;
  const cw = s.spoiler_text ? `<span>${esc(s.spoiler_text)}</span>` : '';
  const content = s.spoiler_text ? '' : `<span>${esc(s.content)}</span>`;
  return `<div class="${wrapperClass}" tabindex="0"><span>${esc(displayNameOf(s.account))}</span>${cw}${content}</div>`;
}

/** The focused post of a thread (`/@acct/:id`): no data-id; the id is in the datetime link. */
export function detailedStatusHtml(s: Status, o: RenderOpts): string {
  const old = o.old;
  const text = handleContent(s, old);
  const content = s.content
    ? `<div class="status__content"${old ? ' tabindex="0"' : ''}>${old ? `<div class="status__content__text status__content__text--visible translate" lang="${esc(s.language ?? 'en')}">${text}</div>` : `<div lang="${esc(s.language ?? 'en')}" class="status__content__text status__content__text--visible translate">${text}</div>`}</div>`
    : '';
  const num = (n: number) =>
    `<span class="animated-number"><span style="transform: translateY(0%);">${n}</span></span>`;
  const base = `/@${esc(s.account.acct)}/${s.id}`;
  const author = old
    ? `<a href="/@${esc(s.account.acct)}" class="detailed-status__display-name"><div class="detailed-status__display-avatar">${avatar(s.account, 46, true, s.account.acct)}</div>${displayName(s.account)}</a>`
    : `<a data-hover-card-account="${s.account.id}" class="detailed-status__display-name" href="/@${esc(s.account.acct)}"><div class="detailed-status__display-avatar">${avatar(s.account, 46, false)}</div>${displayName(s.account)}</a>`;
  const num42 = (n: number) =>
    `<span class="animated-number"><span style="position: static; transform: translateY(0%);"><span>${n}</span></span></span>`;
  const meta = old
    ? `<div class="detailed-status__meta"><a class="detailed-status__datetime" href="${base}" target="_blank" rel="noopener noreferrer"><span>${esc(titleDate(s.created_at, old))}</span></a> · <i class="fa fa-globe" title="Public"></i> · <a class="detailed-status__link" href="${base}/reblogs"><i class="fa fa-retweet"></i><span class="detailed-status__reblogs">${num42(s.reblogs_count)}</span></a> · <a class="detailed-status__link" href="${base}/favourites"><i class="fa fa-star"></i><span class="detailed-status__favorites">${num42(s.favourites_count)}</span></a></div>`
    : `<div class="detailed-status__meta"><div class="detailed-status__meta__line"><a class="detailed-status__datetime" href="${base}" target="_blank" rel="noopener noreferrer"><time datetime="${s.created_at}">${esc(titleDate(s.created_at, old))}</time></a>·${old ? FA('globe') : GLOBE}</div><div class="detailed-status__meta__line"><a class="detailed-status__link" href="${base}/reblogs"><span class="detailed-status__reblogs">${num(s.reblogs_count)}</span> boosts</a>${old ? '' : `·<a class="detailed-status__link" href="${base}/quotes"><span class="detailed-status__quotes">${num(0)}</span> quotes</a>`}·<a class="detailed-status__link" href="${base}/favourites"><span class="detailed-status__favorites">${num(s.favourites_count)}</span> favorites</a></div></div>`;
  const bar = `<div class="detailed-status__action-bar"><div class="detailed-status__button"><button type="button" aria-label="Reply" aria-hidden="false" title="Reply" class="icon-button" tabindex="0">${old ? FA('reply') : I_REPLY} </button></div><div class="detailed-status__button"><button type="button" aria-label="Boost" aria-hidden="false" title="Boost" class="status__action-bar__button icon-button" tabindex="0">${old ? FA('retweet') : I_BOOST} </button></div><div class="detailed-status__button"><button type="button" aria-label="Favorite" aria-hidden="false" title="Favorite" class="star-icon icon-button" tabindex="0">${old ? FA('star') : I_STAR} </button></div><div class="detailed-status__button"><button type="button" aria-label="Bookmark" aria-hidden="false" title="Bookmark" class="bookmark-icon icon-button" tabindex="0">${old ? FA('bookmark') : I_BOOKMARK} </button></div><div class="detailed-status__action-bar-dropdown"><button type="button" aria-label="More" aria-hidden="false" title="More" class="icon-button" tabindex="0">${old ? FA('ellipsis-h') : I_MORE} </button></div></div>`;
  const wrapperAttrs = old
    ? `class="focusable detailed-status__wrapper detailed-status__wrapper-${s.visibility}" tabindex="0"`
    : `tabindex="0" class="focusable detailed-status__wrapper detailed-status__wrapper-${s.visibility}"`;
  return `<div tabindex="-1"><div ${wrapperAttrs} aria-label="${ariaLabel(s, null, false)}"><div style="box-sizing: border-box;"><div class="detailed-status">${author}${content}${mediaGallery(s, old)}${s.media_attachments.length ? '' : card(s, old)}${meta}</div></div>${bar}</div></div>`;
}

export function accountLink(a: Account, old: boolean, withId = true): string {
  if (old)
    return `<bdi><a class="notification__display-name" href="/@${esc(a.acct)}" title="${esc(a.acct)}">${esc(displayNameOf(a))}</a></bdi>`;
  return `<a title="@${esc(a.acct)}"${withId ? ` data-id="${a.id}"` : ''} data-hover-card-account="${a.id}" href="/@${esc(a.acct)}"><bdi><span>${esc(displayNameOf(a))}</span></bdi></a>`;
}

export function avatarHtml(a: Account, size: number, old: boolean, alt = ''): string {
  return avatar(a, size, old, alt);
}

export { displayName as displayNameHtml };

/**
 * The UI shells and pages: universal (navbar, page column, widgets), zen (the page alone), deck
 * (columns, each a timeline or notifications), and the pages the router shows.
 */
import { api, ApiFailure } from './api';
import { C, cx } from './css';
import { env } from './env';
import { clear, h, vif } from './h';
import type { StreamingList } from './list';
import { emojiText } from './mfm';
import { acctEl, avatar, noteDetailedEl, type Note, type User } from './note';
import { notesTimeline, notificationsList, type TimelineSpec, type TimelineSrc } from './timeline';
import { timeEl } from './time';

type Teardown = () => void;

interface Page {
  title: string;
  /** Header tabs (timeline page). */
  tabs?: { key: string; icon: string; label: string; active: boolean; onClick(): void }[];
  body: HTMLElement;
  teardown?: Teardown;
}

const TL_TABS: { key: TimelineSrc; icon: string; label: string }[] = [
  { key: 'home', icon: 'ti-home', label: 'ホーム' },
  { key: 'local', icon: 'ti-planet', label: 'ローカル' },
  { key: 'social', icon: 'ti-universe', label: 'ソーシャル' },
  { key: 'global', icon: 'ti-whirl', label: 'グローバル' },
  { key: 'list', icon: 'ti-list', label: 'リスト' },
  { key: 'antenna', icon: 'ti-antenna', label: 'アンテナ' },
  { key: 'channel', icon: 'ti-device-tv', label: 'チャンネル' },
];

const spacer = (...children: Node[]): HTMLElement =>
  h('div', { class: '_spacer', style: '--MI_SPACER-w: 800px;' }, ...children);

/** Fills a list/antenna/channel spec with the logged-in user's first one. */
async function resolveSpec(src: TimelineSrc): Promise<TimelineSpec> {
  if (src === 'list') {
    const lists = await api<{ id: string }[]>('users/lists/list');
    return { src, listId: lists[0]?.id ?? '' };
  }
  if (src === 'antenna') {
    const antennas = await api<{ id: string }[]>('antennas/list');
    return { src, antennaId: antennas[0]?.id ?? '' };
  }
  if (src === 'channel') {
    const channels = await api<{ id: string }[]>('channels/followed');
    return { src, channelId: channels[0]?.id ?? '' };
  }
  return { src };
}

function mountList(list: StreamingList<{ id: string; createdAt: string }>, host: HTMLElement): void {
  host.append(list.el);
  void list.init();
}

// ---------------------------------------------------------------------------------------------
// Pages

function timelinePage(scrollEl: () => HTMLElement, initial: TimelineSrc, rerender: () => void): Page {
  const tl = h('div', { class: cx('pages/timeline', 'tl') });
  let current: StreamingList<Note> | null = null;
  const show = async (src: TimelineSrc) => {
    current?.destroy();
    clear(tl);
    localStorage.setItem('simTlSrc', src);
    current = notesTimeline(await resolveSpec(src), scrollEl);
    mountList(current, tl);
  };
  void show(initial);
  return {
    title: 'タイムライン',
    tabs: TL_TABS.map((t) => ({
      key: t.key,
      icon: t.icon,
      label: t.label,
      active: t.key === initial,
      onClick: () => {
        localStorage.setItem('simTlSrc', t.key);
        rerender();
      },
    })),
    body: spacer(tl),
    teardown: () => current?.destroy(),
  };
}

function listPage(title: string, spec: TimelineSpec, scrollEl: () => HTMLElement): Page {
  const tl = h('div', { class: cx('pages/timeline', 'tl') });
  const list = notesTimeline(spec, scrollEl);
  mountList(list, tl);
  return { title, body: spacer(tl), teardown: () => list.destroy() };
}

function notificationsPage(scrollEl: () => HTMLElement): Page {
  const wrap = h('div', { class: 'xtfIf' });
  const list = notificationsList(scrollEl);
  mountList(list, wrap);
  return { title: '通知', body: spacer(wrap), teardown: () => list.destroy() };
}

function notePage(id: string): Page {
  const body = h('div', { class: '_gaps' });
  api<Note>('notes/show', { noteId: id })
    .then((n) => body.append(h('div', { class: '_panel' }, noteDetailedEl(n))))
    .catch((e) =>
      body.append(
        h(
          'div',
          { class: '_fullinfo' },
          e instanceof ApiFailure && e.status === 400 ? 'ノートが見つかりません' : String(e),
        ),
      ),
    );
  return { title: 'ノート', body: spacer(body) };
}

interface UserDetailed extends User {
  description: string | null;
  createdAt: string;
  notesCount: number;
  followersCount: number;
  followingCount: number;
  isSuspended: boolean;
}

function userPage(acct: string, scrollEl: () => HTMLElement): Page {
  const body = h('div', { class: 'ftskorzw', style: 'container-type: inline-size;' });
  let list: StreamingList<Note> | null = null;
  const [username = '', host = null] = acct.replace(/^@/, '').split('@');
  api<UserDetailed>('users/show', { username, host: host === env.host ? null : host })
    .then((u) => {
      const profile = h(
        'div',
        { class: 'profile _gaps' },
        h(
          'div',
          { class: 'main _panel' },
          h('div', { class: 'banner-container' }, h('div', { class: 'banner' }), h('div', { class: 'fade' })),
          avatar(u, 'avatar', 96, false),
          h(
            'div',
            { class: 'title' },
            h('span', { class: 'name', style: 'white-space: pre-wrap;' }, ...emojiText(u.name ?? u.username)),
            h('div', { class: 'bottom' }, h('span', { class: 'username' }, acctEl({ ...u, host: u.host ?? env.host }))),
          ),
          h(
            'div',
            { class: 'description' },
            u.description ? h('p', {}, u.description) : h('p', { class: 'empty' }, '自己紹介はありません'),
          ),
          h(
            'div',
            { class: 'fields system' },
            h(
              'dl',
              { class: 'field' },
              h('dt', { class: 'name' }, h('i', { class: 'ti ti-calendar ti-fw' }), '登録日'),
              h('dd', { class: 'value' }, timeEl(u.createdAt)),
            ),
          ),
          h(
            'div',
            { class: 'status' },
            h('a', { href: `/@${acct}` }, h('b', {}, String(u.notesCount)), h('span', {}, 'ノート')),
            h('a', { href: `/@${acct}/following` }, h('b', {}, String(u.followingCount)), h('span', {}, 'フォロー')),
            h('a', { href: `/@${acct}/followers` }, h('b', {}, String(u.followersCount)), h('span', {}, 'フォロワー')),
          ),
        ),
      );
      const notes = h('div', { class: 'contents _gaps' });
      list = notesTimeline({ src: 'user', userId: u.id }, scrollEl);
      mountList(list, notes);
      body.append(h('div', { class: 'main _gaps' }, profile, notes));
    })
    .catch(() => body.append(h('div', { class: '_fullinfo' }, 'ユーザーが見つかりませんでした')));
  return { title: `@${acct}`, body: spacer(body), teardown: () => list?.destroy() };
}

function miauthPage(session: string, q: URLSearchParams): Page {
  const name = q.get('name') ?? 'アプリ';
  const permission = (q.get('permission') ?? '').split(',').filter(Boolean);
  const callback = q.get('callback');
  const body = h('div', { class: '_panel sim-miauth', style: 'padding: 24px;' });
  if (!env.account) {
    body.append(
      h('h1', {}, `${name} がアカウントへのアクセスを求めています`),
      h('p', {}, 'ログインしてください: '),
      h(
        'a',
        { href: `/__sim/login?user=alice&next=${encodeURIComponent(location.pathname + location.search)}` },
        '@alice でログイン',
      ),
    );
    return { title: 'アプリの認証', body: spacer(body) };
  }
  const allow = h(
    'button',
    { class: '_button sim-primary', 'aria-label': 'Allow', 'data-sim-miauth': 'allow' },
    '許可',
  );
  const deny = h('button', { class: '_button', 'aria-label': 'Deny', 'data-sim-miauth': 'deny' }, '拒否');
  const result = h('p', { role: 'status' });
  allow.addEventListener('click', async () => {
    allow.setAttribute('disabled', '');
    await api('miauth/gen-token', { session, name, description: null, iconUrl: q.get('icon'), permission });
    result.textContent = 'アプリケーションにアクセス許可を与えました';
    if (callback) {
      const u = new URL(callback);
      u.searchParams.set('session', session);
      location.href = u.toString();
    }
  });
  deny.addEventListener('click', () => {
    result.textContent = 'アプリケーションのアクセスを拒否しました';
  });
  body.append(
    h('h1', {}, `${name} があなたのアカウント @${env.account.username} へのアクセスを求めています`),
    h('p', {}, 'このアプリケーションには次の権限が与えられます:'),
    h('ul', {}, ...permission.map((p) => h('li', {}, p))),
    h('div', { style: 'display: flex; gap: 12px;' }, deny, allow),
    result,
  );
  return { title: 'アプリの認証', body: spacer(body) };
}

export function routePage(path: string, q: URLSearchParams, scrollEl: () => HTMLElement, rerender: () => void): Page {
  let m: RegExpExecArray | null;
  if (path === '/' || path === '/timeline') {
    const qs = q.get('tl') as TimelineSrc | null;
    const saved = localStorage.getItem('simTlSrc') as TimelineSrc | null;
    const src = qs ?? saved ?? (env.account ? 'home' : 'local');
    if (qs) localStorage.setItem('simTlSrc', qs);
    return timelinePage(scrollEl, env.account ? src : 'local', rerender);
  }
  if (path === '/my/notifications') return notificationsPage(scrollEl);
  if ((m = /^\/notes\/([a-zA-Z0-9]+)/.exec(path))) return notePage(m[1]!);
  if ((m = /^\/list\/([a-zA-Z0-9]+)/.exec(path))) return listPage('リスト', { src: 'list', listId: m[1]! }, scrollEl);
  if ((m = /^\/antennas\/([a-zA-Z0-9]+)/.exec(path)))
    return listPage('アンテナ', { src: 'antenna', antennaId: m[1]! }, scrollEl);
  if ((m = /^\/channels\/([a-zA-Z0-9]+)/.exec(path)))
    return listPage('チャンネル', { src: 'channel', channelId: m[1]! }, scrollEl);
  if ((m = /^\/tags\/([^/]+)/.exec(path)))
    return listPage(`#${decodeURIComponent(m[1]!)}`, { src: 'tag', tag: decodeURIComponent(m[1]!) }, scrollEl);
  if ((m = /^\/miauth\/([^/]+)/.exec(path))) return miauthPage(decodeURIComponent(m[1]!), q);
  if ((m = /^\/(@[^/]+)/.exec(path))) return userPage(decodeURIComponent(m[1]!).slice(1), scrollEl);
  return { title: 'ページが見つかりません', body: spacer(h('div', { class: '_fullinfo' }, 'ページが見つかりません')) };
}

// ---------------------------------------------------------------------------------------------
// Shells

function navbar(): HTMLElement {
  const item = (href: string, icon: string, label: string, active = false) =>
    h(
      'a',
      {
        href,
        class: active
          ? `${cx('ui/_common_/navbar', 'active')} ${cx('ui/_common_/navbar', 'item')}`
          : `_button ${cx('ui/_common_/navbar', 'item')}`,
      },
      h('i', { class: `xriyS ti ${icon} ti-fw` }),
      h('span', { class: 'xbyif' }, label),
    );
  const me = env.account;
  return h(
    'div',
    { class: `${cx('ui/_common_/navbar', 'root')} xhesn` },
    h(
      'div',
      { class: cx('ui/_common_/navbar', 'body') },
      h(
        'div',
        { class: cx('ui/_common_/navbar', 'top') },
        h('a', { href: '/', class: '_button x50Ky' }, h('img', { src: '/favicon.ico', class: 'xrr1h' })),
      ),
      h(
        'div',
        { class: 'xzlUW' },
        item('/', 'ti-home', 'タイムライン', location.pathname === '/'),
        item('/my/notifications', 'ti-bell', '通知', location.pathname === '/my/notifications'),
        h('div', { class: cx('ui/_common_/navbar', 'divider') }),
        item('/tags/misskey', 'ti-hash', 'みつける'),
      ),
      h(
        'div',
        { class: cx('ui/_common_/navbar', 'bottom') },
        me
          ? h(
              'a',
              { href: `/@${me.username}`, class: `_button ${cx('ui/_common_/navbar', 'account')}` },
              avatar(me as unknown as User, cx('ui/_common_/navbar', 'avatar'), 32, false),
              h('span', { class: `_nowrap ${cx('ui/_common_/navbar', 'acct')}` }, h('span', {}, `@${me.username}`)),
            )
          : h('a', { href: '/__sim/login?user=alice&next=/', class: '_button' }, 'ログイン'),
      ),
    ),
  );
}

function pageHeader(page: Page): HTMLElement {
  const H = (n: string) => cx('components/global/MkPageHeader', n);
  const T = (n: string) => cx('components/global/MkPageHeader.tabs', n);
  const tabs = page.tabs
    ? h(
        'div',
        { class: `${T('tabs')} ${cx('components/global/MkPageHeader', 'tabs')}` },
        h(
          'div',
          { class: 'x5vNM' },
          ...page.tabs.map((t) => {
            const b = h(
              'button',
              {
                class: `_button ${T('tab')}${t.active ? ` ${T('active')}` : ''} ${T('animate')}`,
                'data-sim-tab': t.key,
              },
              h(
                'div',
                { class: 'xjQuN' },
                h('i', { class: `${T('tabIcon')} ti ${t.icon}` }),
                h(
                  'div',
                  { class: `${T('tabTitle')} ${T('animate')}`, ...(t.active ? {} : { style: 'display: none;' }) },
                  t.label,
                ),
              ),
            );
            b.addEventListener('click', t.onClick);
            return b;
          }),
        ),
      )
    : h('div', { class: H('titleContainer') }, h('div', { class: H('title') }, page.title));
  return h(
    'div',
    { class: cx('components/global/MkStickyContainer', 'header') },
    h(
      'div',
      { class: H('root') },
      h('div', { class: H('upper') }, tabs, h('div', { class: `${H('buttonsRight')} ${H('buttons')}` })),
    ),
  );
}

/** The right-hand widgets of the universal UI: a notifications widget (MkStreamingNotificationsTimeline). */
function widgets(): HTMLElement {
  const scroll = h('div', {
    class: `${cx('components/MkContainer', 'content')} ${cx('components/MkContainer', 'scrollable')}`,
    style: 'max-height: 480px; overflow-y: auto;',
  });
  const container = h(
    'div',
    { class: `_panel ${cx('components/MkContainer', 'root')}` },
    h(
      'header',
      { class: cx('components/MkContainer', 'header') },
      h(
        'div',
        { class: cx('components/MkContainer', 'title') },
        h('span', {}, h('i', { class: 'ti ti-bell' })),
        '通知',
      ),
    ),
    scroll,
  );
  const root = h(
    'div',
    { class: cx('ui/universal', 'widgets') },
    h(
      'div',
      { class: cx('components/MkWidgets', 'root') },
      h('div', { class: cx('components/MkWidgets', 'widget') }, container),
    ),
  );
  if (env.account)
    mountList(
      notificationsList(() => scroll),
      scroll,
    );
  return root;
}

export function universal(app: HTMLElement, zen: boolean): void {
  const scroller = h('div', {
    class: '_pageScrollable',
    style: 'touch-action: pan-x pan-down pinch-zoom; overscroll-behavior: contain;',
  });
  const contents = h(
    'div',
    { class: cx('ui/universal', 'contents') },
    h('div', { class: '_pageContainer xmvLQ xDyE6' }, scroller),
  );
  let teardown: Teardown | undefined;
  const render = () => {
    teardown?.();
    clear(scroller);
    const page = routePage(location.pathname, new URLSearchParams(location.search), () => scroller, render);
    teardown = page.teardown;
    document.title = `${page.title} | ${String(env.meta.name ?? 'Misskey')}`;
    scroller.append(
      h(
        'div',
        {},
        pageHeader(page),
        h('div', { class: cx('components/global/MkStickyContainer', 'body') }, h('div', { class: 'xfYNC' }, page.body)),
      ),
    );
    scroller.scrollTop = 0;
  };
  const wide = !zen && window.innerWidth >= 1100;
  app.append(
    h(
      'div',
      { class: cx('ui/universal', 'root') },
      zen ? vif() : h('div', { class: 'xDP2x' }, navbar()),
      contents,
      wide ? widgets() : vif(),
    ),
  );
  onNavigate(render);
  render();
}

/** Deck columns: `localStorage.simDeckColumns` (e.g. `home,local,notifications`), as the fixture's three. */
export function deck(app: HTMLElement): void {
  const D = (n: string) => cx('ui/deck', n);
  const spec = (localStorage.getItem('simDeckColumns') ?? 'home,local,notifications')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const columns = h('div', { class: `${D('columns')} ${D('center')}` });
  const titles: Record<string, [string, string]> = {
    home: ['ti-home', 'ホーム'],
    local: ['ti-planet', 'ローカル'],
    social: ['ti-universe', 'ソーシャル'],
    global: ['ti-whirl', 'グローバル'],
    notifications: ['ti-bell', '通知'],
    mentions: ['ti-at', 'あなた宛て'],
    list: ['ti-list', 'リスト'],
    antenna: ['ti-antenna', 'アンテナ'],
  };
  const column = (key: string, fill: (scroll: HTMLElement) => void): HTMLElement => {
    const [icon, label] = titles[key] ?? ['ti-app-window', key];
    const body = h('div', {
      class: cx('ui/deck/column', 'body'),
      style: 'touch-action: pan-x pan-down pinch-zoom; overscroll-behavior: contain;',
    });
    fill(body);
    return h(
      'section',
      { class: D('section'), style: 'width: 330px;', 'data-sim-column': key },
      h(
        'div',
        { class: `_forceShrinkSpacer ${cx('ui/deck/column', 'root')} ${cx('ui/deck/column', 'active')}` },
        h(
          'header',
          { class: cx('ui/deck/column', 'header') },
          h(
            'span',
            { class: cx('ui/deck/column', 'title') },
            h('i', { class: `ti ${icon}` }),
            h('span', { style: 'margin-left: 8px;' }, label),
          ),
          h('button', { class: 'xvE9n _button' }, h('i', { class: 'ti ti-dots' })),
        ),
        body,
      ),
    );
  };
  let mainColumn: HTMLElement | null = null;
  let teardown: Teardown | undefined;
  const renderMain = () => {
    teardown?.();
    mainColumn?.remove();
    mainColumn = null;
    if (location.pathname === '/' || location.pathname === '/timeline') return;
    mainColumn = column('main', (scroll) => {
      const page = routePage(location.pathname, new URLSearchParams(location.search), () => scroll, renderMain);
      teardown = page.teardown;
      scroll.append(pageHeader(page), page.body);
    });
    columns.prepend(mainColumn);
  };
  for (const key of spec) {
    columns.append(
      column(key, (scroll) => {
        const inner = h('div', { class: '' }, h('div', {}));
        scroll.append(inner);
        if (key === 'notifications' || key === 'mentions') {
          mountList(
            notificationsList(() => scroll, { mentionsOnly: key === 'mentions' }),
            inner.firstChild as HTMLElement,
          );
          return;
        }
        void resolveSpec(key as TimelineSrc).then((s) =>
          mountList(
            notesTimeline(s, () => scroll),
            inner.firstChild as HTMLElement,
          ),
        );
      }),
    );
  }
  app.append(
    h(
      'div',
      { class: D('root') },
      h('div', { class: 'xDP2x' }, navbar()),
      h('div', { class: D('main') }, h('div', { class: 'xwR55' }, columns)),
    ),
  );
  onNavigate(renderMain);
  renderMain();
}

/** SPA navigation: same-origin links use history.pushState (MF/router.ts). */
function onNavigate(render: () => void): void {
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = (ev.target as Element | null)?.closest('a');
    if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
    const href = a.getAttribute('href');
    if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/__sim/')) return;
    ev.preventDefault();
    if (href !== location.pathname + location.search) history.pushState(null, '', href);
    render();
  });
  window.addEventListener('popstate', render);
}

export { C };

/**
 * The simulated Mastodon web client (browser code, bundled by ../web.ts). It reads `#initial-state`,
 * loads posts through the real API with `fetch` and the Bearer token, streams over a real WebSocket,
 * navigates with `history.pushState`, and reproduces the placeholder behaviour of
 * `intersection_observer_article.jsx` that overlays must survive (fixture README, "Placeholders").
 */
import {
  accountLink,
  avatarHtml,
  detailedStatusHtml,
  displayNameHtml,
  displayNameOf,
  esc,
  handleContent,
  I_BOOST_ICON,
  I_FOLLOW,
  I_MENTION,
  I_STAR_FILLED,
  relativeTime,
  statusHiddenHtml,
  statusHtml,
  titleDate,
  ariaDate,
  type Account,
  type Status,
} from './render';

interface InitialState {
  meta: {
    access_token: string | null;
    me?: string;
    domain: string;
    version: string;
    advanced_layout?: boolean;
    streaming_api_base_url: string;
  };
  accounts: Record<string, Account>;
}

const state = JSON.parse(document.getElementById('initial-state')!.textContent ?? '{}') as InitialState;
const meta = state.meta;
const OLD = meta.version.startsWith('4.2');
const TOKEN = meta.access_token;
const accounts = new Map<string, Account>(Object.entries(state.accounts ?? {}));
const me = meta.me ? accounts.get(meta.me) : undefined;
const firstPath = location.pathname;
const MULTI =
  !!meta.advanced_layout &&
  window.innerWidth > 630 &&
  (['/', '/home', '/getting-started'].includes(firstPath) || firstPath.startsWith('/deck'));
document.body.classList.add(MULTI ? 'layout-multiple-columns' : 'layout-single-column');

// ------------------------------------------------------------------ API

interface ApiResult<T> {
  status: number;
  json: T;
  next: string | null;
}

async function api<T>(path: string): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (TOKEN) headers.Authorization = `Bearer ${TOKEN}`;
  const csrf = document.querySelector('meta[name=csrf-token]')?.getAttribute('content');
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, { headers });
  const json = (await res.json().catch(() => null)) as T;
  const link = res.headers.get('Link') ?? '';
  const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null;
  return { status: res.status, json, next };
}

function remember(s: Status): void {
  accounts.set(s.account.id, s.account);
  if (s.reblog) remember(s.reblog);
  if (s.quote?.quoted_status) remember(s.quote.quoted_status);
}

// ------------------------------------------------------------------ scrolling list with placeholders

/** Heights saved per list and item (the `onHeightChange` / cachedHeight of the real list). */
const savedHeights = new Map<string, number>();

interface Item {
  key: string;
  render(hidden: boolean): string;
  status?: Status;
}

class ItemView {
  el: HTMLElement;
  isIntersecting = true;
  isHidden = false;
  height = 0;
  placeholder = false;
  mountedOnce = false;

  constructor(
    readonly list: FeedList,
    public item: Item,
  ) {
    this.el = document.createElement('article');
    if (!OLD) this.el.setAttribute('class', '');
    this.el.setAttribute('tabindex', '-1');
    this.el.setAttribute('aria-posinset', '0');
    this.el.setAttribute('aria-setsize', '0');
    this.el.setAttribute('data-id', item.key);
    if (OLD) {
      // 4.2.0 renders the attributes in this order.
      this.el.removeAttribute('tabindex');
      this.el.setAttribute('tabindex', '-1');
    }
    this.update();
  }

  cachedHeight(): number {
    return savedHeights.get(`${this.list.key}|${this.item.key}`) ?? 0;
  }

  update(): void {
    const shouldHide = !this.isIntersecting && (this.isHidden || this.cachedHeight() > 0);
    if (shouldHide && !this.placeholder) {
      this.placeholder = true;
      this.el.setAttribute('style', `height: ${this.height || this.cachedHeight()}px; opacity: 0; overflow: hidden;`);
      this.el.innerHTML = this.item.render(true);
    } else if (!shouldHide && (this.placeholder || !this.mountedOnce)) {
      // Built from scratch: anything injected into the old nodes is gone.
      if (this.placeholder) this.el.setAttribute('style', '');
      this.placeholder = false;
      this.el.innerHTML = this.item.render(false);
    }
    this.mountedOnce = true;
  }

  onIntersection(entry: IntersectionObserverEntry): void {
    if (this.el.children.length !== 0 && !this.placeholder) {
      this.height = entry.boundingClientRect.height;
      savedHeights.set(`${this.list.key}|${this.item.key}`, this.height);
    }
    const was = this.isIntersecting;
    this.isIntersecting = entry.isIntersecting;
    this.isHidden = false;
    if (was !== false && !entry.isIntersecting) {
      const cb = () => {
        if (!this.el.isConnected) return;
        this.isHidden = !this.isIntersecting;
        this.update();
      };
      if ('requestIdleCallback' in window) requestIdleCallback(cb, { timeout: 1000 });
      else setTimeout(cb, 50);
    }
    this.update();
  }
}

/** `ScrollableList` + `StatusList`: an `.item-list[role=feed]` of articles, load-more, streaming inserts. */
class FeedList {
  readonly feed: HTMLElement;
  readonly views: ItemView[] = [];
  private readonly byEl = new Map<Element, ItemView>();
  private observer!: IntersectionObserver;
  private loading = false;
  private readonly loadMoreBtn: HTMLButtonElement;
  next: string | null = null;

  constructor(
    readonly key: string,
    readonly scroller: HTMLElement | null,
    private readonly loadMore: ((next: string) => Promise<{ items: Item[]; next: string | null }>) | null,
    feedClass = 'item-list',
  ) {
    this.feed = document.createElement('div');
    this.feed.setAttribute('role', 'feed');
    this.feed.className = feedClass;
    this.loadMoreBtn = document.createElement('button');
    this.loadMoreBtn.type = 'button';
    this.loadMoreBtn.className = 'load-more';
    this.loadMoreBtn.textContent = 'Load more';
    this.loadMoreBtn.addEventListener('click', () => void this.more());
    this.feed.append(this.loadMoreBtn);
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) this.byEl.get(e.target)?.onIntersection(e);
      },
      this.scroller ? { root: this.scroller, rootMargin: '300% 0px' } : {},
    );
    const target: HTMLElement | Window = this.scroller ?? window;
    target.addEventListener('scroll', this.onScroll, { passive: true });
  }

  private readonly onScroll = () => {
    if (!this.feed.isConnected) return;
    const top = this.scroller ? this.scroller.scrollTop : window.scrollY;
    const height = this.scroller ? this.scroller.clientHeight : window.innerHeight;
    const total = this.scroller ? this.scroller.scrollHeight : document.documentElement.scrollHeight;
    if (top + height >= total - 400) void this.more();
  };

  atTop(): boolean {
    return (this.scroller ? this.scroller.scrollTop : window.scrollY) < 50;
  }

  destroy(): void {
    this.observer.disconnect();
    (this.scroller ?? window).removeEventListener('scroll', this.onScroll);
  }

  private renumber(): void {
    const n = this.views.length;
    this.views.forEach((v, i) => {
      v.el.setAttribute('aria-posinset', String(i + 1));
      v.el.setAttribute('aria-setsize', String(n));
    });
    this.loadMoreBtn.style.visibility = this.next ? 'visible' : 'hidden';
  }

  append(items: Item[]): void {
    for (const it of items) {
      if (this.views.some((v) => v.item.key === it.key)) continue;
      const v = new ItemView(this, it);
      this.views.push(v);
      this.byEl.set(v.el, v);
      this.feed.insertBefore(v.el, this.loadMoreBtn);
      this.observer.observe(v.el);
    }
    this.renumber();
  }

  /** A streamed item goes on top; at the top with more than 40 items the list is cut to 20. */
  prepend(it: Item): void {
    if (this.views.some((v) => v.item.key === it.key)) return;
    const top = this.atTop();
    const before = this.scroller ? this.scroller.scrollHeight : document.documentElement.scrollHeight;
    const v = new ItemView(this, it);
    this.views.unshift(v);
    this.byEl.set(v.el, v);
    this.feed.insertBefore(v.el, this.feed.firstChild);
    this.observer.observe(v.el);
    if (top && this.views.length > 40) {
      for (const old of this.views.splice(20)) this.drop(old);
      this.next = this.views.at(-1) ? this.nextFromKey(this.views.at(-1)!.item.key) : this.next;
    } else if (!top) {
      const delta = (this.scroller ? this.scroller.scrollHeight : document.documentElement.scrollHeight) - before;
      if (this.scroller) this.scroller.scrollTop += delta;
      else window.scrollBy(0, delta);
    }
    this.renumber();
  }

  private nextFromKey(key: string): string | null {
    if (!this.next) return null;
    const u = new URL(this.next, location.origin);
    u.searchParams.set('max_id', key);
    return u.pathname + u.search;
  }

  private drop(v: ItemView): void {
    this.observer.unobserve(v.el);
    this.byEl.delete(v.el);
    v.el.remove();
  }

  remove(pred: (it: Item) => boolean): void {
    for (const v of this.views.filter((x) => pred(x.item))) {
      this.views.splice(this.views.indexOf(v), 1);
      this.drop(v);
    }
    this.renumber();
  }

  async more(): Promise<void> {
    if (this.loading || !this.next || !this.loadMore) return;
    this.loading = true;
    try {
      const r = await this.loadMore(this.next);
      this.next = r.next;
      this.append(r.items);
    } finally {
      this.loading = false;
    }
  }
}

// ------------------------------------------------------------------ items

function statusItem(s: Status, opts: { wrapperExtra?: string[] } = {}): Item {
  remember(s);
  return {
    key: s.id,
    status: s,
    render: (hidden) =>
      `<div tabindex="-1">${hidden ? statusHiddenHtml(s) : statusHtml(s, { old: OLD, accounts, ...opts })}</div>`,
  };
}

interface Notification {
  id: string;
  type: string;
  created_at: string;
  account: Account;
  status?: Status;
}

interface Group {
  group_key: string;
  notifications_count: number;
  type: string;
  latest_page_notification_at: string;
  sample_account_ids: string[];
  status_id?: string;
}

function notifItemOld(n: Notification): Item {
  if (n.status) remember(n.status);
  if (n.type === 'mention' && n.status) {
    const s = n.status;
    return {
      key: n.id,
      status: s,
      render: (hidden) =>
        `<div tabindex="-1">${hidden ? statusHiddenHtml(s) : statusHtml(s, { old: true, accounts, wrapperExtra: ['unread'] })}</div>`,
    };
  }
  const label: Record<string, [string, string]> = {
    favourite: ['favorited your post', '<i class="fa fa-star star-icon fa-fw"></i>'],
    reblog: ['boosted your post', '<i class="fa fa-retweet fa-fw"></i>'],
    follow: ['followed you', '<i class="fa fa-user-plus fa-fw"></i>'],
  };
  const [text, icon] = label[n.type] ?? [n.type, ''];
  return {
    key: n.id,
    status: n.status,
    render: (hidden) => {
      const inner = n.status
        ? `<div tabindex="-1">${hidden ? statusHiddenHtml(n.status, 'status__wrapper') : statusHtml(n.status, { old: true, accounts, wrapperExtra: ['muted'] })}</div>`
        : `${esc(displayNameOf(n.account))}${esc(n.account.username)}`;
      return `<div tabindex="-1"><div class="notification notification-${n.type} focusable" tabindex="0" aria-label="${esc(n.account.acct)} ${text}, ${esc(ariaDate(n.created_at))}"><div class="notification__message"><div class="notification__favourite-icon-wrapper">${icon}</div><span title="${n.created_at}"><span>${accountLink(n.account, true)} ${text}</span></span></div>${inner}</div></div>`;
    },
  };
}

function groupItem(g: Group, byId: Map<string, Account>, statuses: Map<string, Status>): Item {
  const s = g.status_id ? statuses.get(g.status_id) : undefined;
  if (s) remember(s);
  if (g.group_key.startsWith('ungrouped-') && s) {
    return {
      key: g.group_key,
      status: s,
      render: (hidden) =>
        `<div tabindex="-1"><div tabindex="-1"><div role="button" class="notification-ungrouped focusable notification-ungrouped--${g.type} notification-ungrouped--unread" tabindex="0"><h2 class="notification-ungrouped__header"><div class="notification-ungrouped__header__icon">${I_MENTION}</div><span>${g.type === 'mention' ? 'Mention' : g.type}</span></h2><div>${hidden ? statusHiddenHtml(s) : statusHtml(s, { old: false, accounts, inNotification: true, avatarSize: 40 })}</div></div></div></div>`,
    };
  }
  const sample = g.sample_account_ids.map((id) => byId.get(id)).filter((a): a is Account => !!a);
  const first = sample[0];
  const others = g.notifications_count - 1;
  const verb: Record<string, string> = {
    favourite: 'favorited your post',
    reblog: 'boosted your post',
    follow: 'followed you',
  };
  const icon = g.type === 'follow' ? I_FOLLOW : g.type === 'reblog' ? I_BOOST_ICON : I_STAR_FILLED;
  return {
    key: g.group_key,
    render: () => {
      const avatars = sample
        .map(
          (a) =>
            `<a title="@${esc(a.acct)}" data-hover-card-account="${a.id}" href="/@${esc(a.acct)}">${avatarHtml(a, 28, false)}</a>`,
        )
        .join('');
      const who = first ? accountLink(first, false) : '';
      const more =
        others > 0
          ? ` and <a href="/@${esc(me?.acct ?? '')}/followers">${others} other${others > 1 ? 's' : ''}</a>`
          : '';
      const embedded = s
        ? `<div class="notification-group__main__status"><div role="button" tabindex="-1" class="notification-group__embedded-status"><div class="notification-group__embedded-status__account">${avatarHtml(s.account, 16, false)}${displayNameHtml(s.account)}</div><div lang="${esc(s.language ?? 'en')}" class="notification-group__embedded-status__content reply-indicator__content translate">${handleContent(s, false)}</div></div></div>`
        : '';
      return `<div tabindex="-1"><div tabindex="-1"><div role="button" class="notification-group focusable notification-group--${g.type}" tabindex="0"><div class="notification-group__icon">${icon}</div><div class="notification-group__main"><div class="notification-group__main__header"><div class="notification-group__main__header__wrapper"><div class="avatar-group" style="--avatar-height: 28px;">${avatars}</div></div><h2 class="notification-group__main__header__label"><span>${who}${more} ${verb[g.type] ?? g.type}</span><span class="notification-group__main__header__label-separator">·</span><time datetime="${g.latest_page_notification_at}" title="${esc(titleDate(g.latest_page_notification_at, false))}">${relativeTime(g.latest_page_notification_at)}</time></h2></div>${embedded}</div></div></div></div>`;
    },
  };
}

// ------------------------------------------------------------------ columns and views

interface View {
  title: string;
  /** Streams this view follows (`user`, `public:local`, `hashtag:tag`, `list:id`). */
  stream: string | null;
  list: FeedList | null;
  root: HTMLElement;
  destroy(): void;
  onUpdate?(s: Status): void;
  onNotification?(n: Notification): void;
}

const columnsByStream = new Map<string, Set<View>>();

function register(v: View): void {
  if (!v.stream) return;
  let set = columnsByStream.get(v.stream);
  if (!set) columnsByStream.set(v.stream, (set = new Set()));
  set.add(v);
  subscribe(v.stream);
}

function unregister(v: View): void {
  if (!v.stream) return;
  columnsByStream.get(v.stream)?.delete(v);
}

function columnHeader(title: string, id: string): string {
  if (OLD)
    return `<div class="column-header__wrapper"><h1 class="column-header"><button id="${id}"><i class="fa fa-home column-header__icon fa-fw"></i>${esc(title)}</button><div class="column-header__buttons"><button class="column-header__button" title="Show settings" aria-label="Show settings"><i class="icon-with-badge"><i class="fa fa-sliders"></i></i></button></div></h1><div class="column-header__collapsible collapsed" tabindex="-1"><div class="column-header__collapsible-inner"></div></div></div>`;
  return `<div class="column-header__wrapper"><div class="column-header"><h1 tabindex="-1" class="column-header__title-wrapper"><button class="column-header__title" type="button" id="${id}"><span class="column-header__text">${esc(title)}</span></button></h1><div class="column-header__buttons"><button class="column-header__button" title="Show settings" aria-label="Show settings" type="button"><i class="icon-with-badge"></i></button></div></div><div class="column-header__collapsible collapsed" tabindex="-1"><div class="column-header__collapsible-inner"></div></div></div>`;
}

let columnSeq = 0;

/** A `div.column[role=region]`; in single column its header goes to the tabs bar portal. */
function makeColumn(
  title: string | null,
  ariaLabel: string | null,
  header: boolean,
): { column: HTMLElement; scrollable: HTMLElement; headerHtml: string } {
  const column = document.createElement('div');
  column.setAttribute('role', 'region');
  if (ariaLabel) column.setAttribute('aria-label', ariaLabel);
  column.className = 'column';
  const headerHtml = header && title ? columnHeader(title, `skip-link-target-content-${++columnSeq}`) : '';
  if (MULTI && headerHtml) column.insertAdjacentHTML('beforeend', headerHtml);
  const scrollable = document.createElement('div');
  scrollable.className = OLD ? 'scrollable' : 'scrollable scrollable--flex';
  column.append(scrollable);
  return { column, scrollable, headerHtml };
}

async function timelineView(
  title: string,
  endpoint: string,
  stream: string | null,
  key: string,
  ariaLabel = title,
): Promise<View> {
  const { column, scrollable, headerHtml } = makeColumn(title, ariaLabel, true);
  const load = async (url: string) => {
    const r = await api<Status[]>(url);
    return { items: (Array.isArray(r.json) ? r.json : []).map((s) => statusItem(s)), next: r.next };
  };
  const list = new FeedList(key, MULTI ? scrollable : null, load);
  scrollable.append(list.feed);
  const first = await load(endpoint);
  list.next = first.next;
  list.append(first.items);
  if (first.items.length === 0)
    list.feed.insertAdjacentHTML('afterbegin', '<div class="empty-column-indicator">Nothing here yet.</div>');
  const view: View = {
    title,
    stream,
    list,
    root: column,
    destroy: () => (list.destroy(), unregister(view)),
    onUpdate: (s) => list.prepend(statusItem(s)),
  };
  (column as HTMLElement & { headerHtml?: string }).headerHtml = headerHtml;
  register(view);
  return view;
}

async function notificationsView(): Promise<View> {
  const { column, scrollable, headerHtml } = makeColumn('Notifications', 'Notifications', true);
  column.insertAdjacentHTML(
    MULTI ? 'beforeend' : 'afterbegin',
    OLD
      ? '<div class="notification__filter-bar"><button class="active"><span>All</span></button><button class=""><span>Mentions</span></button></div>'
      : '<div class="notification__filter-bar"><button class="active" type="button">All</button><button class="" type="button">Mentions</button></div>',
  );
  column.append(scrollable);
  let list: FeedList;
  if (OLD) {
    const load = async (url: string) => {
      const r = await api<Notification[]>(url);
      return { items: (Array.isArray(r.json) ? r.json : []).map(notifItemOld), next: r.next };
    };
    list = new FeedList('notifications', MULTI ? scrollable : null, load);
    scrollable.append(list.feed);
    const first = await load('/api/v1/notifications?exclude_types[]=follow_request');
    list.next = first.next;
    list.append(first.items);
  } else {
    const load = async (url: string) => {
      const r = await api<{ accounts: Account[]; statuses: Status[]; notification_groups: Group[] }>(url);
      const byId = new Map((r.json?.accounts ?? []).map((a) => [a.id, a]));
      for (const a of byId.values()) accounts.set(a.id, a);
      const statuses = new Map((r.json?.statuses ?? []).map((s) => [s.id, s]));
      return { items: (r.json?.notification_groups ?? []).map((g) => groupItem(g, byId, statuses)), next: r.next };
    };
    list = new FeedList('notifications', MULTI ? scrollable : null, load);
    scrollable.append(list.feed);
    const first = await load(
      '/api/v2/notifications?grouped_types[]=favourite&grouped_types[]=reblog&grouped_types[]=follow&exclude_types[]=follow_request',
    );
    list.next = first.next;
    list.append(first.items);
  }
  const view: View = {
    title: 'Notifications',
    stream: 'user:notification',
    list,
    root: column,
    destroy: () => (list.destroy(), unregister(view)),
    onNotification: (n) => {
      if (OLD) list.prepend(notifItemOld(n));
      else if (n.type === 'mention' && n.status) {
        const g: Group = {
          group_key: `ungrouped-${n.id}`,
          notifications_count: 1,
          type: 'mention',
          latest_page_notification_at: n.created_at,
          sample_account_ids: [n.account.id],
          status_id: n.status.id,
        };
        list.prepend(groupItem(g, new Map([[n.account.id, n.account]]), new Map([[n.status.id, n.status]])));
      }
    },
  };
  (column as HTMLElement & { headerHtml?: string }).headerHtml = headerHtml;
  register(view);
  return view;
}

async function threadView(id: string): Promise<View> {
  const column = document.createElement('div');
  column.setAttribute('role', 'region');
  column.className = 'column';
  const body = document.createElement('div');
  body.className = OLD ? 'scrollable item-list' : 'item-list scrollable scrollable--flex';
  column.append(body);
  const [st, ctx] = await Promise.all([
    api<Status>(`/api/v1/statuses/${id}`),
    api<{ ancestors: Status[]; descendants: Status[] }>(`/api/v1/statuses/${id}/context`),
  ]);
  if (st.status !== 200) {
    body.innerHTML = '<div class="empty-column-indicator">This post is unavailable.</div>';
  } else {
    remember(st.json);
    const anc = ctx.json?.ancestors ?? [];
    const desc = ctx.json?.descendants ?? [];
    const parts: string[] = [];
    anc.forEach((s) =>
      parts.push(`<div tabindex="-1">${statusHtml(s, { old: OLD, accounts, inThread: { line: 'full' } })}</div>`),
    );
    parts.push(detailedStatusHtml(st.json, { old: OLD, accounts }));
    desc.forEach((s, i) =>
      parts.push(
        `<div tabindex="-1">${statusHtml(s, { old: OLD, accounts, inThread: { line: i < desc.length - 1 ? 'full' : 'plain', first: i === desc.length - 1 } })}</div>`,
      ),
    );
    body.innerHTML = parts.join('') + '<div class="column__alert" role="status" aria-live="polite"></div>';
    const acct = st.json.account;
    document.title = `${displayNameOf(acct)}: "${st.json.content.replace(/<[^>]+>/g, '').slice(0, 30)}…" - Mastodon`;
  }
  return { title: 'Post', stream: null, list: null, root: column, destroy: () => {} };
}

async function profileView(acct: string): Promise<View> {
  const column = document.createElement('div');
  column.setAttribute('role', 'region');
  column.className = 'column';
  const scrollable = document.createElement('div');
  scrollable.className = OLD ? 'scrollable' : 'scrollable scrollable--flex';
  column.append(scrollable);
  const r = await api<Account>(`/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`);
  if (r.status !== 200) {
    scrollable.innerHTML = '<div class="empty-column-indicator">Profile unavailable</div>';
    return { title: acct, stream: null, list: null, root: column, destroy: () => {} };
  }
  const a = r.json;
  accounts.set(a.id, a);
  const joined = a.created_at ? new Date(a.created_at) : null;
  const head = document.createElement('div');
  head.innerHTML = a.suspended
    ? `<div class="_comp_account_header__suspended">This account has been suspended.</div>`
    : `<div class=""><div class="_comp_account_header__header"><img src="${esc(a.header ?? '')}" alt="" class="parallax"></div><div class="_comp_account_header__barWrapper"><div class="_comp_account_header__avatarWrapper"><a href="${esc(a.avatar)}" rel="noopener" target="_blank">${avatarHtml(a, 80, false).replace('class="account__avatar"', 'class="_comp_account_header__avatar account__avatar"')}</a></div><div class="_comp_account_header__displayNameWrapper"><div class="_comp_account_header__nameWrapper"><div class="_comp_account_header__name"><h1 tabindex="-1"><bdi><span>${esc(displayNameOf(a))}</span></bdi></h1></div><button type="button" class="_comp_account_header__handleHelpButton" aria-expanded="false">@${esc(a.acct.includes('@') ? a.acct : `${a.acct}@${meta.domain}`)}</button></div></div><ul class="_comp_number_fields__list _comp_account_header__numberFields"><li class="_comp_number_fields__item" title="${a.followers_count ?? 0}">Followers<a href="/@${esc(a.acct)}/followers">${a.followers_count ?? 0}</a></li><li class="_comp_number_fields__item" title="${a.following_count ?? 0}">Following<a href="/@${esc(a.acct)}/following">${a.following_count ?? 0}</a></li><li class="_comp_number_fields__item" title="${a.statuses_count ?? 0}">Posts<strong>${a.statuses_count ?? 0}</strong></li>${joined ? `<li class="_comp_number_fields__item">Joined<strong><time datetime="${a.created_at}">${joined.toLocaleDateString('en', { month: 'short', day: 'numeric' })}</time></strong></li>` : ''}</ul><div class="account__header__content">${a.note ?? ''}</div></div></div>`;
  scrollable.append(head);
  const load = async (url: string) => {
    const res = await api<Status[]>(url);
    return { items: (Array.isArray(res.json) ? res.json : []).map((s) => statusItem(s)), next: res.next };
  };
  const list = new FeedList(
    `account:${a.id}`,
    MULTI ? scrollable : null,
    load,
    OLD ? 'item-list' : 'item-list _feat_account_timeline__statusWrapper',
  );
  scrollable.append(list.feed);
  const first = await load(`/api/v1/accounts/${a.id}/statuses?exclude_replies=true`);
  list.next = first.next;
  list.append(first.items);
  document.title = `${displayNameOf(a)} (@${a.acct}) - Mastodon`;
  return { title: displayNameOf(a), stream: null, list, root: column, destroy: () => list.destroy() };
}

function gettingStartedView(): View {
  const { column, scrollable, headerHtml } = makeColumn('Getting started', 'Getting started', true);
  const links: [string, string][] = [
    ['/home', 'Home'],
    ['/public/local', 'Local'],
    ['/public', 'Federated'],
    ['/notifications', 'Notifications'],
    ['/lists', 'Lists'],
  ];
  scrollable.innerHTML = `<div class="getting-started">${links.map(([h, t]) => `<a class="column-link" href="${h}">${t}</a>`).join('')}</div>`;
  (column as HTMLElement & { headerHtml?: string }).headerHtml = headerHtml;
  return { title: 'Getting started', stream: null, list: null, root: column, destroy: () => {} };
}

function signInView(): View {
  const column = document.createElement('div');
  column.setAttribute('role', 'region');
  column.className = 'column';
  column.innerHTML = `<div class="empty-column-indicator">Not signed in. <a href="/auth/sign_in?next=${encodeURIComponent(location.pathname)}">Log in</a></div>`;
  return { title: 'Log in', stream: null, list: null, root: column, destroy: () => {} };
}

async function viewFor(path: string): Promise<View> {
  const p = path.replace(/^\/deck/, '') || '/';
  if (!TOKEN && (p === '/' || p === '/home' || p === '/notifications' || p.startsWith('/lists'))) return signInView();
  if (p === '/' || p === '/home') return timelineView('Home', '/api/v1/timelines/home', 'user', 'home');
  if (p === '/getting-started') return gettingStartedView();
  if (p === '/public/local')
    return timelineView(
      OLD ? 'Local timeline' : 'Live feeds',
      '/api/v1/timelines/public?local=true',
      'public:local',
      'community',
    );
  if (p === '/public/remote')
    return timelineView('Live feeds', '/api/v1/timelines/public?remote=true', 'public:remote', 'remote');
  if (p === '/public')
    return timelineView(OLD ? 'Federated timeline' : 'Live feeds', '/api/v1/timelines/public', 'public', 'public');
  if (p === '/notifications') return notificationsView();
  let m = /^\/tags\/([^/]+)$/.exec(p);
  if (m)
    return timelineView(
      `#${decodeURIComponent(m[1]!)}`,
      `/api/v1/timelines/tag/${m[1]}`,
      `hashtag:${decodeURIComponent(m[1]!).toLowerCase()}`,
      `hashtag:${m[1]}`,
    );
  m = /^\/lists\/([^/]+)$/.exec(p);
  if (m) return timelineView('List', `/api/v1/timelines/list/${m[1]}`, `list:${m[1]}`, `list:${m[1]}`);
  m = /^\/@([^/]+)\/(\d+)$/.exec(p);
  if (m) return threadView(m[2]!);
  m = /^\/@([^/]+)$/.exec(p);
  if (m) return profileView(decodeURIComponent(m[1]!));
  return gettingStartedView();
}

// ------------------------------------------------------------------ streaming

let socket: WebSocket | null = null;
const subscribed = new Set<string>();

function subscribe(stream: string): void {
  if (subscribed.has(stream)) return;
  subscribed.add(stream);
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(subMessage(stream)));
}

function subMessage(stream: string): Record<string, string> {
  if (stream.startsWith('hashtag:')) return { type: 'subscribe', stream: 'hashtag', tag: stream.slice(8) };
  if (stream.startsWith('list:')) return { type: 'subscribe', stream: 'list', list: stream.slice(5) };
  return { type: 'subscribe', stream };
}

function streamKey(stream: string[]): string {
  if (stream[0] === 'hashtag') return `hashtag:${stream[1]}`;
  if (stream[0] === 'list') return `list:${stream[1]}`;
  return stream[0] ?? '';
}

function connect(): void {
  const base = meta.streaming_api_base_url || `ws://${location.host}`;
  const first = TOKEN ? 'user' : 'public:local';
  const url = `${base}/api/v1/streaming?stream=${encodeURIComponent(first)}${TOKEN ? `&access_token=${encodeURIComponent(TOKEN)}` : ''}`;
  socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    for (const s of subscribed)
      if (s !== first && s !== 'user:notification') socket?.send(JSON.stringify(subMessage(s)));
  });
  socket.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as { stream: string[]; event: string; payload: string };
    if (msg.event === 'update') {
      const s = JSON.parse(msg.payload) as Status;
      for (const v of columnsByStream.get(streamKey(msg.stream)) ?? []) v.onUpdate?.(s);
    } else if (msg.event === 'notification') {
      const n = JSON.parse(msg.payload) as Notification;
      for (const v of columnsByStream.get('user:notification') ?? []) v.onNotification?.(n);
    } else if (msg.event === 'delete') {
      for (const set of columnsByStream.values())
        for (const v of set)
          v.list?.remove(
            (it) => it.key === msg.payload || it.status?.id === msg.payload || it.status?.reblog?.id === msg.payload,
          );
    }
  });
  socket.addEventListener('close', () => {
    socket = null;
    setTimeout(connect, 3000);
  });
}

// ------------------------------------------------------------------ shell and routing

const holder = document.getElementById('mastodon')!;
let routeArea: HTMLElement;
let tabsPortal: HTMLElement | null = null;
let current: View | null = null;

function navHtml(): string {
  const items: [string, string][] = [
    ['/home', 'Home'],
    ['/explore', OLD ? 'Explore' : 'Trending'],
    ['/public/local', OLD ? 'Live feeds' : 'Live feeds'],
    ['/notifications', 'Notifications'],
    ['/lists', 'Lists'],
  ];
  const meBlock = me
    ? `<div class="navigation-bar"><div class="account account--minimal"><div class="account__wrapper"><div class="account__info-wrapper"><a class="account__display-name focusable" title="${esc(me.acct)}" data-hover-card-account="${me.id}" href="/@${esc(me.acct)}"><div class="account__avatar-wrapper">${avatarHtml(me, 36, false)}</div><div class="account__contents">${displayNameHtml(me)}</div></a></div></div></div></div>`
    : '';
  return `<nav class="navigation-panel" aria-label="Main">${meBlock}<ul class="navigation-panel__menu">${items.map(([h, t]) => `<li><a class="column-link column-link--transparent" href="${h}"><span>${t}</span></a></li>`).join('')}</ul></nav>`;
}

function buildShell(): void {
  const ui = document.createElement('div');
  ui.className = 'ui';
  const wrap = document.createElement('div');
  wrap.setAttribute('tabindex', '-1');
  wrap.append(ui);
  holder.append(wrap);
  if (MULTI) {
    const area = document.createElement('main');
    area.className = 'columns-area';
    area.setAttribute('tabindex', '0');
    area.innerHTML = `<div class="drawer"><nav class="drawer__header" aria-label="Quick links"><a class="drawer__tab" title="Menu" aria-label="Menu" href="/getting-started">☰</a><a class="drawer__tab" title="Live feed (public)" aria-label="Live feed (public)" href="/public">🌐</a></nav><form role="search" class="search"><input class="search__input" type="text" placeholder="Search or paste URL" aria-label="Search or paste URL" value=""></form>${navHtml()}</div>`;
    ui.append(area);
    routeArea = area;
  } else {
    ui.innerHTML = `<div class="columns-area__panels"><div class="columns-area__panels__pane columns-area__panels__pane--compositional"><div class="columns-area__panels__pane__inner"><div class="compose-panel"><form role="search" class="search"><input class="search__input" type="text" placeholder="Search or paste URL" aria-label="Search or paste URL" value=""></form><form class="compose-form" role="region" aria-label="New Post"><textarea class="autosuggest-textarea__textarea" placeholder="What's on your mind?" aria-label="What's on your mind?" rows="3" style="width:100%"></textarea></form></div></div></div><main class="columns-area__panels__main"><div class="tabs-bar__wrapper"><div id="tabs-bar__portal"></div></div><div class="columns-area columns-area--mobile"></div></main><div class="columns-area__panels__pane columns-area__panels__pane--start columns-area__panels__pane--navigational"><div class="columns-area__panels__pane__inner">${navHtml()}</div></div></div>`;
    routeArea = ui.querySelector<HTMLElement>('.columns-area--mobile')!;
    tabsPortal = ui.querySelector<HTMLElement>('#tabs-bar__portal');
  }
}

let fixedColumns: View[] = [];
let navSeq = 0;

async function show(path: string): Promise<void> {
  const seq = ++navSeq;
  const view = await viewFor(path);
  if (seq !== navSeq) {
    view.destroy();
    return;
  }
  if (current) {
    current.destroy();
    current.root.remove();
  }
  current = view;
  if (MULTI) routeArea.append(view.root);
  else {
    routeArea.append(view.root);
    if (tabsPortal) tabsPortal.innerHTML = (view.root as HTMLElement & { headerHtml?: string }).headerHtml ?? '';
    window.scrollTo(0, 0);
  }
  for (const a of document.querySelectorAll('.navigation-panel__menu a')) {
    const active = a.getAttribute('href') === path.replace(/^\/deck/, '');
    a.classList.toggle('active', active);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.documentElement.dataset.simRoute = path;
  window.dispatchEvent(new CustomEvent('sim:rendered', { detail: { path } }));
}

function navigate(href: string): void {
  const path = MULTI ? `/deck${href === '/' ? '' : href}` : href;
  history.pushState({}, '', path);
  void show(path);
}

document.addEventListener('click', (ev) => {
  const a = (ev.target as Element | null)?.closest?.('a');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
  const href = a.getAttribute('href');
  if (
    !href ||
    !href.startsWith('/') ||
    href.startsWith('//') ||
    (a.getAttribute('target') === '_blank' &&
      !a.classList.contains('status__relative-time') &&
      !a.classList.contains('status__display-name'))
  )
    return;
  if (/^\/(auth|__sim|settings|admin|oauth)/.test(href)) return;
  ev.preventDefault();
  navigate(href);
});

window.addEventListener('popstate', () => void show(location.pathname));

async function boot(): Promise<void> {
  buildShell();
  if (MULTI) {
    if (!location.pathname.startsWith('/deck')) history.replaceState({}, '', '/deck/getting-started');
    const home = TOKEN ? await timelineView('Home', '/api/v1/timelines/home', 'user', 'home') : null;
    const notifs = TOKEN ? await notificationsView() : null;
    fixedColumns = [home, notifs].filter((v): v is View => !!v);
    for (const v of fixedColumns) routeArea.append(v.root);
    await show(location.pathname);
  } else {
    await show(location.pathname);
  }
  if (TOKEN || !MULTI) connect();
  document.documentElement.dataset.simReady = '1';
}

void boot();

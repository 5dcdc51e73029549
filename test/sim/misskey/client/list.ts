/**
 * The paginated, streamed lists of the web UI, with the behaviours that break overlays:
 * - 2025.x (utility/paginator.ts + MkStreamingNotesTimeline): first fetch 15, then 30 older at a time;
 *   a streamed item is prepended only when the list is scrolled to the top, otherwise it waits in a
 *   queue (up to 100) behind a "new notes" button; prepending trims the list to 30 items (MAX_ITEMS);
 * - 2024.2 (MkPagination): first fetch 10, `displayLimit` 20 when unshifting;
 * - every update re-creates the item elements (overlays must re-attach by id, never by node).
 */
import { api } from './api';
import { C } from './css';
import { env } from './env';
import { clear, h } from './h';

export interface Item {
  id: string;
  createdAt: string;
  _shouldInsertAd_?: boolean;
}

export interface ListOptions<T extends Item> {
  endpoint: string;
  params: Record<string, unknown>;
  /** Renders the items into the list container (called with all items on every update). */
  renderItems(items: T[], into: HTMLElement): void;
  /** Class of the list container. */
  listClass: string;
  /** Connects a stream; receives items to prepend. Returns a disposer. */
  connect?: (push: (item: T) => void) => () => void;
  /** Label of the button that releases the queue. */
  newLabel?: string;
  /** Filters streamed items (e.g. hide what the list already has). */
  emptyText?: string;
}

const TOP_TOLERANCE = 16;

export class StreamingList<T extends Item> {
  readonly el: HTMLElement;
  readonly listEl: HTMLElement;
  private items: T[] = [];
  private queue: T[] = [];
  private newEl: HTMLElement;
  private moreEl: HTMLElement;
  private fetchingOlder = false;
  private canFetchOlder = true;
  private dispose: (() => void) | null = null;
  private io: IntersectionObserver | null = null;
  readonly maxItems = env.is2024 ? 20 : 30;
  readonly firstLimit = env.is2024 ? 10 : 15;
  readonly moreLimit = env.is2024 ? 10 : 30;

  constructor(
    private opts: ListOptions<T>,
    private scrollEl: () => HTMLElement,
  ) {
    this.listEl = h('div', { class: opts.listClass });
    this.newEl = h(
      'div',
      { class: C.tl('new'), style: 'display: none;' },
      h(
        'button',
        { class: `_button ${C.tl('newButton')}`, 'data-sim-new-notes': '' },
        h('i', { class: 'ti ti-circle-arrow-up' }),
        ` ${opts.newLabel ?? '新しいノート'}`,
      ),
    );
    this.newEl.querySelector('button')!.addEventListener('click', () => {
      this.releaseQueue();
      this.scrollEl().scrollTo({ top: 0 });
    });
    this.moreEl = h(
      'div',
      { class: C.tl('more') },
      h('button', { class: '_button', 'data-sim-load-more': '' }, 'もっと見る'),
    );
    this.moreEl.querySelector('button')!.addEventListener('click', () => void this.fetchOlder());
    this.el = h('div', { class: C.tl('root') }, this.newEl, h('div', {}, this.listEl), this.moreEl);
  }

  get size(): number {
    return this.items.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  async init(): Promise<void> {
    try {
      const res = await api<T[]>(this.opts.endpoint, {
        ...this.opts.params,
        limit: this.firstLimit,
        ...(env.is2024 ? {} : { allowPartial: true }),
      });
      if (res[3]) res[3]._shouldInsertAd_ = true;
      this.items = res;
      this.canFetchOlder = res.length > 0;
    } catch (e) {
      this.listEl.append(h('div', { class: '_fullinfo' }, `エラー: ${String(e)}`));
      return;
    }
    this.render();
    if (this.opts.connect) this.dispose = this.opts.connect((item) => this.push(item));
    const scroller = this.scrollEl();
    scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.fetchOlder();
    });
    this.io.observe(this.moreEl);
  }

  private onScroll = (): void => {
    if (this.isTop() && this.queue.length > 0) this.releaseQueue();
  };

  isTop(): boolean {
    return this.scrollEl().scrollTop <= TOP_TOLERANCE;
  }

  /** A streamed item: prepended at the top (and the list trimmed), or queued when scrolled down. */
  push(item: T): void {
    if (this.items.some((x) => x.id === item.id) || this.queue.some((x) => x.id === item.id)) return;
    if (this.isTop()) {
      this.unshift([item]);
    } else {
      this.queue.unshift(item);
      if (this.queue.length > 100) this.queue.length = 100;
      this.newEl.style.display = '';
    }
  }

  releaseQueue(): void {
    const q = this.queue;
    this.queue = [];
    this.newEl.style.display = 'none';
    if (q.length) this.unshift(q);
  }

  private unshift(newItems: T[]): void {
    const length = newItems.length + this.items.length;
    this.items = [...newItems, ...this.items].slice(0, this.maxItems);
    if (length >= this.maxItems) this.canFetchOlder = true;
    this.render();
  }

  remove(id: string): void {
    const before = this.items.length;
    this.items = this.items.filter((x) => x.id !== id);
    if (this.items.length !== before) this.render();
  }

  async fetchOlder(): Promise<void> {
    if (this.fetchingOlder || !this.canFetchOlder || this.items.length === 0) return;
    this.fetchingOlder = true;
    try {
      const last = this.items[this.items.length - 1]!;
      const res = await api<T[]>(this.opts.endpoint, { ...this.opts.params, limit: this.moreLimit, untilId: last.id });
      this.canFetchOlder = res.length > 0;
      this.items = [...this.items, ...res.filter((r) => !this.items.some((x) => x.id === r.id))];
      this.render();
    } finally {
      this.fetchingOlder = false;
    }
  }

  /** Every update re-creates the item elements, as a keyed Vue list re-render can. */
  render(): void {
    clear(this.listEl);
    if (this.items.length === 0) {
      this.listEl.append(h('div', { class: '_fullinfo' }, this.opts.emptyText ?? 'ノートはありません'));
    } else {
      this.opts.renderItems(this.items, this.listEl);
    }
    this.moreEl.style.display = this.canFetchOlder && this.items.length > 0 ? '' : 'none';
    this.listEl.dispatchEvent(
      new CustomEvent('sim:list-updated', { bubbles: true, detail: { size: this.items.length } }),
    );
  }

  destroy(): void {
    this.dispose?.();
    this.io?.disconnect();
    this.scrollEl().removeEventListener('scroll', this.onScroll);
  }
}

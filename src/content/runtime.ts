/**
 * The page runtime shared by both web UI families. One MutationObserver per page, its records
 * handled once per animation frame; everything keyed by post id, never by node, because both web
 * UIs throw post elements away and rebuild them (Mastodon's placeholders, streaming at the top,
 * single-page navigation). When an element for a known post appears again, its verdict is applied
 * in the same frame.
 *
 * Post data comes from the main-world observer's copies of the web UI's own API traffic
 * (./bridge.ts), else from batched lookups (./lookup.ts). It is used only for ids the page shows,
 * and only when it agrees with the page about the author and the text: the page is not trusted.
 */
import { h, render } from 'preact';
import type { Decision, Post, Verdict } from '../core/model';
import type {
  ActionKind,
  BatchOp,
  BatchPlan,
  BatchProgress,
  BatchRequest,
  ControlResult,
  EnqueueResult,
} from '../core/queue/types';
import { createPostBatcher, type PostBatcher } from '../messaging/batcher';
import type { SignInStart } from '../messaging/overlay';
import type { DecideResult, PostsResult } from '../messaging/protocol';
import type { PageSession, PlatformAdapter, PostElement } from '../platforms/types';
import type { InstanceView } from '../storage/instances';
import { BatchBar } from '../ui/overlay/BatchBar';
import type { BatchChoices, OverlayController, PreparedBatch } from '../ui/overlay/controller';
import { createShadowHost, HOST_ATTR, setHostTheme, type ShadowHost } from '../ui/overlay/host';
import { isFlagged, OverlayModel, type FlaggedPost, type OverlayAccess } from '../ui/overlay/model';
import { PostBadge } from '../ui/overlay/PostBadge';
import { t } from '../ui/overlay/text';
import overlayCss from '../ui/overlay/overlay.css?inline';
import { pageShowsText } from './agree';
import { DEFAULT_MAX_BODY, connectObserver, type Bridge } from './bridge';
import { batchRequest, DEFAULT_TRAITS, prepareBatch, SPAM_KINDS } from './batches';
import { clipPost } from './clip';
import { LookupQueue } from './lookup';
import { Lru } from './lru';

export const VERDICT_ATTR = 'data-breakwater-verdict';
export const FRESH_ATTR = 'data-breakwater-fresh';

/** What the runtime asks of the background (messages in the extension, plain functions in tests). */
export interface RuntimeApi {
  posts(posts: Post[]): Promise<PostsResult>;
  decide(decision: Decision, post: Post): Promise<DecideResult>;
  token(token: string, account: string | null): Promise<unknown>;
  plan(req: BatchRequest): Promise<BatchPlan>;
  enqueue(req: BatchRequest): Promise<EnqueueResult>;
  control(batchId: string, op: BatchOp): Promise<ControlResult>;
  undo(batchId: string): Promise<EnqueueResult>;
  signIn(): Promise<SignInStart>;
  openReports(accountIds: string[]): Promise<Record<string, string>>;
  /** Every open report about each account, newest first (Misskey's "Resolve reports"). */
  reportLists?(accountIds: string[]): Promise<Record<string, string[]>>;
}

export interface RuntimeOptions {
  adapter: PlatformAdapter;
  doc: Document;
  win: Window;
  instance: InstanceView;
  session: PageSession;
  api: RuntimeApi;
  /** Called with a handler for single-page navigation (WXT's `wxt:locationchange` through ctx). */
  onNavigate?: (fn: () => void) => void;
  fetcher?: typeof fetch;
  /** Frame scheduler (default: the next animation frame, or 100 ms in a hidden tab). */
  schedule?: (fn: () => void) => void;
}

export interface RuntimeStats {
  frames: number;
  /** Time spent in frame work, ms (scans, verdicts, badges). */
  frameMs: number;
  maxFrameMs: number;
  elements: number;
  sent: number;
  fromObserver: number;
  fromLookup: number;
  /** Post data refused: malformed, or disagreeing with the page. */
  malformed: number;
  disagreed: number;
  rejectedByBackground: number;
  badges: number;
  /** Badges moved from a replaced element to the one rebuilt in its place. */
  badgesMoved: number;
  /** Badge renders (a new badge, or what one shows changed). */
  badgeRenders: number;
}

const now = () => performance.now();
/** At most one `content:posts` message per this many ms. */
const SEND_INTERVAL_MS = 500;

export class PageRuntime implements OverlayController {
  readonly model: OverlayModel;
  readonly stats: RuntimeStats = {
    frames: 0,
    frameMs: 0,
    maxFrameMs: 0,
    elements: 0,
    sent: 0,
    fromObserver: 0,
    fromLookup: 0,
    malformed: 0,
    disagreed: 0,
    rejectedByBackground: 0,
    badges: 0,
    badgesMoved: 0,
    badgeRenders: 0,
  };
  readonly bridge: Bridge;
  readonly lookup: LookupQueue;

  private readonly o: RuntimeOptions;
  private readonly adapter: PlatformAdapter;
  private readonly doc: Document;
  private readonly domain: string;
  private readonly abort = new AbortController();
  private readonly observer: MutationObserver;
  private readonly batcher: PostBatcher;

  private readonly raw = new Lru<string, unknown>(4_000);
  private readonly posts = new Lru<string, Post>(6_000);
  private readonly verdicts = new Lru<string, Verdict>(6_000);
  private readonly sent = new Lru<string, true>(20_000);
  private readonly awaiting = new Set<string>();
  /** List item id -> post id, where they differ (boosts, 4.2 notifications). */
  private readonly itemAlias = new Lru<string, string>(4_000);
  /** Posts judged while only listed (a placeholder): their author is checked once they render. */
  private readonly unchecked = new Set<string>();
  /** Post id -> the elements showing it (rebuilt elements replace old ones; disconnected ones are dropped). */
  private readonly elements = new Map<string, Map<HTMLElement, PostElement>>();
  private readonly hosts = new Map<HTMLElement, ShadowHost>();
  private readonly rendered = new WeakMap<HTMLElement, { v: Verdict; shows: string; selected: boolean }>();
  private readonly ownBatches = new Set<string>();

  private pendingRoots = new Set<Node>();
  private fullScan = true;
  private pruneAfterScan = false;
  private frameQueued = false;
  private frameCallbacks: (() => void)[] = [];
  private frameRequested = false;
  private frameGen = 0;
  private runPending: (() => void) | null = null;
  private disposed = false;
  private bar: ShadowHost | null = null;
  private theme: 'light' | 'dark';
  private access: OverlayAccess;

  constructor(opts: RuntimeOptions) {
    this.o = opts;
    this.adapter = opts.adapter;
    this.doc = opts.doc;
    this.domain = opts.instance.domain;
    this.theme = this.adapter.theme(this.doc, opts.win);
    this.access = this.accessOf(opts.instance.login.kind, opts.instance.login.account, opts.instance.capabilities);
    this.model = new OverlayModel(this.domain, this.access, this.theme);
    const signal = this.abort.signal;

    // One message per 500 ms at most: a message costs the page far more than the posts in it
    // (about 0.7 ms each, bench/content-mastodon.ts), and a verdict that much later is still before
    // anyone reads the post. A quiet page's first post goes at once; only a stream waits.
    let lastSend = -Infinity;
    this.batcher = createPostBatcher({
      send: (posts) => {
        lastSend = now();
        return opts.api.posts(posts);
      },
      onResult: (r) => this.onPostsResult(r),
      onError: () => {},
      schedule: (fn) => {
        const wait = lastSend + SEND_INTERVAL_MS - now();
        if (wait > 0 && !this.o.schedule) setTimeout(() => this.scheduleFn(fn), wait);
        else this.scheduleFn(fn);
      },
    });

    const origin = opts.win.location.origin;
    this.lookup = new LookupQueue({
      requests: (ids) => this.adapter.lookupRequests(ids, opts.session, origin),
      parse: (body) => this.adapter.parseLookup(body),
      onPosts: (found, asked) => {
        for (const r of found) {
          if (this.sent.has(r.id)) continue;
          this.stats.fromLookup++;
          this.raw.set(r.id, r.raw);
          if (this.awaiting.has(r.id)) this.ensure(r.id, true);
        }
        // Asked and not found (deleted, not visible to this login): nothing more to do.
        for (const id of asked) if (!found.some((f) => f.id === id)) this.awaiting.delete(id);
      },
      fetcher: opts.fetcher,
      signal,
    });

    this.bridge = connectObserver({
      doc: this.doc,
      rules: {
        origin,
        wsOrigins: opts.session.streamingOrigins,
        spec: this.adapter.observerSpec(opts.session, origin),
        maxBody: DEFAULT_MAX_BODY,
      },
      onResponse: (res) => {
        for (const r of this.adapter.extractPosts(res)) {
          if (r.itemId) this.itemAlias.set(r.itemId, r.id);
          if (this.sent.has(r.id)) continue;
          this.stats.fromObserver++;
          this.raw.set(r.id, r.raw);
          if (this.awaiting.has(r.id)) this.ensure(r.id);
        }
      },
      signal,
    });

    const Observer = (opts.win as Window & typeof globalThis).MutationObserver ?? MutationObserver;
    this.observer = new Observer((records) => this.onMutations(records));
    this.observer.observe(this.doc.documentElement, { childList: true, subtree: true });
    // The theme: 4.6 states it on <html>, 4.2 with a class on <body>.
    const themeObserver = new Observer(() => this.updateTheme());
    themeObserver.observe(this.doc.documentElement, {
      attributes: true,
      attributeFilter: ['class', 'data-color-scheme'],
    });
    if (this.doc.body) themeObserver.observe(this.doc.body, { attributes: true, attributeFilter: ['class'] });
    signal.addEventListener('abort', () => themeObserver.disconnect());

    opts.onNavigate?.(() => {
      this.fullScan = true;
      this.pruneAfterScan = true;
      this.requestFrame();
    });
    opts.win.addEventListener('keydown', (e) => this.onKey(e), { capture: true, signal });
    // Hidden while a frame was asked for: animation frames stop, so run it on a timer.
    this.doc.addEventListener(
      'visibilitychange',
      () => {
        const run = this.runPending;
        if (this.doc.visibilityState === 'hidden' && this.frameRequested && run) setTimeout(run, 0);
      },
      { signal },
    );

    if (opts.session.token) void opts.api.token(opts.session.token, opts.session.username).catch(() => {});
    this.mountBar();
    this.requestFrame();
  }

  private accessOf(kind: string, account: string | null, capabilities: readonly string[]): OverlayAccess {
    const offered = this.adapter.actions(this.o.session);
    const signedIn = (kind === 'oauth' || kind === 'miauth') && offered.moderator.some((k) => capabilities.includes(k));
    // Misskey: the web UI's own login of a moderator may take the moderator actions itself.
    const page = !signedIn && !!offered.pageLoginModerates && offered.moderator.length > 0;
    return {
      user: offered.user,
      moderator: offered.moderator,
      moderatorToken: signedIn || page,
      moderatorAccount: signedIn ? account : page ? this.o.session.username : null,
    };
  }

  // ---- frames ----------------------------------------------------------------------------

  /**
   * Everything that waits for the next frame (the DOM scan, the post batcher) runs in one callback:
   * one requestAnimationFrame per frame at most. A hidden tab gets no animation frames, so there
   * (and when the tab is hidden while one is pending) a timer runs them instead.
   */
  private scheduleFn(fn: () => void): void {
    this.frameCallbacks.push(fn);
    if (this.frameRequested) return;
    this.frameRequested = true;
    const gen = ++this.frameGen;
    const run = () => {
      if (gen !== this.frameGen || !this.frameRequested) return;
      this.frameRequested = false;
      const callbacks = this.frameCallbacks;
      this.frameCallbacks = [];
      for (const cb of callbacks) cb();
    };
    this.runPending = run;
    if (this.o.schedule) this.o.schedule(run);
    else if (this.doc.visibilityState === 'hidden') setTimeout(run, 50);
    else requestAnimationFrame(run);
  }

  private requestFrame(): void {
    if (this.frameQueued || this.disposed) return;
    this.frameQueued = true;
    this.scheduleFn(() => this.frame());
  }

  private onMutations(records: MutationRecord[]): void {
    if (this.disposed) return;
    // Called for every change of the page's DOM: indexed loops, elements only, nothing else here.
    const pending = this.pendingRoots;
    const before = pending.size;
    for (let i = 0; i < records.length; i++) {
      const added = records[i]!.addedNodes;
      for (let j = 0; j < added.length; j++) {
        const n = added[j]!;
        if (n.nodeType === 1 && !(n as Element).hasAttribute(HOST_ATTR)) pending.add(n);
      }
    }
    if (pending.size !== before) this.requestFrame();
  }

  /** One frame's work: find post elements in what was added, apply known verdicts, queue the rest. */
  frame(): void {
    this.frameQueued = false;
    if (this.disposed) return;
    const start = now();
    let roots: Iterable<Node>;
    const seenKeys = this.pruneAfterScan ? new Set<string>() : null;
    if (this.fullScan || this.pendingRoots.size > 500) {
      roots = [this.doc.body ?? this.doc.documentElement];
      this.fullScan = false;
    } else roots = this.pendingRoots;
    this.pendingRoots = new Set();
    for (const root of roots) {
      if (!root.isConnected) continue;
      for (const pe of this.adapter.scanPosts(root as ParentNode)) {
        this.see(pe);
        seenKeys?.add(this.keyOf(pe.id));
      }
      for (const { id: itemId, el } of this.adapter.listed(root as ParentNode)) {
        const id = this.itemAlias.peek(itemId) ?? itemId;
        this.seeListed(id, el, itemId);
        seenKeys?.add(this.keyOf(id));
      }
    }
    if (seenKeys) {
      this.pruneAfterScan = false;
      this.model.keepOnly(seenKeys);
    }
    if (this.elements.size > 5_000) this.sweep();
    const ms = now() - start;
    this.stats.frames++;
    this.stats.frameMs += ms;
    this.stats.maxFrameMs = Math.max(this.stats.maxFrameMs, ms);
  }

  private keyOf(id: string): string {
    return `${this.domain}/${id}`;
  }

  private see(pe: PostElement): void {
    let byEl = this.elements.get(pe.id);
    if (!byEl) this.elements.set(pe.id, (byEl = new Map()));
    if (!byEl.has(pe.el)) this.stats.elements++;
    byEl.set(pe.el, pe);
    if (this.unchecked.has(pe.id)) this.recheck(pe);
    const v = this.verdicts.get(this.keyOf(pe.id));
    if (v) this.apply(pe, v);
    if (!this.sent.has(pe.id)) this.ensure(pe.id);
  }

  /** A placeholder: judged from data already at hand, never looked up (its id may not be a post's). */
  private seeListed(id: string, listedEl: Element, itemId: string): void {
    if (this.sent.has(id) || !this.raw.has(id)) return;
    const post = this.postFor(id);
    if (!post) return;
    // A placeholder holds the post's text too (Mastodon's hidden articles): it must show the data's.
    // (A boost's placeholder holds the booster's empty text: checked when it renders.)
    if (itemId === id && !pageShowsText(post, listedEl)) {
      this.stats.disagreed++;
      this.posts.delete(id);
      return;
    }
    this.unchecked.add(id);
    this.sent.set(id, true);
    this.stats.sent++;
    this.batcher.add(post);
  }

  /** A post judged while listed now renders: if the page disagrees about its author or text, forget it. */
  private recheck(pe: PostElement): void {
    this.unchecked.delete(pe.id);
    const post = this.posts.peek(pe.id);
    if (!post || this.agrees(post, pe)) return;
    this.stats.disagreed++;
    const key = this.keyOf(pe.id);
    const v = this.verdicts.peek(key);
    this.posts.delete(pe.id);
    this.verdicts.delete(key);
    this.sent.delete(pe.id);
    if (v) this.model.setPost(flaggedOf(post, { ...v, verdict: 'ok', freshAccount: false }, this.domain));
    this.removeBadge(pe.el);
    pe.el.removeAttribute(VERDICT_ATTR);
    pe.el.removeAttribute(FRESH_ATTR);
  }

  private liveElements(id: string): PostElement[] {
    const byEl = this.elements.get(id);
    if (!byEl) return [];
    const out: PostElement[] = [];
    for (const [el, pe] of byEl) {
      if (el.isConnected) out.push(pe);
      else byEl.delete(el);
    }
    if (!byEl.size) this.elements.delete(id);
    return out;
  }

  private sweep(): void {
    for (const id of [...this.elements.keys()]) this.liveElements(id);
    for (const el of [...this.hosts.keys()]) if (!el.isConnected) this.hosts.delete(el);
  }

  // ---- post data -------------------------------------------------------------------------

  /** The post for an id the page shows, from the data at hand, checked against the page. */
  private postFor(id: string): Post | null {
    const known = this.posts.get(id);
    if (known) return known;
    const raw = this.raw.peek(id);
    if (raw === undefined) return null;
    this.raw.delete(id);
    let post: Post | null;
    try {
      post = clipPost(this.adapter.normalize(raw, this.domain));
    } catch {
      this.stats.malformed++;
      return null;
    }
    if (!post || post.id !== id) {
      this.stats.malformed++;
      return null;
    }
    for (const pe of this.liveElements(id)) {
      if (!this.agrees(post, pe)) {
        this.stats.disagreed++;
        return null;
      }
    }
    this.posts.set(id, post);
    return post;
  }

  /**
   * The data agrees with what the page shows: the same author (the adapter's check) and the same
   * text (./agree.ts). A copy with another text is a forgery from the page, or a post edited since.
   */
  private agrees(post: Post, pe: PostElement): boolean {
    return this.adapter.agrees(post, pe, this.domain) && pageShowsText(post, pe.el);
  }

  /** Sends the post once its data is at hand; else waits for the observer, then looks it up. */
  private ensure(id: string, fromLookup = false): void {
    const post = this.postFor(id);
    if (post) {
      this.awaiting.delete(id);
      this.lookup.cancel(id);
      this.sent.set(id, true);
      this.stats.sent++;
      this.batcher.add(post);
      return;
    }
    if (fromLookup) {
      this.awaiting.delete(id);
      return;
    }
    if (this.awaiting.has(id)) return;
    this.awaiting.add(id);
    // With the observer there, its copy usually comes first; without it, ask soon.
    this.lookup.want(id, this.bridge.stats.ready ? 1_500 : 300);
  }

  private onPostsResult(r: PostsResult): void {
    for (const v of r.verdicts) this.setVerdict(v);
    for (const v of r.updated) this.setVerdict(v);
    this.model.setWaves(r.waves);
    this.stats.rejectedByBackground += r.rejected.length;
  }

  /** A verdict for a post of this instance (an answer, or a push from another tab's wave). */
  setVerdict(v: Verdict): void {
    if (this.disposed || !v.postKey.startsWith(`${this.domain}/`)) return;
    this.verdicts.set(v.postKey, v);
    const id = v.postKey.slice(this.domain.length + 1);
    for (const pe of this.liveElements(id)) this.apply(pe, v);
    const post = this.posts.peek(id);
    if (post) this.model.setPost(flaggedOf(post, v, this.domain));
  }

  // ---- decorating post elements ----------------------------------------------------------

  private apply(pe: PostElement, v: Verdict): void {
    const el = pe.el;
    if (el.getAttribute(VERDICT_ATTR) !== v.verdict) el.setAttribute(VERDICT_ATTR, v.verdict);
    if (v.freshAccount) {
      const hours = v.accountAgeHours === null ? '' : String(Math.round(v.accountAgeHours));
      if (el.getAttribute(FRESH_ATTR) !== hours) el.setAttribute(FRESH_ATTR, hours);
    } else if (el.hasAttribute(FRESH_ATTR)) el.removeAttribute(FRESH_ATTR);
    if (isFlagged(v)) this.renderBadge(pe, v);
    else this.removeBadge(el);
  }

  private renderBadge(pe: PostElement, v: Verdict): void {
    const el = pe.el;
    const key = this.keyOf(pe.id);
    let host = this.hosts.get(el);
    if (!host || host.host.parentNode !== el) {
      host?.host.remove();
      // A rebuilt element (Misskey re-creates every item for each new note, Mastodon a placeholder
      // rendered again): the badge of the element it replaced moves over, already rendered.
      const moved = host ? null : this.takeBadge(pe);
      if (moved) host = moved;
      else {
        host = createShadowHost(this.doc, 'breakwater-post', overlayCss, 'post');
        setHostTheme(host, this.theme);
        this.rendered.delete(el);
        this.stats.badges++;
      }
      const slot = this.adapter.badgeSlot(pe);
      slot.parent.insertBefore(host.host, slot.before);
      this.hosts.set(el, host);
    }
    const selected = this.model.isSelected(key);
    const prev = this.rendered.get(el);
    if (prev && prev.v === v && prev.selected === selected) return;
    // A wave's verdicts come again each time it grows: draw only when what the badge shows changed.
    const shows = badgeShows(v);
    if (prev && prev.shows === shows && prev.selected === selected) {
      prev.v = v;
      return;
    }
    this.rendered.set(el, { v, shows, selected });
    this.stats.badgeRenders++;
    render(
      h(PostBadge, {
        verdict: v,
        selected,
        onSelect: (on: boolean) => this.selectPost(key, on),
        onNotSpam: () => void this.notSpam([key]),
        onFocusWave: () => this.focusWave(v.wave),
      }),
      host.mount,
    );
  }

  /** The badge of a disconnected element of the same post, taken from it (with what it rendered). */
  private takeBadge(pe: PostElement): ShadowHost | null {
    const byEl = this.elements.get(pe.id);
    if (!byEl) return null;
    for (const old of byEl.keys()) {
      if (old === pe.el || old.isConnected) continue;
      const host = this.hosts.get(old);
      if (!host) continue;
      this.hosts.delete(old);
      const r = this.rendered.get(old);
      this.rendered.delete(old);
      if (r) this.rendered.set(pe.el, r);
      else this.rendered.delete(pe.el);
      byEl.delete(old);
      this.stats.badgesMoved++;
      return host;
    }
    return null;
  }

  private removeBadge(el: HTMLElement): void {
    const host = this.hosts.get(el);
    if (!host) return;
    render(null, host.mount);
    host.host.remove();
    this.hosts.delete(el);
    this.rendered.delete(el);
  }

  private rerender(keys: Iterable<string>): void {
    for (const key of keys) {
      const v = this.verdicts.peek(key);
      if (!v) continue;
      for (const pe of this.liveElements(key.slice(this.domain.length + 1))) this.apply(pe, v);
    }
  }

  private updateTheme(): void {
    const theme = this.adapter.theme(this.doc, this.o.win);
    if (theme === this.theme) return;
    this.theme = theme;
    for (const host of this.hosts.values()) setHostTheme(host, theme);
    if (this.bar) setHostTheme(this.bar, theme);
    this.model.setTheme(theme);
  }

  private mountBar(): void {
    const bar = createShadowHost(this.doc, 'breakwater-bar', overlayCss, 'bar');
    setHostTheme(bar, this.theme);
    (this.doc.body ?? this.doc.documentElement).append(bar.host);
    render(h(BatchBar, { model: this.model, controller: this }), bar.mount);
    this.bar = bar;
  }

  // ---- keyboard --------------------------------------------------------------------------

  /**
   * Alt+Shift+S/W/A/C/B (Mastodon's hotkeys are plain letters, Alt+N and digits). They select and
   * move focus only: acting always takes a press in Breakwater's own bar.
   */
  private onKey(e: KeyboardEvent): void {
    if (!e.isTrusted || !e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
    // Not while typing (the compose box, a search field, the bar's comment).
    const target = e.composedPath()[0] as Partial<HTMLInputElement> | undefined;
    const tag = target?.tagName;
    if (target?.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (tag === 'INPUT' && !/^(checkbox|radio|button|submit)$/.test(target?.type ?? '')) return;
    const focused = this.focusedPost();
    switch (e.code) {
      case 'KeyS':
        if (focused) this.selectPost(focused, !this.model.isSelected(focused));
        break;
      case 'KeyW':
        this.selectWave((focused && this.verdicts.peek(focused)?.wave) || this.model.currentWave());
        break;
      case 'KeyA':
        this.selectAllFlagged();
        break;
      case 'KeyC':
        this.clearSelection();
        break;
      case 'KeyB':
        this.bar?.root.querySelector<HTMLElement>('[data-bw-focus]:not(:disabled), button:not(:disabled)')?.focus();
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  private focusedPost(): string | null {
    const active = this.doc.activeElement;
    if (!active || active === this.doc.body) return null;
    const pe = this.adapter.postAround(active);
    return pe ? this.keyOf(pe.id) : null;
  }

  // ---- OverlayController -----------------------------------------------------------------

  selectPost(key: string, on: boolean): void {
    this.rerender(this.model.select([key], on));
  }

  selectWave(wave: string | null): void {
    if (!wave) return;
    this.rerender(this.model.select(this.model.waveKeys(wave), true));
  }

  selectAllFlagged(): void {
    this.rerender(this.model.select(this.model.flaggedKeys(), true));
  }

  clearSelection(): void {
    this.rerender(this.model.select([...this.model.snapshot().selected], false));
  }

  focusWave(wave: string | null): void {
    this.model.focus(wave);
  }

  async prepare(kind: ActionKind): Promise<PreparedBatch | null> {
    const posts = this.model.selectedPosts();
    const traits = this.adapter.batch ?? DEFAULT_TRAITS;
    const ids = () => [...new Set(posts.map((p) => p.accountId).filter((x): x is string => !!x))];
    let reportIds: Record<string, string> | undefined;
    let reportLists: Record<string, string[]> | undefined;
    if (traits.linkReports.includes(kind) && this.access.moderatorToken)
      reportIds = await this.o.api.openReports(ids()).catch(() => ({}));
    if (kind === 'resolve_report') reportLists = (await this.o.api.reportLists?.(ids()).catch(() => ({}))) ?? {};
    const origin = this.o.win.location.origin;
    return prepareBatch({
      kind,
      instance: this.domain,
      posts,
      commentHead: (n, m) => t('ovCommentTemplate', n, m),
      reportIds,
      reportLists,
      links: (p) => traits.postLinks(p, origin),
      commentWithLinks: !traits.reportLinksInText,
      noteField: traits.noteKinds.includes(kind),
      forwardable: traits.reportForward,
      limit: traits.limit(kind),
    });
  }

  plan(batch: PreparedBatch, choices: BatchChoices): Promise<BatchPlan> {
    return this.o.api.plan(batchRequest(batch, choices));
  }

  async enqueue(batch: PreparedBatch, choices: BatchChoices): Promise<EnqueueResult> {
    const res = await this.o.api.enqueue(batchRequest(batch, choices));
    if (!res.ok) return res;
    this.ownBatches.add(res.batchId);
    this.model.setBatch(res.progress);
    if (SPAM_KINDS.has(batch.kind)) {
      // Acting as spam teaches the engine: the next near-duplicate is flagged at once.
      const keys = [...this.model.snapshot().selected];
      void this.teach(keys, 'spam');
    }
    this.clearSelection();
    return res;
  }

  async control(batchId: string, op: BatchOp): Promise<ControlResult> {
    const res = await this.o.api.control(batchId, op);
    if (res.ok) this.model.setBatch(res.progress);
    return res;
  }

  async undo(batchId: string): Promise<EnqueueResult> {
    const res = await this.o.api.undo(batchId);
    if (res.ok) {
      this.ownBatches.add(res.batchId);
      this.model.setBatch(res.progress);
    }
    return res;
  }

  async notSpam(keys: string[]): Promise<number> {
    const n = await this.teach(keys, 'not-spam');
    this.rerender(this.model.select(keys, false));
    return n;
  }

  /** Decisions one after another (each is written before the answer): at most 200 per press. */
  private async teach(keys: string[], kind: Decision['kind']): Promise<number> {
    let n = 0;
    for (const key of keys.slice(0, 200)) {
      const post = this.posts.peek(key.slice(this.domain.length + 1));
      if (!post || this.disposed) continue;
      const res = await this.o.api.decide({ kind, postKey: key, at: Date.now() }, post).catch(() => null);
      if (!res?.ok) continue;
      n++;
      if (res.verdict) this.setVerdict(res.verdict);
      for (const v of res.updated) this.setVerdict(v);
      this.model.setWaves(res.waves);
    }
    return n;
  }

  signInAsModerator(): Promise<{ ok: boolean; message?: string }> {
    return this.o.api.signIn();
  }

  // ---- pushes ----------------------------------------------------------------------------

  onBatchProgress(p: BatchProgress): void {
    if (p.instance !== this.domain) return;
    if (this.ownBatches.has(p.batchId) || (p.undoOf !== null && this.ownBatches.has(p.undoOf))) {
      this.ownBatches.add(p.batchId);
      this.model.setBatch(p);
    }
  }

  onLogin(login: { kind: string; account: string | null }, capabilities: string[]): void {
    this.access = this.accessOf(login.kind, login.account, capabilities);
    this.model.setAccess(this.access);
  }

  // ---- teardown --------------------------------------------------------------------------

  /** Stops everything and leaves the page as it was. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.observer.disconnect();
    this.abort.abort();
    this.batcher.dispose();
    for (const [el, host] of this.hosts) {
      render(null, host.mount);
      host.host.remove();
      el.removeAttribute(VERDICT_ATTR);
      el.removeAttribute(FRESH_ATTR);
    }
    this.hosts.clear();
    for (const byEl of this.elements.values()) {
      for (const el of byEl.keys()) {
        el.removeAttribute(VERDICT_ATTR);
        el.removeAttribute(FRESH_ATTR);
      }
    }
    if (this.bar) {
      render(null, this.bar.mount);
      this.bar.host.remove();
    }
  }
}

/**
 * Everything of a verdict that its badge shows or acts with (PostBadge: the label, the fresh chip,
 * the reasons, the wave it focuses): equal strings draw the same badge.
 */
export function badgeShows(v: Verdict): string {
  return JSON.stringify([
    v.verdict,
    v.wave,
    v.freshAccount,
    v.accountAgeHours,
    v.reasons.map((r) => [r.code, r.params, r.text, r.weight]),
  ]);
}

export function flaggedOf(post: Post, v: Verdict, instance: string): FlaggedPost {
  return {
    key: post.key,
    id: post.id,
    acct: post.author.key,
    accountId: post.author.id,
    host: post.author.host,
    remote: post.author.host !== instance,
    url: post.url,
    verdict: v,
  };
}

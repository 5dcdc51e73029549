/**
 * What the shared page runtime (src/content) needs from a web UI family. One adapter per family
 * (src/platforms/mastodon/adapter.ts, src/platforms/misskey/adapter.ts): it alone knows selectors,
 * routes, the session in the page and the platform's API JSON. The runtime knows none of them.
 *
 * Everything an adapter reads from the page is untrusted: readers return null or skip on anything
 * unexpected, never throw on malformed input, and never trust sizes.
 */
import type { PlatformKind, Post } from '../core/model';
import type { ActionKind } from '../core/queue/types';

/** The signed-in user as the page states it (the web UI's own initial state / local storage). */
export interface PageSession {
  /** The web UI's own login token; null when signed out. Sent only to the background (`content:token`). */
  token: string | null;
  /** Id of the signed-in account on this instance. */
  accountId: string | null;
  /** `username` of the signed-in account (no host). */
  username: string | null;
  /** The instance's own domain as the page states it (Unicode). */
  domain: string;
  /** Software version as the page states it (`4.6.5`, `4.2.0+glitch`, `2025.7.0`). */
  version: string;
  /**
   * What the page says the account's role may do as a moderator. The overlay only shows or hides
   * moderator actions by it; the server decides what the token may really do.
   */
  moderator: { reports: boolean; users: boolean };
  /** Origins of the streaming API when it is not the page's own (Mastodon `streaming_api_base_url`). */
  streamingOrigins: string[];
}

export type ViewKind =
  'home' | 'local' | 'federated' | 'tag' | 'list' | 'notifications' | 'profile' | 'thread' | 'deck' | 'other';

export interface PageView {
  kind: ViewKind;
  /** The route without layout prefixes (Mastodon `/deck`). */
  path: string;
  layout: 'single' | 'multi';
}

/** A post element found in the page. Keyed by `id`, never by node: the node may be rebuilt any time. */
export interface PostElement {
  /** The displayed post's id on this instance (for a boost: the boosted post's id). */
  id: string;
  /** The element that carries the post: it gets `data-breakwater-*` attributes and the badge. */
  el: HTMLElement;
  /** The list item's own id (Mastodon `article[data-id]`: a boost's id for boosts), when in a list. */
  itemId: string | null;
  /** The author's handle as the page shows it (`user` for local accounts, `user@host` for remote). */
  authorAcct: string | null;
  /** The author's account id, when the page shows it (Mastodon 4.3+). */
  authorId: string | null;
  /** The post is shown quoted inside another post. */
  quoted: boolean;
  /** The focused post of a thread view. */
  detailed: boolean;
}

/** What the main-world observer copies: URLs (RegExp sources, matched against absolute URLs). */
export interface ObserverSpec {
  /** GET answers. */
  http: string[];
  /** WebSocket messages, by the socket's URL. */
  ws: string[];
  /**
   * POST answers (Misskey reads with `POST /api/<endpoint>`); the request body, which carries the
   * page's token, is never copied.
   */
  post?: string[];
}

/** One post's raw platform JSON found in a response, by the id it is displayed with. */
export interface RawPost {
  id: string;
  raw: unknown;
  /** The list item's id when it differs from the post's (a boost's own id, a notification's id). */
  itemId?: string;
}

/** A copy of an API response the main-world observer reported, already checked for origin and size. */
export interface ObservedResponse {
  kind: 'http' | 'ws';
  url: URL;
  /** Parsed JSON body (an HTTP response) or message (a WebSocket frame). Untrusted: validate. */
  body: unknown;
}

/** A lookup the runtime makes itself for posts the observer did not see (batched where possible). */
export interface LookupRequest {
  url: string;
  init: RequestInit;
  /** The post ids this request asks for. */
  ids: string[];
}

/** The actions the overlay offers, by who may take them. */
export interface OfferedActions {
  /** With the web UI's own login: no setup needed. */
  user: ActionKind[];
  /** With a moderator token; shown only when the page's role allows them. */
  moderator: ActionKind[];
  /**
   * The web UI's own login may take the moderator actions too (Misskey: the web UI's token may do
   * all its account may), so no sign-in is needed for them. Default false (Mastodon's web token has
   * no admin scopes).
   */
  pageLoginModerates?: boolean;
}

/** How batches differ on a platform; the runtime takes Mastodon's behaviour where absent. */
export interface BatchTraits {
  /**
   * The report action writes the posts' links into the report text itself (Misskey's
   * `users/report-abuse` takes no post ids): the comment the user edits starts without them.
   */
  reportLinksInText: boolean;
  /** A report can be forwarded to the remote servers by the reporter (Mastodon's `forward`). */
  reportForward: boolean;
  /** The links a report gives for one post (its canonical URL; Misskey adds its page here). */
  postLinks(post: { id: string; url: string | null; remote: boolean }, origin: string): string[];
  /** Kinds linked to the newest open report about each account (Mastodon's `report_id`). */
  linkReports: readonly ActionKind[];
  /** Kinds that take a note for the moderation log. */
  noteKinds: readonly ActionKind[];
  /** The documented per-account limit of a kind, for the preview (Misskey: 20 blocks an hour). */
  limit(kind: ActionKind): { max: number; windowMs: number } | null;
}

export interface PlatformAdapter {
  readonly kind: PlatformKind;

  // ---- the page --------------------------------------------------------------------------
  /** The signed-in session, or null when this is not a web UI page of this family. */
  readSession(doc: Document): PageSession | null;
  view(doc: Document, url: URL): PageView;
  /** The web UI's colour scheme. */
  theme(doc: Document, win: Window): 'light' | 'dark';

  // ---- post elements ---------------------------------------------------------------------
  /** A selector matching every element `scanPosts` may return (quick test for added nodes). */
  readonly postSelector: string;
  /** Post elements in `root`, `root` included; placeholders and post-less items are skipped. */
  scanPosts(root: ParentNode): PostElement[];
  /**
   * Ids of list items in `root` whose post is not rendered now (Mastodon's placeholders). The
   * runtime judges them from the observer's copies only (no lookups), so that a wave's count and
   * "select wave" include posts scrolled out of view; the author is checked once they render. Each
   * with its element (its text is checked against the data's).
   */
  listed(root: ParentNode): { id: string; el: Element }[];
  /** The post element that holds `node` (for keyboard shortcuts on the focused post). */
  postAround(node: Node): PostElement | null;
  /** Where the badge host goes in a post element: inserted into `parent` before `before`. */
  badgeSlot(post: PostElement): { parent: Element; before: Node | null };
  /** True when the post data agrees with what the page shows (a forged report disagrees). */
  agrees(post: Post, el: PostElement, instance: string): boolean;

  // ---- post data -------------------------------------------------------------------------
  /** URL patterns for the main-world observer; the runtime checks them again on receipt. */
  observerSpec(session: PageSession, origin: string): ObserverSpec;
  /**
   * Raw posts in an observed response (timelines, notifications, streaming events...), each
   * checked against the platform's schema; anything else is skipped.
   */
  extractPosts(res: ObservedResponse): RawPost[];
  /** Raw JSON to the neutral Post; throws on malformed input. */
  normalize(raw: unknown, instance: string): Post;
  /** Batched requests that fetch posts by id with the page's own login (a fallback, rate-limited). */
  lookupRequests(ids: string[], session: PageSession, origin: string): LookupRequest[];
  /** Raw posts in a lookup's answer. */
  parseLookup(body: unknown): RawPost[];

  // ---- acting ----------------------------------------------------------------------------
  actions(session: PageSession): OfferedActions;
  /** Platform differences of batches (absent: Mastodon's). */
  readonly batch?: BatchTraits;
  /**
   * The page where an OAuth/MiAuth sign-in started by Breakwater ends and shows its code (Mastodon:
   * `/oauth/authorize/native?code=`; Misskey: MiAuth's callback with `?session=`). Null on any
   * other page.
   */
  readSignInCode(doc: Document, url: URL): string | null;
}

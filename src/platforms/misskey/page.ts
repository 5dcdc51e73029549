/**
 * Reads what the Misskey web UI states about the session, the route and the theme: the logged-in
 * account in `localStorage.account` (MeDetailed plus `token`, `MF/accounts.ts#login`), the instance
 * meta in `script#misskey_meta` (or its cached copy `localStorage.instance`), the UI shell in
 * `localStorage.ui`. Everything takes the Document (and URL/Window) as a parameter, so tests pass a
 * fixture document; everything read is untrusted and bounded.
 */
import { hostToUnicode } from '../../core/text/punycode';
import type { PageSession, PageView, ViewKind } from '../types';
import { SEL } from './selectors';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
const strOrNull = (x: unknown, max = 4096): string | null => (typeof x === 'string' && x.length <= max ? x : null);

/** MeDetailed is 5-20 kB; the meta some kB more. Anything this large is not what the UI wrote. */
const MAX_JSON = 1_000_000;

/**
 * Frontends that draw Misskey's DOM (their base.pug keeps `#misskey_meta` and `#misskey_app`) and
 * put their own name in `application-name`. Tried: Misskey (captures, simulator); CherryPick and
 * Sharkey by their source (the same shell); Firefish/Iceshrimp's older frontend keeps the shell too
 * but not MkNote's structure (see docs/content.md).
 */
export const MISSKEY_FAMILY = ['Misskey', 'CherryPick', 'Sharkey', 'Firefish', 'Iceshrimp', 'Catodon'] as const;

/** This document is a Misskey-family web UI (a page of the SPA, not another site on the domain). */
export function isMisskeyShell(doc: Document): boolean {
  if (doc.querySelector(SEL.meta) || doc.querySelector(SEL.app)) return true;
  const name = doc.querySelector(SEL.applicationName)?.getAttribute('content') ?? '';
  return (MISSKEY_FAMILY as readonly string[]).includes(name);
}

function storage(doc: Document): Storage | null {
  try {
    return doc.defaultView?.localStorage ?? null;
  } catch {
    // A page whose storage is blocked (third-party contexts, privacy settings).
    return null;
  }
}

function readJson(text: string | null | undefined): Obj | null {
  if (!text || text.length > MAX_JSON) return null;
  try {
    const json: unknown = JSON.parse(text);
    return isObj(json) ? json : null;
  } catch {
    return null;
  }
}

function readItem(doc: Document, key: string): string | null {
  try {
    return storage(doc)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The instance meta: `#misskey_meta` (server-rendered), else the copy the UI cached. */
export function readMisskeyMeta(doc: Document): Obj | null {
  return readJson(doc.querySelector(SEL.meta)?.textContent) ?? readJson(readItem(doc, 'instance'));
}

/** The logged-in account (`localStorage.account`): MeDetailed plus `token`, or null. */
export function readMisskeyAccount(doc: Document): Obj | null {
  return readJson(readItem(doc, 'account'));
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.host : null;
  } catch {
    return null;
  }
}

/** Web UI tokens are 16 alphanumerics (`secureRndstr(16)`); MiAuth/app tokens up to 32. */
const TOKEN = /^[A-Za-z0-9]{8,128}$/;
const ID = /^[0-9A-Za-z]{8,32}$/;

/** The session: the account from local storage, the domain and version from the meta. */
export function readMisskeySession(doc: Document): PageSession | null {
  if (!isMisskeyShell(doc)) return null;
  const meta = readMisskeyMeta(doc);
  const account = readMisskeyAccount(doc);
  const domain =
    hostOf(strOrNull(meta?.uri, 300)) ??
    hostOf(doc.querySelector(SEL.instanceUrl)?.getAttribute('content') ?? null) ??
    (doc.location?.host || null);
  if (!domain) return null;
  const token = strOrNull(account?.token, 256);
  const id = strOrNull(account?.id, 64);
  // `isModerator` is true for moderators and admins alike (`MF/i.ts`: iAmModerator).
  const moderator = account?.isModerator === true || account?.isAdmin === true;
  return {
    token: token && TOKEN.test(token) ? token : null,
    accountId: id && ID.test(id) ? id : null,
    username: strOrNull(account?.username, 300),
    domain: hostToUnicode(domain.toLowerCase()),
    version: strOrNull(meta?.version, 64) ?? '',
    moderator: { reports: moderator, users: moderator },
    // The streaming API is the page's own origin (`/streaming`).
    streamingOrigins: [],
  };
}

const ROUTES: [RegExp, ViewKind][] = [
  [/^\/(timeline)?$/, 'home'],
  [/^\/my\/notifications(\/|$)/, 'notifications'],
  [/^\/notes\/[0-9A-Za-z]+/, 'thread'],
  [/^\/(list|my\/lists|timeline\/list)\/[^/]+/, 'list'],
  [/^\/(antennas|my\/antennas|timeline\/antenna)\/[^/]+/, 'list'],
  [/^\/channels\/[^/]+/, 'list'],
  [/^\/tags\//, 'tag'],
  [/^\/@[^/]+(\/|$)/, 'profile'],
];

/**
 * The route (`MF/router.definition.ts`) and the shell: `localStorage.ui` is `deck` for the deck
 * (columns, not a route), `zen` or `universal` (one page). Home's tabs (local, social, global) are
 * not in the path.
 */
export function readMisskeyView(doc: Document, url: URL): PageView {
  const ui = readItem(doc, 'ui');
  const path = url.pathname || '/';
  const kind = ROUTES.find(([re]) => re.test(path))?.[1] ?? 'other';
  return { kind, path, layout: ui === 'deck' ? 'multi' : 'single' };
}

function luminance(color: string): number | null {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/.exec(color);
  if (!m) return null;
  if (m[4] !== undefined && Number(m[4]) === 0) return null;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** The colour scheme: `html[data-color-scheme]`, else the page's background, else the system's. */
export function readMisskeyTheme(doc: Document, win: Window): 'light' | 'dark' {
  const scheme = doc.documentElement.getAttribute(SEL.colorSchemeAttr);
  if (scheme === 'dark' || scheme === 'light') return scheme;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const l = luminance(win.getComputedStyle?.(el).backgroundColor ?? '');
    if (l !== null) return l < 0.5 ? 'dark' : 'light';
  }
  return win.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

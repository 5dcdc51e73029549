/**
 * Reads what the Mastodon web UI states about the session, the route and the theme. Everything
 * takes the Document (and URL/Window) as a parameter, so tests pass a fixture document.
 */
import { hostToUnicode } from '../../core/text/punycode';
import type { PageSession, PageView, ViewKind } from '../types';
import { SEL, any } from './selectors';

/** Role permission bits (`app/models/user_role.rb`). */
export const PERMISSION = {
  administrator: 1 << 0,
  manageReports: 1 << 4,
  manageUsers: 1 << 10,
} as const;

/** The initial state is a few kilobytes; anything this large is not Mastodon's. */
const MAX_INITIAL_STATE = 2_000_000;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);
const strOrNull = (x: unknown, max = 4096): string | null => (typeof x === 'string' && x.length <= max ? x : null);

/** `role.permissions` is a decimal string of the bitmask (a number in some forks). */
export function parsePermissions(x: unknown): number {
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^\d{1,16}$/.test(x) ? Number(x) : 0;
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

export function moderatorOf(permissions: number): PageSession['moderator'] {
  // `computed_permissions` already returns every bit for administrators; checked anyway for forks.
  const admin = (permissions & PERMISSION.administrator) !== 0;
  return {
    reports: admin || (permissions & PERMISSION.manageReports) !== 0,
    users: admin || (permissions & PERMISSION.manageUsers) !== 0,
  };
}

function readInitialState(doc: Document): Obj | null {
  const el = doc.querySelector(any(SEL.initialState));
  const text = el?.textContent ?? '';
  if (!text || text.length > MAX_INITIAL_STATE) return null;
  try {
    const json: unknown = JSON.parse(text);
    return isObj(json) ? json : null;
  } catch {
    return null;
  }
}

function wsOrigin(url: string | null, pageOrigin: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'wss:' && u.protocol !== 'ws:' && u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    const o = `${u.protocol.replace(/^http/, 'ws')}//${u.host}`;
    return pageOrigin && o === pageOrigin.replace(/^http/, 'ws') ? null : o;
  } catch {
    return null;
  }
}

/** The session in `#initial-state` (`meta.access_token`, `meta.me`, `accounts`, `role`), or null. */
export function readMastodonSession(doc: Document): PageSession | null {
  const state = readInitialState(doc);
  const meta = state && isObj(state.meta) ? state.meta : null;
  if (!state || !meta) return null;
  const domain = strOrNull(meta.domain, 253);
  if (!domain) return null;
  const token = strOrNull(meta.access_token);
  const me = strOrNull(meta.me, 64);
  const accounts = isObj(state.accounts) ? state.accounts : {};
  const mine = me && isObj(accounts[me]) ? (accounts[me] as Obj) : null;
  const username = mine ? strOrNull(mine.username, 300) : null;
  const role = isObj(state.role) ? state.role : null;
  const permissions = token ? parsePermissions(role?.permissions) : 0;
  const pageOrigin = doc.location?.origin ?? null;
  const streaming = wsOrigin(strOrNull(meta.streaming_api_base_url), pageOrigin);
  return {
    token: token && /^[\x21-\x7e]{8,4096}$/.test(token) ? token : null,
    accountId: me && /^\d{1,24}$/.test(me) ? me : null,
    username,
    domain: hostToUnicode(domain.toLowerCase()),
    version: strOrNull(meta.version, 64) ?? '',
    moderator: moderatorOf(permissions),
    streamingOrigins: streaming ? [streaming] : [],
  };
}

/** `4.3.0` or later (the multi-status lookup `GET /api/v1/statuses?id[]=`, grouped notifications). */
export function atLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

const ROUTES: [RegExp, ViewKind][] = [
  [/^\/(home)?$/, 'home'],
  [/^\/public\/local(\/|$)/, 'local'],
  [/^\/public(\/remote)?(\/|$)/, 'federated'],
  [/^\/tags\//, 'tag'],
  [/^\/lists\/[^/]+/, 'list'],
  [/^\/notifications(\/|$)/, 'notifications'],
  [/^\/@[^/]+\/\d+(\/|$)/, 'thread'],
  [/^\/statuses\/\d+/, 'thread'],
  [/^\/@[^/]+(\/|$)/, 'profile'],
  [/^\/accounts\/\d+/, 'profile'],
  [/^\/getting-started/, 'deck'],
];

/** The route (`M/features/ui/index.jsx`); the multi-column layout prefixes pushed paths with `/deck`. */
export function readMastodonView(doc: Document, url: URL): PageView {
  const layout = doc.querySelector(any(SEL.multiColumn)) ? 'multi' : 'single';
  const path = url.pathname.replace(/^\/deck(?=\/|$)/, '') || '/';
  const kind = ROUTES.find(([re]) => re.test(path))?.[1] ?? (url.pathname.startsWith('/deck') ? 'deck' : 'other');
  return { kind, path, layout };
}

function luminance(color: string): number | null {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?/.exec(color);
  if (!m) return null;
  if (m[4] !== undefined && Number(m[4]) === 0) return null;
  return (0.2126 * Number(m[1]) + 0.7152 * Number(m[2]) + 0.0722 * Number(m[3])) / 255;
}

/** The web UI's colour scheme: stated by the page, else seen in its background, else the system's. */
export function readMastodonTheme(doc: Document, win: Window): 'light' | 'dark' {
  const scheme = doc.documentElement.getAttribute(SEL.colorSchemeAttr);
  if (scheme === 'dark' || scheme === 'light') return scheme;
  const body = doc.body;
  if (body && scheme !== 'auto') {
    if (SEL.lightBodyClasses.some((c) => body.classList.contains(c))) return 'light';
    if (SEL.darkBodyClasses.some((c) => body.classList.contains(c))) return 'dark';
    for (const el of [body, doc.documentElement]) {
      const l = luminance(win.getComputedStyle?.(el).backgroundColor ?? '');
      if (l !== null) return l < 0.5 ? 'dark' : 'light';
    }
  }
  return win.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

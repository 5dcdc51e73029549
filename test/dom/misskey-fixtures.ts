/**
 * The captured Misskey 2025.7.0 web UI (../shared/fixtures/misskey/dom, scripts removed) loaded into
 * happy-dom documents, with what the page itself had besides the DOM: the instance meta
 * (`#misskey_meta`, removed with the scripts; the captured `meta` answer) and the login in
 * `localStorage.account` (the captured `i` answer plus a token). And every note and notification
 * the captured API answers hold, by id: the ground truth the selectors are checked against.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

export const SHARED = join(__dirname, '..', 'fixtures', 'captured', 'misskey');
export const ORIGIN = 'http://127.0.0.1:3000';
export const DOMAIN = '127.0.0.1:3000';

/** Every captured page, with the user it was captured as and the route it shows. */
export const PAGES = {
  'home-timeline.alice': { user: 'alice', path: '/' },
  'home-timeline.admin': { user: 'admin', path: '/' },
  'local-timeline.alice': { user: 'alice', path: '/' },
  'local-timeline.admin': { user: 'admin', path: '/' },
  'social-timeline.alice': { user: 'alice', path: '/' },
  'social-timeline.admin': { user: 'admin', path: '/' },
  'notifications.alice': { user: 'alice', path: '/my/notifications' },
  'user-page.spammer.alice': { user: 'alice', path: '/@wicfqnxwoe' },
  'deck.admin': { user: 'admin', path: '/' },
  'first-login-dialog.admin': { user: 'admin', path: '/' },
  'sample-note.spam.local-timeline': { user: null, path: '/' },
  'sample-note.renote.home-timeline': { user: null, path: '/' },
} as const;
export type Page = keyof typeof PAGES;
export const PAGE_NAMES = Object.keys(PAGES) as Page[];

export interface Exchange {
  request: { endpoint: string; body: Record<string, unknown> };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export function api(name: string): Exchange {
  return JSON.parse(readFileSync(join(SHARED, 'api', `${name}.json`), 'utf8')) as Exchange;
}

export const apiNames = (): string[] =>
  readdirSync(join(SHARED, 'api'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();

export type Json = Record<string, unknown>;

/** Notes (nested ones too) and notifications of every captured answer, by id. */
export function apiItems(): { notes: Map<string, Json>; notifications: Map<string, Json> } {
  const notes = new Map<string, Json>();
  const notifications = new Map<string, Json>();
  const walk = (x: unknown) => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Json;
    if (typeof o.id === 'string' && 'userId' in o && 'user' in o && 'createdAt' in o) {
      if ('type' in o && typeof o.type === 'string' && !('text' in o)) notifications.set(o.id, o);
      else if (!notes.has(o.id)) notes.set(o.id, o);
    }
    Object.values(o).forEach(walk);
  };
  for (const name of apiNames()) walk(api(name).response.body);
  return { notes, notifications };
}

const windows: Window[] = [];

export interface Loaded {
  doc: Document;
  win: Window;
}

/** The token the capture's login would hold (the captures replaced real ones by placeholders). */
export const pageToken = (user: string) => `${user}Token0123456789`.slice(0, 16);

/** A captured page as a document at its route, with its meta and, when logged in, its login. */
export function load(page: Page, opts: { meta?: boolean; login?: boolean } = {}): Loaded {
  const { user, path } = PAGES[page];
  let html = readFileSync(join(SHARED, 'dom', `${page}.html`), 'utf8');
  if (!/<html/i.test(html))
    html = `<!DOCTYPE html><html><head><meta name="application-name" content="Misskey"></head><body><div id="misskey_app">${html}</div></body></html>`;
  if (opts.meta !== false) {
    const meta = JSON.stringify(api('meta').response.body).replace(/</g, '\\u003c');
    html = html.replace(
      '</head>',
      `<script type="application/json" id="misskey_meta" data-generated-at="0">${meta}</script></head>`,
    );
  }
  const win = new Window({ url: `${ORIGIN}${path}`, settings: { disableJavaScriptEvaluation: true } });
  windows.push(win);
  if (user && opts.login !== false) {
    const me = api(`i.${user}`).response.body as Json;
    win.localStorage.setItem('account', JSON.stringify({ ...me, token: pageToken(user) }));
  }
  // The deck is a shell chosen in local storage, not a route (web-ui-dom.md 2.1, "UI shells").
  if (page === 'deck.admin') win.localStorage.setItem('ui', 'deck');
  win.document.write(html);
  return { doc: win.document as unknown as Document, win };
}

export async function closeAll(): Promise<void> {
  for (const w of windows.splice(0)) await w.happyDOM.close();
}

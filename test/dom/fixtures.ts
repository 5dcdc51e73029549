/**
 * The captured Mastodon web UI (../shared/fixtures/mastodon/<version>/dom, with <script> removed)
 * loaded into happy-dom documents, and the API answers the web UI got with them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { fakeBrowser } from 'wxt/testing';

export const SHARED = join(__dirname, '..', 'fixtures', 'captured', 'mastodon');
export const VERSIONS = ['4.6.5', '4.2.0'] as const;
export type Version = (typeof VERSIONS)[number];

export const CAPTURES = [
  'home',
  'home-tall',
  'home-boost-quote-tall',
  'home-scrolled',
  'local',
  'notifications',
  'thread',
  'spammer-profile',
  'advanced',
] as const;
export type Capture = (typeof CAPTURES)[number];

export interface Meta {
  url: string;
  articleCount: number;
  statusCount: number;
  placeholderIds: string[];
  articleIds: string[];
}

export interface Loaded {
  doc: Document;
  win: Window;
  meta: Meta;
}

const windows: Window[] = [];

/** A fixture page as a document at its captured URL; `head` is added to <head> (e.g. an initial state). */
export function load(version: Version, capture: Capture, head = ''): Loaded {
  const meta = JSON.parse(readFileSync(join(SHARED, version, 'dom', `${capture}.meta.json`), 'utf8')) as Meta;
  let html = readFileSync(join(SHARED, version, 'dom', `${capture}.html`), 'utf8');
  if (head) html = html.replace('</head>', `${head}</head>`);
  const win = new Window({ url: meta.url, settings: { disableJavaScriptEvaluation: true } });
  windows.push(win);
  win.document.write(html);
  return { doc: win.document as unknown as Document, win, meta };
}

export async function closeAll(): Promise<void> {
  for (const w of windows.splice(0)) await w.happyDOM.close();
}

/** Every API answer the web UI received in the captures of a version, by file name. */
export function apiAnswers(version: Version): Map<string, unknown> {
  const dir = join(SHARED, version, 'api');
  const out = new Map<string, unknown>();
  for (const f of readdirSync(dir).sort()) out.set(f, JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return out;
}

export function spam(version: Version): {
  spam_status_ids: string[];
  spam_account_ids: string[];
  spam_accts: string[];
} {
  return JSON.parse(readFileSync(join(SHARED, version, 'spam_status_ids.json'), 'utf8'));
}

/** `#initial-state` as `InitialStateSerializer` writes it (the captures have their scripts removed). */
export function initialState(opts: {
  version: string;
  token?: string | null;
  me?: string;
  username?: string;
  permissions?: string;
  streaming?: string;
  domain?: string;
}): string {
  const me = opts.me ?? '109316725286858819';
  const state = {
    meta: {
      access_token: opts.token === undefined ? 'page-token-0123456789abcdef' : opts.token,
      me,
      domain: opts.domain ?? '127.0.0.1:4080',
      admin: '100000000000000001',
      version: opts.version,
      streaming_api_base_url: opts.streaming ?? 'ws://127.0.0.1:4080',
      advanced_layout: false,
    },
    accounts: { [me]: { id: me, username: opts.username ?? 'hiro', acct: opts.username ?? 'hiro' } },
    role: { id: '-99', name: '', permissions: opts.permissions ?? '65536', color: '', highlighted: false },
  };
  const json = JSON.stringify(state).replace(/</g, '\\u003c');
  return `<script id="initial-state" type="application/json">${json}</script>`;
}

/** The extension's English messages for `browser.i18n.getMessage` (WXT's fake browser has none). */
export function useEnglishMessages(): void {
  const messages = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'public', '_locales', 'en', 'messages.json'), 'utf8'),
  ) as Record<string, { message: string }>;
  (fakeBrowser.i18n as unknown as { getMessage: (key: string, subs?: string[]) => string }).getMessage = (
    key,
    subs = [],
  ) => (messages[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

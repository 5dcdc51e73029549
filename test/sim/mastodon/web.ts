/**
 * The Rails-style HTML shell of the web UI (app/views/shared/_web_app.html.haml): `#initial-state`
 * JSON with the session's access token, `meta[name=csrf-token]`, `div#mastodon.app-holder[data-props]`
 * and the client script (./client/app.ts, bundled with esbuild on first use).
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from '../http';
import type { MastoStore } from './store';
import { isV4_2 } from './render';
import { webTokenFor } from './users';

let bundle: Promise<string> | null = null;

/** The web client, bundled once per process. */
export function clientBundle(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const here = dirname(fileURLToPath(import.meta.url));
    const out = await esbuild.build({
      entryPoints: [join(here, 'client', 'app.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'chrome110',
      charset: 'utf8',
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  })();
  bundle.catch(() => (bundle = null));
  return bundle;
}

export function clientCss(): string {
  return CSS;
}

/** Routes the real web app serves (config/routes/web_app.rb); anything else is a 404 page. */
export function isWebAppPath(path: string): boolean {
  return (
    /^\/(home|getting-started|explore(\/.*)?|public(\/local|\/remote)?|notifications(\/requests.*)?|conversations|favourites|bookmarks|search|directory|blocks|mutes|domain_blocks|follow_requests|followed_tags|publish|lists(\/[^/]+)?|tags\/[^/]+|statuses\/[^/]+|accounts\/[^/]+|deck(\/.*)?)?\/?$/.test(
      path,
    ) || /^\/@[^/]+(\/.*)?$/.test(path)
  );
}

export interface Session {
  username: string;
  advanced: boolean;
}

export function newSessionId(): string {
  return randomBytes(24).toString('hex');
}

export function shellHtml(store: MastoStore, session: Session | null, path: string): string {
  const old = isV4_2(store.version);
  const d = store.domain;
  const me = session ? store.accountId(`${session.username}@${d}`) : null;
  const adminId = store.accountId(`admin@${d}`);
  const meta: Record<string, unknown> = {
    access_token: session ? webTokenFor(d, session.username) : null,
    activity_api_enabled: true,
    admin: adminId,
    domain: d,
    limited_federation_mode: false,
    locale: 'en',
    mascot: null,
    profile_directory: true,
    registrations_open: true,
    repository: 'mastodon/mastodon',
    search_enabled: true,
    single_user_mode: false,
    source_url: 'https://github.com/mastodon/mastodon',
    sso_redirect: null,
    status_page_url: null,
    streaming_api_base_url: `ws://${d}`,
    title: 'Mastodon',
    trends_enabled: true,
    version: store.version,
  };
  if (old) Object.assign(meta, { timeline_preview: true, trends_as_landing_page: true });
  else
    Object.assign(meta, {
      landing_page: 'trends',
      terms_of_service_enabled: false,
      local_live_feed_access: 'public',
      remote_live_feed_access: 'public',
      local_topic_feed_access: 'public',
      remote_topic_feed_access: 'public',
    });
  if (session) {
    Object.assign(meta, {
      me,
      advanced_layout: session.advanced,
      boost_modal: false,
      delete_modal: true,
      auto_play_gif: false,
      display_media: 'default',
      expand_spoilers: false,
      reduce_motion: false,
      disable_swiping: false,
      use_blurhash: true,
      use_pending_items: false,
      show_trends: true,
    });
    if (old) Object.assign(meta, { unfollow_modal: true, crop_images: true });
    else
      Object.assign(meta, {
        quick_boosting: false,
        missing_alt_text_modal: true,
        disable_hover_cards: false,
        emoji_style: 'auto',
        wrapstodon: null,
      });
  }
  const accounts: Record<string, unknown> = { [adminId]: store.accountJson(`admin@${d}`, session?.username ?? null) };
  if (session && me) accounts[me] = store.accountJson(`${session.username}@${d}`, session.username);
  const state: Record<string, unknown> = {
    meta,
    compose: session
      ? {
          me,
          default_privacy: 'public',
          default_sensitive: false,
          default_language: 'en',
          ...(old ? {} : { default_quote_policy: 'public', text: '' }),
        }
      : { text: '' },
    accounts,
    media_attachments: {
      accept_content_types: [
        '.jpg',
        '.jpeg',
        '.png',
        '.gif',
        '.webp',
        'image/jpeg',
        'image/png',
        'image/gif',
        'image/webp',
      ],
    },
    settings: {},
    languages: [
      ['en', 'English', 'English'],
      ['ja', 'Japanese', '日本語'],
      ['de', 'German', 'Deutsch'],
      ['fr', 'French', 'Français'],
      ['es', 'Spanish', 'Español'],
    ],
    features: [],
    push_subscription: null,
    role: session ? store.roleJsonFor(session.username) : null,
  };
  const json = JSON.stringify(state).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const csrf = randomBytes(48).toString('base64');
  return `<!DOCTYPE html>
<html lang="en" class="custom-scrollbars no-reduce-motion" data-contrast="default" data-color-scheme="light" data-system-theme="true">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="icon" href="/favicon.ico" type="image/x-icon">
<link rel="manifest" href="/manifest">
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<title>Mastodon</title>
<link rel="stylesheet" href="/packs/sim-mastodon.css" media="all">
<meta name="csrf-param" content="authenticity_token">
<meta name="csrf-token" content="${csrf}">
<meta name="robots" content="noindex">
<meta content="Hosted on ${escapeHtml(d)}" property="og:site_name">
<meta content="http://${escapeHtml(d)}${escapeHtml(path)}" property="og:url">
${session ? `<meta name="initialPath" content="${escapeHtml(path)}">\n` : ''}<meta name="applicationServerKey" content="BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=">
<script id="initial-state" type="application/json">${json}</script>
<script src="/packs/sim-mastodon.js" type="module" crossorigin="anonymous"></script>
</head>
<body class="app-body">
<div class="notranslate app-holder" data-props="{&quot;locale&quot;:&quot;en&quot;}" id="mastodon"></div>
<noscript><img alt="Mastodon" src="/avatars/original/missing.png"><div>To use the Mastodon web application, please enable JavaScript.</div></noscript>
<div aria-hidden="true" class="logo-resources" inert tabindex="-1"><svg xmlns="http://www.w3.org/2000/svg"><symbol id="logo-symbol-icon" viewBox="0 0 79 79"><circle cx="39" cy="39" r="38" fill="#6364FF"></circle></symbol></svg></div>
</body>
</html>
`;
}

export function notFoundHtml(d: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The page you are looking for isn't here. - Mastodon</title><link rel="stylesheet" href="/packs/sim-mastodon.css"></head><body class="error"><div class="dialog"><div class="dialog__message"><h1>The page you are looking for isn't here.</h1><p><a href="/">${escapeHtml(d)}</a></p></div></div></body></html>`;
}

const CSS = `
:root { --bg: #eff3f5; --card: #fff; --text: #282c37; --muted: #606984; --accent: #6364ff; --line: #e6ebf0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: var(--bg); color: var(--text); font: 15px/1.4 -apple-system, "Segoe UI", Roboto, "Noto Sans JP", "Noto Sans", sans-serif; }
a { color: var(--accent); text-decoration: none; }
button { font: inherit; cursor: pointer; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.logo-resources { display: none; }
.ui { display: block; }
.columns-area__panels { display: flex; justify-content: center; gap: 16px; min-height: 100vh; }
.columns-area__panels__pane { width: 285px; flex: 0 0 285px; }
.columns-area__panels__pane__inner { position: sticky; top: 0; padding: 10px; }
.columns-area__panels__main { width: 600px; flex: 0 1 600px; }
.columns-area--mobile .column { background: var(--card); border: 1px solid var(--line); border-top: 0; }
.column-header { display: flex; align-items: center; justify-content: space-between; background: var(--card); border: 1px solid var(--line); padding: 0 8px; height: 52px; position: sticky; top: 0; z-index: 2; }
.column-header__title { background: none; border: 0; font-weight: 600; font-size: 16px; color: var(--text); padding: 12px 4px; }
.column-header__button { background: none; border: 0; color: var(--muted); }
.compose-panel, .navigation-panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; margin-bottom: 10px; }
.search__input { width: 100%; padding: 8px; border: 1px solid var(--line); border-radius: 4px; }
.navigation-panel__menu { list-style: none; padding: 0; margin: 0; }
.navigation-panel__menu li a { display: block; padding: 8px; color: var(--text); border-radius: 4px; }
.navigation-panel__menu li a.active { font-weight: 700; color: var(--accent); }
.item-list { display: block; }
article { display: block; border-bottom: 1px solid var(--line); }
.status__wrapper { padding: 12px 14px; outline: none; }
.status__wrapper:focus { background: #f7f8fb; }
.status__prepend { color: var(--muted); font-size: 13px; margin: 0 0 6px 58px; display: flex; gap: 6px; align-items: center; }
.status__prepend a { color: var(--muted); font-weight: 600; }
.status { position: relative; }
.status__info { display: flex; align-items: flex-start; justify-content: space-between; gap: 8px; margin-bottom: 6px; }
.status__display-name { display: flex; gap: 10px; color: var(--text); min-width: 0; order: 0; flex: 1 1 auto; }
.status__info .status__relative-time { order: 1; }
h1.column-header { margin: 0; font-size: 16px; }
.column-header button, h1.column-header button { font-size: 16px; background: none; border: 0; font-weight: 600; color: var(--text); }
.notification-group__main__header__label, .notification-ungrouped__header, .notification__message { font-size: 15px; font-weight: 400; margin: 4px 0; color: var(--muted); }
.notification-group { display: flex; gap: 10px; }
.notification-group__main { flex: 1; min-width: 0; }
.avatar-group { display: flex; gap: 4px; }
.getting-started .column-link { display: block; padding: 12px 14px; border-bottom: 1px solid var(--line); }
.fa::before { font-style: normal; }
.fa-reply::before { content: "\\21A9"; } .fa-reply-all::before { content: "\\21A9\\21A9"; } .fa-retweet::before { content: "\\21BB"; }
.fa-star::before { content: "\\2606"; } .fa-bookmark::before { content: "\\2691"; } .fa-ellipsis-h::before { content: "\\2026"; }
.fa-globe::before { content: "\\25CB"; } .fa-unlock::before { content: "\\25CC"; } .fa-user-plus::before { content: "+"; }
.fa-home::before { content: "\\2302"; } .fa-eye-slash::before { content: "\\25D0"; }
.status__avatar { flex: 0 0 46px; }
.account__avatar { display: inline-block; border-radius: 8px; overflow: hidden; background: #d9e1e8; }
.account__avatar img { width: 100%; height: 100%; display: block; object-fit: cover; }
.account__avatar-overlay { position: relative; }
.account__avatar-overlay-overlay { position: absolute; right: 0; bottom: 0; }
.display-name { display: flex; flex-direction: column; min-width: 0; }
.display-name__html { font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.display-name__account { color: var(--muted); font-size: 14px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status__relative-time { color: var(--muted); font-size: 14px; white-space: nowrap; display: flex; gap: 4px; align-items: center; }
.status__visibility-icon svg, .status__visibility-icon i { width: 14px; height: 14px; display: inline-block; }
.icon { width: 18px; height: 18px; fill: currentColor; }
.status__content { margin: 0 0 0 56px; word-wrap: break-word; }
.status__content__text p { margin: 0 0 10px; }
.status__content .invisible { font-size: 0; line-height: 0; display: inline-block; width: 0; height: 0; position: absolute; }
.status__content .ellipsis::after { content: "…"; }
.mention { color: var(--accent); }
.status__content__spoiler, .content-warning { background: #fef9ec; border-radius: 6px; padding: 8px; margin: 0 0 8px; }
.status__content__spoiler-link, .content-warning button { border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 2px 8px; margin-left: 6px; }
.media-gallery { margin: 8px 0 0 56px; border-radius: 8px; overflow: hidden; display: grid; gap: 2px; grid-template-columns: 1fr 1fr; position: relative; max-height: 520px; }
.media-gallery--layout-1 .media-gallery__item, .media-gallery .media-gallery__item.standalone { grid-column: 1 / -1; }
.media-gallery__item { position: relative; overflow: hidden; background: #ccd; min-height: 80px; }
.media-gallery__item-thumbnail, .media-gallery__item-thumbnail img { display: block; width: 100%; height: 100%; object-fit: cover; }
.media-gallery__preview { position: absolute; inset: 0; width: 100%; height: 100%; }
.media-gallery__preview--hidden { display: none; }
.media-gallery__actions { position: absolute; top: 6px; left: 6px; }
.media-gallery__actions__pill { background: rgba(0,0,0,.55); color: #fff; border: 0; border-radius: 12px; padding: 2px 10px; font-size: 12px; }
.spoiler-button { position: absolute; top: 6px; left: 6px; z-index: 1; }
.status-card { display: block; margin: 8px 0 0 56px; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; color: var(--text); }
.status-card__image { position: relative; background: #dde; }
.status-card__image-image { width: 100%; display: block; }
.status-card__image-preview { position: absolute; inset: 0; }
.status-card__image-preview--hidden { display: none; }
.status-card__content { padding: 8px 10px; display: flex; flex-direction: column; gap: 2px; }
.status-card__host, .status-card__author { color: var(--muted); font-size: 13px; }
.status__quote { margin: 8px 0 0 56px; border: 1px solid var(--line); border-radius: 8px; }
.status__quote .status__wrapper { padding: 8px 10px; }
.status__quote .status__content, .status__quote .media-gallery, .status__quote .status-card { margin-left: 0; }
.quote-inline { color: var(--muted); }
.status__action-bar { display: flex; gap: 28px; margin: 10px 0 0 56px; color: var(--muted); }
.status__action-bar__button, .status__action-bar button, .detailed-status__action-bar button { background: none; border: 0; color: var(--muted); display: flex; align-items: center; gap: 4px; padding: 2px; }
.status__line { position: absolute; left: 22px; top: 52px; bottom: -14px; width: 2px; background: var(--line); }
.load-more { display: block; width: 100%; padding: 14px; background: var(--card); border: 0; border-top: 1px solid var(--line); color: var(--accent); }
.detailed-status { padding: 14px; }
.detailed-status__display-name { display: flex; gap: 10px; color: var(--text); margin-bottom: 10px; }
.detailed-status .status__content { margin-left: 0; font-size: 17px; }
.detailed-status__meta { color: var(--muted); font-size: 14px; margin-top: 12px; }
.detailed-status__meta__line { display: flex; gap: 6px; align-items: center; }
.detailed-status__link, .detailed-status__datetime { color: var(--muted); }
.detailed-status__action-bar { display: flex; justify-content: space-around; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); padding: 6px; }
.notification-ungrouped__header, .notification-group__main__header { font-size: 14px; color: var(--muted); margin: 0 0 6px; display: flex; gap: 6px; font-weight: 600; }
.notification-group, .notification-ungrouped, .notification { padding: 12px 14px; }
.notification-group__embedded-status { color: var(--muted); border-left: 3px solid var(--line); padding-left: 8px; margin-top: 6px; }
.notification-group__avatar-group { display: flex; gap: 4px; }
.notification__filter-bar { display: flex; border-bottom: 1px solid var(--line); background: var(--card); }
.notification__filter-bar button { flex: 1; background: none; border: 0; padding: 12px; color: var(--muted); }
.notification__filter-bar button.active { color: var(--accent); font-weight: 700; }
.layout-multiple-columns .columns-area { display: flex; gap: 10px; height: 100vh; overflow-x: auto; padding: 10px; }
.layout-multiple-columns .drawer { flex: 0 0 300px; background: var(--card); border-radius: 8px; padding: 10px; }
.layout-multiple-columns .column { flex: 0 0 380px; display: flex; flex-direction: column; background: var(--card); border-radius: 8px; overflow: hidden; border: 1px solid var(--line); }
.layout-multiple-columns .column .column-header { position: static; border: 0; border-bottom: 1px solid var(--line); }
.layout-multiple-columns .scrollable { flex: 1 1 auto; overflow-y: auto; }
.drawer__header { display: flex; gap: 10px; margin-bottom: 10px; }
._comp_account_header__header img { width: 100%; height: 140px; object-fit: cover; display: block; background: #ccd; }
._comp_account_header__barWrapper { padding: 10px 14px; }
._comp_account_header__name h1 { font-size: 20px; margin: 6px 0 0; }
._comp_number_fields__list { list-style: none; display: flex; gap: 16px; padding: 0; color: var(--muted); }
._comp_account_header__suspended { padding: 14px; color: #c00; font-weight: 600; }
.empty-column-indicator { padding: 40px; text-align: center; color: var(--muted); }
.sim-users { list-style: none; padding: 0; }
.sim-users li { margin: 8px 0; }
.button, .btn { display: inline-block; background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: 8px 14px; }
.btn.negative { background: #df405a; }
.container-alt { max-width: 520px; margin: 40px auto; background: var(--card); padding: 24px; border-radius: 8px; }
.oauth-code { width: 100%; font-family: monospace; padding: 8px; }
`;

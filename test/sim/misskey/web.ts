/**
 * Non-API routes: the base.pug HTML shell the SPA boots from, the `/__sim/login` page, the client
 * bundle, nodeinfo, the URL-preview endpoint and the image stand-ins.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GenPost } from '../generator/types';
import { avatarSvg, FAVICON_SVG, identiconSvg, mediaSvg, twemojiSvg } from './assets';
import { instanceName, nodeinfo, nodeinfoLinks, renderMe, renderMeta } from './meta';
import { avatarUrl } from './render';
import { nativeToken, type World } from './world';

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const here = dirname(fileURLToPath(import.meta.url));
let bundle: Promise<{ js: string; css: string }> | null = null;

/** Bundles the browser client (client/main.ts) with esbuild, once per process. */
export function clientBundle(): Promise<{ js: string; css: string }> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      entryPoints: [join(here, 'client', 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2020',
      charset: 'utf8',
      logLevel: 'silent',
    });
    const js = out.outputFiles[0]!.text;
    return { js, css: readFileSync(join(here, 'client', 'style.css'), 'utf8') };
  })();
  return bundle;
}

const html = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

const ok = (body: string | Buffer, type: string, extra: Record<string, string> = {}): WebResponse => ({
  status: 200,
  headers: { 'content-type': type, ...extra },
  body,
});
const svg = (s: string): WebResponse => ok(s, 'image/svg+xml', { 'cache-control': 'max-age=31536000, immutable' });

/** The base.pug shell (upstream packages/backend/src/server/web/views/base.pug). */
export function shellHtml(world: World, title?: string): string {
  const dir = world.dir;
  const meta = renderMeta(dir, true, world.rateLimitFactor);
  const name = instanceName(dir);
  return `<!DOCTYPE html>
<!--
  _____ _         _
 |     |_|___ ___| |_ ___ _ _
 | | | | |_ -|_ -| '_| -_| | |
 |_|_|_|_|___|___|_,_|___|_  |
                         |___|
 Simulated for Breakwater's tests: not a real Misskey server.
-->
<html>
<head>
<meta charset="utf-8">
<meta name="application-name" content="Misskey">
<meta name="referrer" content="origin">
<meta name="theme-color" content="#86b300">
<meta name="theme-color-orig" content="#86b300">
<meta property="og:site_name" content="${html(name)}">
<meta property="instance_url" content="${dir.base}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="format-detection" content="telephone=no,date=no,address=no,email=no,url=no">
<link rel="icon" href="/favicon.ico">
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
<link rel="manifest" href="/manifest.json">
<link rel="search" type="application/opensearchdescription+xml" title="${html(name)}" href="${dir.base}/opensearch.xml">
<link rel="modulepreload" href="/vite/app-sim.js">
<link rel="stylesheet" href="/vite/app-sim.css">
<title>${html(title ?? name)}</title>
<meta name="description" content="Simulated Misskey instance for Breakwater tests (not a real server).">
<meta property="og:title" content="${html(title ?? name)}">
<meta property="og:description" content="Simulated Misskey instance for Breakwater tests (not a real server).">
<meta property="og:image" content="">
<meta property="twitter:card" content="summary">
<style>#splash{position:fixed;inset:0;z-index:10000;background:#f9f9f9;display:flex;align-items:center;justify-content:center}#splashIcon{width:64px;height:64px;border-radius:12px}#splashSpinner{display:none}</style>
<script>var VERSION = "${dir.version}"; var CLIENT_ENTRY = "app-sim.js";</script>
<script type="application/json" id="misskey_meta" data-generated-at="${world.now()}">${scriptJson(meta)}</script>
<script src="/vite/app-sim.js" defer></script>
</head>
<body>
<noscript><p>JavaScriptを有効にしてください<br>Please turn on your JavaScript</p></noscript>
<div id="splash"><img id="splashIcon" src="/static-assets/splash.png"><div id="splashSpinner"></div></div>
</body>
</html>
`;
}

/** `/__sim/login?user=&next=&ui=`: stores the login where Misskey's web UI keeps it, then goes on. */
export function loginPage(world: World, q: URLSearchParams): WebResponse {
  const dir = world.dir;
  const username = (q.get('user') ?? '').toLowerCase();
  const u = dir.localByUsername.get(username);
  if (!u) {
    const list = dir.users
      .filter((x) => x.host === null)
      .map((x) => `<li><a href="/__sim/login?user=${x.username}">${x.username}</a> (${x.role})</li>`);
    return {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!DOCTYPE html><meta charset="utf-8"><title>No such user</title><p>No local user "${html(username)}" on ${dir.domain}.</p><ul>${list.join('')}</ul>`,
    };
  }
  let next = q.get('next') ?? '/';
  if (!next.startsWith('/') || next.startsWith('//')) next = '/';
  const ui = q.get('ui');
  const columns = q.get('columns');
  const account = { ...renderMe(world, u), token: nativeToken(dir.domain, u.username) };
  const body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Logging in as @${html(u.username)}</title></head><body><p>Logging in as @${html(u.username)}…</p><script>
localStorage.setItem('account', ${JSON.stringify(JSON.stringify(account)).replace(/</g, '\\u003c')});
localStorage.setItem('lang', 'ja-JP');
${ui === 'deck' || ui === 'zen' || ui === 'universal' ? `localStorage.setItem('ui', ${JSON.stringify(ui)});` : "localStorage.removeItem('ui');"}
${columns ? `localStorage.setItem('simDeckColumns', ${JSON.stringify(columns)});` : "localStorage.removeItem('simDeckColumns');"}
location.replace(${JSON.stringify(next)});
</script></body></html>`;
  return ok(body, 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
}

function logoutPage(): WebResponse {
  return ok(
    `<!DOCTYPE html><meta charset="utf-8"><script>localStorage.removeItem('account');localStorage.removeItem('ui');localStorage.removeItem('simDeckColumns');location.replace('/');</script>`,
    'text/html; charset=utf-8',
  );
}

function findCard(world: World, url: string): GenPost['card'] {
  for (const p of world.dir.known) if (p.card && p.card.url === url) return p.card;
  return null;
}

/** `/url?url=` (summaly): a preview for links the scenario describes, 422 otherwise (the UI says it cannot preview). */
function urlPreview(world: World, q: URLSearchParams): WebResponse {
  const url = q.get('url') ?? '';
  const card = findCard(world, url);
  if (!card || !card.title || card.title === url) {
    return {
      status: 422,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { code: 'URL_PREVIEW_FAILED', message: 'Failed to get preview of the URL' } }),
    };
  }
  let host = url;
  try {
    host = new URL(url).hostname;
  } catch {
    /* keep the raw url */
  }
  return ok(
    JSON.stringify({
      url,
      title: card.title,
      icon: `https://${host}/favicon.ico`,
      description: card.description || null,
      thumbnail: null,
      player: { url: null, width: null, height: null, allow: [] },
      sitename: host,
      sensitive: false,
      activityPub: null,
      fediverseCreator: null,
    }),
    'application/json; charset=utf-8',
  );
}

/** Answers a GET for anything that is not the API. */
export async function handleWeb(world: World, path: string, q: URLSearchParams): Promise<WebResponse> {
  const dir = world.dir;
  if (path === '/__sim/login') return loginPage(world, q);
  if (path === '/__sim/logout') return logoutPage();
  if (path === '/vite/app-sim.js') return ok((await clientBundle()).js, 'application/javascript; charset=utf-8');
  if (path === '/vite/app-sim.css') return ok((await clientBundle()).css, 'text/css; charset=utf-8');
  if (path === '/.well-known/nodeinfo')
    return ok(JSON.stringify(nodeinfoLinks(dir)), 'application/json; charset=utf-8', {
      'access-control-allow-origin': '*',
    });
  if (path === '/nodeinfo/2.1' || path === '/nodeinfo/2.0') {
    const v = path.endsWith('2.1') ? '2.1' : '2.0';
    return ok(
      JSON.stringify(nodeinfo(world, v)),
      `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/${v}#"; charset=utf-8`,
      { 'access-control-allow-origin': '*' },
    );
  }
  if (path === '/url') return urlPreview(world, q);
  if (path.startsWith('/identicon/')) return svg(identiconSvg(decodeURIComponent(path.slice('/identicon/'.length))));
  if (path.startsWith('/avatar/@')) {
    const acct = decodeURIComponent(path.slice('/avatar/@'.length));
    const [username = '', host = dir.domain] = acct.split('@');
    const u = dir.users.find(
      (x) => x.username.toLowerCase() === username.toLowerCase() && (x.host ?? dir.domain) === host,
    );
    const location = u ? avatarUrl(dir, u) : `${dir.base}/identicon/${acct}`;
    return { status: 302, headers: { location, 'cache-control': 'max-age=86400' }, body: '' };
  }
  if (path.startsWith('/twemoji/')) return svg(twemojiSvg(path.slice('/twemoji/'.length)));
  if (path.startsWith('/proxy/')) {
    const src = q.get('url') ?? path;
    if (q.get('avatar') === '1') return svg(avatarSvg(src));
    if (/\/favicon\.ico$/.test(src)) return svg(identiconSvg(src));
    return svg(mediaSvg(src));
  }
  if (path.startsWith('/files/')) {
    const name = path.slice('/files/'.length);
    return svg(name.startsWith('avatar-') ? avatarSvg(name) : mediaSvg(name));
  }
  if (
    path === '/favicon.ico' ||
    path === '/apple-touch-icon.png' ||
    path.startsWith('/static-assets/') ||
    path.startsWith('/assets/')
  )
    return svg(FAVICON_SVG);
  if (path === '/manifest.json')
    return ok(
      JSON.stringify({ short_name: 'Misskey', name: instanceName(dir), start_url: '/', display: 'standalone' }),
      'application/manifest+json; charset=utf-8',
    );
  if (path === '/robots.txt') return ok('User-agent: *\nDisallow: /\n', 'text/plain; charset=utf-8');
  if (/\.[a-z0-9]{2,5}$/i.test(path) && !path.startsWith('/@') && !path.startsWith('/notes/')) {
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' };
  }
  return ok(shellHtml(world), 'text/html; charset=utf-8', { 'cache-control': 'public, max-age=30' });
}

/**
 * Mastodon REST JSON for generated posts and accounts, in each version's exact shapes (key sets and
 * order as in ../shared/fixtures/mastodon/<version>/api). Pure functions of (scenario, domain,
 * version): the same post gets the same local ids on every call. 4.2.0 lacks the 4.3+ account fields
 * (`indexable`, `*_description`, `hide_collections`, `show_*`, `feature_approval`) and the 4.5+
 * status fields (`quotes_count`, `quote`, `quote_approval`, `tagged_collections`); a quote there is
 * only the fallback `RE: <url>` paragraph, as 4.2 showed it.
 */
import type { GenAccount, GenMedia, GenPost, Scenario } from '../generator/types';
import { countUntil, indexScenario, isMisskeyHost, lastUntil } from '../scenario-index';
import { hash32 } from '../generator/prng';
import { escapeHtml, formatContent } from './content';
import { hex16, idPath, snowflake } from './ids';
import { originNoteId, originOf } from '../misskey/directory';

export type MastodonVersion = '4.6.5' | '4.2.0';

/** Versions reproduced; anything that is not 4.2.x is rendered as 4.6.5. */
export function isV4_2(version: string): boolean {
  return version.startsWith('4.2');
}

export interface RenderContext {
  /** Counts and `last_status_at` include only posts made by then (epoch ms). Default: all. */
  now?: number;
  /** Viewer-only fields (`favourited`, `muted`, ...) are left out for anonymous requests, as Mastodon does. */
  authenticated?: boolean;
  /** The local username of the viewer (for `pinned`, own `application`). */
  viewer?: string;
  /** Moderation state of an account on this instance (suspended accounts render reduced). */
  accountFlags?(acct: string): { suspended?: boolean; limited?: boolean; sensitized?: boolean } | undefined;
  /** Account role badges for local users (`roles`), by username. */
  localRole?(username: string): { id: string; name: string; color: string } | null;
}

export type Json = Record<string, unknown>;

const DAY = 86_400_000;

function scheme(scenario: Scenario, host: string): string {
  return scenario.options.instances.includes(host) ? 'http' : 'https';
}

function baseUrl(scenario: Scenario, host: string): string {
  return `${scheme(scenario, host)}://${host}`;
}

// ------------------------------------------------------------------ ids

/** When `domain` first saw the account: the Snowflake time of its local account id. */
export function accountFirstSeen(account: GenAccount, scenario: Scenario, domain: string): number {
  if (account.host === domain) return account.createdAt;
  const idx = indexScenario(scenario);
  const h = hash32(`${domain}|${account.acct}`, 7);
  const start = scenario.options.start;
  if (account.label === 'spam' || account.createdAt > start - DAY) {
    const first = idx.firstPostAt.get(account.acct);
    const seen = first !== undefined ? first - (h % 30_000) : account.createdAt + (h % 3_600_000);
    return Math.max(account.createdAt + 1000, seen);
  }
  const span = Math.max(DAY, Math.min(180 * DAY, start - DAY - account.createdAt));
  return account.createdAt + (h % span);
}

const accountIdCache = new WeakMap<Scenario, Map<string, string>>();

export function accountIdFor(acct: string, scenario: Scenario, domain: string): string {
  let m = accountIdCache.get(scenario);
  if (!m) accountIdCache.set(scenario, (m = new Map()));
  const key = `${domain}|${acct}`;
  let id = m.get(key);
  if (!id) {
    const a = scenario.accounts[acct];
    const seen = a ? accountFirstSeen(a, scenario, domain) : scenario.options.start;
    id = snowflake(seen, `account|${key}`);
    m.set(key, id);
  }
  return id;
}

const statusIdCache = new WeakMap<Scenario, Map<string, string>>();

/** The local status id `domain` gives a scenario post. */
export function statusIdFor(post: GenPost, scenario: Scenario, domain: string): string {
  let m = statusIdCache.get(scenario);
  if (!m) statusIdCache.set(scenario, (m = new Map()));
  const key = `${domain}|${post.id}`;
  let id = m.get(key);
  if (!id) {
    id = snowflake(post.createdAt, `status|${key}`);
    m.set(key, id);
  }
  return id;
}

/** Misskey `aid`: 8 base36 characters of ms since 2000-01-01 and 2 of noise. */
function aid(ms: number, key: string): string {
  const t = Math.max(0, ms - 946684800000)
    .toString(36)
    .padStart(8, '0');
  return t + (hash32(key) % 1296).toString(36).padStart(2, '0');
}

/** The acct as `domain` writes it: `user` for its own users, `user@host` for the rest. */
export function localAcct(account: GenAccount, domain: string): string {
  return account.host === domain ? account.username : `${account.username}@${account.host}`;
}

export function accountUrl(account: GenAccount, scenario: Scenario): string {
  return `${baseUrl(scenario, account.host)}/@${account.username}`;
}

function accountUri(account: GenAccount, scenario: Scenario): string {
  if (isMisskeyHost(account.host))
    return `${baseUrl(scenario, account.host)}/users/${aid(account.createdAt, account.acct)}`;
  return `${baseUrl(scenario, account.host)}/users/${account.username}`;
}

/**
 * A post's canonical `uri` and `url`: what its origin server publishes, by that server's software.
 * Every renderer (Mastodon's and Misskey's) uses this one function, so every instance shows a post
 * under the same ActivityPub id.
 * - Misskey origin: `/notes/<id>` with the id the origin gives the note: a simulated Misskey
 *   instance's own (aidx on 2025.7, aid on 2024.2, see ../misskey/directory.ts), a 10-character aid
 *   for other Misskey hosts.
 * - Mastodon family: `/users/<name>/statuses/<its status id>` (a boost: `.../activity`), URL
 *   `/@<name>/<id>`.
 */
export function canonicalPostUris(post: GenPost, scenario: Scenario): { uri: string; url: string } {
  const author = scenario.accounts[post.author];
  if (!author) throw new Error(`post ${post.id}: unknown author ${post.author}`);
  const base = originOf(author.host, scenario);
  if (isMisskeyHost(author.host)) {
    const id = scenario.options.instances.includes(author.host)
      ? originNoteId(scenario, author.host, post.id)
      : undefined;
    const u = `${base}/notes/${id ?? aid(post.createdAt, post.id)}`;
    return { uri: u, url: u };
  }
  const originId = statusIdFor(post, scenario, author.host);
  if (post.boostOf) {
    const u = `${base}/users/${author.username}/statuses/${originId}/activity`;
    return { uri: u, url: u };
  }
  return {
    uri: `${base}/users/${author.username}/statuses/${originId}`,
    url: `${base}/@${author.username}/${originId}`,
  };
}

// ------------------------------------------------------------------ accounts

function mediaUrl(domain: string, local: boolean, kind: string, id: string, style: string, key: string): string {
  return `http://${domain}/system/${local ? '' : 'cache/'}${kind}/${idPath(id)}/${style}/${hex16(key)}.png`;
}

function midnight(ms: number): string {
  return new Date(Math.floor(ms / DAY) * DAY).toISOString();
}

export function renderAccount(
  account: GenAccount,
  scenario: Scenario,
  domain: string,
  version: string,
  ctx: RenderContext = {},
): Json {
  const old = isV4_2(version);
  const idx = indexScenario(scenario);
  const now = ctx.now ?? Infinity;
  const id = accountIdFor(account.acct, scenario, domain);
  const local = account.host === domain;
  const flags = ctx.accountFlags?.(account.acct) ?? {};
  const suspended = !!flags.suspended;
  const avatar =
    account.hasAvatar && !suspended
      ? mediaUrl(domain, local, 'accounts/avatars', id, 'original', `avatar|${account.acct}`)
      : `http://${domain}/avatars/original/missing.png`;
  const header =
    account.hasAvatar && !suspended
      ? mediaUrl(domain, local, 'accounts/headers', id, 'original', `header|${account.acct}`)
      : `http://${domain}/headers/original/missing.png`;
  const posts = idx.byAuthor.get(account.acct);
  const last = lastUntil(posts, now);
  const spam = account.label === 'spam';
  const j: Json = {
    id,
    username: account.username,
    acct: localAcct(account, domain),
    display_name: suspended ? '' : account.displayName,
    locked: false,
    bot: suspended ? false : account.bot,
    discoverable: suspended ? false : !spam && account.followers > 0,
  };
  if (!old) j.indexable = suspended ? false : !spam && account.followers > 0;
  j.group = false;
  j.created_at = midnight(account.createdAt);
  j.note = suspended || !account.bio ? '' : `<p>${escapeHtml(account.bio)}</p>`;
  j.url = accountUrl(account, scenario);
  j.uri = accountUri(account, scenario);
  j.avatar = avatar;
  j.avatar_static = avatar;
  if (!old) j.avatar_description = '';
  j.header = header;
  j.header_static = header;
  if (!old) j.header_description = '';
  j.followers_count = suspended ? 0 : account.followers;
  j.following_count = suspended ? 0 : account.following;
  j.statuses_count = suspended ? 0 : account.priorPosts + countUntil(posts, now);
  j.last_status_at = suspended || !last ? null : new Date(last.createdAt).toISOString().slice(0, 10);
  if (!old) {
    j.hide_collections = false;
    j.show_media = true;
    j.show_media_replies = true;
    j.show_featured = true;
  }
  if (local) j.noindex = false;
  j.emojis = [];
  if (local) {
    const role = ctx.localRole?.(account.username) ?? null;
    j.roles = role ? [role] : [];
  }
  j.fields = [];
  if (!old) j.feature_approval = { automatic: spam ? [] : ['public'], manual: [], current_user: 'automatic' };
  if (suspended) j.suspended = true;
  if (flags.limited && !suspended) j.limited = true;
  return j;
}

// ------------------------------------------------------------------ statuses

function smallSize(w: number, h: number): { width: number; height: number } {
  const f = Math.min(1, 640 / Math.max(w, h));
  return { width: Math.round(w * f), height: Math.round(h * f) };
}

function renderMedia(
  m: GenMedia,
  i: number,
  post: GenPost,
  author: GenAccount,
  scenario: Scenario,
  domain: string,
): Json {
  const local = author.host === domain;
  const id = snowflake(post.createdAt - 1000 - i, `media|${domain}|${post.id}|${i}`);
  const small = smallSize(m.width, m.height);
  const remoteId = snowflake(post.createdAt - 2000 - i, `media|${author.host}|${post.id}|${i}`);
  return {
    id,
    type: m.kind,
    url: mediaUrl(domain, local, 'media_attachments/files', id, 'original', `media|${post.id}|${i}`),
    preview_url: mediaUrl(domain, local, 'media_attachments/files', id, 'small', `media|${post.id}|${i}`),
    remote_url: local
      ? null
      : `${baseUrl(scenario, author.host)}/system/media_attachments/files/${idPath(remoteId)}/original/${hex16(`remote|${post.id}|${i}`)}.png`,
    preview_remote_url: null,
    text_url: null,
    meta: {
      original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height },
      small: {
        width: small.width,
        height: small.height,
        size: `${small.width}x${small.height}`,
        aspect: small.width / small.height,
      },
    },
    description: m.description,
    blurhash: m.blurhash,
  };
}

function renderCard(post: GenPost, domain: string, version: string): Json | null {
  const c = post.card;
  if (!c) return null;
  const host = (() => {
    try {
      return new URL(c.url).hostname;
    } catch {
      return '';
    }
  })();
  const j: Json = {
    url: c.url,
    title: c.title,
    description: c.description,
    language: post.lang,
    type: 'link',
    author_name: '',
    author_url: '',
    provider_name: host,
    provider_url: '',
    html: '',
    width: c.blurhash ? 640 : 0,
    height: c.blurhash ? 336 : 0,
    image: c.blurhash
      ? `http://${domain}/system/cache/preview_cards/images/${idPath(snowflake(post.createdAt, `card|${c.url}`))}/original/${hex16(`card|${c.url}`)}.png`
      : null,
    image_description: '',
    embed_url: '',
    blurhash: c.blurhash,
    published_at: null,
  };
  if (!isV4_2(version)) j.authors = [];
  return j;
}

function favouritesFor(post: GenPost, author: GenAccount): number {
  if (post.label === 'spam' || post.boostOf) return 0;
  const h = hash32(post.id, 3);
  return Math.floor(((h % 1000) / 1000) * Math.min(60, 2 + author.followers / 50));
}

/**
 * The Status JSON `domain` serves for a scenario post (a boost embeds the boosted post, a quote
 * embeds the quoted post on 4.5+). Local ids are derived from the scenario id and the domain.
 */
export function renderStatus(
  post: GenPost,
  scenario: Scenario,
  domain: string,
  version: string,
  ctx: RenderContext = {},
  depth = 0,
): Json {
  const old = isV4_2(version);
  const idx = indexScenario(scenario);
  const now = ctx.now ?? Infinity;
  const authed = ctx.authenticated ?? true;
  const author = scenario.accounts[post.author];
  if (!author) throw new Error(`post ${post.id}: unknown author ${post.author}`);
  const id = statusIdFor(post, scenario, domain);
  const { uri, url } = canonicalPostUris(post, scenario);
  const parent = post.replyTo ? idx.byId.get(post.replyTo) : undefined;
  const boosted = post.boostOf ? idx.byId.get(post.boostOf) : undefined;
  const quoted = post.quoteOf ? idx.byId.get(post.quoteOf) : undefined;
  const local = author.host === domain;
  const mentionUrl = (acct: string) => {
    const a = scenario.accounts[acct];
    return a && post.mentions.includes(acct) ? accountUrl(a, scenario) : null;
  };
  const tagBase = `${baseUrl(scenario, author.host)}/tags/`;
  let content = boosted
    ? ''
    : formatContent(post.text, { mentionUrl, tagUrl: (t) => tagBase + encodeURIComponent(t), links: post.links });
  if (old && quoted) {
    const qa = scenario.accounts[quoted.author];
    if (qa) {
      const qurl = canonicalPostUris(quoted, scenario).url;
      content = `<p class="quote-inline">RE: ${formatContent(qurl, { mentionUrl: () => null, tagUrl: () => '', links: [qurl] }).slice(3, -4)}</p>${content}`;
    }
  }
  const j: Json = {
    id,
    created_at: new Date(post.createdAt).toISOString(),
    in_reply_to_id: parent ? statusIdFor(parent, scenario, domain) : null,
    in_reply_to_account_id: parent ? accountIdFor(parent.author, scenario, domain) : null,
    sensitive: !!post.cw,
    spoiler_text: post.cw,
    visibility: post.visibility,
    language: boosted ? null : post.lang,
    uri,
    url,
    replies_count: boosted ? 0 : countUntil(idx.replies.get(post.id), now),
    reblogs_count: boosted ? 0 : countUntil(idx.boosts.get(post.id), now),
    favourites_count: favouritesFor(post, author),
  };
  if (!old) j.quotes_count = boosted ? 0 : countUntil(idx.quotes.get(post.id), now);
  j.edited_at = null;
  if (authed) {
    j.favourited = false;
    j.reblogged = false;
    j.muted = false;
    j.bookmarked = false;
    if (ctx.viewer && local && author.username === ctx.viewer && !boosted) j.pinned = false;
  }
  j.content = content;
  if (authed) j.filtered = [];
  j.reblog = boosted ? renderStatus(boosted, scenario, domain, version, ctx, depth + 1) : null;
  if (local && !boosted) j.application = { name: 'Web', website: null };
  j.account = renderAccount(author, scenario, domain, version, ctx);
  j.media_attachments = boosted ? [] : post.media.map((m, i) => renderMedia(m, i, post, author, scenario, domain));
  j.mentions = boosted
    ? []
    : post.mentions
        .map((acct) => scenario.accounts[acct])
        .filter((a): a is GenAccount => !!a)
        .map((a) => ({
          id: accountIdFor(a.acct, scenario, domain),
          username: a.username,
          url: accountUrl(a, scenario),
          acct: localAcct(a, domain),
        }));
  j.tags = boosted ? [] : post.tags.map((t) => ({ name: t, url: `http://${domain}/tags/${encodeURIComponent(t)}` }));
  j.emojis = [];
  if (!old) {
    j.tagged_collections = [];
    if (quoted && depth < 1)
      j.quote = { state: 'accepted', quoted_status: renderStatus(quoted, scenario, domain, version, ctx, depth + 1) };
    else if (quoted) j.quote = { state: 'accepted', quoted_status_id: statusIdFor(quoted, scenario, domain) };
    else j.quote = null;
  }
  j.card = boosted ? null : renderCard(post, domain, version);
  j.poll = null;
  if (!old) {
    j.quote_approval = boosted
      ? { automatic: [], manual: [], current_user: 'denied' }
      : {
          automatic: post.label === 'spam' ? [] : ['public'],
          manual: [],
          current_user: post.label === 'spam' ? 'denied' : 'automatic',
        };
  }
  return j;
}

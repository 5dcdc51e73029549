/**
 * Mastodon Status / Account JSON (as the web UI receives it, 4.2 to 4.6 shapes) to the neutral
 * model. Unknown fields are ignored; a missing required field throws a NormalizeError naming it.
 * What a Post holds is bounded by POST_LIMITS (src/core/post-limits.ts): longer texts are cut,
 * lists end at their cap, oversized ids, usernames and hosts are refused.
 */
import type { AgeSource, Author, Card, Link, Media, MediaKind, Mention, Post } from '../../core/model';
import {
  attempt,
  type Json,
  isObject,
  id,
  NormalizeError,
  obj,
  optArr,
  optBool,
  optDate,
  optNum,
  optStr,
  str,
  type Normalized,
} from '../../core/json-read';
import { cut, detach, POST_LIMITS as L, within } from '../../core/post-limits';
import { hostToUnicode } from '../../core/text/punycode';
import { toLink } from '../../core/text/urls';
import { htmlToText } from './html';
import { mastodonIdTime } from './ids';

const DAY = 86_400_000;
const MAX_DEPTH = 3;

function normHost(host: string): string {
  return hostToUnicode(host.trim().toLowerCase());
}

/** An account's home host (Unicode); refused when longer than a host can be. */
function accountHost(host: string, path: string): string {
  const h = normHost(host);
  if (h.length > L.host) throw new NormalizeError(`host longer than ${L.host} characters`, path);
  return detach(h);
}

/** Mastodon's placeholder avatar (`/avatars/original/missing.png`), or none at all. */
export function isMissingAvatar(url: string | null): boolean {
  return !url || /\/missing\.png(\?|$)/.test(url);
}

/** Account JSON to Author. `instance` is the viewing instance's domain (the home of local accounts). */
export function normalizeMastodonAccount(json: unknown, instance: string, path = 'account'): Author {
  const a = obj(json, path);
  const accountId = id(a, 'id', path);
  const username = str(a, 'username', path, L.name);
  const acct = optStr(a, 'acct') ?? username;
  const at = acct.indexOf('@');
  const host = accountHost(at >= 0 ? acct.slice(at + 1) : instance, `${path}.acct`);
  const idTime = mastodonIdTime(accountId);
  const day = optDate(a, 'created_at');
  let createdAt: number | null = idTime;
  let createdAtSource: AgeSource = idTime !== null ? 'id' : 'unknown';
  // The id says when *this* server first saw the account; created_at (midnight-rounded) says when
  // its home server created it. A remote account first seen today may be years old.
  if (day !== null && (idTime === null || day < idTime - 2 * DAY)) {
    createdAt = day;
    createdAtSource = 'profile-day';
  }
  const note = optStr(a, 'note');
  return {
    key: `${username}@${host}`.toLowerCase(),
    id: accountId,
    username,
    host,
    displayName: cut(optStr(a, 'display_name') ?? '', L.name),
    avatarMissing: isMissingAvatar(within(optStr(a, 'avatar_static') ?? optStr(a, 'avatar'), L.url)),
    bio: note === null ? null : cut(htmlToText(cut(note, L.source / 4)).text, L.bio),
    bot: optBool(a, 'bot'),
    createdAt,
    createdAtSource,
    followersCount: optNum(a, 'followers_count'),
    followingCount: optNum(a, 'following_count'),
    postsCount: optNum(a, 'statuses_count'),
  };
}

function mediaKind(t: string | null): MediaKind {
  return t === 'image' || t === 'gifv' || t === 'video' || t === 'audio' ? t : 'unknown';
}

function normalizeMedia(json: unknown): Media | null {
  if (!isObject(json)) return null;
  const meta = isObject(json.meta) ? json.meta : {};
  const original = isObject(meta.original) ? meta.original : meta;
  const description = optStr(json, 'description');
  return {
    kind: mediaKind(optStr(json, 'type')),
    blurhash: within(optStr(json, 'blurhash'), L.blurhash),
    width: optNum(original, 'width'),
    height: optNum(original, 'height'),
    url: within(optStr(json, 'remote_url') ?? optStr(json, 'url'), L.url),
    description: description === null ? null : cut(description, L.cw),
  };
}

function normalizeMention(json: unknown, instance: string): Mention | null {
  if (!isObject(json)) return null;
  const username = optStr(json, 'username');
  if (!username || username.length > L.name) return null;
  const acct = optStr(json, 'acct') ?? username;
  const at = acct.indexOf('@');
  const host = normHost(at >= 0 ? acct.slice(at + 1) : instance);
  if (host.length > L.host) return null;
  return { username, host, id: within(optStr(json, 'id'), L.id) };
}

function normalizeCard(json: unknown): Card | null {
  if (!isObject(json)) return null;
  const url = optStr(json, 'url');
  if (!url || url.length > L.url) return null;
  return {
    url,
    title: cut(optStr(json, 'title') ?? '', L.cw),
    blurhash: within(optStr(json, 'blurhash'), L.blurhash),
  };
}

/** The items of a JSON list that `read` accepts, at most `max` of them (reading stops there). */
function capped<T>(list: unknown[], max: number, read: (x: unknown) => T | null): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length && out.length < max; i++) {
    const v = read(list[i]);
    if (v !== null) out.push(v);
  }
  return out;
}

function normalizeOne(s: Json, instance: string, path: string, depth: number): Post {
  const statusId = id(s, 'id', path);
  const author = normalizeMastodonAccount(s.account, instance, `${path}.account`);
  const createdAt = optDate(s, 'created_at') ?? mastodonIdTime(statusId);
  if (createdAt === null) throw new NormalizeError('no usable created_at', `${path}.created_at`);
  const content = cut(optStr(s, 'content') ?? '', L.source);
  // Mentions and hashtags are anchors too: room for all of them and the links.
  const { text, anchors } = htmlToText(content, L.mentions + L.tags + L.links);
  const links: Link[] = [];
  for (const a of anchors) {
    if (links.length >= L.links) break;
    const isMention = a.classes.includes('mention') && !a.classes.includes('hashtag');
    const isTag = a.classes.includes('hashtag') || /\btag\b/.test(a.rel) || a.text.startsWith('#');
    if (isMention || isTag || !a.href || a.href.length > L.url) continue;
    const link = toLink(a.href);
    if (link) links.push(link);
  }
  const card = normalizeCard(s.card);
  if (card && links.length < L.links && !links.some((l) => l.url === card.url)) {
    const link = toLink(card.url);
    if (link) links.push(link);
  }
  let quote: Post | null = null;
  // 4.5+: { state, quoted_status }; only an accepted quote carries the quoted status.
  if (isObject(s.quote) && isObject(s.quote.quoted_status) && depth < MAX_DEPTH) {
    quote = normalizeOne(s.quote.quoted_status, instance, `${path}.quote.quoted_status`, depth + 1);
  }
  return {
    key: `${instance}/${statusId}`,
    id: statusId,
    instance,
    platform: 'mastodon',
    url: within(optStr(s, 'url'), L.url) ?? within(optStr(s, 'uri'), L.url),
    uri: within(optStr(s, 'uri'), L.url),
    createdAt,
    author,
    text: cut(text, L.text),
    cw: cut(optStr(s, 'spoiler_text') ?? '', L.cw),
    language: within(optStr(s, 'language'), L.language),
    mentions: capped(optArr(s, 'mentions'), L.mentions, (m) => normalizeMention(m, instance)),
    tags: capped(optArr(s, 'tags'), L.tags, (t) => {
      const name = isObject(t) ? optStr(t, 'name') : null;
      return name ? cut(name, L.name).toLowerCase() : null;
    }),
    links,
    media: capped(optArr(s, 'media_attachments'), L.media, normalizeMedia),
    card,
    visibility: cut(optStr(s, 'visibility') ?? 'public', L.visibility),
    inReplyToId: within(optStr(s, 'in_reply_to_id'), L.id),
    boost: null,
    quote,
  };
}

/**
 * A Status to a Post. For a boost, the Post is the boosted status, with `boost` naming who boosted
 * it and the boost's own id (what the web UI's `article[data-id]` carries).
 */
export function normalizeMastodonStatus(json: unknown, instance: string): Post {
  const s = obj(json, 'status');
  const domain = normHost(instance);
  if (isObject(s.reblog)) {
    const inner = normalizeOne(s.reblog, domain, 'status.reblog', 0);
    inner.boost = { by: normalizeMastodonAccount(s.account, domain, 'status.account'), id: id(s, 'id', 'status') };
    return inner;
  }
  return normalizeOne(s, domain, 'status', 0);
}

/** Like normalizeMastodonStatus, but reports a malformed status instead of throwing. */
export function tryNormalizeMastodonStatus(json: unknown, instance: string): Normalized<Post> {
  return attempt(() => normalizeMastodonStatus(json, instance));
}

/** Whether a JSON object looks like a Mastodon Status (for auto-detection). */
export function looksLikeMastodonStatus(json: unknown): boolean {
  return isObject(json) && 'account' in json && ('content' in json || 'reblog' in json) && 'id' in json;
}

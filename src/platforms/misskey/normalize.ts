/**
 * Misskey Note / UserLite / UserDetailed JSON (2024.2 to 2025.x shapes, and forks that keep them)
 * to the neutral model. Unknown fields are ignored; a missing required field throws a
 * NormalizeError naming it. What a Post holds is bounded by POST_LIMITS (src/core/post-limits.ts):
 * longer texts are cut, lists end at their cap, oversized ids, usernames and hosts are refused.
 */
import type { AgeSource, Author, Media, MediaKind, Mention, Post } from '../../core/model';
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
import { cut, POST_LIMITS as L, within } from '../../core/post-limits';
import { hostToUnicode } from '../../core/text/punycode';
import { linksInText } from '../../core/text/urls';
import { misskeyIdTime, type MisskeyIdScheme } from './ids';
import { mentionsInMfm, mfmToPlain, tagsInMfm } from './mfm';

export interface MisskeyNormalizeOptions {
  /** The server's id scheme when known (meta or configuration); detected from each id otherwise. */
  idScheme?: MisskeyIdScheme;
}

const MAX_DEPTH = 3;

function normHost(host: string): string {
  return hostToUnicode(host.trim().toLowerCase());
}

/** Misskey serves `/identicon/<acct>` for users without an avatar of their own. */
export function isIdenticon(url: string | null): boolean {
  return !url || url.includes('/identicon/');
}

/** UserLite (embedded in notes) or UserDetailed (`users/show`) to Author. */
export function normalizeMisskeyUser(
  json: unknown,
  instance: string,
  opts: MisskeyNormalizeOptions = {},
  path = 'user',
): Author {
  const u = obj(json, path);
  const userId = id(u, 'id', path);
  const username = str(u, 'username', path, L.name);
  const host = normHost(optStr(u, 'host') ?? instance);
  if (host.length > L.host) throw new NormalizeError(`host longer than ${L.host} characters`, `${path}.host`);
  // UserDetailed has the exact creation date; a UserLite only its id (first seen by this server).
  const profileDate = optDate(u, 'createdAt');
  const idTime = misskeyIdTime(userId, opts.idScheme);
  const createdAt: number | null = profileDate ?? idTime;
  let createdAtSource: AgeSource = profileDate !== null ? 'profile' : idTime !== null ? 'id' : 'unknown';
  if (createdAt === null) createdAtSource = 'unknown';
  const description = 'description' in u ? cut(optStr(u, 'description') ?? '', L.bio) : null;
  return {
    key: `${username}@${host}`.toLowerCase(),
    id: userId,
    username,
    host,
    displayName: cut(optStr(u, 'name') ?? '', L.name),
    avatarMissing: isIdenticon(within(optStr(u, 'avatarUrl'), L.url)),
    bio: description,
    bot: optBool(u, 'isBot'),
    createdAt,
    createdAtSource,
    followersCount: optNum(u, 'followersCount'),
    followingCount: optNum(u, 'followingCount'),
    postsCount: optNum(u, 'notesCount'),
  };
}

function fileKind(mime: string | null): MediaKind {
  if (!mime) return 'unknown';
  if (mime === 'image/gif') return 'gifv';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'unknown';
}

function normalizeFile(json: unknown): Media | null {
  if (!isObject(json)) return null;
  const props = isObject(json.properties) ? json.properties : {};
  const comment = optStr(json, 'comment');
  return {
    kind: fileKind(within(optStr(json, 'type'), 255)),
    blurhash: within(optStr(json, 'blurhash'), L.blurhash),
    width: optNum(props, 'width'),
    height: optNum(props, 'height'),
    url: within(optStr(json, 'url'), L.url),
    description: comment === null ? null : cut(comment, L.cw),
  };
}

function isPureRenote(n: Json): boolean {
  return (
    (typeof n.renoteId === 'string' || isObject(n.renote)) &&
    (n.text === null || n.text === undefined) &&
    optArr(n, 'files').length === 0 &&
    optArr(n, 'fileIds').length === 0 &&
    !isObject(n.poll)
  );
}

function normalizeOne(n: Json, instance: string, opts: MisskeyNormalizeOptions, path: string, depth: number): Post {
  const noteId = id(n, 'id', path);
  const author = normalizeMisskeyUser(n.user, instance, opts, `${path}.user`);
  const createdAt = optDate(n, 'createdAt') ?? misskeyIdTime(noteId, opts.idScheme);
  if (createdAt === null) throw new NormalizeError('no usable createdAt', `${path}.createdAt`);
  const src = cut(optStr(n, 'text') ?? '', L.source);
  const text = cut(mfmToPlain(src), L.text);
  const written = mentionsInMfm(src, L.mentions + 1);
  const ids = optArr(n, 'mentions')
    .slice(0, 2 * L.mentions)
    .filter((x): x is string => typeof x === 'string');
  // Notes list mentioned user ids in the order the text names them; pair them when counts agree
  // (past the cap the counts are not known).
  const paired = written.length === ids.length && written.length <= L.mentions;
  const mentions: Mention[] = [];
  for (let i = 0; i < written.length && mentions.length < L.mentions; i++) {
    const m = written[i]!;
    if (m.username.length > L.name) continue;
    const host = m.host ? normHost(m.host) : null;
    if (host !== null && host.length > L.host) continue;
    mentions.push({ username: m.username, host, id: paired ? within(ids[i]!, L.id) : null });
  }
  if (ids.length > written.length && written.length === 0) {
    for (const mid of ids) {
      if (mentions.length >= L.mentions) break;
      if (mid.length <= L.id) mentions.push({ username: '', host: null, id: mid });
    }
  }
  const tagsField = optArr(n, 'tags')
    .slice(0, L.tags)
    .filter((t): t is string => typeof t === 'string' && t !== '');
  let quote: Post | null = null;
  if (isObject(n.renote) && depth < MAX_DEPTH) {
    quote = normalizeOne(n.renote, instance, opts, `${path}.renote`, depth + 1);
  }
  const local = optStr(n.user as Json, 'host') === null;
  return {
    key: `${instance}/${noteId}`,
    id: noteId,
    instance,
    platform: 'misskey',
    url:
      within(optStr(n, 'url'), L.url) ??
      within(optStr(n, 'uri'), L.url) ??
      (local ? `https://${instance}/notes/${noteId}` : null),
    uri: within(optStr(n, 'uri'), L.url) ?? (local ? `https://${instance}/notes/${noteId}` : null),
    createdAt,
    author,
    text,
    cw: cut(optStr(n, 'cw') ?? '', L.cw),
    language: null,
    mentions,
    tags: (tagsField.length ? tagsField : tagsInMfm(src, L.tags)).map((t) => cut(t, L.name).toLowerCase()),
    links: linksInText(src, L.links).filter((l) => l.url.length <= L.url),
    media: optArr(n, 'files')
      .slice(0, L.media)
      .map(normalizeFile)
      .filter((m): m is Media => m !== null),
    card: null,
    visibility: cut(optStr(n, 'visibility') ?? 'public', L.visibility),
    inReplyToId: within(optStr(n, 'replyId'), L.id),
    boost: null,
    quote,
  };
}

/**
 * A Note to a Post. For a pure renote (no text, files or poll of its own), the Post is the renoted
 * note with `boost` naming who renoted it and the renote's id; a renote with text is a quote.
 */
export function normalizeMisskeyNote(json: unknown, instance: string, opts: MisskeyNormalizeOptions = {}): Post {
  const n = obj(json, 'note');
  const domain = normHost(instance);
  if (isPureRenote(n)) {
    if (!isObject(n.renote)) throw new NormalizeError('pure renote without the renoted note', 'note.renote');
    const inner = normalizeOne(n.renote, domain, opts, 'note.renote', 0);
    inner.boost = { by: normalizeMisskeyUser(n.user, domain, opts, 'note.user'), id: id(n, 'id', 'note') };
    return inner;
  }
  return normalizeOne(n, domain, opts, 'note', 0);
}

export function tryNormalizeMisskeyNote(
  json: unknown,
  instance: string,
  opts: MisskeyNormalizeOptions = {},
): Normalized<Post> {
  return attempt(() => normalizeMisskeyNote(json, instance, opts));
}

/** Whether a JSON object looks like a Misskey Note (for auto-detection). */
export function looksLikeMisskeyNote(json: unknown): boolean {
  return isObject(json) && 'userId' in json && 'user' in json && 'id' in json;
}

/**
 * Misskey JSON renderers: Note, UserLite, UserDetailed, DriveFile. Key sets and key order follow the
 * fixtures captured from Misskey 2025.7.0 (`../shared/fixtures/misskey/api/*.json`) and upstream
 * NoteEntityService / UserEntityService / DriveFileEntityService: optional keys are omitted rather
 * than null exactly where upstream omits them (`mentions`, `tags`, `emojis`, `uri`, `url`, `instance`).
 *
 * `renderNote(post, scenario, domain, version)` is pure: the engine's benchmark calls it directly and
 * gets byte-for-byte what the running instance serves to an anonymous reader.
 */
import type { GenMedia, GenPost, Scenario } from '../generator/types';
import { hash32 as prngHash32 } from '../generator/prng';
import { canonicalPostUris } from '../mastodon/render';
import { isMisskeyHost } from '../scenario-index';
import { authorOf, directoryFor, isSimHost, originOf, type Directory, type SimUser } from './directory';
import { hash32 } from './ids';

/** What the instance knows at run time that changes how entities render for a viewer. */
export interface RenderState {
  /** User ids suspended by a moderator. */
  suspended: ReadonlySet<string>;
  /** `${blockerId}>${blockeeId}` */
  blocking: ReadonlySet<string>;
  /** `${muterId}>${muteeId}` -> expiresAt (ms) or null for indefinite. */
  muting: ReadonlyMap<string, number | null>;
  /** `${muterId}>${muteeId}` */
  renoteMuting: ReadonlySet<string>;
  /** Note ids deleted (by their author or a moderator). */
  deletedNotes: ReadonlySet<string>;
  now(): number;
}

export const EMPTY_STATE: RenderState = {
  suspended: new Set(),
  blocking: new Set(),
  muting: new Map(),
  renoteMuting: new Set(),
  deletedNotes: new Set(),
  now: () => Date.now(),
};

export interface ViewOptions {
  /** The logged-in viewer, or null for an anonymous request. */
  me?: SimUser | null;
  state?: RenderState;
}

type Json = Record<string, unknown>;

const is2024 = (dir: Directory): boolean => dir.version.startsWith('2024.');

// ---------------------------------------------------------------------------------------------
// Users

export function avatarUrl(dir: Directory, u: SimUser): string {
  const a = u.account;
  if (!a.hasAvatar) return `${dir.base}/identicon/${u.username.toLowerCase()}@${u.host ?? dir.domain}`;
  if (u.host === null) return `${dir.base}/files/avatar-${u.username.toLowerCase()}.webp`;
  const original = `${originOf(u.host, dir.scenario)}/avatars/${encodeURIComponent(u.username)}.png`;
  return `${dir.base}/proxy/avatar.webp?url=${encodeURIComponent(original)}&avatar=1`;
}

/** What a server knows about a remote instance (its nodeinfo), as UserLite.instance. */
export function instanceInfo(dir: Directory, host: string): Json {
  const misskeyish = isMisskeyHost(host);
  const origin = originOf(host, dir.scenario);
  return {
    name: isSimHost(host) ? host.replace(/\.test$/, '').replace(/-/g, ' ') : host,
    softwareName: misskeyish ? 'misskey' : 'mastodon',
    softwareVersion: misskeyish ? '2025.7.0' : host.startsWith('mastodon-b') ? '4.2.0' : '4.6.5',
    iconUrl: `${origin}/${misskeyish ? 'apple-touch-icon.png' : 'packs/media/icons/android-chrome-192x192.png'}`,
    faviconUrl: `${origin}/favicon.ico`,
    themeColor: misskeyish ? '#86b300' : '#6364ff',
  };
}

/** The 10-char aid the Mastodon family's renderer gives Misskey-origin objects (same inputs, same id). */
function originAid(ms: number, key: string): string {
  return (
    Math.max(0, ms - 946_684_800_000)
      .toString(36)
      .padStart(8, '0') + (prngHash32(key) % 1296).toString(36).padStart(2, '0')
  );
}

export function renderUserLite(dir: Directory, u: SimUser): Json {
  const a = u.account;
  const out: Json = {
    id: u.id,
    name: a.displayName === '' ? null : a.displayName,
    username: u.username,
    host: u.host,
    avatarUrl: avatarUrl(dir, u),
    avatarBlurhash: a.hasAvatar ? a.avatarBlurhash : null,
    avatarDecorations: [],
    isBot: a.bot,
    isCat: false,
  };
  if (u.host !== null) out.instance = instanceInfo(dir, u.host);
  out.emojis = {};
  out.onlineStatus = 'unknown';
  out.badgeRoles = [];
  return out;
}

/** Who follows whom in the simulation: locals follow each other, and established accounts. */
export function isFollowing(dir: Directory, from: SimUser, to: SimUser, state: RenderState = EMPTY_STATE): boolean {
  if (from.id === to.id) return false;
  if (state.blocking.has(`${from.id}>${to.id}`) || state.blocking.has(`${to.id}>${from.id}`)) return false;
  if (from.host !== null) return false;
  if (to.builtin) return true;
  const established = to.account.createdAt < dir.scenario.options.start - 7 * 86_400_000;
  return established && to.account.label === 'legit' && hash32(`follow:${from.username}:${to.acct}`) % 2 === 0;
}

export function notesCountOf(dir: Directory, u: SimUser, state: RenderState = EMPTY_STATE): number {
  let n = u.account.priorPosts;
  for (const p of dir.known) {
    if (p.author === u.acct && !state.deletedNotes.has(dir.noteIdOf.get(p.id)!)) n++;
  }
  return n;
}

/** A remote user's profile URL and actor URI as its origin publishes them. */
function profileUrls(dir: Directory, u: SimUser): { url: string | null; uri: string | null } {
  if (u.host === null) return { url: null, uri: null };
  const origin = originOf(u.host, dir.scenario);
  if (isMisskeyHost(u.host))
    return { url: `${origin}/@${u.username}`, uri: `${origin}/users/${originAid(u.account.createdAt, u.acct)}` };
  return { url: `${origin}/@${u.username}`, uri: `${origin}/users/${u.username}` };
}

export interface UserDetailOptions extends ViewOptions {
  /** Whether the viewer holds a moderator role (adds the moderator-only keys). */
  viewerIsModerator?: boolean;
}

/** UserDetailed (UserDetailedNotMe when `me` is another user); key order as users-show.*.json. */
export function renderUserDetailed(dir: Directory, u: SimUser, opts: UserDetailOptions = {}): Json {
  const state = opts.state ?? EMPTY_STATE;
  const me = opts.me ?? null;
  const a = u.account;
  const { url, uri } = profileUrls(dir, u);
  const createdAt = new Date(u.firstSeen).toISOString();
  const out: Json = {
    ...renderUserLite(dir, u),
    url,
    uri,
    movedTo: null,
    alsoKnownAs: null,
    createdAt,
    updatedAt: new Date(u.firstSeen + (hash32(`upd:${u.acct}`) % 600_000)).toISOString(),
    lastFetchedAt: u.host === null ? null : new Date(Math.max(u.firstSeen, dir.scenario.options.start)).toISOString(),
    bannerUrl: null,
    bannerBlurhash: null,
    isLocked: false,
    isSilenced: false,
    isSuspended: state.suspended.has(u.id),
    description: a.bio === '' ? null : a.bio,
    location: null,
    birthday: null,
    lang: null,
    fields: [],
    verifiedLinks: [],
    followersCount: a.followers,
    followingCount: a.following,
    notesCount: notesCountOf(dir, u, state),
    pinnedNoteIds: [],
    pinnedNotes: [],
    pinnedPageId: null,
    pinnedPage: null,
    publicReactions: true,
    followersVisibility: 'public',
    followingVisibility: 'public',
  };
  if (!is2024(dir)) {
    out.chatScope = 'mutual';
    out.canChat = u.host === null;
  }
  out.roles = [];
  out.memo = null;
  if (opts.viewerIsModerator) {
    out.moderationNote = '';
    out.twoFactorEnabled = false;
    out.usePasswordLessLogin = false;
    out.securityKeys = false;
  }
  if (me && me.id !== u.id) {
    const following = isFollowing(dir, me, u, state);
    const mute = state.muting.get(`${me.id}>${u.id}`);
    const muted = mute !== undefined && (mute === null || mute > state.now());
    out.isFollowing = following;
    out.isFollowed = isFollowing(dir, u, me, state);
    out.hasPendingFollowRequestFromYou = false;
    out.hasPendingFollowRequestToYou = false;
    out.isBlocking = state.blocking.has(`${me.id}>${u.id}`);
    out.isBlocked = state.blocking.has(`${u.id}>${me.id}`);
    out.isMuted = muted;
    out.isRenoteMuted = state.renoteMuting.has(`${me.id}>${u.id}`);
    out.notify = 'none';
    out.withReplies = false;
    if (following && !is2024(dir)) out.followedMessage = null;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Drive files

function mimeOf(m: GenMedia): string {
  if (m.kind === 'image') return m.pictureId.includes('anim') ? 'image/gif' : 'image/png';
  return 'video/mp4';
}

export function renderDriveFile(dir: Directory, post: GenPost, index: number): Json {
  const m = post.media[index]!;
  const id = dir.fileId(post, index);
  const author = authorOf(dir, post);
  const type = mimeOf(m);
  const ext = type.split('/')[1];
  const name = `${m.pictureId}.${ext}`;
  const md5 = [0, 1, 2, 3]
    .map((k) => hash32(`${m.pictureId}|${m.blurhash}|${m.width}x${m.height}|${k}`).toString(16).padStart(8, '0'))
    .join('');
  const original =
    author.host === null
      ? `${dir.base}/files/${id}`
      : `${originOf(author.host, dir.scenario)}/media/${encodeURIComponent(name)}`;
  const url = author.host === null ? original : `${dir.base}/proxy/image.webp?url=${encodeURIComponent(original)}`;
  return {
    id,
    createdAt: new Date(post.createdAt - 1000).toISOString(),
    name,
    type,
    md5,
    size: 20_000 + (hash32(`${m.pictureId}|${m.blurhash}`) % 400_000),
    isSensitive: false,
    blurhash: m.blurhash,
    properties: { width: m.width, height: m.height },
    url,
    thumbnailUrl: `${dir.base}/proxy/static.webp?url=${encodeURIComponent(original)}&static=1`,
    comment: m.description,
    folderId: null,
    folder: null,
    userId: null,
    user: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Notes

/**
 * A remote note's `uri`/`url` as its origin publishes them (canonicalPostUris: the same function as
 * the Mastodon family's renderer); null for a local note, whose JSON has neither, as upstream's.
 */
export function remoteNoteUris(dir: Directory, post: GenPost): { uri: string; url: string } | null {
  if (authorOf(dir, post).host === null) return null;
  return canonicalPostUris(post, dir.scenario);
}

/** The note's MFM text as this server stores it. */
export function noteText(dir: Directory, post: GenPost): string | null {
  if (post.boostOf && post.text === '') return null;
  if (post.text === '') return null;
  let text = post.text;
  const author = authorOf(dir, post);
  if (author.host === null) {
    // A local author types local mentions without the host.
    for (const acct of post.mentions) {
      const at = acct.lastIndexOf('@');
      if (acct.slice(at + 1) !== dir.domain) continue;
      const user = acct.slice(0, at);
      text = text.split(`@${acct}`).join(`@${user}`);
    }
  }
  return text;
}

function mentionIds(dir: Directory, post: GenPost): string[] {
  const ids: string[] = [];
  for (const acct of post.mentions) {
    const u = dir.userByAcct.get(acct);
    if (u && !ids.includes(u.id)) ids.push(u.id);
  }
  return ids;
}

export interface NoteRenderOptions extends ViewOptions {
  /** Upstream's `detail` pack option: adds clippedCount, reply, renote. Default true (as the API). */
  detail?: boolean;
}

export function renderNoteIn(dir: Directory, post: GenPost, opts: NoteRenderOptions = {}, depth = 0): Json {
  const detail = opts.detail ?? true;
  const author = authorOf(dir, post);
  const id = dir.noteIdOf.get(post.id)!;
  const out: Json = {
    id,
    createdAt: new Date(post.createdAt).toISOString(),
    userId: author.id,
    user: renderUserLite(dir, author),
    text: noteText(dir, post),
    cw: post.cw === '' ? null : post.cw,
    visibility: post.visibility === 'unlisted' ? 'home' : 'public',
    localOnly: false,
    reactionAcceptance: null,
    renoteCount: dir.renoteCount.get(post.id) ?? 0,
    repliesCount: dir.repliesCount.get(post.id) ?? 0,
  };
  if (!is2024(dir)) out.reactionCount = 0;
  out.reactions = {};
  out.reactionEmojis = {};
  if (author.host !== null) out.emojis = {};
  if (post.tags.length > 0) out.tags = [...new Set(post.tags.map((t) => t.toLowerCase()))];
  out.fileIds = post.media.map((_m, i) => dir.fileId(post, i));
  out.files = post.media.map((_m, i) => renderDriveFile(dir, post, i));
  const reply = post.replyTo ? dir.postById.get(post.replyTo) : undefined;
  const renotePostId = post.boostOf ?? post.quoteOf;
  const renote = renotePostId ? dir.postById.get(renotePostId) : undefined;
  out.replyId = reply ? dir.noteIdOf.get(reply.id)! : null;
  out.renoteId = renote ? dir.noteIdOf.get(renote.id)! : null;
  const mentions = mentionIds(dir, post);
  if (mentions.length > 0) out.mentions = mentions;
  const uris = remoteNoteUris(dir, post);
  if (uris) {
    out.uri = uris.uri;
    out.url = uris.url;
  }
  if (detail) {
    out.clippedCount = 0;
    if (reply && depth < 6) out.reply = renderNoteIn(dir, reply, { ...opts, detail: false }, depth + 1);
    if (renote && depth < 6) out.renote = renderNoteIn(dir, renote, { ...opts, detail: true }, depth + 1);
  }
  return out;
}

/**
 * The Note JSON `domain` serves for `post` (to an anonymous reader, `detail: true` as in timelines).
 * `version` is `2025.7.0` (aidx ids) or `2024.2.0` (aid ids).
 */
export function renderNote(post: GenPost, scenario: Scenario, domain: string, version: string): Json {
  return renderNoteIn(directoryFor(scenario, domain, version), post);
}

/** The UserLite JSON `domain` embeds in notes for the scenario account `acct`. */
export function renderUser(acct: string, scenario: Scenario, domain: string, version: string): Json {
  const dir = directoryFor(scenario, domain, version);
  const u = dir.userByAcct.get(acct);
  if (!u) throw new Error(`unknown account ${acct}`);
  return renderUserLite(dir, u);
}

/** The UserDetailed JSON `domain` answers `users/show` with (anonymous reader). */
export function renderUserDetailedFor(acct: string, scenario: Scenario, domain: string, version: string): Json {
  const dir = directoryFor(scenario, domain, version);
  const u = dir.userByAcct.get(acct);
  if (!u) throw new Error(`unknown account ${acct}`);
  return renderUserDetailed(dir, u);
}

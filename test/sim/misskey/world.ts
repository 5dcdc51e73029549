/**
 * The mutable side of one simulated Misskey server: which notes have arrived, who blocked, muted,
 * reported or suspended whom, tokens and MiAuth sessions, and the recorded actions tests compare with.
 * Read-side helpers (timelines, notifications, visibility) live here too so the API and the streaming
 * server agree on what a user sees.
 */
import type { GenPost } from '../generator/types';
import type { RecordedAction, SimClock } from '../types';
import { authorOf, runtimeId, type Directory, type SimUser } from './directory';
import { hash32, makeId } from './ids';
import { isFollowing, renderNoteIn, renderUserLite, type RenderState } from './render';

export interface AccessToken {
  token: string;
  userId: string;
  /** null for the web UI's own login token (may do everything its user may). */
  permission: string[] | null;
  appName: string | null;
}

export interface AbuseReport {
  id: string;
  createdAt: number;
  comment: string;
  reporterId: string;
  targetUserId: string;
  resolved: boolean;
  resolvedAs: 'accept' | 'reject' | null;
  assigneeId: string | null;
  forwarded: boolean;
  moderationNote: string;
  /** Ground truth for seeded reports (never served). */
  truth?: 'spam-wave' | 'genuine';
}

export interface MiAuthSession {
  session: string;
  name: string | null;
  permission: string[];
  callback: string | null;
  token: string | null;
  fetched: boolean;
}

export interface NotificationItem {
  id: string;
  createdAt: number;
  type: 'mention' | 'reply' | 'renote' | 'quote';
  notifier: SimUser;
  post: GenPost;
}

/** The web UI login token of a local user: 16 alphanumerics, stable per domain and username. */
export function nativeToken(domain: string, username: string): string {
  let s = '';
  for (let k = 0; s.length < 16; k++) s += hash32(`token:${domain}:${username}:${k}`).toString(36);
  return s.slice(0, 16);
}

const HOUR = 3_600_000;

export class World implements RenderState {
  readonly suspended = new Set<string>();
  readonly deletedUsers = new Set<string>();
  readonly blocking = new Set<string>();
  readonly muting = new Map<string, number | null>();
  readonly renoteMuting = new Set<string>();
  readonly deletedNotes = new Set<string>();
  /** Note ids that have arrived (timelines show these), with the time they arrived. */
  readonly present = new Map<string, number>();
  readonly reports: AbuseReport[] = [];
  readonly actions: RecordedAction[] = [];
  readonly rateLimited: { at: number; path: string; user: string }[] = [];
  readonly requestCounts: Record<string, number> = {};
  readonly tokens = new Map<string, AccessToken>();
  readonly miauth = new Map<string, MiAuthSession>();
  private notifIds = new Map<string, string>();
  /** Post id -> ids of known posts that reply to, renote or quote it. */
  private referrers = new Map<string, string[]>();
  private sortedPresent: GenPost[] | null = null;

  constructor(
    readonly dir: Directory,
    readonly clock: SimClock,
  ) {
    for (const p of dir.known) {
      for (const ref of [p.replyTo, p.boostOf, p.quoteOf]) {
        if (!ref) continue;
        const list = this.referrers.get(ref) ?? [];
        list.push(p.id);
        this.referrers.set(ref, list);
      }
    }
    for (const u of dir.users) {
      if (u.host !== null) continue;
      const token = nativeToken(dir.domain, u.username);
      this.tokens.set(token, { token, userId: u.id, permission: null, appName: null });
    }
  }

  now(): number {
    return this.clock.now();
  }

  /** Rate-limit factor of the users' role policy: the simulation's window scale. */
  get rateLimitFactor(): number {
    return this.clock.scale;
  }

  record(
    by: SimUser,
    kind: string,
    target: string,
    targetUser: SimUser | null,
    details: Record<string, unknown>,
  ): void {
    this.actions.push({
      at: this.now(),
      instance: this.dir.domain,
      by: by.username,
      kind,
      target,
      ...(targetUser ? { targetAcct: targetUser.acct } : {}),
      details,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Users

  isModerator(u: SimUser): boolean {
    return u.role === 'admin' || u.role === 'moderator';
  }

  isAdmin(u: SimUser): boolean {
    return u.role === 'admin';
  }

  /** A user that still exists for lookups (deleted accounts are gone). */
  userById(id: string): SimUser | undefined {
    const u = this.dir.userById.get(id);
    return u && !this.deletedUsers.has(u.id) ? u : undefined;
  }

  isMuting(me: SimUser, other: SimUser): boolean {
    const m = this.muting.get(`${me.id}>${other.id}`);
    return m !== undefined && (m === null || m > this.now());
  }

  // -------------------------------------------------------------------------------------------
  // Notes

  noteId(post: GenPost): string {
    return this.dir.noteIdOf.get(post.id)!;
  }

  /** Whether the note exists on this server now (arrived, or referenced by one that arrived). */
  noteExists(post: GenPost): boolean {
    const id = this.noteId(post);
    if (this.deletedNotes.has(id)) return false;
    const author = authorOf(this.dir, post);
    if (this.deletedUsers.has(author.id)) return false;
    if (this.present.has(id)) return true;
    return this.referencedByPresent(post);
  }

  private referencedByPresent(post: GenPost): boolean {
    for (const id of this.referrers.get(post.id) ?? []) {
      if (this.present.has(this.dir.noteIdOf.get(id)!)) return true;
    }
    return false;
  }

  /** Marks posts as arrived; returns those that were not present before. */
  arrive(posts: GenPost[]): GenPost[] {
    const fresh: GenPost[] = [];
    for (const p of posts) {
      if (!this.dir.knownSet.has(p.id)) continue;
      const id = this.noteId(p);
      if (!this.present.has(id)) fresh.push(p);
      this.present.set(id, this.now());
    }
    this.sortedPresent = null;
    return fresh;
  }

  /** Deletes a note and, as upstream's cascades do, its renotes and replies. */
  deleteNote(post: GenPost): string[] {
    const gone: string[] = [];
    const visit = (p: GenPost): void => {
      const id = this.noteId(p);
      if (this.deletedNotes.has(id)) return;
      this.deletedNotes.add(id);
      gone.push(id);
      for (const qid of this.referrers.get(p.id) ?? []) {
        const q = this.dir.postById.get(qid)!;
        if (q.replyTo === p.id || q.boostOf === p.id) visit(q);
      }
    };
    visit(post);
    return gone;
  }

  /**
   * Whether `me` sees `post` in a timeline, as FanoutTimelineEndpointService filters: notes of
   * suspended users, of users `me` mutes, of users who block `me`, and renotes/replies involving them
   * are dropped. (Upstream keeps notes of users `me` blocks; blocking ends the follow instead.)
   */
  visibleInTimeline(post: GenPost, me: SimUser | null): boolean {
    if (!this.noteExists(post)) return false;
    const author = authorOf(this.dir, post);
    if (this.suspended.has(author.id)) return false;
    const related: SimUser[] = [author];
    for (const ref of [post.boostOf ?? post.quoteOf, post.replyTo]) {
      if (!ref) continue;
      const refPost = this.dir.postById.get(ref);
      if (!refPost) continue;
      const refAuthor = authorOf(this.dir, refPost);
      if (refAuthor.id !== author.id && this.suspended.has(refAuthor.id)) return false;
      related.push(refAuthor);
    }
    if (me) {
      for (const u of related) {
        if (u.id === me.id) continue;
        if (this.isMuting(me, u)) return false;
        if (this.blocking.has(`${u.id}>${me.id}`)) return false;
      }
      if (post.boostOf && !post.text && this.renoteMuting.has(`${me.id}>${author.id}`)) return false;
    }
    return true;
  }

  isLocalPost(post: GenPost): boolean {
    return authorOf(this.dir, post).host === null;
  }

  /** Whether `post` belongs in `me`'s home timeline: delivered here (the users follow its author), or own. */
  inHome(post: GenPost, me: SimUser): boolean {
    const author = authorOf(this.dir, post);
    if (author.id === me.id) return true;
    if (this.blocking.has(`${me.id}>${author.id}`)) return false; // blocking ends the follow
    if (author.host === null) return isFollowing(this.dir, me, author, this);
    return post.deliveredTo.includes(this.dir.domain);
  }

  /** Present notes newest first. */
  presentPosts(): GenPost[] {
    if (!this.sortedPresent) {
      const out = this.dir.known.filter((p) => this.present.has(this.noteId(p)));
      this.sortedPresent = out.sort((a, b) => (this.noteId(a) < this.noteId(b) ? 1 : -1));
    }
    return this.sortedPresent;
  }

  mentionsUser(post: GenPost, u: SimUser): boolean {
    return post.mentions.includes(u.acct);
  }

  // -------------------------------------------------------------------------------------------
  // Notifications (derived from the notes that arrived)

  notificationsFor(me: SimUser): NotificationItem[] {
    const out: NotificationItem[] = [];
    for (const p of this.presentPosts()) {
      const author = authorOf(this.dir, p);
      if (author.id === me.id || !this.visibleInTimeline(p, me) || this.blocking.has(`${me.id}>${author.id}`)) continue;
      const parent = p.replyTo ? this.dir.postById.get(p.replyTo) : undefined;
      const renoted = p.boostOf ? this.dir.postById.get(p.boostOf) : undefined;
      const quoted = p.quoteOf ? this.dir.postById.get(p.quoteOf) : undefined;
      let type: NotificationItem['type'] | null = null;
      if (parent && authorOf(this.dir, parent).id === me.id) type = 'reply';
      else if (renoted && authorOf(this.dir, renoted).id === me.id) type = 'renote';
      else if (quoted && authorOf(this.dir, quoted).id === me.id) type = 'quote';
      else if (this.mentionsUser(p, me)) type = 'mention';
      if (!type) continue;
      out.push({ id: this.notificationId(me, p), createdAt: p.createdAt, type, notifier: author, post: p });
    }
    return out;
  }

  private notificationId(me: SimUser, p: GenPost): string {
    const k = `${me.id}|${p.id}`;
    let id = this.notifIds.get(k);
    if (!id) {
      let c = 800_000 + (hash32(k) % 800_000);
      id = makeId(this.dir.kind, p.createdAt + 20, this.dir.node, c);
      while (this.dir.taken.has(id)) id = makeId(this.dir.kind, p.createdAt + 20, this.dir.node, ++c);
      this.dir.taken.add(id);
      this.notifIds.set(k, id);
    }
    return id;
  }

  renderNotification(n: NotificationItem, me: SimUser): Record<string, unknown> {
    return {
      id: n.id,
      createdAt: new Date(n.createdAt).toISOString(),
      type: n.type,
      userId: n.notifier.id,
      user: renderUserLite(this.dir, n.notifier),
      note: renderNoteIn(this.dir, n.post, { me, state: this }),
    };
  }

  newId(t = this.now()): string {
    return runtimeId(this.dir, t);
  }

  /** How long the limiter windows last here (ms), for the README's table and tests. */
  static scaledHour(scale: number): number {
    return HOUR * scale;
  }
}

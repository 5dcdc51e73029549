/**
 * The state of one simulated Mastodon instance: which scenario posts it has received, its local
 * users and their relationships, notifications, reports, admin flags and sign-ups. Everything an
 * API call changes lives here, and every change is recorded as an action.
 */
import type { GenAccount, GenPost, Scenario } from '../generator/types';
import type { RecordedAction, SimClock } from '../types';
import { hash32 } from '../generator/prng';
import { indexScenario, type ScenarioIndex } from '../scenario-index';
import { compareIds, snowflake } from './ids';
import {
  accountIdFor,
  localAcct,
  renderAccount,
  renderStatus,
  statusIdFor,
  type Json,
  type RenderContext,
} from './render';
import {
  adminTokenFor,
  localUsers,
  roleFor,
  roleJson,
  webTokenFor,
  WEB_SCOPES,
  ADMIN_TOKEN_SCOPES,
  type LocalUser,
  type Role,
  type Token,
} from './users';

export interface Entry {
  post: GenPost;
  id: string;
}

export interface Notif {
  id: string;
  type: 'mention' | 'reblog' | 'favourite' | 'follow';
  at: number;
  from: string;
  /** Scenario post the notification is about (the mention, or the boosted/favourited post). */
  postId: string | null;
}

export interface Report {
  id: string;
  /** Reporter: a local username, or a remote acct for forwarded reports. */
  reporter: string;
  target: string;
  postIds: string[];
  comment: string;
  category: string;
  forward: boolean;
  forwardToDomains: string[];
  ruleIds: string[];
  createdAt: number;
  updatedAt: number;
  actionTaken: boolean;
  actionTakenAt: number | null;
  actionTakenBy: string | null;
  assignedTo: string | null;
}

export interface PendingSignup {
  id: string;
  username: string;
  email: string;
  ip: string;
  reason: string;
  createdAt: number;
  confirmed: boolean;
  approved: boolean;
  locale: string;
}

export interface AccountFlags {
  suspended?: number;
  silenced?: number;
  sensitized?: number;
  disabled?: number;
}

export interface UserRel {
  blocks: Set<string>;
  mutes: Map<string, { notifications: boolean; expiresAt: number | null }>;
  domainBlocks: Set<string>;
  follows: Set<string>;
}

export interface AdminDomainBlock {
  id: string;
  domain: string;
  severity: 'silence' | 'suspend' | 'noop';
  rejectMedia: boolean;
  rejectReports: boolean;
  privateComment: string | null;
  publicComment: string | null;
  obfuscate: boolean;
  createdAt: number;
}

export interface OAuthApp {
  id: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  clientId: string;
  clientSecret: string;
  createdAt: number;
}

export type TimelineKind = 'home' | 'public' | 'notifications' | 'account' | 'thread' | 'list';

export class MastoStore {
  readonly idx: ScenarioIndex;
  readonly users: LocalUser[];
  readonly tokens = new Map<string, Token>();
  readonly sessions = new Map<string, { username: string; advanced: boolean }>();
  readonly apps = new Map<string, OAuthApp>();
  readonly codes = new Map<
    string,
    {
      appId: string;
      username: string;
      scopes: string[];
      redirectUri: string;
      challenge: string | null;
      method: string | null;
      at: number;
    }
  >();
  readonly actions: RecordedAction[] = [];
  readonly rateLimited: { at: number; path: string; user: string }[] = [];
  readonly requestCounts: Record<string, number> = {};
  /** Newest first. */
  readonly timeline: Entry[] = [];
  readonly delivered = new Set<string>();
  readonly referenced = new Set<string>();
  readonly knownAccounts = new Set<string>();
  readonly statusById = new Map<string, GenPost>();
  readonly accountById = new Map<string, string>();
  readonly rels = new Map<string, UserRel>();
  readonly notifications = new Map<string, Notif[]>();
  readonly flags = new Map<string, AccountFlags>();
  readonly reports: Report[] = [];
  readonly pending = new Map<string, PendingSignup>();
  readonly emailDomainBlocks: { id: string; domain: string; createdAt: number }[] = [];
  readonly adminDomainBlocks: AdminDomainBlock[] = [];
  readonly lists = new Map<string, { id: string; owner: string; title: string; members: Set<string> }>();
  /** Ground truth for seeded moderation data (never served over HTTP). */
  readonly truth = { reports: new Map<string, 'spam' | 'legit'>(), signups: new Map<string, 'spam' | 'legit'>() };
  private notifSeq = 3_050_000;
  private reportSeq = 1000;
  private seq = 1;

  constructor(
    readonly domain: string,
    readonly version: string,
    readonly scenario: Scenario,
    readonly clock: SimClock,
  ) {
    this.idx = indexScenario(scenario);
    this.users = localUsers(domain);
    for (const u of this.users) {
      this.addToken({
        token: webTokenFor(domain, u.username),
        username: u.username,
        scopes: new Set(WEB_SCOPES),
        appId: 'web',
        kind: 'web',
        createdAt: scenario.options.start,
      });
      this.addToken({
        token: adminTokenFor(domain, u.username),
        username: u.username,
        scopes: new Set(ADMIN_TOKEN_SCOPES),
        appId: 'sim',
        kind: 'admin',
        createdAt: scenario.options.start,
      });
      this.rels.set(u.username, { blocks: new Set(), mutes: new Map(), domainBlocks: new Set(), follows: new Set() });
      this.notifications.set(u.username, []);
    }
    for (const p of scenario.posts) this.statusById.set(statusIdFor(p, scenario, domain), p);
    for (const a of Object.values(scenario.accounts)) {
      this.accountById.set(accountIdFor(a.acct, scenario, domain), a.acct);
      if (a.host === domain) this.knownAccounts.add(a.acct);
    }
    const now = clock.now();
    const history = scenario.posts.filter((p) => p.createdAt <= now && this.addressed(p));
    for (const p of history) this.accept(p, false);
    this.timeline.sort((a, b) => compareIds(b.id, a.id));
    this.seedLists();
    this.seedSocialNotifications(now);
    for (const list of this.notifications.values()) list.sort((a, b) => a.at - b.at);
    // Notification ids follow time, as a sequence does.
    const all = [...this.notifications.values()].flat().sort((a, b) => a.at - b.at);
    for (const n of all) n.id = String(this.notifSeq++);
  }

  nextId(): string {
    return String(this.seq++);
  }

  addToken(t: Token): void {
    this.tokens.set(t.token, t);
  }

  user(username: string): LocalUser | undefined {
    return this.users.find((u) => u.username === username);
  }

  role(username: string): Role {
    return roleFor(this.user(username)?.role ?? 'user', this.version);
  }

  rel(username: string): UserRel {
    let r = this.rels.get(username);
    if (!r)
      this.rels.set(
        username,
        (r = { blocks: new Set(), mutes: new Map(), domainBlocks: new Set(), follows: new Set() }),
      );
    return r;
  }

  record(
    by: string,
    kind: string,
    target: string,
    details: Record<string, unknown> = {},
    targetAcct?: string,
  ): RecordedAction {
    const a: RecordedAction = {
      at: this.clock.now(),
      instance: this.domain,
      by,
      kind,
      target,
      ...(targetAcct ? { targetAcct } : {}),
      details,
    };
    this.actions.push(a);
    return a;
  }

  addressed(p: GenPost): boolean {
    return p.deliveredTo.includes(this.domain) || this.scenario.accounts[p.author]?.host === this.domain;
  }

  account(acct: string): GenAccount | undefined {
    return this.scenario.accounts[acct];
  }

  accountId(acct: string): string {
    const pend = [...this.pending.values()].find((s) => `${s.username}@${this.domain}` === acct);
    return pend ? pend.id : accountIdFor(acct, this.scenario, this.domain);
  }

  statusId(p: GenPost): string {
    return statusIdFor(p, this.scenario, this.domain);
  }

  /** Takes a post into this instance (history or delivery). Returns the new entry, or null if it was already here. */
  accept(p: GenPost, sorted = true): Entry | null {
    if (this.delivered.has(p.id)) return null;
    this.delivered.add(p.id);
    this.knownAccounts.add(p.author);
    for (const m of p.mentions) this.knownAccounts.add(m);
    let ref: string | null = p.boostOf ?? p.quoteOf ?? p.replyTo;
    for (let depth = 0; ref && depth < 20; depth++) {
      this.referenced.add(ref);
      const r = this.idx.byId.get(ref);
      if (!r) break;
      this.knownAccounts.add(r.author);
      ref = r.replyTo ?? r.boostOf;
    }
    if (p.quoteOf) this.referenced.add(p.quoteOf);
    const e: Entry = { post: p, id: this.statusId(p) };
    if (sorted) {
      let lo = 0;
      let hi = this.timeline.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareIds(this.timeline[mid]!.id, e.id) > 0) lo = mid + 1;
        else hi = mid;
      }
      this.timeline.splice(lo, 0, e);
    } else this.timeline.push(e);
    this.notifyFor(p, sorted);
    return e;
  }

  private pushNotif(username: string, n: Omit<Notif, 'id'>, live: boolean): Notif | null {
    const list = this.notifications.get(username);
    if (!list) return null;
    const full: Notif = { ...n, id: live ? String(this.notifSeq++) : '' };
    list.push(full);
    return full;
  }

  /** Notifications a post causes for local users. */
  readonly liveNotifs: { username: string; notif: Notif }[] = [];

  private notifyFor(p: GenPost, live: boolean): void {
    const out: { username: string; notif: Notif }[] = [];
    for (const m of p.mentions) {
      const a = this.account(m);
      if (a && a.host === this.domain && !p.boostOf && a.acct !== p.author) {
        const n = this.pushNotif(
          a.username,
          { type: 'mention', at: p.createdAt + 2000, from: p.author, postId: p.id },
          live,
        );
        if (n) out.push({ username: a.username, notif: n });
      }
    }
    if (p.boostOf) {
      const orig = this.idx.byId.get(p.boostOf);
      const oa = orig && this.account(orig.author);
      if (orig && oa && oa.host === this.domain && oa.acct !== p.author) {
        const n = this.pushNotif(
          oa.username,
          { type: 'reblog', at: p.createdAt + 1000, from: p.author, postId: orig.id },
          live,
        );
        if (n) out.push({ username: oa.username, notif: n });
      }
    }
    if (live) this.liveNotifs.push(...out);
  }

  /** Favourites and follows that the scenario does not model as posts, deterministic per instance. */
  private seedSocialNotifications(now: number): void {
    const legit = Object.values(this.scenario.accounts).filter((a) => a.label === 'legit' && !a.bot);
    for (const e of this.timeline) {
      const a = this.account(e.post.author);
      if (!a || a.host !== this.domain || e.post.boostOf || !this.notifications.has(a.username)) continue;
      const h = hash32(`fav|${this.domain}|${e.post.id}`);
      const n = h % 4 === 0 ? 0 : (h % 3) + 1;
      for (let i = 0; i < n; i++) {
        const from = legit[hash32(`favfrom|${e.post.id}|${i}`) % legit.length]!;
        const at = e.post.createdAt + 60_000 * (1 + (hash32(`favat|${e.post.id}|${i}`) % 90));
        if (from.acct !== a.acct && at <= now)
          this.pushNotif(a.username, { type: 'favourite', at, from: from.acct, postId: e.post.id }, false);
      }
    }
    const newcomers = Object.values(this.scenario.accounts).filter(
      (a) => a.hardCase === 'newcomer' && a.createdAt + 120_000 <= now,
    );
    for (const a of newcomers) {
      const h = hash32(`follow|${this.domain}|${a.acct}`);
      if (h % 3 !== 0) continue;
      const to = this.users[h % this.users.length]!;
      this.pushNotif(to.username, { type: 'follow', at: a.createdAt + 120_000, from: a.acct, postId: null }, false);
      this.knownAccounts.add(a.acct);
    }
  }

  private seedLists(): void {
    const remotes = Object.values(this.scenario.accounts).filter(
      (a) => a.label === 'legit' && a.host !== this.domain && !a.bot && a.followers > 300,
    );
    this.users.forEach((u, i) => {
      const id = String(1340 + i);
      const members = new Set<string>();
      for (const o of this.users)
        if (o.username !== u.username && hash32(`list|${u.username}|${o.username}`) % 2 === 0)
          members.add(`${o.username}@${this.domain}`);
      for (let k = 0; k < 6 && remotes.length; k++)
        members.add(remotes[hash32(`list|${this.domain}|${u.username}|${k}`) % remotes.length]!.acct);
      this.lists.set(id, { id, owner: u.username, title: 'Friends', members });
      for (const m of members) this.rel(u.username).follows.add(m);
    });
  }

  // ---------------------------------------------------------------- moderation state

  flagsOf(acct: string): AccountFlags {
    return this.flags.get(acct) ?? {};
  }

  setFlag(acct: string, flag: keyof AccountFlags, on: boolean): void {
    const f = { ...this.flagsOf(acct) };
    if (on) f[flag] = this.clock.now();
    else delete f[flag];
    this.flags.set(acct, f);
  }

  domainSeverity(host: string): 'silence' | 'suspend' | null {
    let sev: 'silence' | 'suspend' | null = null;
    for (const b of this.adminDomainBlocks) {
      if (host === b.domain || host.endsWith('.' + b.domain)) {
        if (b.severity === 'suspend') return 'suspend';
        if (b.severity === 'silence') sev = 'silence';
      }
    }
    return sev;
  }

  /** Gone for everybody: suspended account or suspended domain. */
  isGone(acct: string): boolean {
    const a = this.account(acct);
    if (this.flagsOf(acct).suspended) return true;
    return !!a && a.host !== this.domain && this.domainSeverity(a.host) === 'suspend';
  }

  isLimited(acct: string): boolean {
    const a = this.account(acct);
    if (this.flagsOf(acct).silenced) return true;
    return !!a && a.host !== this.domain && this.domainSeverity(a.host) === 'silence';
  }

  private muted(viewer: string, acct: string, forNotifications: boolean): boolean {
    const m = this.rel(viewer).mutes.get(acct);
    if (!m) return false;
    if (m.expiresAt !== null && m.expiresAt <= this.clock.now()) {
      this.rel(viewer).mutes.delete(acct);
      return false;
    }
    return forNotifications ? m.notifications : true;
  }

  /** Whether `viewer` (a local username, or null when anonymous) should not see this account's content in `where`. */
  hidesAccount(viewer: string | null, acct: string, where: TimelineKind): boolean {
    if (this.isGone(acct)) return true;
    if (
      (where === 'public' || where === 'notifications') &&
      this.isLimited(acct) &&
      !(viewer && this.rel(viewer).follows.has(acct))
    )
      return true;
    if (!viewer || where === 'account') return false;
    const r = this.rel(viewer);
    if (r.blocks.has(acct)) return true;
    if (this.muted(viewer, acct, where === 'notifications')) return true;
    const a = this.account(acct);
    if (a && r.domainBlocks.has(a.host)) return true;
    return false;
  }

  hidesPost(viewer: string | null, p: GenPost, where: TimelineKind): boolean {
    if (this.hidesAccount(viewer, p.author, where)) return true;
    if (p.boostOf) {
      const orig = this.idx.byId.get(p.boostOf);
      if (orig && this.hidesAccount(viewer, orig.author, where)) return true;
    }
    if (viewer && (where === 'home' || where === 'public' || where === 'list')) {
      const r = this.rel(viewer);
      for (const m of p.mentions) if (r.blocks.has(m)) return true;
    }
    return false;
  }

  /** Can the post be shown at all (GET /statuses/:id)? */
  knows(p: GenPost): boolean {
    return this.delivered.has(p.id) || this.referenced.has(p.id);
  }

  // ---------------------------------------------------------------- rendering

  renderCtx(viewer: string | null): RenderContext {
    return {
      now: this.clock.now(),
      authenticated: viewer !== null,
      ...(viewer ? { viewer } : {}),
      accountFlags: (acct) => {
        const f = this.flagsOf(acct);
        return { suspended: this.isGone(acct), limited: this.isLimited(acct), sensitized: !!f.sensitized };
      },
      localRole: (username) => {
        const r = this.user(username) ? this.role(username) : null;
        return r && r.highlighted ? { id: r.id, name: r.name, color: r.color } : null;
      },
    };
  }

  status(p: GenPost, viewer: string | null): Json {
    const j = renderStatus(p, this.scenario, this.domain, this.version, this.renderCtx(viewer));
    this.applyOverlays(j, viewer);
    return j;
  }

  private applyOverlays(j: Json, _viewer: string | null): void {
    const acct = this.acctOfJson(j.account as Json);
    if (acct && this.flagsOf(acct).sensitized && (j.media_attachments as unknown[]).length) j.sensitive = true;
    if (j.reblog) this.applyOverlays(j.reblog as Json, _viewer);
  }

  private acctOfJson(a: Json): string | undefined {
    const acct = String(a.acct ?? '');
    return acct.includes('@') ? acct : `${acct}@${this.domain}`;
  }

  accountJson(acct: string, viewer: string | null = null): Json {
    const pend = [...this.pending.values()].find((s) => `${s.username}@${this.domain}` === acct);
    if (pend) return this.pendingAccountJson(pend);
    const a = this.account(acct);
    if (!a) throw new Error(`unknown account ${acct}`);
    return renderAccount(a, this.scenario, this.domain, this.version, this.renderCtx(viewer));
  }

  pendingAccountJson(s: PendingSignup): Json {
    const fake: GenAccount = {
      acct: `${s.username}@${this.domain}`,
      username: s.username,
      host: this.domain,
      displayName: '',
      hasAvatar: false,
      avatarBlurhash: null,
      bio: '',
      createdAt: s.createdAt,
      followers: 0,
      following: 0,
      priorPosts: 0,
      bot: false,
      label: 'legit',
    };
    const j = renderAccount(fake, this.scenario, this.domain, this.version, this.renderCtx(null));
    j.id = s.id;
    return j;
  }

  localAcctOf(acct: string): string {
    const a = this.account(acct);
    return a
      ? localAcct(a, this.domain)
      : acct.endsWith('@' + this.domain)
        ? acct.slice(0, -this.domain.length - 1)
        : acct;
  }

  /** Resolves `user`, `user@this-domain` or `user@host` to a scenario acct. */
  resolveAcct(input: string): string | undefined {
    const s = input.replace(/^@/, '');
    const full = s.includes('@') ? s : `${s}@${this.domain}`;
    if (this.account(full) || [...this.pending.values()].some((p) => `${p.username}@${this.domain}` === full))
      return full;
    return undefined;
  }

  acctById(id: string): string | undefined {
    const acct = this.accountById.get(id);
    if (acct) return acct;
    const pend = this.pending.get(id);
    return pend ? `${pend.username}@${this.domain}` : undefined;
  }

  roleJsonFor(username: string): Json {
    return roleJson(this.role(username), this.version);
  }

  newReportId(): string {
    return String(this.reportSeq++);
  }

  newSnowflake(key: string): string {
    return snowflake(this.clock.now(), `${key}|${this.seq++}`);
  }
}

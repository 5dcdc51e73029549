/**
 * The deterministic part of a simulated Misskey instance: which users and notes exist on `domain` and
 * the local ids it gives them. Everything here is a pure function of (scenario, domain, version), so
 * `renderNote()` and the running instance agree on every id without sharing state.
 */
import type { GenAccount, GenPost, Scenario } from '../generator/types';
import { hash32, idKindFor, makeId, nodeIdFor, type IdKind } from './ids';

export type LocalRole = 'admin' | 'moderator' | 'user';

export interface SimUser {
  id: string;
  username: string;
  /** null for users local to this instance (Misskey's convention). */
  host: string | null;
  /** Scenario-wide acct `username@realHost`. */
  acct: string;
  account: GenAccount;
  /** Local role, or null for remote users. */
  role: LocalRole | null;
  /** The time this server first saw the user: what its id encodes and `createdAt` reports. */
  firstSeen: number;
  builtin: boolean;
  /** Index among the instance's users (stable): used for deterministic choices. */
  index: number;
}

/** Built-in local users of every simulated Misskey instance (the fixture's seed users plus a moderator). */
export const BUILTIN_USERS: { username: string; role: LocalRole; name: string; bio: string; ageDays: number }[] = [
  { username: 'admin', role: 'admin', name: '', bio: '', ageDays: 400 },
  { username: 'mod', role: 'moderator', name: 'Moderator', bio: 'このサーバーのモデレーターです。', ageDays: 300 },
  { username: 'alice', role: 'user', name: 'Alice 🌸', bio: '東京在住。写真と珈琲。', ageDays: 240 },
  { username: 'bob', role: 'user', name: 'ぼぶ', bio: 'ゲームと自転車', ageDays: 200 },
  { username: 'carol', role: 'user', name: 'キャロル', bio: 'イラスト描いてます', ageDays: 150 },
  { username: 'dave', role: 'user', name: 'Dave', bio: 'Backend developer. Coffee.', ageDays: 90 },
  { username: 'erin', role: 'user', name: 'えりん@休日', bio: '', ageDays: 45 },
];

export interface Directory {
  scenario: Scenario;
  domain: string;
  version: string;
  kind: IdKind;
  node: string;
  /** `http://domain` (simulated instances are served over plain http). */
  base: string;
  users: SimUser[];
  userByAcct: Map<string, SimUser>;
  userById: Map<string, SimUser>;
  /** Local users by lower-cased username. */
  localByUsername: Map<string, SimUser>;
  postById: Map<string, GenPost>;
  postIndex: Map<string, number>;
  noteIdOf: Map<string, string>;
  postOfNoteId: Map<string, GenPost>;
  /** Posts this server knows (delivered to it, written on it, or referenced by those), in time order. */
  known: GenPost[];
  knownSet: Set<string>;
  repliesCount: Map<string, number>;
  renoteCount: Map<string, number>;
  /** Every id handed out so far (the instance adds runtime ids here to keep them unique). */
  taken: Set<string>;
  /** Counter for ids made at run time (reports, mutes, notifications of new actions...). */
  runtimeCounter: number;
  fileId(post: GenPost, index: number): string;
}

const cache = new WeakMap<Scenario, Map<string, Directory>>();

/** Whether `host` is one of the simulated instances (served over http), as opposed to a remote-only domain. */
export function isSimHost(host: string): boolean {
  return host.endsWith('.test');
}

/**
 * The origin a host serves on: the simulated instances (`scenario.options.instances`) over plain http,
 * everything else https (the Mastodon family's renderer uses the same rule, so URIs agree).
 */
export function originOf(host: string, scenario?: Scenario): string {
  const http = scenario ? scenario.options.instances.includes(host) : isSimHost(host);
  return `${http ? 'http' : 'https'}://${host}`;
}

const DAY = 86_400_000;

/**
 * The Misskey version a simulated host runs, which decides the ids its notes carry everywhere (as
 * in ../instances.ts's roster: misskey-b.test runs 2024.2.0, aid ids; the others 2025.7.0, aidx).
 */
export function misskeyVersionOf(host: string): string {
  return host === 'misskey-b.test' ? '2024.2.0' : '2025.7.0';
}

/** The id a simulated Misskey instance `host` gives a note (its own or not): its directory's. */
export function originNoteId(scenario: Scenario, host: string, postId: string): string | undefined {
  return directoryFor(scenario, host, misskeyVersionOf(host)).noteIdOf.get(postId);
}

export function directoryFor(scenario: Scenario, domain: string, version: string): Directory {
  let perScenario = cache.get(scenario);
  if (!perScenario) {
    perScenario = new Map();
    cache.set(scenario, perScenario);
  }
  const key = `${domain}|${version}`;
  let dir = perScenario.get(key);
  if (!dir) {
    dir = buildDirectory(scenario, domain, version);
    perScenario.set(key, dir);
  }
  return dir;
}

function builtinAccount(domain: string, b: (typeof BUILTIN_USERS)[number], start: number): GenAccount {
  return {
    acct: `${b.username}@${domain}`,
    username: b.username,
    host: domain,
    displayName: b.name,
    hasAvatar: false,
    avatarBlurhash: null,
    bio: b.bio,
    createdAt: start - b.ageDays * DAY - (hash32(b.username) % 3_600_000),
    followers: 3 + (hash32(`f:${b.username}`) % 40),
    following: 3 + (hash32(`g:${b.username}`) % 40),
    priorPosts: 10 + (hash32(`p:${b.username}`) % 300),
    bot: false,
    label: 'legit',
  };
}

function buildDirectory(scenario: Scenario, domain: string, version: string): Directory {
  const kind = idKindFor(version);
  const node = nodeIdFor(domain);
  const start = scenario.options.start;
  const taken = new Set<string>();
  const uniqueId = (t: number, counter: number): string => {
    let c = counter;
    let id = makeId(kind, t, node, c);
    while (taken.has(id)) id = makeId(kind, t, node, ++c);
    taken.add(id);
    return id;
  };

  const postById = new Map<string, GenPost>();
  const postIndex = new Map<string, number>();
  scenario.posts.forEach((p, i) => {
    postById.set(p.id, p);
    postIndex.set(p.id, i);
  });

  // Which posts this server holds: delivered here, written here, or referenced by one of those
  // (Misskey fetches the replied-to, renoted and quoted notes).
  const knownSet = new Set<string>();
  const addKnown = (p: GenPost | undefined, depth = 0): void => {
    if (!p || knownSet.has(p.id) || depth > 8) return;
    knownSet.add(p.id);
    for (const ref of [p.replyTo, p.boostOf, p.quoteOf]) if (ref) addKnown(postById.get(ref), depth + 1);
  };
  for (const p of scenario.posts) {
    const author = scenario.accounts[p.author];
    if (p.deliveredTo.includes(domain) || author?.host === domain) addKnown(p);
  }
  const known = scenario.posts.filter((p) => knownSet.has(p.id));

  // Users: the built-in locals first, then every scenario account (sorted for stability).
  const users: SimUser[] = [];
  const userByAcct = new Map<string, SimUser>();
  const firstPostAt = new Map<string, number>();
  for (const p of known) if (!firstPostAt.has(p.author)) firstPostAt.set(p.author, p.createdAt);
  const addUser = (account: GenAccount, role: LocalRole | null, builtin: boolean): void => {
    const local = account.host === domain;
    let firstSeen = account.createdAt;
    if (!local) {
      if (account.createdAt < start) {
        // Known for a while before the scenario: some time after the account was made.
        const span = Math.max(1, Math.min(30 * DAY, start - account.createdAt));
        firstSeen = account.createdAt + (hash32(`seen:${domain}:${account.acct}`) % span);
      } else {
        firstSeen = Math.max(account.createdAt, (firstPostAt.get(account.acct) ?? account.createdAt) - 1);
      }
    }
    const index = users.length;
    const user: SimUser = {
      id: uniqueId(firstSeen, 100_000 + index),
      username: account.username,
      host: local ? null : account.host,
      acct: account.acct,
      account,
      role: local ? (role ?? 'user') : null,
      firstSeen,
      builtin,
      index,
    };
    users.push(user);
    userByAcct.set(account.acct, user);
  };
  for (const b of BUILTIN_USERS) {
    const acct = `${b.username}@${domain}`;
    addUser(scenario.accounts[acct] ?? builtinAccount(domain, b, start), b.role, true);
  }
  for (const acct of Object.keys(scenario.accounts).sort()) {
    if (userByAcct.has(acct)) continue;
    addUser(scenario.accounts[acct]!, null, false);
  }
  const userById = new Map(users.map((u) => [u.id, u]));
  const localByUsername = new Map(users.filter((u) => u.host === null).map((u) => [u.username.toLowerCase(), u]));

  // Note ids encode the note's own time (Misskey ids remote notes by their published date).
  const noteIdOf = new Map<string, string>();
  const postOfNoteId = new Map<string, GenPost>();
  scenario.posts.forEach((p, i) => {
    const id = uniqueId(p.createdAt, i);
    noteIdOf.set(p.id, id);
    postOfNoteId.set(id, p);
  });

  const repliesCount = new Map<string, number>();
  const renoteCount = new Map<string, number>();
  for (const p of known) {
    if (p.replyTo) repliesCount.set(p.replyTo, (repliesCount.get(p.replyTo) ?? 0) + 1);
    const rn = p.boostOf ?? p.quoteOf;
    if (rn) renoteCount.set(rn, (renoteCount.get(rn) ?? 0) + 1);
  }

  const fileIds = new Map<string, string>();
  const dir: Directory = {
    scenario,
    domain,
    version,
    kind,
    node,
    base: `http://${domain}`,
    users,
    userByAcct,
    userById,
    localByUsername,
    postById,
    postIndex,
    noteIdOf,
    postOfNoteId,
    known,
    knownSet,
    repliesCount,
    renoteCount,
    taken,
    runtimeCounter: 1_300_000,
    fileId(post, index) {
      const k = `${post.id}#${index}`;
      let id = fileIds.get(k);
      if (!id) {
        id = uniqueId(post.createdAt - 1000, 400_000 + (postIndex.get(post.id) ?? 0) * 4 + index);
        fileIds.set(k, id);
      }
      return id;
    },
  };
  // File ids are made in post order up front so that they do not depend on rendering order.
  for (const p of scenario.posts) p.media.forEach((_m, i) => dir.fileId(p, i));
  return dir;
}

/** A fresh id for something made at run time (a report, a mute, a notification...). */
export function runtimeId(dir: Directory, t: number): string {
  let id = makeId(dir.kind, t, dir.node, dir.runtimeCounter++);
  while (dir.taken.has(id)) id = makeId(dir.kind, t, dir.node, dir.runtimeCounter++);
  dir.taken.add(id);
  return id;
}

/** The user record for a scenario acct as seen from this instance, if known. */
export function userOfAcct(dir: Directory, acct: string): SimUser | undefined {
  return dir.userByAcct.get(acct);
}

export function authorOf(dir: Directory, post: GenPost): SimUser {
  const u = dir.userByAcct.get(post.author);
  if (!u) throw new Error(`post ${post.id}: unknown author ${post.author}`);
  return u;
}

/**
 * Misskey's moderation queue for triage (instance-apis.md C2): open abuse reports through
 * `admin/abuse-user-reports` (`state: 'unresolved'`, 100 a page, `untilId` to go on), with a
 * moderator's token (Breakwater's MiAuth token with `read:admin:abuse-user-reports`, or the web
 * UI's own token of a moderator).
 *
 * Upstream reports name an account, not notes. To give the detection engine posts to compare, the
 * reader takes the notes the comment links to (the note menu's report form writes
 * `Note: <url>` first) with `notes/show`, and for an account no report links a note of, its latest
 * notes with `users/notes`. Misskey has no pending sign-ups that Breakwater can read (sign-up
 * approval is not in the upstream API it supports).
 *
 * Pacing: these endpoints have no rate limit upstream (`meta.limit`), and the action queue's Misskey
 * limits are per endpoint (blocks, mutes, note deletions), so nothing is shared with it; the reader
 * still sends at most `concurrency` requests at a time and at most `maxLookups` note lookups.
 */
import { isObject } from '../../core/json-read';
import type { Post } from '../../core/model';
import {
  READ_LIMITS,
  TriageReadError,
  dateAt,
  hostAt,
  idAt,
  kindOf,
  objAt,
  optStrAt,
  reasonOf,
  usernameAt,
} from '../../core/triage/read';
import type { TriageAccount, TriageReport } from '../../core/triage/types';
import { callApi, type Fetcher, type HttpAnswer } from '../action-http';
import { isIdenticon, tryNormalizeMisskeyNote } from './normalize';

export interface MisskeyReader {
  origin: string;
  domain: string;
  token: string;
  fetcher: Fetcher;
  now?: () => number;
  /** Most reports read (default 1,000: ten pages). */
  maxItems?: number;
  /** Most `notes/show` and `users/notes` calls (default 200). */
  maxLookups?: number;
  concurrency?: number;
  timeoutMs?: number;
}

export interface ReadResult<T> {
  items: T[];
  refused: string[];
  requests: number;
  stopped: string | null;
}

/** A UserLite / UserDetailed as the account a report is about. */
export function parseTargetUser(json: unknown, domain: string, path: string): TriageAccount {
  const u = objAt(json, path);
  const id = idAt(u, 'id', path);
  const username = usernameAt(u, 'username', path);
  const host = hostAt(u, 'host', path) ?? domain.toLowerCase();
  const avatar = typeof u.avatarUrl === 'string' ? u.avatarUrl : null;
  const created = typeof u.createdAt === 'string' ? Date.parse(u.createdAt) : NaN;
  return {
    id,
    acct: `${username}@${host}`,
    username,
    displayName: typeof u.name === 'string' ? u.name.slice(0, READ_LIMITS.name) : '',
    avatarMissing: isIdenticon(avatar),
    createdAt: Number.isFinite(created) ? created : null,
    suspended: u.isSuspended === true,
    limited: u.isSilenced === true,
  };
}

/** One abuse report (without posts yet); null when resolved. */
export function parseAbuseReport(json: unknown, domain: string, index = 0): TriageReport | null {
  const r = objAt(json, `reports[${index}]`);
  const id = idAt(r, 'id', `reports[${index}]`);
  const path = `report ${id}`;
  if (r.resolved === true) return null;
  const target = parseTargetUser(r.targetUser, domain, `${path}: targetUser`);
  let reporter: string | null = null;
  if (isObject(r.reporter)) {
    try {
      const rep = r.reporter;
      reporter = `${usernameAt(rep, 'username', path)}@${hostAt(rep, 'host', path) ?? domain.toLowerCase()}`;
    } catch {
      reporter = null;
    }
  }
  return {
    key: `${domain}|r|${id}`,
    instance: domain,
    platform: 'misskey',
    id,
    createdAt: dateAt(r, 'createdAt', path),
    comment: optStrAt(r, 'comment', path, READ_LIMITS.comment) ?? '',
    category: null,
    forwarded: r.forwarded === true,
    reporter,
    target,
    posts: [],
    postsSource: 'none',
  };
}

export function parseAbuseReports(json: unknown, domain: string): { reports: TriageReport[]; refused: string[] } {
  if (!Array.isArray(json)) throw new TriageReadError(`expected a list of reports, got ${kindOf(json)}`);
  const refused: string[] = [];
  const reports: TriageReport[] = [];
  json.forEach((item, i) => {
    try {
      const r = parseAbuseReport(item, domain, i);
      if (r) reports.push(r);
    } catch (e) {
      refused.push(reasonOf(e));
    }
  });
  return { reports, refused };
}

/** Note ids of this instance that a report's comment links to (`<origin>/notes/<id>`). */
export function linkedNoteIds(comment: string, origin: string): string[] {
  const out: string[] = [];
  const base = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`${base}/notes/([0-9A-Za-z]{6,32})\\b`, 'g');
  for (const m of comment.matchAll(re)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out.slice(0, 10);
}

// ---- requests ------------------------------------------------------------------------------------

function errorOf(a: HttpAnswer): { code: string; message: string } | null {
  if (!isObject(a.json) || !isObject(a.json.error)) return null;
  const e = a.json.error;
  return {
    code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
    message: typeof e.message === 'string' ? e.message.slice(0, 200) : '',
  };
}

/** Why an answer cannot be read, as the triage page says it. */
export function answerProblem(a: HttpAnswer, what: string): string | null {
  const e = errorOf(a);
  if (a.status === 0) return `no answer while reading ${what}: ${a.error ?? 'network error'}`;
  if (a.status >= 300 && a.status < 400) return `the server redirected the request for ${what} (not followed)`;
  if (e?.code === 'AUTHENTICATION_FAILED' || e?.code === 'CREDENTIAL_REQUIRED' || a.status === 401)
    return `the token was refused (${e?.code ?? a.status}); sign in as moderator again`;
  if (e?.code === 'ROLE_PERMISSION_DENIED') return `the account is not a moderator on this instance (${e.code})`;
  if (e?.code === 'PERMISSION_DENIED')
    return `the token may not read ${what} (${e.code}: it needs read:admin:abuse-user-reports); sign in as moderator again`;
  if (a.status === 429) return `rate limited while reading ${what}`;
  if (e) return `the server refused to read ${what} (${a.status} ${e.code}: ${e.message})`;
  if (a.status < 200 || a.status >= 300)
    return `the server answered ${a.status} for ${what}: ${a.error ?? a.excerpt.slice(0, 120)}`;
  if (a.error) return `the answer for ${what} was ${a.error}`;
  // A 2xx whose body is an error (a proxy, a fork): the server's words, not an empty queue.
  if (isObject(a.json) && typeof a.json.error === 'string')
    return `the server answered ${a.status} with an error for ${what}: ${a.json.error.slice(0, 200)}`;
  return null;
}

function post(o: MisskeyReader, endpoint: string, body: Record<string, unknown>): Promise<HttpAnswer> {
  return callApi(o.fetcher, {
    method: 'POST',
    origin: o.origin,
    path: `/api/${endpoint}`,
    body: { ...body, i: o.token },
    timeoutMs: o.timeoutMs ?? 20_000,
    now: o.now,
  });
}

/** Runs `tasks` with at most `n` at a time. */
async function pool<T>(items: readonly T[], n: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

/** Open reports, newest first, each with the notes it links to or its account's latest notes. */
export async function readOpenReports(o: MisskeyReader): Promise<ReadResult<TriageReport>> {
  const max = o.maxItems ?? 1_000;
  const out: ReadResult<TriageReport> = { items: [], refused: [], requests: 0, stopped: null };
  let untilId: string | null = null;
  for (;;) {
    const a = await post(o, 'admin/abuse-user-reports', {
      limit: 100,
      state: 'unresolved',
      ...(untilId ? { untilId } : {}),
    });
    out.requests++;
    const problem = answerProblem(a, 'open reports');
    let page: { reports: TriageReport[]; refused: string[] } | null = null;
    let unusable: string | null = problem;
    if (!problem) {
      try {
        page = parseAbuseReports(a.json, o.domain);
      } catch (e) {
        unusable = `the answer for open reports was not usable: ${reasonOf(e)}`;
      }
    }
    if (!page) {
      if (out.requests === 1) throw new TriageReadError(unusable ?? 'unreadable', a.status);
      out.stopped = unusable;
      break;
    }
    out.items.push(...page.reports);
    out.refused.push(...page.refused);
    const raw = a.json as unknown[];
    const last = raw.length ? raw[raw.length - 1] : null;
    if (raw.length < 100 || !isObject(last) || typeof last.id !== 'string') break;
    if (out.items.length >= max) {
      out.stopped = `read the first ${out.items.length} open reports (the bound per instance)`;
      break;
    }
    if (last.id === untilId) break;
    untilId = last.id;
  }
  const seen = new Set<string>();
  out.items = out.items.filter((x) => !seen.has(x.id) && !!seen.add(x.id)).slice(0, max);
  await attachNotes(o, out);
  return out;
}

/** Gives each report posts: the notes it links to, else its account's latest notes. */
async function attachNotes(o: MisskeyReader, out: ReadResult<TriageReport>): Promise<void> {
  const budget = { left: o.maxLookups ?? 200 };
  const concurrency = o.concurrency ?? 3;
  const notes = new Map<string, Post>();
  const linked = new Map<string, string[]>();
  for (const r of out.items) linked.set(r.key, linkedNoteIds(r.comment, o.origin));
  const wanted = [...new Set([...linked.values()].flat())];
  const readNote = (json: unknown, what: string): Post | null => {
    const n = tryNormalizeMisskeyNote(json, o.domain);
    if (n.ok) return n.value;
    out.refused.push(`${what}: ${n.error}`);
    return null;
  };
  let lookupProblem: string | null = null;
  await pool(wanted, concurrency, async (noteId) => {
    if (budget.left <= 0) return;
    budget.left--;
    const a = await post(o, 'notes/show', { noteId });
    out.requests++;
    const problem = answerProblem(a, `note ${noteId}`);
    // A deleted note (NO_SUCH_NOTE) is no problem of the queue: the account's notes stand in.
    if (problem) {
      if (!/NO_SUCH_NOTE/.test(problem)) lookupProblem ??= problem;
      return;
    }
    const p = readNote(a.json, `note ${noteId}`);
    if (p) notes.set(noteId, p);
  });
  const byAccount = new Map<string, Post[]>();
  for (const r of out.items) {
    const posts = (linked.get(r.key) ?? []).map((id) => notes.get(id)).filter((p): p is Post => !!p);
    if (posts.length) {
      r.posts = posts;
      r.postsSource = 'linked';
      const own = byAccount.get(r.target.id) ?? [];
      byAccount.set(r.target.id, [...own, ...posts.filter((p) => !own.includes(p))]);
    }
  }
  const unlinkedTargets = [
    ...new Set(out.items.filter((r) => !r.posts.length && !byAccount.has(r.target.id)).map((r) => r.target.id)),
  ];
  await pool(unlinkedTargets, concurrency, async (userId) => {
    if (budget.left <= 0) return;
    budget.left--;
    const a = await post(o, 'users/notes', { userId, limit: 5 });
    out.requests++;
    const problem = answerProblem(a, `the notes of user ${userId}`);
    if (problem) {
      lookupProblem ??= problem;
      return;
    }
    if (!Array.isArray(a.json)) {
      out.refused.push(`the notes of user ${userId}: expected a list, got ${kindOf(a.json)}`);
      return;
    }
    const posts = a.json
      .slice(0, 5)
      .map((n, i) => readNote(n, `the notes of user ${userId}: note ${i + 1}`))
      .filter((p): p is Post => !!p);
    byAccount.set(userId, posts);
  });
  for (const r of out.items) {
    if (r.posts.length) continue;
    const posts = byAccount.get(r.target.id);
    if (posts?.length) {
      r.posts = posts.slice(0, READ_LIMITS.postsPerReport);
      r.postsSource = 'recent';
    }
  }
  if (budget.left <= 0 && out.items.some((r) => !r.posts.length))
    out.stopped ??= `looked up notes for the first ${o.maxLookups ?? 200} notes and accounts only`;
  if (lookupProblem) out.stopped ??= `some notes could not be read: ${lookupProblem}`;
}

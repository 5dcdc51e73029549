/**
 * Mastodon's moderation queue for triage (instance-apis.md C1), read with a moderator's token
 * (`admin:read:reports`, `admin:read:accounts`):
 *
 * - open reports: `GET /api/v1/admin/reports?resolved=false&limit=200`, following `Link: rel="next"`;
 *   each report carries its target (an Admin::Account), its reporter and the reported statuses;
 * - pending sign-ups: `GET /api/v2/admin/accounts?status=pending&origin=local&limit=200`, or, on a
 *   server without v2 (before 3.5), `GET /api/v1/admin/accounts?pending=true&local=true&limit=200`;
 *   each has its e-mail, IP and the reason given (`invite_request`).
 *
 * Pacing: every answer carries the token's `X-RateLimit-Remaining` (300 per 5 minutes, shared with
 * the action queue, which uses the same token for the actions). Reading stops while `reserve`
 * requests are left, so the actions a moderator takes next are never starved by the reading; a 429
 * stops it at once (the queue learns the window from its own next answer). The reader never waits.
 */
import { isObject } from '../../core/json-read';
import type { Post } from '../../core/model';
import {
  FieldError,
  READ_LIMITS,
  TriageReadError,
  dateAt,
  hostAt,
  idAt,
  kindOf,
  nextLink,
  objAt,
  optStrAt,
  reasonOf,
  usernameAt,
} from '../../core/triage/read';
import { emailDomainOf } from '../../core/triage/signups';
import type { TriageAccount, TriageReport, TriageSignup } from '../../core/triage/types';
import { callApi, type Fetcher, type HttpAnswer } from '../action-http';
import { isMissingAvatar, tryNormalizeMastodonStatus } from './normalize';

export interface MastodonReader {
  /** e.g. `https://mastodon.example` */
  origin: string;
  /** The instance's domain (local accounts' host). */
  domain: string;
  token: string;
  fetcher: Fetcher;
  now?: () => number;
  /** Most items read per list (default 1,000: five pages of 200). */
  maxItems?: number;
  /** Requests of the token's window left to the action queue (default 30). */
  reserve?: number;
  timeoutMs?: number;
}

export interface ReadResult<T> {
  items: T[];
  /** Items refused as malformed, with why. */
  refused: string[];
  requests: number;
  /** Why reading stopped before the end (a bound, the rate-limit reserve, an error on a later page). */
  stopped: string | null;
}

const CATEGORIES = new Set(['spam', 'legal', 'violation', 'other']);

/** `user@host` of an Admin::Account or an Account (`acct` is the bare username for local accounts). */
function acctOf(account: Record<string, unknown>, path: string, domain: string): { acct: string; username: string } {
  const username = usernameAt(account, 'username', path);
  const acct = optStrAt(account, 'acct', path, READ_LIMITS.name + READ_LIMITS.host + 1) ?? username;
  const at = acct.indexOf('@');
  const host = at >= 0 ? acct.slice(at + 1).toLowerCase() : domain.toLowerCase();
  if (!host || !/^[^\s/@?#]+$/u.test(host) || host.length > READ_LIMITS.host)
    throw new FieldError(`${path}.acct`, `not an account address (${JSON.stringify(acct.slice(0, 60))})`);
  return { acct: `${username}@${host}`, username };
}

/** An Admin::Account (with its nested `account`) as the account a report is about. */
export function parseAdminTarget(json: unknown, domain: string, path: string): TriageAccount {
  const a = objAt(json, path);
  const id = idAt(a, 'id', path);
  const inner = isObject(a.account) ? a.account : null;
  const named = inner ? acctOf(inner, `${path}.account`, domain) : null;
  const username = named?.username ?? usernameAt(a, 'username', path);
  const host = named ? named.acct.split('@')[1]! : (hostAt(a, 'domain', path) ?? domain.toLowerCase());
  const avatar = inner && typeof inner.avatar === 'string' ? inner.avatar : null;
  const created = typeof a.created_at === 'string' ? Date.parse(a.created_at) : NaN;
  return {
    id,
    acct: `${username}@${host}`,
    username,
    displayName: inner && typeof inner.display_name === 'string' ? inner.display_name.slice(0, READ_LIMITS.name) : '',
    avatarMissing: isMissingAvatar(avatar),
    createdAt: Number.isFinite(created) ? created : null,
    suspended: a.suspended === true || (inner?.suspended ?? false) === true,
    limited: a.silenced === true || (inner?.limited ?? false) === true,
  };
}

/** One admin report; statuses that do not read are dropped and named in `refused`. */
export function parseAdminReport(json: unknown, domain: string, refused: string[], index = 0): TriageReport | null {
  const r = objAt(json, `reports[${index}]`);
  const id = idAt(r, 'id', `reports[${index}]`);
  const path = `report ${id}`;
  if (r.action_taken === true) return null; // resolved meanwhile, or a server ignoring the filter
  const target = parseAdminTarget(r.target_account, domain, `${path}: target_account`);
  let reporter: string | null = null;
  if (isObject(r.account)) {
    try {
      const inner = isObject(r.account.account) ? r.account.account : r.account;
      reporter = acctOf(inner, `${path}: account`, domain).acct;
    } catch {
      reporter = null; // who reported is shown, not needed: a strange reporter does not refuse the report
    }
  }
  const category = optStrAt(r, 'category', path, 32);
  const statuses = r.statuses === undefined || r.statuses === null ? [] : r.statuses;
  if (!Array.isArray(statuses)) throw new FieldError(`${path}.statuses`, `expected a list, got ${kindOf(statuses)}`);
  const posts: Post[] = [];
  statuses.slice(0, READ_LIMITS.postsPerReport).forEach((s, i) => {
    const n = tryNormalizeMastodonStatus(s, domain);
    if (n.ok) posts.push(n.value);
    else refused.push(`${path}: status ${i + 1}: ${n.error}`);
  });
  return {
    key: `${domain}|r|${id}`,
    instance: domain,
    platform: 'mastodon',
    id,
    createdAt: dateAt(r, 'created_at', path),
    comment: optStrAt(r, 'comment', path, READ_LIMITS.comment) ?? '',
    category: category && CATEGORIES.has(category) ? category : category ? 'other' : null,
    forwarded: r.forwarded === true,
    reporter,
    target,
    posts,
    postsSource: posts.length ? 'reported' : 'none',
  };
}

/** A page of `GET /api/v1/admin/reports`: a list, each report read alone. */
export function parseAdminReports(json: unknown, domain: string): { reports: TriageReport[]; refused: string[] } {
  if (!Array.isArray(json)) throw new TriageReadError(`expected a list of reports, got ${kindOf(json)}`);
  const refused: string[] = [];
  const reports: TriageReport[] = [];
  json.forEach((item, i) => {
    try {
      const r = parseAdminReport(item, domain, refused, i);
      if (r) reports.push(r);
    } catch (e) {
      refused.push(reasonOf(e));
    }
  });
  return { reports, refused };
}

/** One pending account of `GET /api/v{1,2}/admin/accounts`; null when it is not pending any more. */
export function parseSignup(json: unknown, domain: string, index = 0): TriageSignup | null {
  const a = objAt(json, `accounts[${index}]`);
  const id = idAt(a, 'id', `accounts[${index}]`);
  const path = `account ${id}`;
  if (a.approved === true) return null;
  const username = usernameAt(a, 'username', path);
  const email = optStrAt(a, 'email', path, READ_LIMITS.email);
  let ip = optStrAt(a, 'ip', path, READ_LIMITS.ip);
  if (!ip && Array.isArray(a.ips) && isObject(a.ips[0]) && typeof a.ips[0].ip === 'string')
    ip = a.ips[0].ip.slice(0, READ_LIMITS.ip);
  return {
    key: `${domain}|s|${id}`,
    instance: domain,
    id,
    username,
    acct: `${username}@${domain.toLowerCase()}`,
    email,
    emailDomain: emailDomainOf(email),
    ip,
    reason: optStrAt(a, 'invite_request', path, READ_LIMITS.reason) ?? '',
    createdAt: dateAt(a, 'created_at', path),
    confirmed: a.confirmed === true,
    locale: optStrAt(a, 'locale', path, 35),
  };
}

export function parseSignups(json: unknown, domain: string): { signups: TriageSignup[]; refused: string[] } {
  if (!Array.isArray(json)) throw new TriageReadError(`expected a list of accounts, got ${kindOf(json)}`);
  const refused: string[] = [];
  const signups: TriageSignup[] = [];
  json.forEach((item, i) => {
    try {
      const s = parseSignup(item, domain, i);
      if (s) signups.push(s);
    } catch (e) {
      refused.push(reasonOf(e));
    }
  });
  return { signups, refused };
}

// ---- requests ------------------------------------------------------------------------------------

function serverWords(a: HttpAnswer): string {
  if (isObject(a.json) && typeof a.json.error === 'string') return a.json.error.slice(0, 200);
  return a.error ?? a.excerpt.slice(0, 120);
}

/** Why an answer cannot be read, as the triage page says it. */
export function answerProblem(a: HttpAnswer, what: string, now: number): string | null {
  if (a.status === 0) return `no answer while reading ${what}: ${a.error ?? 'network error'}`;
  if (a.status >= 300 && a.status < 400) return `the server redirected the request for ${what} (not followed)`;
  if (a.status === 401) return `the moderator token was refused (401: ${serverWords(a)}); sign in as moderator again`;
  if (a.status === 403)
    return `not allowed to read ${what} (403: ${serverWords(a)}); the account's role must manage reports and users`;
  if (a.status === 429) {
    const reset = Date.parse(a.headers['x-ratelimit-reset'] ?? '');
    const secs = Number.isFinite(reset) ? Math.max(1, Math.round((reset - now) / 1000)) : null;
    return `rate limited while reading ${what}${secs ? `; the window resets in ${secs} s` : ''}`;
  }
  if (a.status < 200 || a.status >= 300) return `the server answered ${a.status} for ${what}: ${serverWords(a)}`;
  if (a.error) return `the answer for ${what} was ${a.error}`;
  // A 2xx whose body is an error (a proxy, a fork): the server's words, not an empty queue.
  if (isObject(a.json) && typeof a.json.error === 'string')
    return `the server answered ${a.status} with an error for ${what}: ${a.json.error.slice(0, 200)}`;
  return null;
}

async function get(o: MastodonReader, path: string): Promise<HttpAnswer> {
  return callApi(o.fetcher, {
    method: 'GET',
    origin: o.origin,
    path,
    headers: { Authorization: `Bearer ${o.token}` },
    timeoutMs: o.timeoutMs ?? 20_000,
    now: o.now,
  });
}

/** Requests left in the token's window, from an answer's headers; null when it does not say. */
function remainingOf(a: HttpAnswer): number | null {
  const n = Number(a.headers['x-ratelimit-remaining']);
  return a.headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(n) ? n : null;
}

/** Reads a paginated admin list: stops at the bound, at the reserve, or at a later page's error. */
async function readPages<T>(
  o: MastodonReader,
  firstPath: string,
  what: string,
  parse: (json: unknown) => { items: T[]; refused: string[] },
): Promise<ReadResult<T> & { firstStatus: number }> {
  const now = o.now ?? Date.now;
  const max = o.maxItems ?? 1_000;
  const reserve = o.reserve ?? 30;
  const out: ReadResult<T> & { firstStatus: number } = {
    items: [],
    refused: [],
    requests: 0,
    stopped: null,
    firstStatus: 0,
  };
  let path: string | null = firstPath;
  while (path) {
    const a = await get(o, path);
    out.requests++;
    if (out.requests === 1) out.firstStatus = a.status;
    const problem = answerProblem(a, what, now());
    if (problem) {
      if (out.requests === 1) throw new TriageReadError(problem, a.status);
      out.stopped = problem;
      break;
    }
    let page: { items: T[]; refused: string[] };
    try {
      page = parse(a.json);
    } catch (e) {
      const msg = `the answer for ${what} was not usable: ${reasonOf(e)}`;
      if (out.requests === 1) throw new TriageReadError(msg, a.status);
      out.stopped = msg;
      break;
    }
    out.items.push(...page.items);
    out.refused.push(...page.refused);
    path = nextLink(a.headers.link, o.origin);
    if (!path) break;
    if (out.items.length >= max) {
      out.stopped = `read the first ${out.items.length} ${what} (the bound per instance)`;
      break;
    }
    const left = remainingOf(a);
    if (left !== null && left <= reserve) {
      out.stopped = `stopped after ${out.items.length} ${what} to leave the last ${left} requests of this rate-limit window to the actions`;
      break;
    }
  }
  if (out.items.length > max) out.items.length = max;
  return out;
}

/** Open reports, newest first, with their reported statuses. */
export async function readOpenReports(o: MastodonReader): Promise<ReadResult<TriageReport>> {
  const r = await readPages(o, '/api/v1/admin/reports?resolved=false&limit=200', 'open reports', (json) => {
    const p = parseAdminReports(json, o.domain);
    return { items: p.reports, refused: p.refused };
  });
  // Pages may overlap when reports arrive meanwhile.
  const seen = new Set<string>();
  r.items = r.items.filter((x) => !seen.has(x.id) && !!seen.add(x.id));
  return r;
}

/** Pending sign-ups, newest first (v2, or v1 on servers without it). */
export async function readPendingSignups(o: MastodonReader): Promise<ReadResult<TriageSignup>> {
  const parse = (json: unknown) => {
    const p = parseSignups(json, o.domain);
    return { items: p.signups, refused: p.refused };
  };
  try {
    return await readPages(
      o,
      '/api/v2/admin/accounts?status=pending&origin=local&limit=200',
      'pending sign-ups',
      parse,
    );
  } catch (e) {
    // v2 came with Mastodon 3.5: an older server answers 404 (or 400 for the unknown filter).
    if (!(e instanceof TriageReadError) || (e.status !== 404 && e.status !== 400)) throw e;
    return readPages(o, '/api/v1/admin/accounts?pending=true&local=true&limit=200', 'pending sign-ups', parse);
  }
}

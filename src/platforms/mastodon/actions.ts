/**
 * Mastodon's moderation endpoints for the action queue: one small typed function per endpoint
 * (as Mastodon's own frontend, `app/javascript/mastodon/api/`), answers read defensively
 * (../action-http.ts), and the queue's executor built on them (`mastodonActions`).
 *
 * Endpoints and limits: ../shared/reference/instance-apis.md C1; the calls the web UI makes:
 * web-ui-dom.md 1.6. A web UI token (`read write follow`) can report, block, mute and block
 * domains; admin endpoints need a token with `admin:*` scopes (a moderator's sign-in).
 */
import type { LimitSpec } from '../../core/queue/limits';
import type { Outcome } from '../../core/queue/retry';
import type { ActionKind } from '../../core/queue/types';
import {
  MAX_RATE_WAIT_MS,
  answerSummary,
  callApi,
  clampWait,
  clockSkew,
  isObject,
  retryAfter,
  type HttpAnswer,
} from '../action-http';
import { actionSummary, hostOf } from '../action-summary';
import type { ActionSpec, Lane, PlatformActions, RateNote, Step, StepContext, StepResult } from '../action-types';

// ---- calls and answers ------------------------------------------------------------------------

export interface Call {
  lane: Lane;
  ctx: StepContext;
}

type Res<T> =
  { ok: true; value: T; answer: HttpAnswer } | { ok: false; outcome: Outcome; inDoubt: boolean; answer: HttpAnswer };

/** Mastodon's JSON names, as `app/javascript/mastodon/api_types/` keeps them. */
export interface ApiRelationshipJSON {
  id: string;
  blocking: boolean;
  muting: boolean;
  domain_blocking: boolean;
}
export interface ApiAccountJSON {
  id: string;
  acct: string;
  username: string;
  suspended?: boolean;
  limited?: boolean;
}
export interface ApiReportJSON {
  id: string;
  comment: string;
  action_taken?: boolean;
  target_account?: { id: string } | null;
  account?: { id: string } | null;
}
export interface ApiAdminAccountJSON {
  id: string;
  suspended: boolean;
  silenced: boolean;
  approved: boolean;
}

function request(
  c: Call,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: Record<string, unknown>,
): Promise<HttpAnswer> {
  return callApi(c.ctx.fetcher, {
    method,
    origin: c.lane.origin,
    path,
    body,
    headers: { Authorization: `Bearer ${c.lane.token}` },
    timeoutMs: c.ctx.timeoutMs,
    now: c.ctx.now,
  });
}

function serverMessage(a: HttpAnswer): string {
  if (isObject(a.json)) {
    const e = a.json.error;
    const d = a.json.error_description;
    if (typeof e === 'string') return typeof d === 'string' ? `${e}: ${d}` : e;
  }
  return a.error ?? a.excerpt ?? '';
}

/** Reads an answer's status; a 2xx with a JSON body goes to `shape`, which checks it. */
function read<T>(a: HttpAnswer, now: number, shape: (json: unknown) => T | null, what: string): Res<T> {
  const fail = (outcome: Outcome, inDoubt = false): Res<T> => ({ ok: false, outcome, inDoubt, answer: a });
  const response = answerSummary(a);
  if (a.status === 0)
    return fail({ kind: 'transient', status: 0, message: a.error ?? 'no answer', response }, a.inDoubt);
  if (a.status >= 300 && a.status < 400)
    return fail({ kind: 'auth', status: a.status, message: a.error ?? 'redirected', response });
  if (a.status === 429) {
    const w = rateWindow(a, now);
    const until = clampWait(w?.resetAt ?? retryAfter(a.headers, now) ?? now + 60_000, now);
    return fail({ kind: 'rateLimited', status: 429, message: 'rate limited by the server', until, response });
  }
  if (a.status === 401)
    return fail({ kind: 'auth', status: 401, message: `the login was refused: ${serverMessage(a)}`, response });
  if (a.status === 403)
    return fail({ kind: 'permanent', status: 403, message: `not allowed: ${serverMessage(a)}`, response });
  if (a.status === 404 || a.status === 410)
    return fail({
      kind: 'permanent',
      status: a.status,
      message: `${what} was not found (deleted or suspended?)`,
      response,
    });
  if (a.status >= 400 && a.status < 500)
    return fail({ kind: 'permanent', status: a.status, message: serverMessage(a) || `HTTP ${a.status}`, response });
  if (a.status >= 500)
    return fail({
      kind: 'transient',
      status: a.status,
      message: `server error ${a.status}: ${serverMessage(a)}`,
      response,
    });
  // 2xx: the body must be what the endpoint returns. Anything else is not "done".
  if (a.error)
    return fail({ kind: 'transient', status: a.status, message: `${a.status} with ${a.error}`, response }, true);
  if (isObject(a.json) && typeof a.json.error === 'string')
    return fail(
      { kind: 'transient', status: a.status, message: `${a.status} with an error: ${a.json.error}`, response },
      true,
    );
  const value = shape(a.json);
  if (value === null)
    return fail(
      { kind: 'transient', status: a.status, message: `${a.status} with an unexpected answer`, response },
      true,
    );
  return { ok: true, value, answer: a };
}

const str = (x: unknown): x is string => typeof x === 'string';
const bool = (x: unknown): x is boolean => typeof x === 'boolean';

const relationshipShape = (j: unknown): ApiRelationshipJSON | null =>
  isObject(j) && str(j.id) && bool(j.blocking) && bool(j.muting)
    ? { id: j.id, blocking: j.blocking, muting: j.muting, domain_blocking: j.domain_blocking === true }
    : null;
const emptyShape = (j: unknown): Record<string, never> | null => (isObject(j) ? {} : null);
const accountShape = (j: unknown): ApiAccountJSON | null =>
  isObject(j) && str(j.id) && str(j.acct) && str(j.username)
    ? {
        id: j.id,
        acct: j.acct,
        username: j.username,
        suspended: j.suspended === true,
        limited: j.limited === true,
      }
    : null;
const reportShape = (j: unknown): ApiReportJSON | null =>
  isObject(j) && str(j.id)
    ? {
        id: j.id,
        comment: str(j.comment) ? j.comment : '',
        action_taken: j.action_taken === true,
        target_account: isObject(j.target_account) && str(j.target_account.id) ? { id: j.target_account.id } : null,
        account: isObject(j.account) && str(j.account.id) ? { id: j.account.id } : null,
      }
    : null;
const adminAccountShape = (j: unknown): ApiAdminAccountJSON | null =>
  isObject(j) && str(j.id)
    ? { id: j.id, suspended: j.suspended === true, silenced: j.silenced === true, approved: j.approved === true }
    : null;
const listOf =
  <T>(item: (x: unknown) => T | null) =>
  (j: unknown): T[] | null => {
    if (!Array.isArray(j)) return null;
    const out: T[] = [];
    for (const x of j) {
      const v = item(x);
      if (v === null) return null;
      out.push(v);
    }
    return out;
  };

const enc = encodeURIComponent;

// ---- one function per endpoint -----------------------------------------------------------------

export interface ReportParams {
  accountId: string;
  statusIds: string[];
  comment: string;
  category: 'spam' | 'other' | 'violation' | 'legal';
  forward: boolean;
  forwardToDomains: string[];
}

/** `POST /api/v1/reports` (as the web UI's report modal sends it). */
export async function createReport(c: Call, p: ReportParams): Promise<Res<ApiReportJSON>> {
  const a = await request(c, 'POST', '/api/v1/reports', {
    account_id: p.accountId,
    status_ids: p.statusIds,
    comment: p.comment,
    category: p.category,
    forward: p.forward,
    forward_to_domains: p.forwardToDomains,
  });
  return read(a, c.ctx.now(), reportShape, 'the account or a reported post');
}

export async function block(c: Call, id: string) {
  return read(
    await request(c, 'POST', `/api/v1/accounts/${enc(id)}/block`),
    c.ctx.now(),
    relationshipShape,
    'the account',
  );
}
export async function unblock(c: Call, id: string) {
  return read(
    await request(c, 'POST', `/api/v1/accounts/${enc(id)}/unblock`),
    c.ctx.now(),
    relationshipShape,
    'the account',
  );
}
/** `duration` in seconds, 0 = indefinite (Mastodon 3.3+); `notifications` default true. */
export async function mute(c: Call, id: string, duration: number, notifications: boolean) {
  const a = await request(c, 'POST', `/api/v1/accounts/${enc(id)}/mute`, { duration, notifications });
  return read(a, c.ctx.now(), relationshipShape, 'the account');
}
export async function unmute(c: Call, id: string) {
  return read(
    await request(c, 'POST', `/api/v1/accounts/${enc(id)}/unmute`),
    c.ctx.now(),
    relationshipShape,
    'the account',
  );
}
export async function domainBlock(c: Call, domain: string) {
  return read(await request(c, 'POST', '/api/v1/domain_blocks', { domain }), c.ctx.now(), emptyShape, 'the domain');
}
export async function domainUnblock(c: Call, domain: string) {
  const a = await request(c, 'DELETE', `/api/v1/domain_blocks?domain=${enc(domain)}`);
  return read(a, c.ctx.now(), emptyShape, 'the domain');
}
/** `POST /api/v1/admin/accounts/:id/action`: `silence` (limit) or `suspend`; also resolves open reports. */
export async function adminAction(
  c: Call,
  id: string,
  p: { type: 'silence' | 'suspend'; reportId: string | null; text: string; sendEmail: boolean },
) {
  const a = await request(c, 'POST', `/api/v1/admin/accounts/${enc(id)}/action`, {
    type: p.type,
    ...(p.reportId ? { report_id: p.reportId } : {}),
    text: p.text,
    send_email_notification: p.sendEmail,
  });
  return read(a, c.ctx.now(), emptyShape, 'the account');
}
export async function adminUndo(c: Call, id: string, verb: 'unsilence' | 'unsuspend' | 'approve' | 'reject') {
  const a = await request(c, 'POST', `/api/v1/admin/accounts/${enc(id)}/${verb}`);
  return read(a, c.ctx.now(), (j) => (isObject(j) ? j : null), 'the account');
}
export async function resolveReport(c: Call, reportId: string) {
  const a = await request(c, 'POST', `/api/v1/admin/reports/${enc(reportId)}/resolve`);
  return read(a, c.ctx.now(), reportShape, 'the report');
}
export async function emailDomainBlock(c: Call, domain: string) {
  const a = await request(c, 'POST', '/api/v1/admin/email_domain_blocks', { domain });
  return read(a, c.ctx.now(), (j) => (isObject(j) ? j : null), 'the domain');
}

// Lookups (resolving an acct, and checking after a crash).

/** `GET /api/v1/accounts/lookup?acct=`: a local account by username, a remote one by user@host. */
export async function lookup(c: Call, acct: string) {
  const [user, host] = acct.replace(/^@/, '').split('@');
  const q = host && host.toLowerCase() !== c.lane.domain.toLowerCase() ? `${user}@${host}` : user!;
  return read(
    await request(c, 'GET', `/api/v1/accounts/lookup?acct=${enc(q)}`),
    c.ctx.now(),
    accountShape,
    'the account',
  );
}
/** `GET /api/v1/accounts/verify_credentials`: the cheapest authenticated call (its headers tell the token's limit). */
export async function verifyCredentials(c: Call) {
  return read(await request(c, 'GET', '/api/v1/accounts/verify_credentials'), c.ctx.now(), accountShape, 'the login');
}
export async function relationships(c: Call, ids: string[]) {
  const q = ids.map((id) => `id[]=${enc(id)}`).join('&');
  const a = await request(c, 'GET', `/api/v1/accounts/relationships?with_suspended=true&${q}`);
  return read(a, c.ctx.now(), listOf(relationshipShape), 'the account');
}
export async function domainBlocks(c: Call) {
  const a = await request(c, 'GET', '/api/v1/domain_blocks?limit=200');
  return read(
    a,
    c.ctx.now(),
    listOf((x) => (str(x) ? x : null)),
    'the domain blocks',
  );
}
export async function adminAccount(c: Call, id: string) {
  return read(
    await request(c, 'GET', `/api/v1/admin/accounts/${enc(id)}`),
    c.ctx.now(),
    adminAccountShape,
    'the account',
  );
}
export async function adminReports(c: Call, targetAccountId: string, resolved: boolean) {
  const a = await request(
    c,
    'GET',
    `/api/v1/admin/reports?target_account_id=${enc(targetAccountId)}&resolved=${resolved}&limit=200`,
  );
  return read(a, c.ctx.now(), listOf(reportShape), 'the reports');
}
export async function adminReport(c: Call, id: string) {
  return read(await request(c, 'GET', `/api/v1/admin/reports/${enc(id)}`), c.ctx.now(), reportShape, 'the report');
}
export async function emailDomainBlocks(c: Call) {
  const a = await request(c, 'GET', '/api/v1/admin/email_domain_blocks?limit=200');
  return read(
    a,
    c.ctx.now(),
    listOf((x) => (isObject(x) && str(x.domain) ? x.domain : null)),
    'the e-mail domain blocks',
  );
}

// ---- rate limits -------------------------------------------------------------------------------

export const API_LIMIT: LimitSpec = { max: 300, windowMs: 5 * 60_000 };
export const REPORTS_LIMIT: LimitSpec = { max: 400, windowMs: 24 * 3_600_000 };

/** `X-RateLimit-Limit/Remaining/Reset` (ISO 8601), the reset moved onto our clock. */
export function rateWindow(a: HttpAnswer, now: number): { limit: number; remaining: number; resetAt: number } | null {
  const limit = Number(a.headers['x-ratelimit-limit']);
  const remaining = Number(a.headers['x-ratelimit-remaining']);
  const reset = Date.parse(a.headers['x-ratelimit-reset'] ?? '');
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return null;
  // A reset beyond the longest window is not believed (the queue would hold the token's batches).
  return { limit, remaining, resetAt: Math.min(reset - clockSkew(a.headers, now), now + MAX_RATE_WAIT_MS) };
}

/**
 * Which limit an answer's headers describe. `POST /api/v1/reports` carries the `reports` family's
 * headers (ReportsController `override_rate_limit_headers`) unless Rack::Attack's per-token limit
 * refused it first; the limits differ (300 vs 400), which tells them apart.
 */
function notesOf(a: HttpAnswer, isReport: boolean, now: number, outcome: Outcome | null): RateNote[] {
  const w = rateWindow(a, now);
  if (!w) return outcome?.kind === 'rateLimited' ? [{ family: 'api', limited: { until: outcome.until } }] : [];
  const family = isReport && w.limit !== API_LIMIT.max ? 'reports' : 'api';
  const note: RateNote = { family, window: w };
  if (outcome?.kind === 'rateLimited') note.limited = { until: outcome.until };
  return [note];
}

// ---- the executor ------------------------------------------------------------------------------

const ADMIN: ReadonlySet<ActionKind> = new Set<ActionKind>([
  'limit',
  'suspend',
  'unlimit',
  'unsuspend',
  'approve',
  'reject',
  'resolve_report',
  'email_domain_block',
]);
const NO_ACCOUNT: ReadonlySet<ActionKind> = new Set<ActionKind>([
  'domain_block',
  'domain_unblock',
  'email_domain_block',
  'resolve_report',
  'delete_note',
]);

/** The comment with the action's marker, within Mastodon's 1000 characters. */
export function reportComment(comment: string, tag: string): string {
  const suffix = `\n[Breakwater ${tag}]`;
  const chars = [...comment.trim()];
  const room = 1000 - [...suffix].length;
  const body = chars.length > room ? chars.slice(0, room - 1).join('') + '…' : chars.join('');
  return body ? `${body}${suffix}` : suffix.trimStart();
}

function hasAdminScope(scopes: readonly string[], kind: ActionKind): boolean {
  const need =
    kind === 'resolve_report'
      ? 'admin:write:reports'
      : kind === 'email_domain_block'
        ? 'admin:write:email_domain_blocks'
        : 'admin:write:accounts';
  return scopes.some((s) => s === need || s === 'admin:write' || s === 'admin');
}

/**
 * User-level scopes, with Doorkeeper's hierarchy (`write` covers `write:*`; the deprecated `follow`
 * covers blocks and mutes). A web UI token is stored without scopes: it has `read write follow`.
 */
function hasUserScope(scopes: readonly string[], kind: ActionKind): boolean {
  if (!scopes.length) return true;
  const need =
    kind === 'report' ? 'write:reports' : kind === 'mute' || kind === 'unmute' ? 'write:mutes' : 'write:blocks';
  return scopes.some((s) => s === need || s === 'write' || (s === 'follow' && need !== 'write:reports'));
}

function ok(detail: string, a: HttpAnswer, already = false): Outcome {
  return { kind: 'ok', status: a.status, detail, already, response: answerSummary(a) };
}

async function perform(c: Call, s: ActionSpec): Promise<Res<Outcome>> {
  const id = s.accountId ?? '';
  const o = s.options;
  const done = <T>(r: Res<T>, detail: (v: T) => string): Res<Outcome> =>
    r.ok ? { ok: true, value: ok(detail(r.value), r.answer), answer: r.answer } : r;
  switch (s.kind) {
    case 'report': {
      const remote = hostOf(s.acct) !== c.lane.domain.toLowerCase() && hostOf(s.acct) !== '';
      const forward = !!o.forward && remote;
      const r = await createReport(c, {
        accountId: id,
        statusIds: s.postIds,
        comment: reportComment(o.comment ?? '', s.tag),
        category: o.category ?? 'spam',
        forward,
        forwardToDomains: forward ? [hostOf(s.acct)] : [],
      });
      return done(r, (v) => `report ${v.id} filed`);
    }
    case 'block':
      return done(await block(c, id), (v) => (v.blocking ? 'blocked' : 'block sent'));
    case 'unblock':
      return done(await unblock(c, id), () => 'unblocked');
    case 'mute':
      return done(await mute(c, id, o.durationSeconds ?? 0, o.notifications ?? true), () => 'muted');
    case 'unmute':
      return done(await unmute(c, id), () => 'unmuted');
    case 'domain_block':
      return done(await domainBlock(c, s.domain ?? hostOf(s.acct)), () => 'domain blocked');
    case 'domain_unblock':
      return done(await domainUnblock(c, s.domain ?? hostOf(s.acct)), () => 'domain unblocked');
    case 'limit':
    case 'suspend': {
      const type = s.kind === 'limit' ? 'silence' : 'suspend';
      const r = await adminAction(c, id, { type, reportId: s.reportId, text: o.note ?? '', sendEmail: false });
      return done(r, () => (type === 'silence' ? 'limited' : 'suspended'));
    }
    case 'unlimit':
      return done(await adminUndo(c, id, 'unsilence'), () => 'limit lifted');
    case 'unsuspend':
      return done(await adminUndo(c, id, 'unsuspend'), () => 'unsuspended');
    case 'approve':
      return done(await adminUndo(c, id, 'approve'), () => 'approved');
    case 'reject':
      return done(await adminUndo(c, id, 'reject'), () => 'rejected');
    case 'resolve_report':
      return done(await resolveReport(c, s.reportId ?? ''), () => 'report resolved');
    case 'email_domain_block':
      return done(await emailDomainBlock(c, s.domain ?? hostOf(s.acct)), () => 'e-mail domain blocked');
    case 'delete_note': {
      const a: HttpAnswer = {
        status: 0,
        headers: {},
        json: undefined,
        excerpt: '',
        error: null,
        inDoubt: false,
        sentAt: 0,
      };
      return { ok: false, outcome: unsupportedOutcome('delete_note'), inDoubt: false, answer: a };
    }
  }
}

function unsupportedOutcome(kind: ActionKind): Outcome {
  return { kind: 'permanent', status: 0, message: UNSUPPORTED[kind] ?? `${kind} is not supported on Mastodon` };
}

const UNSUPPORTED: Partial<Record<ActionKind, string>> = {
  delete_note: "Mastodon's API cannot delete another account's post (only reports and account actions can)",
};

type Verified = { state: 'done' | 'not-done' | 'unverifiable'; detail: string };

/** After a crash: is the action already done on the server? */
async function verify(c: Call, s: ActionSpec, sentAfter: number): Promise<Res<Verified>> {
  const id = s.accountId ?? '';
  const v = (state: Verified['state'], detail: string): Verified => ({ state, detail });
  const map = <T>(r: Res<T>, f: (x: T) => Verified): Res<Verified> => (r.ok ? { ...r, value: f(r.value) } : r);
  const rel = async (f: (r: ApiRelationshipJSON) => boolean, yes: string) =>
    map(await relationships(c, [id]), (list) => {
      const r = list.find((x) => x.id === id);
      return r && f(r) ? v('done', yes) : v('not-done', '');
    });
  switch (s.kind) {
    case 'block':
      return rel((r) => r.blocking, 'already blocking');
    case 'unblock':
      return rel((r) => !r.blocking, 'not blocking any more');
    case 'mute':
      return rel((r) => r.muting, 'already muting');
    case 'unmute':
      return rel((r) => !r.muting, 'not muting any more');
    case 'domain_block':
    case 'domain_unblock': {
      const d = (s.domain ?? hostOf(s.acct)).toLowerCase();
      const want = s.kind === 'domain_block';
      return map(await domainBlocks(c), (list) =>
        list.some((x) => x.toLowerCase() === d) === want
          ? v('done', `domain ${want ? '' : 'un'}blocked`)
          : v('not-done', ''),
      );
    }
    case 'limit':
    case 'unlimit':
    case 'suspend':
    case 'unsuspend':
    case 'approve': {
      const r = await adminAccount(c, id);
      if (!r.ok) return r;
      const a = r.value;
      const isDone =
        s.kind === 'limit'
          ? a.silenced
          : s.kind === 'unlimit'
            ? !a.silenced
            : s.kind === 'suspend'
              ? a.suspended
              : s.kind === 'unsuspend'
                ? !a.suspended
                : a.approved;
      return { ...r, value: isDone ? v('done', `already in the wanted state (${s.kind})`) : v('not-done', '') };
    }
    case 'reject': {
      const r = await adminAccount(c, id);
      if (!r.ok && r.outcome.kind === 'permanent' && r.outcome.status === 404)
        return { ok: true, value: v('done', 'already rejected'), answer: r.answer };
      return map(r, () => v('not-done', ''));
    }
    case 'resolve_report':
      return map(await adminReport(c, s.reportId ?? ''), (r) =>
        r.action_taken ? v('done', 'already resolved') : v('not-done', ''),
      );
    case 'email_domain_block': {
      const d = (s.domain ?? hostOf(s.acct)).toLowerCase();
      return map(await emailDomainBlocks(c), (list) =>
        list.some((x) => x.toLowerCase() === d) ? v('done', 'already blocked') : v('not-done', ''),
      );
    }
    case 'report': {
      // Users cannot list their own reports; a moderator's token can find the report by its marker.
      if (!mastodonActions.canVerify('report', c.lane)) return unverifiable(c, 'reports cannot be listed by a user');
      for (const resolved of [false, true]) {
        const r = await adminReports(c, id, resolved);
        if (!r.ok) return r;
        const found = r.value.find((x) => x.comment.includes(s.tag));
        if (found) return { ok: true, value: v('done', `report ${found.id} was filed`), answer: r.answer };
      }
      void sentAfter;
      return { ok: true, value: v('not-done', ''), answer: emptyAnswer(c) };
    }
    case 'delete_note':
      return unverifiable(c, 'not supported');
  }
}

function emptyAnswer(c: Call): HttpAnswer {
  return { status: 200, headers: {}, json: undefined, excerpt: '', error: null, inDoubt: false, sentAt: c.ctx.now() };
}

function unverifiable(c: Call, why: string): Res<Verified> {
  return { ok: true, value: { state: 'unverifiable', detail: why }, answer: emptyAnswer(c) };
}

export const mastodonActions: PlatformActions = {
  unsupported: (kind) => UNSUPPORTED[kind] ?? null,
  needsModerator: (kind) => ADMIN.has(kind),
  laneMayModerate: (lane, kind) => hasAdminScope(lane.scopes, kind),
  laneMay: (lane, kind) => (ADMIN.has(kind) ? hasAdminScope(lane.scopes, kind) : hasUserScope(lane.scopes, kind)),
  needsAccountId: (kind) => !NO_ACCOUNT.has(kind),
  canVerify: (kind, lane) =>
    kind === 'report' ? lane.scopes.some((s) => /^admin(:read(:reports)?)?$/.test(s)) : kind !== 'delete_note',
  requests: () => 1,
  canCheckLimits: (family) => family === 'api',
  async checkLimits(family, lane, ctx) {
    const c: Call = { lane, ctx };
    const r = await verifyCredentials(c);
    return { notes: notesOf(r.answer, false, ctx.now(), r.ok ? null : r.outcome), status: r.answer.status };
  },
  families: (step, spec) => (step === 'perform' && spec.kind === 'report' ? ['api', 'reports'] : ['api']),
  familyScope: (family) => (family === 'reports' ? 'account' : 'token'),
  documentedLimit: (family) => (family === 'reports' ? REPORTS_LIMIT : family === 'api' ? API_LIMIT : null),
  summary: (s) => actionSummary(s),

  async run(step: Step, lane: Lane, spec: ActionSpec, ctx: StepContext): Promise<StepResult> {
    const c: Call = { lane, ctx };
    const sentAt = ctx.now();
    if (step === 'resolve') {
      const r = await lookup(c, spec.acct);
      const notes = notesOf(r.answer, false, ctx.now(), r.ok ? null : r.outcome);
      if (!r.ok) return { outcome: r.outcome, notes, inDoubt: false, sentAt };
      return {
        outcome: ok(`found ${r.value.acct} (${r.value.id})`, r.answer),
        notes,
        patch: { accountId: r.value.id },
        sentAt,
      };
    }
    if (step === 'verify') {
      const r = await verify(c, spec, sentAt);
      const notes = notesOf(r.answer, false, ctx.now(), r.ok ? null : r.outcome);
      if (!r.ok) return { outcome: r.outcome, notes, sentAt };
      return { outcome: ok(r.value.detail, r.answer, true), notes, verified: r.value.state, sentAt };
    }
    const r = await perform(c, spec);
    const notes = notesOf(r.answer, spec.kind === 'report', ctx.now(), r.ok ? null : r.outcome);
    if (!r.ok) return { outcome: r.outcome, notes, inDoubt: r.inDoubt, sentAt };
    return { outcome: r.value, notes, sentAt };
  },
};

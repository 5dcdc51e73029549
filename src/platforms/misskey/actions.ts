/**
 * Misskey's moderation endpoints for the action queue: one small typed function per endpoint (the
 * calls the web UI makes, web-ui-dom.md 2.4; `POST /api/<endpoint>` with the token as body `i`),
 * answers read defensively (../action-http.ts), and the queue's executor (`misskeyActions`).
 *
 * Errors are `{error: {code, message, id, kind, info?}}` (../shared/fixtures/misskey/api/error.*).
 * Rate limits: no headers at all; a 429 `RATE_LIMIT_EXCEEDED` with `Retry-After` (seconds) and
 * `info = {remaining, reset, resetMs, total}`; refused and failed calls count too. Endpoint limits
 * are upstream's `meta.limit`, multiplied by the user's role policy `rateLimitFactor` f:
 * window x f, allowance / f, minimum interval x f; f = 0 turns them off (instance-apis.md C2).
 */
import type { LimitSpec } from '../../core/queue/limits';
import type { Outcome } from '../../core/queue/retry';
import type { ActionKind } from '../../core/queue/types';
import { answerSummary, callApi, clampWait, isObject, retryAfter, type HttpAnswer } from '../action-http';
import { actionSummary } from '../action-summary';
import type { ActionSpec, Lane, PlatformActions, RateNote, Step, StepContext, StepResult } from '../action-types';
import { reportParts } from './report-text';

export interface Call {
  lane: Lane;
  ctx: StepContext;
}

type Res<T> =
  | { ok: true; value: T; answer: HttpAnswer }
  | { ok: false; outcome: Outcome; inDoubt: boolean; answer: HttpAnswer; code?: string };

/** Misskey's names (misskey-js `entities`). */
export interface UserDetailed {
  id: string;
  username: string;
  host: string | null;
  isBlocking?: boolean;
  isMuted?: boolean;
  isSuspended?: boolean;
  isModerator?: boolean;
  isAdmin?: boolean;
}
export interface AbuseReport {
  id: string;
  createdAt: string;
  comment: string;
  reporterId: string;
  targetUserId: string;
  resolved: boolean;
}
export interface MeDetailed {
  id: string;
  username: string;
  isModerator: boolean;
  isAdmin: boolean;
  rateLimitFactor: number | null;
}

const HOUR = 3_600_000;

/** Upstream endpoint limits (Misskey 2025.x `meta.limit`; test/sim/misskey/README.md lists the sources). */
export const ENDPOINT_LIMITS: Record<string, LimitSpec> = {
  'blocking/create': { max: 20, windowMs: HOUR },
  'blocking/delete': { max: 100, windowMs: HOUR },
  'mute/create': { max: 20, windowMs: HOUR },
  'notes/delete': { max: 300, windowMs: HOUR, minIntervalMs: 1_000 },
};

/** A documented limit under a rateLimitFactor, as upstream's RateLimiterService applies it. */
export function scaledLimit(base: LimitSpec, factor: number): LimitSpec | null {
  if (!(factor > 0)) return null;
  return {
    max: base.max / factor,
    windowMs: base.windowMs * factor,
    ...(base.minIntervalMs ? { minIntervalMs: base.minIntervalMs * factor } : {}),
  };
}

async function request(c: Call, endpoint: string, body: Record<string, unknown>): Promise<HttpAnswer> {
  return callApi(c.ctx.fetcher, {
    method: 'POST',
    origin: c.lane.origin,
    path: `/api/${endpoint}`,
    body: { ...body, i: c.lane.token },
    timeoutMs: c.ctx.timeoutMs,
    now: c.ctx.now,
  });
}

/** Plain errors inside an endpoint (500 INTERNAL_ERROR) that will not change on a retry. */
const PERMANENT_INTERNAL = /not found|cannot|moderator|root account|admin/i;
/** Codes that mean the wanted state is already there, per endpoint. */
const ALREADY: Record<string, string> = {
  'blocking/create': 'ALREADY_BLOCKING',
  'blocking/delete': 'NOT_BLOCKING',
  'mute/create': 'ALREADY_MUTING',
  'mute/delete': 'NOT_MUTING',
  'notes/delete': 'NO_SUCH_NOTE',
};
/** Codes that concern the login, not the one action: every action of the batch would fail alike. */
const LOGIN_CODES = new Set([
  'AUTHENTICATION_FAILED',
  'CREDENTIAL_REQUIRED',
  'YOUR_ACCOUNT_SUSPENDED',
  'PERMISSION_DENIED',
  'ROLE_PERMISSION_DENIED',
]);

interface MisskeyError {
  code: string;
  message: string;
  info: Record<string, unknown> | null;
}

function errorOf(a: HttpAnswer): MisskeyError | null {
  if (!isObject(a.json) || !isObject(a.json.error)) return null;
  const e = a.json.error;
  if (typeof e.code !== 'string') return null;
  return {
    code: e.code,
    message: typeof e.message === 'string' ? e.message : e.code,
    info: isObject(e.info) ? e.info : null,
  };
}

function read<T>(
  a: HttpAnswer,
  endpoint: string,
  now: number,
  shape: (json: unknown, status: number) => T | null,
): Res<T> {
  const response = answerSummary(a);
  const fail = (outcome: Outcome, inDoubt = false, code?: string): Res<T> => ({
    ok: false,
    outcome,
    inDoubt,
    answer: a,
    code,
  });
  if (a.status === 0)
    return fail({ kind: 'transient', status: 0, message: a.error ?? 'no answer', response }, a.inDoubt);
  if (a.status >= 300 && a.status < 400)
    return fail({ kind: 'auth', status: a.status, message: a.error ?? 'redirected', response });
  const err = errorOf(a);
  if (a.status === 429 || err?.code === 'RATE_LIMIT_EXCEEDED' || err?.code === 'BRIEF_REQUEST_INTERVAL') {
    const rawReset = err?.info?.resetMs;
    const resetMs = typeof rawReset === 'number' && Number.isFinite(rawReset) ? clampWait(rawReset, now) : undefined;
    const rawTotal = err?.info?.total;
    const total =
      typeof rawTotal === 'number' && Number.isInteger(rawTotal) && rawTotal >= 1 && rawTotal <= 1e6
        ? rawTotal
        : undefined;
    const until = clampWait(resetMs ?? retryAfter(a.headers, now) ?? now + 60_000, now);
    const long = err?.code !== 'BRIEF_REQUEST_INTERVAL';
    return fail({
      kind: 'rateLimited',
      status: 429,
      message: `rate limited on ${endpoint}`,
      until,
      ...(long && total !== undefined && resetMs !== undefined ? { total, resetAt: resetMs } : {}),
      response,
    });
  }
  if (a.status >= 400 || err) {
    const status = a.status;
    if (!err) {
      if (status >= 500)
        return fail({
          kind: 'transient',
          status,
          message: `server error ${status}: ${a.error ?? a.excerpt}`,
          response,
        });
      if (status === 401) return fail({ kind: 'auth', status, message: 'the login was refused', response });
      return fail({ kind: 'permanent', status, message: `HTTP ${status}: ${a.error ?? a.excerpt}`, response });
    }
    if (status < 400) {
      // A 2xx carrying an error: not done, and perhaps not even refused. Check before trying again.
      const words = err.message && err.message !== err.code ? `${err.code}: ${err.message}` : err.code;
      return fail({ kind: 'transient', status, message: `${status} with an error: ${words}`, response }, true);
    }
    const reason = `${err.code}: ${err.message}`;
    if (ALREADY[endpoint] === err.code)
      return fail({ kind: 'ok', status, detail: `already so (${err.code})`, already: true, response }, false, err.code);
    if (LOGIN_CODES.has(err.code)) return fail({ kind: 'auth', status, message: reason, response }, false, err.code);
    if (err.code === 'INTERNAL_ERROR') {
      const inner = isObject(err.info?.e) && typeof err.info.e.message === 'string' ? err.info.e.message : '';
      if (inner && PERMANENT_INTERNAL.test(inner))
        return fail(
          { kind: 'permanent', status, code: err.code, message: `${err.code}: ${inner}`, response },
          false,
          err.code,
        );
      return fail(
        { kind: 'transient', status, message: `${reason}${inner ? ` (${inner})` : ''}`, response },
        false,
        err.code,
      );
    }
    if (status >= 500) return fail({ kind: 'transient', status, message: reason, response }, false, err.code);
    return fail({ kind: 'permanent', status, code: err.code, message: reason, response }, false, err.code);
  }
  if (a.error)
    return fail({ kind: 'transient', status: a.status, message: `${a.status} with ${a.error}`, response }, true);
  // A 2xx whose body is a plain error (a proxy or a fork, not Misskey's own `{error: {code}}`).
  if (isObject(a.json) && typeof a.json.error === 'string')
    return fail(
      {
        kind: 'transient',
        status: a.status,
        message: `${a.status} with an error: ${a.json.error.slice(0, 200)}`,
        response,
      },
      true,
    );
  const value = shape(a.json, a.status);
  if (value === null)
    return fail(
      { kind: 'transient', status: a.status, message: `${a.status} with an unexpected answer`, response },
      true,
    );
  return { ok: true, value, answer: a };
}

const str = (x: unknown): x is string => typeof x === 'string';
/** Endpoints that answer 204 (no body). */
const noContent = (j: unknown, status: number): true | null => (status === 204 || j === undefined ? true : null);
const userShape = (j: unknown): UserDetailed | null =>
  isObject(j) && str(j.id) && str(j.username)
    ? {
        id: j.id,
        username: j.username,
        host: str(j.host) ? j.host : null,
        isBlocking: j.isBlocking === true,
        isMuted: j.isMuted === true,
        isSuspended: j.isSuspended === true,
        isModerator: j.isModerator === true,
        isAdmin: j.isAdmin === true,
      }
    : null;
const reportShape = (x: unknown): AbuseReport | null =>
  isObject(x) && str(x.id) && str(x.comment) && str(x.targetUserId) && str(x.reporterId)
    ? {
        id: x.id,
        createdAt: str(x.createdAt) ? x.createdAt : '',
        comment: x.comment,
        reporterId: x.reporterId,
        targetUserId: x.targetUserId,
        resolved: x.resolved === true,
      }
    : null;
const reportsShape = (j: unknown): AbuseReport[] | null => {
  if (!Array.isArray(j)) return null;
  const out: AbuseReport[] = [];
  for (const x of j) {
    const r = reportShape(x);
    if (!r) return null;
    out.push(r);
  }
  return out;
};
const meShape = (j: unknown): MeDetailed | null => {
  if (!isObject(j) || !str(j.id) || !str(j.username)) return null;
  const p = isObject(j.policies) ? j.policies : {};
  const f = p.rateLimitFactor;
  return {
    id: j.id,
    username: j.username,
    isModerator: j.isModerator === true,
    isAdmin: j.isAdmin === true,
    rateLimitFactor: typeof f === 'number' && Number.isFinite(f) && f >= 0 ? f : null,
  };
};

// ---- one function per endpoint ----------------------------------------------------------------

async function call<T>(
  c: Call,
  endpoint: string,
  body: Record<string, unknown>,
  shape: (j: unknown, s: number) => T | null,
) {
  return read(await request(c, endpoint, body), endpoint, c.ctx.now(), shape);
}

export const reportAbuse = (c: Call, userId: string, comment: string) =>
  call(c, 'users/report-abuse', { userId, comment }, noContent);
export const blockingCreate = (c: Call, userId: string) => call(c, 'blocking/create', { userId }, userShape);
export const blockingDelete = (c: Call, userId: string) => call(c, 'blocking/delete', { userId }, userShape);
/** `expiresAt`: epoch ms, or null for an indefinite mute. */
export const muteCreate = (c: Call, userId: string, expiresAt: number | null) =>
  call(c, 'mute/create', { userId, expiresAt }, noContent);
export const muteDelete = (c: Call, userId: string) => call(c, 'mute/delete', { userId }, noContent);
export const suspendUser = (c: Call, userId: string) => call(c, 'admin/suspend-user', { userId }, noContent);
export const unsuspendUser = (c: Call, userId: string) => call(c, 'admin/unsuspend-user', { userId }, noContent);
export const notesDelete = (c: Call, noteId: string) => call(c, 'notes/delete', { noteId }, noContent);
export const resolveAbuseReport = (c: Call, reportId: string) =>
  call(c, 'admin/resolve-abuse-user-report', { reportId }, noContent);
export const usersShowById = (c: Call, userId: string) => call(c, 'users/show', { userId }, userShape);
export const usersShowByName = (c: Call, username: string, host: string | null) =>
  call(c, 'users/show', { username, host }, userShape);
export const notesShow = (c: Call, noteId: string) =>
  call(c, 'notes/show', { noteId }, (j) => (isObject(j) && str(j.id) ? { id: j.id } : null));
export const abuseReports = (c: Call, untilId: string | null) =>
  call(c, 'admin/abuse-user-reports', { limit: 100, ...(untilId ? { untilId } : {}) }, reportsShape);
export const me = (c: Call) => call(c, 'i', {}, meShape);

// ---- the executor -----------------------------------------------------------------------------

const ENDPOINT: Partial<Record<ActionKind, string>> = {
  report: 'users/report-abuse',
  block: 'blocking/create',
  unblock: 'blocking/delete',
  mute: 'mute/create',
  unmute: 'mute/delete',
  suspend: 'admin/suspend-user',
  unsuspend: 'admin/unsuspend-user',
  delete_note: 'notes/delete',
  resolve_report: 'admin/resolve-abuse-user-report',
};
const PERMISSION: Partial<Record<ActionKind, string>> = {
  suspend: 'write:admin:suspend-user',
  unsuspend: 'write:admin:unsuspend-user',
  resolve_report: 'write:admin:resolve-abuse-user-report',
  delete_note: 'write:notes',
};
const ADMIN: ReadonlySet<ActionKind> = new Set<ActionKind>(['suspend', 'unsuspend', 'resolve_report', 'delete_note']);
const UNSUPPORTED: Partial<Record<ActionKind, string>> = {
  limit: 'Misskey has no silence or limit (roles do that); not supported',
  unlimit: 'Misskey has no silence or limit (roles do that); not supported',
  domain_block: "Misskey's instance mute is a setting, not an action; not supported",
  domain_unblock: "Misskey's instance mute is a setting, not an action; not supported",
  approve: 'sign-up approval is not in the Misskey API Breakwater supports',
  reject: 'sign-up approval is not in the Misskey API Breakwater supports',
  email_domain_block: 'e-mail domain blocks are an instance setting on Misskey; not supported',
};

function partsOf(s: ActionSpec): string[] {
  return reportParts(s.options.comment ?? '', s.postUrls, s.tag);
}

function ok(detail: string, a: HttpAnswer, already = false): Outcome {
  return { kind: 'ok', status: a.status, detail, already, response: answerSummary(a) };
}

async function perform(
  c: Call,
  s: ActionSpec,
): Promise<{ r: Res<Outcome>; patch?: Partial<ActionSpec>; more?: boolean }> {
  const id = s.accountId ?? '';
  const done = <T>(r: Res<T>, detail: string): Res<Outcome> =>
    r.ok
      ? { ok: true, value: ok(detail, r.answer), answer: r.answer }
      : r.outcome.kind === 'ok'
        ? { ok: true, value: r.outcome, answer: r.answer }
        : r;
  switch (s.kind) {
    case 'report': {
      const parts = partsOf(s);
      const i = Math.min(s.partsDone, parts.length - 1);
      const r = done(
        await reportAbuse(c, id, parts[i]!),
        parts.length > 1 ? `report part ${i + 1}/${parts.length} filed` : 'report filed',
      );
      if (!r.ok) return { r };
      return { r, patch: { partsDone: i + 1 }, more: i + 1 < parts.length };
    }
    case 'block':
      return { r: done(await blockingCreate(c, id), 'blocked') };
    case 'unblock':
      return { r: done(await blockingDelete(c, id), 'unblocked') };
    case 'mute': {
      const d = s.options.durationSeconds ?? 0;
      return { r: done(await muteCreate(c, id, d > 0 ? c.ctx.now() + d * 1000 : null), 'muted') };
    }
    case 'unmute':
      return { r: done(await muteDelete(c, id), 'unmuted') };
    case 'suspend':
      return { r: done(await suspendUser(c, id), 'suspended') };
    case 'unsuspend':
      return { r: done(await unsuspendUser(c, id), 'unsuspended') };
    case 'delete_note':
      return { r: done(await notesDelete(c, s.postIds[0] ?? ''), 'note deleted') };
    case 'resolve_report':
      return { r: done(await resolveAbuseReport(c, s.reportId ?? ''), 'report resolved') };
    default: {
      const a: HttpAnswer = {
        status: 0,
        headers: {},
        json: undefined,
        excerpt: '',
        error: null,
        inDoubt: false,
        sentAt: c.ctx.now(),
      };
      return {
        r: {
          ok: false,
          outcome: { kind: 'permanent', status: 0, message: UNSUPPORTED[s.kind] ?? `${s.kind}: not supported` },
          inDoubt: false,
          answer: a,
        },
      };
    }
  }
}

type Verified = { state: 'done' | 'not-done' | 'unverifiable'; detail: string; patch?: Partial<ActionSpec> };

/** The part number in a report's marker, `[Breakwater bw-xxxxxxxx 2/3]` (1 without a number). */
function markerPart(comment: string, tag: string): number | null {
  const i = comment.indexOf(`[Breakwater ${tag}`);
  if (i < 0) return null;
  const m = /^ (\d+)\/\d+\]/.exec(comment.slice(i + `[Breakwater ${tag}`.length));
  return m ? Number(m[1]) : 1;
}

async function verify(c: Call, s: ActionSpec, sentAt: number): Promise<Res<Verified>> {
  const id = s.accountId ?? '';
  const v = (state: Verified['state'], detail: string, patch?: Partial<ActionSpec>): Verified => ({
    state,
    detail,
    patch,
  });
  const user = async (f: (u: UserDetailed) => boolean, yes: string): Promise<Res<Verified>> => {
    const r = await usersShowById(c, id);
    return r.ok ? { ...r, value: f(r.value) ? v('done', yes) : v('not-done', '') } : r;
  };
  switch (s.kind) {
    case 'block':
      return user((u) => !!u.isBlocking, 'already blocking');
    case 'unblock':
      return user((u) => !u.isBlocking, 'not blocking any more');
    case 'mute':
      return user((u) => !!u.isMuted, 'already muting');
    case 'unmute':
      return user((u) => !u.isMuted, 'not muting any more');
    case 'suspend':
      return user((u) => !!u.isSuspended, 'already suspended');
    case 'unsuspend':
      return user((u) => !u.isSuspended, 'not suspended any more');
    case 'delete_note': {
      const r = await notesShow(c, s.postIds[0] ?? '');
      if (r.ok) return { ...r, value: v('not-done', '') };
      if (r.code === 'NO_SUCH_NOTE') return { ok: true, value: v('done', 'the note is gone'), answer: r.answer };
      return r;
    }
    case 'resolve_report':
      // Resolving twice changes nothing upstream (the endpoint returns early): no check needed.
      return { ok: true, value: v('not-done', ''), answer: emptyAnswer(c) };
    case 'report': {
      if (!misskeyActions.canVerify('report', c.lane))
        return { ok: true, value: v('unverifiable', 'reports cannot be listed by a user'), answer: emptyAnswer(c) };
      // Newest first; the report in doubt is no older than the request that filed it.
      let untilId: string | null = null;
      const want = s.partsDone + 1;
      for (let page = 0; page < 10; page++) {
        const r = await abuseReports(c, untilId);
        if (!r.ok) return r;
        for (const rep of r.value) {
          if (rep.targetUserId !== id) continue;
          const part = markerPart(rep.comment, s.tag);
          if (part !== null && part >= want) {
            const more = part < partsOf(s).length;
            return {
              ok: true,
              value: v('done', `report ${rep.id} was filed${more ? ` (part ${part})` : ''}`, { partsDone: part }),
              answer: r.answer,
            };
          }
        }
        const last = r.value[r.value.length - 1];
        if (!last || r.value.length < 100 || Date.parse(last.createdAt) < sentAt - 10 * 60_000) break;
        untilId = last.id;
      }
      return { ok: true, value: v('not-done', ''), answer: emptyAnswer(c) };
    }
    default:
      return { ok: true, value: v('unverifiable', 'not supported'), answer: emptyAnswer(c) };
  }
}

function emptyAnswer(c: Call): HttpAnswer {
  return { status: 200, headers: {}, json: undefined, excerpt: '', error: null, inDoubt: false, sentAt: c.ctx.now() };
}

function notesOf(endpoint: string | null, outcome: Outcome | null): RateNote[] {
  if (!endpoint || outcome?.kind !== 'rateLimited') return [];
  return [
    {
      family: `ep:${endpoint}`,
      limited: {
        until: outcome.until,
        ...(outcome.total !== undefined ? { total: outcome.total } : {}),
        ...(outcome.resetAt !== undefined ? { resetAt: outcome.resetAt } : {}),
      },
    },
  ];
}

function hasPermission(scopes: readonly string[], perm: string): boolean {
  return scopes.includes(perm);
}

export const misskeyActions: PlatformActions = {
  unsupported: (kind) => UNSUPPORTED[kind] ?? null,
  needsModerator: (kind) => ADMIN.has(kind),
  // A web UI token (no permission list) may do what its account may; an app token what it was granted.
  laneMayModerate: (lane, kind) =>
    lane.scopes.length === 0 ? lane.moderator : lane.moderator && hasPermission(lane.scopes, PERMISSION[kind] ?? ''),
  laneMay: (lane, kind) => {
    if (UNSUPPORTED[kind]) return false;
    if (ADMIN.has(kind)) return misskeyActions.laneMayModerate(lane, kind);
    if (!lane.scopes.length) return true;
    const need =
      kind === 'report' ? 'write:report-abuse' : kind === 'mute' || kind === 'unmute' ? 'write:mutes' : 'write:blocks';
    return lane.scopes.includes(need);
  },
  needsAccountId: (kind) => kind !== 'delete_note' && kind !== 'resolve_report',
  canVerify: (kind, lane) =>
    kind === 'report'
      ? lane.moderator && (lane.scopes.length === 0 || lane.scopes.includes('read:admin:abuse-user-reports'))
      : !UNSUPPORTED[kind],
  requests: (s) => (s.kind === 'report' ? partsOf(s).length : 1),
  families: (step, s) => {
    const ep = step === 'perform' ? ENDPOINT[s.kind] : undefined;
    return ep && ENDPOINT_LIMITS[ep] ? [`ep:${ep}`] : [];
  },
  familyScope: () => 'account',
  documentedLimit: (family, factor) => {
    const base = ENDPOINT_LIMITS[family.replace(/^ep:/, '')];
    return base ? scaledLimit(base, factor) : null;
  },
  summary: (s) => actionSummary(s),

  async laneInfo(lane, ctx) {
    const r = await me({ lane, ctx });
    return r.ok ? { factor: r.value.rateLimitFactor, moderator: r.value.isModerator || r.value.isAdmin } : null;
  },

  async run(step: Step, lane: Lane, spec: ActionSpec, ctx: StepContext): Promise<StepResult> {
    const c: Call = { lane, ctx };
    const sentAt = ctx.now();
    if (step === 'resolve') {
      const [username = '', host] = spec.acct.replace(/^@/, '').split('@');
      const local = !host || host.toLowerCase() === lane.domain.toLowerCase();
      const r = await usersShowByName(c, username, local ? null : host!);
      if (!r.ok) return { outcome: r.outcome, notes: [], inDoubt: false, sentAt };
      return { outcome: ok(`found ${r.value.id}`, r.answer), notes: [], patch: { accountId: r.value.id }, sentAt };
    }
    if (step === 'verify') {
      const r = await verify(c, spec, sentAt);
      if (!r.ok) return { outcome: r.outcome, notes: [], sentAt };
      return {
        outcome: ok(r.value.detail, r.answer, true),
        notes: [],
        verified: r.value.state,
        patch: r.value.patch,
        sentAt,
      };
    }
    const { r, patch, more } = await perform(c, spec);
    const notes = notesOf(ENDPOINT[spec.kind] ?? null, r.ok ? null : r.outcome);
    if (!r.ok) return { outcome: r.outcome, notes, inDoubt: r.inDoubt, sentAt };
    return { outcome: r.value, notes, patch, more, sentAt };
  },
};

/**
 * Misskey's MiAuth (v12.27+; misskey-hub `docs/for-developers/api/token/miauth`) and the admin read
 * the moderator actions need: one small typed function per endpoint. Called from the background
 * only; `fetcher` is injected so tests run them against the simulated instances.
 *
 * 1. Breakwater makes a session id (a UUID) and opens
 *    `/miauth/<session>?name=Breakwater&permission=a,b,c&callback=<origin>/breakwater/miauth`.
 * 2. The user allows it; the web UI sends the browser to `callback?session=<session>`, a page of the
 *    instance itself, where Breakwater's content script reads the session (`readMiAuthSession`).
 * 3. `POST /api/miauth/<session>/check` answers the token once: `{ok: true, token, user}`.
 */

import { FetchTextError, fetchText } from '../action-http';

/** Where MiAuth sends the browser back: a path of the instance (the SPA shows its 404 page). */
export const MIAUTH_CALLBACK_PATH = '/breakwater/miauth';

/**
 * What Breakwater's MiAuth token may do (instance-apis.md C2): read the account (its role), report,
 * block and mute (and undo them), delete notes (moderators may delete anyone's), and the admin
 * endpoints for reports and suspensions. Nothing to post, follow or change settings.
 */
export const MIAUTH_PERMISSIONS = [
  'read:account',
  'write:report-abuse',
  'read:blocks',
  'write:blocks',
  'read:mutes',
  'write:mutes',
  'write:notes',
  'read:admin:abuse-user-reports',
  'write:admin:resolve-abuse-user-report',
  'read:admin:show-user',
  'write:admin:suspend-user',
  'write:admin:unsuspend-user',
] as const;

export class MisskeyApiError extends Error {
  override name = 'MisskeyApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);

/** A session id we accept back from the callback page: a UUID (what we make) in its usual form. */
export const SESSION = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function miauthUrl(
  origin: string,
  session: string,
  permissions: readonly string[] = MIAUTH_PERMISSIONS,
  name = 'Breakwater',
): string {
  const q = new URLSearchParams({
    name,
    callback: `${origin}${MIAUTH_CALLBACK_PATH}`,
    permission: permissions.join(','),
  });
  return `${origin}/miauth/${encodeURIComponent(session)}?${q.toString()}`;
}

/** The session id on the callback page, or null on any other page. */
export function readMiAuthSession(url: URL): string | null {
  if (url.pathname !== MIAUTH_CALLBACK_PATH) return null;
  const session = url.searchParams.get('session');
  return session && SESSION.test(session) ? session : null;
}

/** `POST /api/<path>` with a JSON body; the parsed answer (null for 204) or a MisskeyApiError. */
async function post(fetcher: Fetch, origin: string, path: string, body: Obj, what: string): Promise<unknown> {
  let res: Response;
  let text: string;
  try {
    // No redirect followed (the token is in the body), no cookies, 20 s, 4 MB.
    ({ res, text } = await fetchText(
      fetcher,
      `${origin}/api/${path}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      { timeoutMs: 20_000, maxBytes: 4 * 1024 * 1024 },
    ));
  } catch (e) {
    if (e instanceof FetchTextError)
      throw new MisskeyApiError(
        e.status,
        e.status === 0 ? `${what}: the instance could not be reached (${e.message})` : `${what}: ${e.message}`,
      );
    throw e;
  }
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* an HTML error page */
  }
  if (!res.ok) {
    const err = isObj(json) && isObj(json.error) ? json.error : null;
    const code = typeof err?.code === 'string' ? err.code : null;
    const message =
      typeof err?.message === 'string'
        ? err.message
        : text
            .replace(/<[^>]+>/g, ' ')
            .trim()
            .slice(0, 200);
    throw new MisskeyApiError(
      res.status,
      `${what}: ${res.status} ${code ?? ''} ${message}`.replace(/\s+/g, ' ').trim(),
      code,
    );
  }
  return json;
}

/** `POST /api/miauth/<session>/check`: the token, once the user allowed it. */
export async function checkMiAuth(origin: string, session: string, fetcher: Fetch): Promise<string> {
  const json = await post(
    fetcher,
    origin,
    `miauth/${encodeURIComponent(session)}/check`,
    {},
    'Checking the MiAuth session',
  );
  if (!isObj(json) || json.ok !== true || typeof json.token !== 'string' || !/^[A-Za-z0-9]{8,128}$/.test(json.token))
    throw new MisskeyApiError(200, 'The instance did not give a token (the access was not allowed).');
  return json.token;
}

export interface WhoAmI {
  id: string;
  username: string;
  isAdmin: boolean;
  isModerator: boolean;
}

/** `POST /api/i`: who the token is and whether the account moderates. */
export async function whoAmI(origin: string, token: string, fetcher: Fetch): Promise<WhoAmI> {
  const me = await post(fetcher, origin, 'i', { i: token }, 'Reading the account');
  if (!isObj(me) || typeof me.id !== 'string' || typeof me.username !== 'string')
    throw new MisskeyApiError(200, 'Reading the account: an unexpected answer');
  return { id: me.id, username: me.username, isAdmin: me.isAdmin === true, isModerator: me.isModerator === true };
}

/**
 * Open reports about the given users (`admin/abuse-user-reports`, `state: 'unresolved'`, newest
 * first, 100 a page): every report id per user id, newest first.
 */
export async function openReportsByUser(
  origin: string,
  token: string,
  userIds: ReadonlySet<string>,
  fetcher: Fetch,
  pages = 5,
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  let untilId: string | null = null;
  for (let page = 0; page < pages; page++) {
    const list = await post(
      fetcher,
      origin,
      'admin/abuse-user-reports',
      { i: token, limit: 100, state: 'unresolved', ...(untilId ? { untilId } : {}) },
      'Reading open reports',
    );
    if (!Array.isArray(list) || !list.length) break;
    for (const r of list) {
      if (!isObj(r) || typeof r.id !== 'string' || typeof r.targetUserId !== 'string' || r.resolved === true) continue;
      if (!userIds.has(r.targetUserId)) continue;
      const ids = found.get(r.targetUserId) ?? [];
      ids.push(r.id);
      found.set(r.targetUserId, ids);
    }
    const last = list[list.length - 1];
    if (list.length < 100 || !isObj(last) || typeof last.id !== 'string') break;
    untilId = last.id;
  }
  return found;
}

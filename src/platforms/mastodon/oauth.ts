/**
 * Mastodon's OAuth (Doorkeeper) and the few admin reads the moderator sign-in needs: one small typed
 * function per endpoint (instance-apis.md C1). Called from the background only; `fetcher` is
 * injected so tests can run them against the simulated instances.
 */
import { FetchTextError, fetchText } from '../action-http';
import { parsePermissions, moderatorOf } from './page';

/** Out-of-band redirect: the instance shows the code on `/oauth/authorize/native?code=…`. */
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';

/**
 * What Breakwater's moderator token may do: the user-level actions (reports, blocks, mutes,
 * domain blocks), reading posts and relationships, and the admin API for accounts, reports and
 * e-mail domain blocks. No `follow`, `push` or `write:statuses`: Breakwater never posts.
 */
export const MODERATOR_SCOPES = [
  'read',
  'write:reports',
  'write:blocks',
  'write:mutes',
  'admin:read:accounts',
  'admin:write:accounts',
  'admin:read:reports',
  'admin:write:reports',
  'admin:read:email_domain_blocks',
  'admin:write:email_domain_blocks',
] as const;

export class MastodonApiError extends Error {
  override name = 'MastodonApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Fetch = typeof fetch;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => !!x && typeof x === 'object' && !Array.isArray(x);

async function call(fetcher: Fetch, url: string, init: RequestInit, what: string): Promise<Obj | unknown[]> {
  const { res, text } = await send(fetcher, url, init, what);
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* an HTML error page */
  }
  if (!res.ok) {
    const reason = isObj(json)
      ? String(json.error_description ?? json.error ?? '')
      : text
          .replace(/<[^>]+>/g, ' ')
          .trim()
          .slice(0, 200);
    throw new MastodonApiError(res.status, `${what}: ${res.status} ${reason}`.trim());
  }
  if (!isObj(json) && !Array.isArray(json)) throw new MastodonApiError(res.status, `${what}: not a JSON answer`);
  // A 200 whose body is an error (a proxy, a broken fork): the server's words, not "done".
  if (isObj(json) && typeof json.error === 'string')
    throw new MastodonApiError(res.status, `${what}: ${String(json.error_description ?? json.error)}`.slice(0, 300));
  return json;
}

/** fetchText (no redirect followed, no cookies, 20 s, 4 MB) with the errors as MastodonApiError. */
async function send(fetcher: Fetch, url: string, init: RequestInit, what: string) {
  try {
    return await fetchText(fetcher, url, init, { timeoutMs: 20_000, maxBytes: 4 * 1024 * 1024 });
  } catch (e) {
    if (e instanceof FetchTextError)
      throw new MastodonApiError(
        e.status,
        e.status === 0 ? `${what}: the instance could not be reached (${e.message})` : `${what}: ${e.message}`,
      );
    throw e;
  }
}

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
}

/** `POST /api/v1/apps`: a confidential client for the out-of-band redirect. */
export async function registerApp(
  origin: string,
  scopes: readonly string[],
  fetcher: Fetch,
  website = 'https://github.com/breakwater-ext/breakwater',
): Promise<OAuthApp> {
  const json = await call(
    fetcher,
    `${origin}/api/v1/apps`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        client_name: 'Breakwater',
        redirect_uris: OOB_REDIRECT,
        scopes: scopes.join(' '),
        website,
      }),
    },
    'Registering Breakwater on the instance',
  );
  const o = isObj(json) ? json : {};
  if (typeof o.client_id !== 'string' || typeof o.client_secret !== 'string')
    throw new MastodonApiError(200, 'Registering Breakwater on the instance: no client id in the answer');
  return { clientId: o.client_id, clientSecret: o.client_secret };
}

/** PKCE (RFC 7636) S256: accepted from 4.3, ignored by older servers. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const verifier = base64url(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function authorizeUrl(
  origin: string,
  app: OAuthApp,
  scopes: readonly string[],
  challenge: string,
  state: string,
): string {
  const q = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: OOB_REDIRECT,
    response_type: 'code',
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${origin}/oauth/authorize?${q.toString()}`;
}

/** `POST /oauth/token` (authorization_code): the token and the scopes granted. */
export async function exchangeCode(
  origin: string,
  app: OAuthApp,
  code: string,
  verifier: string,
  fetcher: Fetch,
): Promise<{ token: string; scopes: string[] }> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirect_uri: OOB_REDIRECT,
    code_verifier: verifier,
  });
  const json = await call(
    fetcher,
    `${origin}/oauth/token`,
    { method: 'POST', headers: { Accept: 'application/json' }, body },
    'Getting the token',
  );
  const o = isObj(json) ? json : {};
  if (typeof o.access_token !== 'string' || !/^[\x21-\x7e]{8,4096}$/.test(o.access_token))
    throw new MastodonApiError(200, 'Getting the token: no token in the answer');
  const scopes = typeof o.scope === 'string' ? o.scope.split(/\s+/).filter(Boolean) : [];
  return { token: o.access_token, scopes };
}

/** `POST /oauth/revoke`. */
export async function revokeToken(origin: string, app: OAuthApp, token: string, fetcher: Fetch): Promise<void> {
  const body = new URLSearchParams({ client_id: app.clientId, client_secret: app.clientSecret, token });
  await call(fetcher, `${origin}/oauth/revoke`, { method: 'POST', body }, 'Revoking the token');
}

export interface CredentialAccount {
  id: string;
  username: string;
  permissions: number;
  roleName: string | null;
  moderator: { reports: boolean; users: boolean };
}

/** `GET /api/v1/accounts/verify_credentials`: who the token is, and its role's permission bits (4.0+). */
export async function verifyCredentials(origin: string, token: string, fetcher: Fetch): Promise<CredentialAccount> {
  const json = await call(
    fetcher,
    `${origin}/api/v1/accounts/verify_credentials`,
    { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } },
    'Checking the account',
  );
  const o = isObj(json) ? json : {};
  if (typeof o.id !== 'string' || typeof o.username !== 'string')
    throw new MastodonApiError(200, 'Checking the account: not an account');
  const role = isObj(o.role) ? o.role : {};
  const permissions = parsePermissions(role.permissions);
  return {
    id: o.id,
    username: o.username,
    permissions,
    roleName: typeof role.name === 'string' ? role.name : null,
    moderator: moderatorOf(permissions),
  };
}

/**
 * Open reports by target account id (`GET /api/v1/admin/reports?resolved=false`, newest first,
 * up to `pages` pages of 200): the newest open report about each account, for linking an action.
 */
export async function openReportsByAccount(
  origin: string,
  token: string,
  accountIds: ReadonlySet<string>,
  fetcher: Fetch,
  pages = 3,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let url: string | null = `${origin}/api/v1/admin/reports?resolved=false&limit=200`;
  for (let page = 0; url && page < pages && found.size < accountIds.size; page++) {
    const { res, text } = await send(
      fetcher,
      url,
      { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } },
      'Reading open reports',
    );
    if (!res.ok) throw new MastodonApiError(res.status, `Reading open reports: ${res.status}`);
    let list: unknown = null;
    try {
      list = JSON.parse(text);
    } catch {
      /* not JSON: no reports read */
    }
    if (!Array.isArray(list)) break;
    for (const r of list) {
      if (!isObj(r) || typeof r.id !== 'string' || !isObj(r.target_account)) continue;
      const target = r.target_account.id;
      if (typeof target === 'string' && accountIds.has(target) && !found.has(target)) found.set(target, r.id);
    }
    const next: string | null = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('Link') ?? '')?.[1] ?? null;
    url = next && next.startsWith(`${origin}/`) ? next : null;
  }
  return found;
}

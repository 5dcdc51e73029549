/**
 * OAuth as Mastodon runs it (Doorkeeper): app registration, the authorize page with its
 * "Authorize" button, the out-of-band code page (`/oauth/authorize/native`), the token endpoint
 * (authorization_code with PKCE S256 from 4.3, client_credentials), revocation and the 4.3+
 * authorization-server metadata. Only confidential clients, as in Mastodon.
 */
import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml, str, strList } from '../http';
import { versionAtLeast, unprocessable, type Ctx, type Reply, type Route } from './router';
import type { MastoStore, OAuthApp } from './store';
import { ALL_SCOPES } from './users';

const OOB = 'urn:ietf:wg:oauth:2.0:oob';

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Mastodon</title><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/packs/sim-mastodon.css"></head><body class="modal-layout"><div class="container-alt"><div class="form-container">${body}</div></div></body></html>`;
}

export function sessionUser(store: MastoStore, c: Ctx): string | null {
  const sid = c.cookies._mastodon_session;
  return (sid && store.sessions.get(sid)?.username) || null;
}

export function signInPage(store: MastoStore, next: string): string {
  const rows = store.users
    .map(
      (u) =>
        `<li><a class="button" href="/__sim/login?user=${encodeURIComponent(u.username)}&amp;next=${encodeURIComponent(next)}">Log in as ${escapeHtml(u.username)}</a> <span class="hint">(${u.role})</span></li>`,
    )
    .join('');
  return page(
    'Log in',
    `<h1>Log in to ${escapeHtml(store.domain)}</h1><p class="hint">Simulated instance: pick a user.</p><ul class="sim-users">${rows}</ul>`,
  );
}

export function oauthRoutes(store: MastoStore): Route[] {
  const v43 = versionAtLeast(store.version, '4.3');
  const scopesValid = (scopes: string[]) => scopes.every((s) => ALL_SCOPES.includes(s));

  const appJson = (app: OAuthApp, withSecret: boolean) => {
    const j: Record<string, unknown> = { id: app.id, name: app.name, website: app.website };
    if (v43) j.scopes = app.scopes;
    j.redirect_uri = app.redirectUris.join('\n');
    if (v43) j.redirect_uris = app.redirectUris;
    j.vapid_key = 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=';
    if (withSecret) {
      j.client_id = app.clientId;
      j.client_secret = app.clientSecret;
      if (v43) j.client_secret_expires_at = 0;
    }
    return j;
  };

  const findClient = (c: Ctx): OAuthApp | undefined => {
    let id = str(c.all.client_id);
    let secret = str(c.all.client_secret);
    const auth = String(c.req.headers.authorization ?? '');
    if (auth.startsWith('Basic ')) {
      const [u, p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      id = decodeURIComponent(u ?? '');
      secret = decodeURIComponent(p ?? '');
    }
    const app = [...store.apps.values()].find((a) => a.clientId === id);
    return app && app.clientSecret === secret ? app : undefined;
  };

  const invalidClient: Reply = {
    status: 401,
    json: {
      error: 'invalid_client',
      error_description:
        'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    },
  };

  const authorizeParams = (c: Ctx) => {
    const app = [...store.apps.values()].find((a) => a.clientId === str(c.all.client_id));
    const redirectUri = str(c.all.redirect_uri) ?? '';
    const scopes = (str(c.all.scope) ?? 'read').split(/[\s+]+/).filter(Boolean);
    return {
      app,
      redirectUri,
      scopes,
      state: str(c.all.state) ?? '',
      challenge: str(c.all.code_challenge) ?? null,
      method: str(c.all.code_challenge_method) ?? null,
    };
  };

  const authorizeError = (msg: string): Reply => ({
    status: 400,
    html: page('An error has occurred', `<h1>An error has occurred</h1><p class="oauth-error">${escapeHtml(msg)}</p>`),
  });

  const routes: Route[] = [
    {
      method: 'POST',
      path: '/api/v1/apps',
      auth: 'none',
      fn: (c) => {
        const name = str(c.all.client_name)?.trim() ?? '';
        if (!name) throw unprocessable("Validation failed: Application name can't be blank");
        const redirectUris = (
          Array.isArray(c.all.redirect_uris)
            ? strList(c.all.redirect_uris)
            : (str(c.all.redirect_uris) ?? '').split(/\s+/)
        ).filter(Boolean);
        if (redirectUris.length === 0) throw unprocessable("Validation failed: Redirect URI can't be blank");
        for (const u of redirectUris)
          if (u !== OOB && !/^[a-z][a-z0-9+.-]*:/i.test(u))
            throw unprocessable('Validation failed: Redirect URI must be an absolute URI.');
        const scopes = (str(c.all.scopes) ?? 'read').split(/\s+/).filter(Boolean);
        if (!scopesValid(scopes))
          throw unprocessable("Validation failed: Scopes doesn't match configured on the server.");
        const app: OAuthApp = {
          id: String(store.apps.size + 100),
          name,
          website: str(c.all.website) ?? null,
          redirectUris,
          scopes,
          clientId: randomBytes(32).toString('base64url'),
          clientSecret: randomBytes(32).toString('base64url'),
          createdAt: store.clock.now(),
        };
        store.apps.set(app.id, app);
        store.record('anonymous', 'app_register', app.id, { name, scopes, redirectUris });
        return { json: appJson(app, true) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/verify_credentials',
      auth: 'app',
      fn: (c) => {
        const app = c.token?.appId ? store.apps.get(c.token.appId) : undefined;
        if (!app)
          return {
            json: {
              name: c.token?.appId === 'web' ? 'Web' : 'Simulated test token',
              website: null,
              ...(v43 ? { scopes: [...c.token!.scopes], redirect_uris: [] } : {}),
              redirect_uri: '',
              vapid_key: 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
            },
          };
        return { json: appJson(app, false) };
      },
    },
    {
      method: 'GET',
      path: '/oauth/authorize',
      auth: 'none',
      fn: (c) => {
        const p = authorizeParams(c);
        if (!p.app)
          return authorizeError(
            'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
          );
        if (!p.app.redirectUris.includes(p.redirectUri))
          return authorizeError('The redirect uri included is not valid.');
        if (!p.scopes.every((s) => p.app!.scopes.includes(s) || p.app!.scopes.some((g) => s.startsWith(g + ':'))))
          return authorizeError('The requested scope is invalid, unknown, or malformed.');
        if (str(c.all.response_type) !== 'code')
          return authorizeError('The authorization server does not support this response type.');
        if (v43 && p.challenge && p.method !== 'S256') return authorizeError('Code challenge method must be S256.');
        const user = sessionUser(store, c);
        if (!user) return { redirect: `/auth/sign_in?next=${encodeURIComponent(c.url.pathname + c.url.search)}` };
        const hidden = [
          'client_id',
          'redirect_uri',
          'state',
          'response_type',
          'scope',
          'code_challenge',
          'code_challenge_method',
        ]
          .map((k) =>
            str(c.all[k]) !== undefined
              ? `<input type="hidden" name="${k}" value="${escapeHtml(str(c.all[k])!)}">`
              : '',
          )
          .join('');
        const scopes = p.scopes
          .map((s) => `<li class="permissions-list__item"><strong>${escapeHtml(s)}</strong></li>`)
          .join('');
        return {
          html: page(
            'Authorization required',
            `<div class="form-container"><h2 class="title">Authorization required</h2><p><strong>${escapeHtml(p.app.name)}</strong> would like permission to access your account (<strong>@${escapeHtml(user)}</strong>). It is a third-party application. If you do not trust it, then you should not authorize it.</p><h3>Review permissions</h3><ul class="permissions-list">${scopes}</ul><div class="actions"><form class="simple_form" action="/oauth/authorize" method="post">${hidden}<button type="submit" class="btn">Authorize</button></form><form class="simple_form" action="/oauth/authorize" method="post"><input type="hidden" name="_method" value="delete">${hidden}<button type="submit" class="btn negative">Deny</button></form></div></div>`,
          ),
        };
      },
    },
    {
      method: 'POST',
      path: '/oauth/authorize',
      auth: 'none',
      fn: (c) => {
        const p = authorizeParams(c);
        const user = sessionUser(store, c);
        if (!user) return { status: 401, html: page('Log in', '<p>Log in first.</p>') };
        if (!p.app || !p.app.redirectUris.includes(p.redirectUri))
          return authorizeError('The redirect uri included is not valid.');
        if (str(c.all._method) === 'delete') {
          if (p.redirectUri === OOB) return { html: page('Denied', '<p>Authorization denied.</p>') };
          return {
            redirect: `${p.redirectUri}${p.redirectUri.includes('?') ? '&' : '?'}error=access_denied&error_description=${encodeURIComponent('The resource owner or authorization server denied the request.')}${p.state ? `&state=${encodeURIComponent(p.state)}` : ''}`,
          };
        }
        const code = randomBytes(32).toString('base64url');
        store.codes.set(code, {
          appId: p.app.id,
          username: user,
          scopes: p.scopes,
          redirectUri: p.redirectUri,
          challenge: v43 ? p.challenge : null,
          method: p.method,
          at: store.clock.now(),
        });
        if (p.redirectUri === OOB) return { redirect: `/oauth/authorize/native?code=${encodeURIComponent(code)}` };
        return {
          redirect: `${p.redirectUri}${p.redirectUri.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}${p.state ? `&state=${encodeURIComponent(p.state)}` : ''}`,
        };
      },
    },
    {
      method: 'GET',
      path: '/oauth/authorize/native',
      auth: 'none',
      fn: (c) => ({
        html: page(
          'Authorization code',
          `<div class="form-container"><h2 class="title">Authorization code</h2><p>Copy this authorization code and paste it to the application.</p><input class="oauth-code" readonly type="text" value="${escapeHtml(str(c.all.code) ?? '')}"></div>`,
        ),
      }),
    },
    {
      method: 'POST',
      path: '/oauth/token',
      auth: 'none',
      fn: (c) => {
        const grant = str(c.all.grant_type);
        const app = findClient(c);
        if (!app) return invalidClient;
        const issue = (username: string | null, scopes: string[], kind: 'oauth' | 'app') => {
          const token = randomBytes(32).toString('base64url');
          const created = store.clock.now();
          store.addToken({ token, username, scopes: new Set(scopes), appId: app.id, kind, createdAt: created });
          store.record(username ?? 'anonymous', 'token_issued', app.id, { grant, scopes });
          return {
            json: {
              access_token: token,
              token_type: 'Bearer',
              scope: scopes.join(' '),
              created_at: Math.floor(created / 1000),
            },
          };
        };
        if (grant === 'client_credentials') {
          const scopes = (str(c.all.scope) ?? 'read').split(/[\s+]+/).filter(Boolean);
          return issue(null, scopes, 'app');
        }
        if (grant !== 'authorization_code')
          return {
            status: 400,
            json: {
              error: 'unsupported_grant_type',
              error_description: 'The authorization grant type is not supported by the authorization server.',
            },
          };
        const code = str(c.all.code) ?? '';
        const rec = store.codes.get(code);
        const invalidGrant = {
          status: 400,
          json: {
            error: 'invalid_grant',
            error_description:
              'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
          },
        };
        if (
          !rec ||
          rec.appId !== app.id ||
          rec.redirectUri !== (str(c.all.redirect_uri) ?? '') ||
          store.clock.now() - rec.at > 600_000
        )
          return invalidGrant;
        if (rec.challenge) {
          const verifier = str(c.all.code_verifier) ?? '';
          const digest = createHash('sha256').update(verifier).digest('base64url');
          if (digest !== rec.challenge) return invalidGrant;
        }
        store.codes.delete(code);
        return issue(rec.username, rec.scopes, 'oauth');
      },
    },
    {
      method: 'POST',
      path: '/oauth/revoke',
      auth: 'none',
      fn: (c) => {
        const app = findClient(c);
        if (!app) return invalidClient;
        const t = store.tokens.get(str(c.all.token) ?? '');
        if (t && t.appId === app.id) t.revoked = true;
        return { json: {} };
      },
    },
  ];
  if (v43) {
    routes.push({
      method: 'GET',
      path: '/.well-known/oauth-authorization-server',
      auth: 'none',
      fn: () => {
        const b = `http://${store.domain}`;
        return {
          json: {
            issuer: `${b}/`,
            service_documentation: 'https://docs.joinmastodon.org/',
            authorization_endpoint: `${b}/oauth/authorize`,
            token_endpoint: `${b}/oauth/token`,
            app_registration_endpoint: `${b}/api/v1/apps`,
            revocation_endpoint: `${b}/oauth/revoke`,
            userinfo_endpoint: `${b}/oauth/userinfo`,
            scopes_supported: ALL_SCOPES,
            response_types_supported: ['code'],
            response_modes_supported: ['query', 'fragment', 'form_post'],
            code_challenge_methods_supported: ['S256'],
            grant_types_supported: ['authorization_code', 'client_credentials'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          },
        };
      },
    });
  }
  return routes;
}

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSim, DEFAULT_ROSTER } from '..';
import { simRequest } from '../client';
import type { Sim } from '../types';
import type { MastodonInstance } from '.';
import { adminTokenFor, webTokenFor } from './users';

const A = 'mastodon-a.test';
const B = 'mastodon-b.test';
let sim: Sim;
const req = (host: string, method: string, path: string, opts: Parameters<typeof simRequest>[4] = {}) =>
  simRequest(sim.port, host, method, path, opts);
type AdminAccount = {
  id: string;
  username: string;
  email: string | null;
  ip: string | null;
  ips: unknown[];
  confirmed: boolean;
  approved: boolean;
  invite_request: string | null;
  created_at: string;
  account: { id: string };
  suspended: boolean;
};
type AdminReport = {
  id: string;
  action_taken: boolean;
  target_account: { id: string; account: { acct: string } };
  statuses: { id: string }[];
};

beforeAll(async () => {
  sim = await startSim({
    roster: DEFAULT_ROSTER.filter((r) => r.platform === 'mastodon'),
    scale: 0.02,
    stopAfterMs: 120_000,
  });
});
afterAll(async () => {
  await sim?.close();
});

describe('scopes and permissions', () => {
  test('the web UI token (read write follow) gets 403 on the admin API; a missing or bad token 401', async () => {
    const r = await req(A, 'GET', '/api/v1/admin/reports', { token: webTokenFor(A, 'admin') });
    expect(r.status).toBe(403);
    expect(r.json()).toEqual({ error: 'This action is outside the authorized scopes' });
    expect((await req(A, 'GET', '/api/v1/admin/reports')).status).toBe(401);
    expect((await req(A, 'GET', '/api/v1/timelines/home', { token: 'nope' })).json()).toEqual({
      error: 'The access token is invalid',
    });
  });

  test('role bits: an ordinary user with admin scopes is still refused; the moderator may manage reports but not federation', async () => {
    expect((await req(A, 'GET', '/api/v1/admin/reports', { token: adminTokenFor(A, 'alice') })).json()).toEqual({
      error: 'This action is not allowed',
    });
    expect((await req(A, 'GET', '/api/v1/admin/reports', { token: adminTokenFor(A, 'mod') })).status).toBe(200);
    expect(
      (
        await req(A, 'POST', '/api/v1/admin/domain_blocks', {
          token: adminTokenFor(A, 'mod'),
          json: { domain: 'x.example' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('seeded moderation data on mastodon-a.test', () => {
  test('~200 open reports about one wave plus ~10 genuine ones; ground truth kept off the API', async () => {
    const tok = adminTokenFor(A, 'admin');
    const all: AdminReport[] = [];
    let url = '/api/v1/admin/reports?limit=200';
    for (let i = 0; i < 5 && url; i++) {
      const r = await req(A, 'GET', url, { token: tok });
      all.push(...r.json<AdminReport[]>());
      const next = /<http:\/\/[^/]+([^>]+)>; rel="next"/.exec(r.headers.link ?? '');
      url = next && r.json<unknown[]>().length === 200 ? next[1]! : '';
    }
    expect(all.length).toBe(210);
    expect(all.every((r) => !r.action_taken)).toBe(true);
    const truth = (sim.instances.get(A) as MastodonInstance).moderationTruth();
    expect(Object.values(truth.reports).filter((l) => l === 'legit')).toHaveLength(10);
    expect(JSON.stringify(all)).not.toMatch(/"label"|"wave"/);
    expect(
      (await req(B, 'GET', '/api/v1/admin/reports', { token: adminTokenFor(B, 'admin') })).json<unknown[]>(),
    ).toHaveLength(0);
  });

  test('~60 bot sign-ups (same pattern, e-mail domain, reason, IP range) and ~8 genuine ones, v1 and v2 filters', async () => {
    const tok = adminTokenFor(A, 'admin');
    const v1 = (await req(A, 'GET', '/api/v1/admin/accounts?pending=true&limit=200', { token: tok })).json<
      AdminAccount[]
    >();
    const v2 = (await req(A, 'GET', '/api/v2/admin/accounts?status=pending&limit=200', { token: tok })).json<
      AdminAccount[]
    >();
    expect(v1).toHaveLength(68);
    expect(v2.map((a) => a.id).sort()).toEqual(v1.map((a) => a.id).sort());
    const bots = v1.filter((a) => a.email?.endsWith('@tempbox.example'));
    expect(bots).toHaveLength(60);
    expect(
      bots.every(
        (a) =>
          /^[a-z]{10}$/.test(a.username) &&
          a.ip?.startsWith('203.0.113.') &&
          /join this community/.test(a.invite_request ?? ''),
      ),
    ).toBe(true);
    const a = v1[0]!;
    for (const k of ['email', 'ip', 'ips', 'confirmed', 'approved', 'invite_request', 'created_at', 'account'])
      expect(a).toHaveProperty(k);
    expect(a.account.id).toBe(a.id);
    const byEmail = (
      await req(A, 'GET', '/api/v2/admin/accounts?status=pending&email=tempbox.example&limit=200', { token: tok })
    ).json<unknown[]>();
    expect(byEmail).toHaveLength(60);
  });

  test('approve and reject pending accounts; a second approval is refused', async () => {
    const tok = adminTokenFor(A, 'admin');
    const pending = (await req(A, 'GET', '/api/v2/admin/accounts?status=pending', { token: tok })).json<
      AdminAccount[]
    >();
    const [x, y] = pending;
    expect(
      (await req(A, 'POST', `/api/v1/admin/accounts/${x!.id}/approve`, { token: tok })).json<AdminAccount>().approved,
    ).toBe(true);
    expect((await req(A, 'POST', `/api/v1/admin/accounts/${x!.id}/approve`, { token: tok })).status).toBe(403);
    expect((await req(A, 'POST', `/api/v1/admin/accounts/${y!.id}/reject`, { token: tok })).status).toBe(200);
    expect((await req(A, 'GET', `/api/v1/admin/accounts/${y!.id}`, { token: tok })).status).toBe(404);
    const kinds = sim.state(A).actions.map((a) => a.kind);
    expect(kinds).toContain('approve');
    expect(kinds).toContain('reject');
  });
});

describe('account actions', () => {
  test('suspend resolves every open report on the account, hides its posts and profile, and shows in relationships only with_suspended', async () => {
    const tok = adminTokenFor(A, 'mod');
    const reports = (await req(A, 'GET', '/api/v1/admin/reports?limit=200', { token: tok })).json<AdminReport[]>();
    const target = reports[0]!.target_account;
    const open = reports.filter((r) => r.target_account.id === target.id).length;
    const statusId = reports[0]!.statuses[0]!.id;
    expect((await req(A, 'GET', `/api/v1/statuses/${statusId}`)).status).toBe(200);
    const r = await req(A, 'POST', `/api/v1/admin/accounts/${target.id}/action`, {
      token: tok,
      form: { type: 'suspend', report_id: reports[0]!.id, text: 'spam wave' },
    });
    expect(r.status).toBe(200);
    const action = sim.state(A).actions.at(-1)!;
    expect(action).toMatchObject({
      kind: 'suspend',
      by: 'mod',
      target: target.id,
      targetAcct: target.account.acct,
      details: { reportId: reports[0]!.id, text: 'spam wave' },
    });
    expect((action.details.resolvedReports as string[]).length).toBe(open);
    const still = (await req(A, 'GET', '/api/v1/admin/reports?limit=200', { token: tok })).json<AdminReport[]>();
    expect(still.some((x) => x.target_account.id === target.id)).toBe(false);
    expect((await req(A, 'GET', `/api/v1/statuses/${statusId}`)).status).toBe(404);
    expect((await req(A, 'GET', `/api/v1/accounts/${target.id}`)).json<{ suspended: boolean }>().suspended).toBe(true);
    const web = webTokenFor(A, 'alice');
    expect(
      (await req(A, 'GET', `/api/v1/accounts/relationships?id[]=${target.id}`, { token: web })).json<unknown[]>(),
    ).toHaveLength(0);
    expect(
      (
        await req(A, 'GET', `/api/v1/accounts/relationships?id[]=${target.id}&with_suspended=true`, { token: web })
      ).json<unknown[]>(),
    ).toHaveLength(1);
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: web })).json<
      { account: { id: string } }[]
    >();
    expect(home.some((s) => s.account.id === target.id)).toBe(false);
    expect(
      (await req(A, 'POST', `/api/v1/admin/accounts/${target.id}/action`, { token: tok, json: { type: 'explode' } }))
        .status,
    ).toBe(422);
  });

  test('type none resolves only the given report; staff cannot be suspended', async () => {
    const tok = adminTokenFor(A, 'admin');
    const reports = (await req(A, 'GET', '/api/v1/admin/reports?limit=200', { token: tok })).json<AdminReport[]>();
    const target = reports.find((r) => reports.filter((x) => x.target_account.id === r.target_account.id).length > 1)!;
    await req(A, 'POST', `/api/v1/admin/accounts/${target.target_account.id}/action`, {
      token: tok,
      json: { type: 'none', report_id: target.id },
    });
    const after = (await req(A, 'GET', '/api/v1/admin/reports?limit=200', { token: tok })).json<AdminReport[]>();
    expect(after.some((x) => x.id === target.id)).toBe(false);
    expect(after.some((x) => x.target_account.id === target.target_account.id)).toBe(true);
    const modId = (await req(A, 'GET', '/api/v1/accounts/lookup?acct=mod')).json<{ id: string }>().id;
    expect(
      (await req(A, 'POST', `/api/v1/admin/accounts/${modId}/action`, { token: tok, json: { type: 'suspend' } }))
        .status,
    ).toBe(403);
    const r = (await req(A, 'POST', `/api/v1/admin/reports/${after[0]!.id}/assign_to_self`, { token: tok })).json<{
      assigned_account: { username: string };
    }>();
    expect(r.assigned_account.username).toBe('admin');
    expect(
      (await req(A, 'POST', `/api/v1/admin/reports/${after[0]!.id}/resolve`, { token: tok })).json<{
        action_taken: boolean;
      }>().action_taken,
    ).toBe(true);
    expect(
      (await req(A, 'POST', `/api/v1/admin/reports/${after[0]!.id}/reopen`, { token: tok })).json<{
        action_taken: boolean;
      }>().action_taken,
    ).toBe(false);
  });

  test('e-mail domain blocks and instance domain blocks are recorded; a suspended domain disappears', async () => {
    const tok = adminTokenFor(A, 'admin');
    expect(
      (await req(A, 'POST', '/api/v1/admin/email_domain_blocks', { token: tok, json: { domain: 'tempbox.example' } }))
        .status,
    ).toBe(200);
    expect(
      (await req(A, 'POST', '/api/v1/admin/email_domain_blocks', { token: tok, json: { domain: 'tempbox.example' } }))
        .status,
    ).toBe(422);
    const web = webTokenFor(A, 'carol');
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: web })).json<
      { account: { acct: string } }[]
    >();
    const domain = home.map((s) => s.account.acct.split('@')[1]).find((d) => d)!;
    const r = await req(A, 'POST', '/api/v1/admin/domain_blocks', {
      token: tok,
      json: { domain, severity: 'suspend', public_comment: 'Spam (2024-02-15)' },
    });
    expect(r.json<{ severity: string; digest: string }>()).toMatchObject({
      severity: 'suspend',
      digest: createHash('sha256').update(domain).digest('hex'),
    });
    const after = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: web })).json<
      { account: { acct: string } }[]
    >();
    expect(after.some((s) => s.account.acct.endsWith('@' + domain))).toBe(false);
    expect(
      sim
        .state(A)
        .actions.filter((a) => a.kind === 'email_domain_block' || a.kind === 'admin_domain_block')
        .map((a) => a.target),
    ).toEqual(['tempbox.example', domain]);
  });
});

describe('OAuth', () => {
  const oauthFlow = async (host: string, pkce: boolean) => {
    const app = (
      await req(host, 'POST', '/api/v1/apps', {
        form: {
          client_name: 'Breakwater',
          redirect_uris: 'urn:ietf:wg:oauth:2.0:oob',
          scopes: 'read write admin:read admin:write',
        },
      })
    ).json<{ client_id: string; client_secret: string }>();
    expect(app.client_id).toBeTruthy();
    const verifier = 'v'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: app.client_id,
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: 'read write admin:read',
    });
    if (pkce) {
      q.set('code_challenge', challenge);
      q.set('code_challenge_method', 'S256');
    }
    const anon = await req(host, 'GET', `/oauth/authorize?${q}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.location).toMatch(/^\/auth\/sign_in\?next=/);
    const login = await req(host, 'GET', '/__sim/login?user=mod&next=/home');
    const cookie = login.headers['set-cookie']!.split(';')[0]!;
    const page = await req(host, 'GET', `/oauth/authorize?${q}`, { headers: { cookie } });
    expect(page.text).toContain('>Authorize</button>');
    const form: Record<string, string> = Object.fromEntries(q);
    const auth = await req(host, 'POST', '/oauth/authorize', { form, headers: { cookie } });
    expect(auth.headers.location).toMatch(/^\/oauth\/authorize\/native\?code=/);
    const code = new URL(auth.headers.location!, 'http://x').searchParams.get('code')!;
    const native = await req(host, 'GET', auth.headers.location!);
    expect(native.text).toContain(code);
    const body: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      client_id: app.client_id,
      client_secret: app.client_secret,
      redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
    };
    return { body, verifier };
  };

  test('4.6.5: app, authorize page, out-of-band code, token with PKCE S256; the token carries its scopes', async () => {
    const { body, verifier } = await oauthFlow(A, true);
    expect((await req(A, 'POST', '/oauth/token', { form: { ...body, code_verifier: 'wrong' } })).status).toBe(400);
    const { body: b2, verifier: v2 } = await oauthFlow(A, true);
    void verifier;
    const tok = (await req(A, 'POST', '/oauth/token', { form: { ...b2, code_verifier: v2 } })).json<{
      access_token: string;
      scope: string;
      token_type: string;
    }>();
    expect(tok).toMatchObject({ token_type: 'Bearer', scope: 'read write admin:read' });
    expect((await req(A, 'GET', '/api/v1/admin/reports', { token: tok.access_token })).status).toBe(200);
    expect((await req(A, 'POST', `/api/v1/admin/reports/1/resolve`, { token: tok.access_token })).status).toBe(403);
    expect(
      (await req(A, 'GET', '/api/v1/apps/verify_credentials', { token: tok.access_token })).json<{ name: string }>()
        .name,
    ).toBe('Breakwater');
    const meta = (await req(A, 'GET', '/.well-known/oauth-authorization-server')).json<{
      code_challenge_methods_supported: string[];
    }>();
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  });

  test('4.2.0: no authorization-server metadata, redirect with ?code= to a registered URI', async () => {
    expect((await req(B, 'GET', '/.well-known/oauth-authorization-server')).status).toBe(404);
    const app = (
      await req(B, 'POST', '/api/v1/apps', {
        json: { client_name: 'X', redirect_uris: 'http://127.0.0.1:9/cb', scopes: 'read' },
      })
    ).json<Record<string, string>>();
    expect(app).not.toHaveProperty('client_secret_expires_at');
    const cookie = (await req(B, 'GET', '/__sim/login?user=alice')).headers['set-cookie']!.split(';')[0]!;
    const r = await req(B, 'POST', '/oauth/authorize', {
      headers: { cookie },
      form: {
        response_type: 'code',
        client_id: app.client_id!,
        redirect_uri: 'http://127.0.0.1:9/cb',
        scope: 'read',
        state: 'xyz',
      },
    });
    expect(r.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/cb\?code=[^&]+&state=xyz$/);
  });
});

describe('rate limits (scale 0.02: 5 minutes last 6 s)', () => {
  test('300 requests per token window, then 429 with the same headers; recorded; the window resets', async () => {
    const tok = webTokenFor(B, 'carol');
    // Start right after a window boundary so the burst fits one window.
    const probe = await req(B, 'GET', '/api/v1/instance', { token: tok });
    const reset = Date.parse(probe.headers['x-ratelimit-reset']!);
    await new Promise((r) => setTimeout(r, Math.max(0, reset - Date.now() + 30)));
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof req>> | null = null;
    await Promise.all(
      Array.from({ length: 302 }, async () => {
        const r = await req(B, 'GET', '/api/v1/custom_emojis', { token: tok });
        statuses.push(r.status);
        if (r.status === 429) last = r;
      }),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const r429 = last as unknown as Awaited<ReturnType<typeof req>>;
    expect(r429.json()).toEqual({ error: 'Too many requests' });
    expect(r429.headers['x-ratelimit-limit']).toBe('300');
    expect(r429.headers['x-ratelimit-remaining']).toBe('0');
    expect(Date.parse(r429.headers['x-ratelimit-reset']!)).toBeGreaterThan(Date.now() - 100);
    expect(sim.state(B).rateLimited.filter((x) => x.user === 'carol')).toHaveLength(2);
    await new Promise((r) =>
      setTimeout(r, Math.max(0, Date.parse(r429.headers['x-ratelimit-reset']!) - Date.now() + 30)),
    );
    const again = await req(B, 'GET', '/api/v1/custom_emojis', { token: tok });
    expect(again.status).toBe(200);
    expect(again.headers['x-ratelimit-remaining']).toBe('299');
  });
});

describe('reports family limit', () => {
  test("400 reports per account per day, with that family's headers, across the account's tokens", async () => {
    const tokens = [webTokenFor(A, 'hiro'), adminTokenFor(A, 'hiro')];
    const home = (await req(A, 'GET', '/api/v1/timelines/home?limit=40', { token: tokens[0] })).json<
      { account: { id: string; acct: string } }[]
    >();
    const target = home.find((s) => s.account.acct.includes('@'))!.account.id;
    const statuses: number[] = [];
    let lastOk: Awaited<ReturnType<typeof req>> | null = null;
    for (let i = 0; i < 401; i++) {
      const r = await req(A, 'POST', '/api/v1/reports', {
        token: tokens[i % 2],
        json: { account_id: target, comment: `r${i}` },
      });
      statuses.push(r.status);
      if (r.status === 200) lastOk = r;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(400);
    expect(statuses.at(-1)).toBe(429);
    expect(lastOk!.headers['x-ratelimit-limit']).toBe('400');
    expect(lastOk!.headers['x-ratelimit-remaining']).toBe('0');
    expect(sim.state(A).rateLimited.at(-1)).toMatchObject({ user: 'hiro', path: 'POST /api/v1/reports' });
  });
});

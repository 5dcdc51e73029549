/**
 * Tools for the action queue's tests and benchmark (no test runner needed) against the simulated
 * instances: a `fetch` that reaches
 * `http://<instance>.test/...` on the sim's port (Node's fetch cannot set Host), instances and
 * logins in a fresh store, and targets the simulated servers know.
 */
import { Agent, request } from 'node:http';
import type { BatchTarget } from '../../../src/core/queue/types';
import type { BreakwaterDB } from '../../../src/storage/db';
import { saveInstance, setLogin } from '../../../src/storage/instances';
import { putToken } from '../../../src/storage/tokens';
import type { Sim } from '../../sim';
import type { MastodonInstance } from '../../sim/mastodon';
import { statusIdFor } from '../../sim/mastodon/render';
import { adminTokenFor, webTokenFor } from '../../sim/mastodon/users';
import { nativeToken, type MisskeySimInstance } from '../../sim/misskey';

export const MA = 'mastodon-a.test';
export const MB = 'mastodon-b.test';
export const KA = 'misskey-a.test';
export const KB = 'misskey-b.test';

/** fetch() for `http://*.test` URLs, sent to the sim's port with the Host header. */
export function simFetcher(port: number): typeof fetch {
  // Connections kept open, as a browser does: request times are the server's, not TCP set-ups.
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const headers: Record<string, string> = { host: url.host };
      new Headers(init.headers).forEach((v, k) => (headers[k] = v));
      const req = request(
        { host: '127.0.0.1', port, agent, method: init.method ?? 'GET', path: url.pathname + url.search, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) h.append(k, x);
            const status = res.statusCode ?? 500;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers: h }));
          });
        },
      );
      const signal = init.signal;
      if (signal) {
        if (signal.aborted) req.destroy(new Error('aborted'));
        signal.addEventListener('abort', () => req.destroy(new Error('The operation was aborted')), { once: true });
      }
      req.on('error', reject);
      if (init.body !== undefined && init.body !== null) req.write(init.body as string);
      req.end();
    })) as typeof fetch;
}

export async function addSimInstance(d: BreakwaterDB, domain: string, role: 'user' | 'moderator' | 'admin' = 'user') {
  const platform = domain.startsWith('misskey') ? 'misskey' : 'mastodon';
  const version = domain === MA ? '4.6.5' : domain === MB ? '4.2.0' : domain === KA ? '2025.7.0' : '2024.2.0';
  await saveInstance({ domain, origin: `http://${domain}`, platform, software: platform, version }, 1, d);
  await setLogin(domain, { kind: 'page', account: null, accountId: null, checkedAt: 1 }, role, [], d);
}

/** The web UI's own token of a simulated user, as the content script sends it. */
export async function loginPage(d: BreakwaterDB, domain: string, user: string): Promise<void> {
  const token = domain.startsWith('misskey') ? nativeToken(domain, user) : webTokenFor(domain, user);
  await putToken({ instance: domain, source: 'page', token, account: user }, 1, d);
}

/** A moderator's sign-in (Mastodon: a token with admin scopes, as the OAuth sign-in stores it). */
export async function loginModerator(d: BreakwaterDB, domain: string, user = 'mod'): Promise<void> {
  const token = domain.startsWith('misskey') ? nativeToken(domain, user) : adminTokenFor(domain, user);
  // The scopes the moderator sign-in asks for (src/platforms/mastodon/oauth.ts MODERATOR_SCOPES).
  const scopes = domain.startsWith('misskey') ? [] : MODERATOR_SCOPES;
  await putToken({ instance: domain, source: 'signin', token, account: user, scopes }, 1, d);
}

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
];

export interface Target extends BatchTarget {
  /** The scenario's acct (what the server records as `targetAcct`). */
  scenarioAcct: string;
}

const LOCAL = new Set(['admin', 'mod', 'alice', 'bob', 'carol', 'dave', 'erin', 'kaori', 'hiro']);

/**
 * Accounts the simulated instance knows (remote first, spam first), with their local ids and, for
 * reports, one of their posts there.
 */
export function knownTargets(sim: Sim, domain: string, n: number, withIds = true): Target[] {
  const out: Target[] = [];
  const accounts = Object.values(sim.scenario.accounts)
    .filter((a) => !(a.host === domain && LOCAL.has(a.username)))
    .sort((x, y) => (x.label === y.label ? (x.acct < y.acct ? -1 : 1) : x.label === 'spam' ? -1 : 1));
  const postsBy = new Map<string, string[]>();
  for (const p of sim.scenario.posts)
    if (p.deliveredTo.includes(domain) && !p.boostOf)
      (postsBy.get(p.author) ?? postsBy.set(p.author, []).get(p.author)!).push(p.id);
  if (domain.startsWith('misskey')) {
    const inst = sim.instances.get(domain) as MisskeySimInstance;
    const arrived = new Set(inst.arrivedPostIds());
    for (const a of accounts) {
      const id = inst.userId(a.acct);
      if (!id) continue;
      const post = (postsBy.get(a.acct) ?? []).find((p) => arrived.has(p));
      const noteId = post ? inst.noteId(post) : undefined;
      out.push({
        accountId: withIds ? id : null,
        acct: a.acct,
        scenarioAcct: a.acct,
        postIds: noteId ? [noteId] : [],
        postUrls: noteId ? [`http://${domain}/notes/${noteId}`] : [],
      });
      if (out.length >= n) break;
    }
    return out;
  }
  const m = sim.instances.get(domain) as MastodonInstance;
  for (const a of accounts) {
    if (!m.store.knownAccounts.has(a.acct)) continue;
    const post = (postsBy.get(a.acct) ?? [])
      .map((id) => sim.scenario.posts.find((p) => p.id === id)!)
      .find((p) => p.createdAt < Date.now());
    out.push({
      accountId: withIds ? m.store.accountId(a.acct) : null,
      acct: a.acct,
      scenarioAcct: a.acct,
      postIds: post ? [statusIdFor(post, sim.scenario, domain)] : [],
      postUrls: post ? [`http://${domain}/@${a.username}/${statusIdFor(post, sim.scenario, domain)}`] : [],
    });
    if (out.length >= n) break;
  }
  return out;
}

/** Recorded actions of one kind by one user on a simulated instance, by target acct. */
export function recorded(sim: Sim, domain: string, kind: string, by?: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of sim.state(domain).actions) {
    if (a.kind !== kind || (by && a.by !== by)) continue;
    // Mastodon records local accounts as `username` (their acct); the scenario names them user@domain.
    const raw = a.targetAcct ?? a.target;
    const key = a.targetAcct && !raw.includes('@') ? `${raw}@${domain}` : raw;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

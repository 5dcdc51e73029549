/**
 * "Sign in as moderator" on Misskey (MiAuth) in the background, against the simulated instances'
 * MiAuth: the permission page opened with a session of our own, the session accepted back only from
 * the flow's tab, the token taken once, stored with its permissions and never answered, the role
 * read from `i`; open reports listed for "Resolve reports".
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ModeratorSignIn, type KeyValue } from '../../../src/background/oauth';
import type { BgMessage } from '../../../src/messaging/protocol';
import {
  MIAUTH_CALLBACK_PATH,
  MIAUTH_PERMISSIONS,
  miauthUrl,
  readMiAuthSession,
} from '../../../src/platforms/misskey/miauth';
import { misskeyAdapter } from '../../../src/platforms/misskey/adapter';
import { saveInstance } from '../../../src/storage/instances';
import { getToken, putToken } from '../../../src/storage/tokens';
import { startSim } from '../../sim';
import { nativeToken, type MisskeySimInstance } from '../../sim/misskey';
import type { Sim } from '../../sim/types';
import { useFreshDb } from '../storage/helpers';
import { KA, KB, simFetcher } from '../queue/sim-tools';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({
    roster: [
      { domain: KA, platform: 'misskey', version: '2025.7.0' },
      { domain: KB, platform: 'misskey', version: '2024.2.0' },
    ],
  });
});
afterAll(() => sim?.close());
const freshDb = useFreshDb();

function kv(): KeyValue {
  const map = new Map<string, unknown>();
  return {
    get: async (k) => structuredClone(map.get(k)),
    set: async (k, v) => void map.set(k, structuredClone(v)),
    remove: async (k) => void map.delete(k),
  };
}

async function setup(domain: string) {
  const d = freshDb();
  const version = domain === KA ? '2025.7.0' : '2024.2.0';
  await saveInstance({ domain, origin: `http://${domain}`, platform: 'misskey', software: 'misskey', version }, 1, d);
  const opened: { url: string; openerTabId?: number }[] = [];
  const removed: number[] = [];
  const pushed: [number, BgMessage][] = [];
  const fetcher = simFetcher(sim.port);
  const s = new ModeratorSignIn({
    db: d,
    fetcher,
    session: kv(),
    local: kv(),
    tabs: {
      create: async (o) => (opened.push(o), { id: 40 + opened.length }),
      remove: async (id) => void removed.push(id),
      activate: async () => {},
    },
    push: async (tab, msg) => void pushed.push([tab, msg]),
    tabsOfInstance: async () => [7, 8],
  });
  return { d, s, opened, removed, pushed, fetcher, row: async () => (await d.instances.get(domain))! };
}

/** The user on the permission page presses Allow: the web UI calls `miauth/gen-token` with its token. */
async function allow(fetcher: typeof fetch, domain: string, user: string, url: string): Promise<string> {
  const u = new URL(url);
  const session = decodeURIComponent(u.pathname.split('/')[2]!);
  const res = await fetcher(`http://${domain}/api/miauth/gen-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      i: nativeToken(domain, user),
      session,
      name: u.searchParams.get('name'),
      description: null,
      iconUrl: null,
      permission: u.searchParams.get('permission')!.split(','),
    }),
  });
  expect(res.status).toBe(200);
  // The web UI then goes to the callback with the session: what the content script reads there.
  const back = new URL(u.searchParams.get('callback')!);
  back.searchParams.set('session', session);
  return readMiAuthSession(back)!;
}

describe.each([KA, KB])('%s', (domain) => {
  test('a moderator signs in: token stored with its permissions, login and role recorded, tabs told, tab closed', async () => {
    const { d, s, opened, removed, pushed, fetcher, row } = await setup(domain);
    expect(await s.start(domain, 7)).toEqual({ ok: true });
    const url = new URL(opened[0]!.url);
    expect(url.pathname).toMatch(/^\/miauth\/[0-9a-f-]{36}$/);
    expect(url.searchParams.get('name')).toBe('Breakwater');
    expect(url.searchParams.get('callback')).toBe(`http://${domain}${MIAUTH_CALLBACK_PATH}`);
    expect(url.searchParams.get('permission')!.split(',')).toEqual([...MIAUTH_PERMISSIONS]);
    expect(opened[0]!.openerTabId).toBe(7);

    const session = await allow(fetcher, domain, 'mod', url.href);
    // Only from the tab the flow opened, only with its own session.
    expect(await s.complete(await row(), 99, session)).toMatchObject({ ok: false, code: 'refused' });
    expect(
      await s.complete(
        await row(),
        41,
        session.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')),
      ),
    ).toMatchObject({
      ok: false,
      code: 'refused',
    });
    const done = await s.complete(await row(), 41, session);
    expect(done).toEqual({ ok: true, account: 'mod', role: 'moderator', scopes: [...MIAUTH_PERMISSIONS] });
    expect(JSON.stringify(done)).not.toMatch(/token/i);
    const token = await getToken(domain, 'signin', d);
    expect(token).toMatchObject({ source: 'signin', account: 'mod', scopes: [...MIAUTH_PERMISSIONS] });
    const r = await row();
    expect(r.login).toMatchObject({ kind: 'miauth', account: 'mod' });
    expect(r.role).toBe('moderator');
    expect(r.capabilities).toEqual(expect.arrayContaining(['suspend', 'delete-note', 'resolve-report']));
    expect(removed).toEqual([41]);
    expect(pushed.map(([tab, m]) => [tab, m.type])).toEqual([
      [7, 'bg:login'],
      [8, 'bg:login'],
    ]);
    expect(JSON.stringify(pushed)).not.toContain(token!.token);
    // The token works, with what it was granted: the server recorded the app's authorization.
    const inst = sim.instances.get(domain) as MisskeySimInstance;
    expect(inst.state().actions.at(-1)).toMatchObject({ kind: 'app_authorized', by: 'mod' });
    // A finished flow cannot be finished again.
    expect(await s.complete(await row(), 41, session)).toMatchObject({ ok: false, code: 'refused' });
  });

  test('a user signs in as a user; a session never allowed fails with the reason', async () => {
    const { s, opened, fetcher, row } = await setup(domain);
    await s.start(domain, null);
    const session = await allow(fetcher, domain, 'alice', opened[0]!.url);
    expect(await s.complete(await row(), 41, session)).toMatchObject({ ok: true, account: 'alice', role: 'user' });
    expect((await row()).capabilities).not.toContain('suspend');

    await s.start(domain, null);
    const never = readMiAuthSession(
      new URL(`http://${domain}${MIAUTH_CALLBACK_PATH}?session=${new URL(opened[1]!.url).pathname.split('/')[2]}`),
    )!;
    const failed = await s.complete(await row(), 42, never);
    expect(failed).toMatchObject({ ok: false, code: 'failed' });
    expect((failed as { message: string }).message).toMatch(/did not give a token/);
  });
});

test('the callback page: the session is read there only, and only in its form', () => {
  const doc = {} as Document;
  const at = (path: string) => misskeyAdapter.readSignInCode(doc, new URL(`http://${KA}${path}`));
  const s = '3f1d2c4b-5a69-4788-9abc-def012345678';
  expect(at(`${MIAUTH_CALLBACK_PATH}?session=${s}`)).toBe(s);
  expect(at(`/miauth/${s}?session=${s}`)).toBeNull();
  expect(at(`${MIAUTH_CALLBACK_PATH}?session=<script>`)).toBeNull();
  expect(at(`${MIAUTH_CALLBACK_PATH}`)).toBeNull();
  expect(miauthUrl('https://mk.example', s, ['read:account'])).toBe(
    `https://mk.example/miauth/${s}?name=Breakwater&callback=https%3A%2F%2Fmk.example%2Fbreakwater%2Fmiauth&permission=read%3Aaccount`,
  );
});

test('open reports about the selected users, for "Resolve reports" (a moderator login; none for a user)', async () => {
  const { d, s, row } = await setup(KA);
  const inst = sim.instances.get(KA) as MisskeySimInstance;
  const seeded = inst.seededReports().filter((r) => r.truth === 'spam-wave');
  const targets = [...new Set(seeded.map((r) => r.targetAcct))].slice(0, 5);
  const ids = targets.map((acct) => inst.userId(acct)!);
  // The web UI's own token of a user may not read them.
  await putToken({ instance: KA, source: 'page', token: nativeToken(KA, 'alice') }, 1, d);
  expect(await s.reportLists(await row(), ids)).toEqual({});
  await putToken({ instance: KA, source: 'page', token: nativeToken(KA, 'mod') }, 2, d);
  const lists = await s.reportLists(await row(), ids);
  for (const [i, acct] of targets.entries()) {
    const want = seeded.filter((r) => r.targetAcct === acct).map((r) => r.id);
    expect(new Set(lists[ids[i]!])).toEqual(new Set(want));
  }
  const newest = await s.openReports(await row(), ids);
  for (const id of ids) expect(newest[id]).toBe(lists[id]![0]);
});

/**
 * The queue against a simulated Mastodon 4.6.5 (test/sim), every action kind, through the real
 * executor (Node's fetch against the sim) and a fresh store per test. The server's own record
 * (`sim.state().actions`) is what each test checks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionKind } from '../../../src/core/queue/types';
import { startSim, type Sim } from '../../sim';
import type { MastodonInstance } from '../../sim/mastodon';
import { useFreshDb } from '../storage/helpers';
import { addSimInstance, knownTargets, loginModerator, loginPage, MA, makeQueue, recorded } from './helpers';

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({
    scale: 0.01,
    roster: [{ domain: MA, platform: 'mastodon', version: '4.6.5', moderationSeed: true }],
  });
});
afterAll(() => sim.close());
const freshDb = useFreshDb();

async function setup(user: string, moderator = false) {
  const d = freshDb();
  await addSimInstance(d, MA);
  await loginPage(d, MA, user);
  if (moderator) await loginModerator(d, MA, user);
  const { q, pushes } = makeQueue(d, sim);
  return { d, q, pushes };
}

const ms = () => (sim.instances.get(MA) as MastodonInstance).state();
const actionsOf = (kind: string, by: string) => sim.state(MA).actions.filter((a) => a.kind === kind && a.by === by);

describe('user actions with the web UI token', () => {
  test('report: status ids, category, comment with the marker, forward to the remote domain', async () => {
    const { q, d } = await setup('alice');
    const targets = knownTargets(sim, MA, 3).filter((t) => t.postIds.length);
    const r = await q.enqueue({
      instance: MA,
      kind: 'report',
      targets,
      options: { comment: 'Spam wave: same text and link', category: 'spam', forward: true },
    });
    expect(r.ok).toBe(true);
    await q.settled();
    const reports = actionsOf('report', 'alice');
    expect(reports).toHaveLength(targets.length);
    for (const t of targets) {
      const rep = reports.find((x) => x.targetAcct === t.scenarioAcct)!;
      expect(rep.details).toMatchObject({ statusIds: t.postIds, category: 'spam', forward: true });
      expect(rep.details.forwardToDomains).toEqual([t.acct.split('@')[1]]);
      expect(rep.details.comment).toMatch(/^Spam wave: same text and link\n\[Breakwater bw-[0-9a-f]{8}\]$/);
    }
    const audit = await d.audit.toArray();
    expect(audit.map((a) => [a.result, a.actor, a.kind])).toEqual(
      targets.map(() => ['ok', 'alice@mastodon-a.test', 'report']),
    );
    q.close();
  });

  test.each([
    ['block', 'bob', {}, 'block'],
    ['mute', 'carol', { durationSeconds: 86_400, notifications: false }, 'mute'],
  ] as const)('%s, then its undo', async (kind, user, options, recordedKind) => {
    const { q } = await setup(user);
    const targets = knownTargets(sim, MA, 4, false);
    const r = await q.enqueue({ instance: MA, kind, targets, options });
    expect(r.ok).toBe(true);
    await q.settled();
    const done = recorded(sim, MA, recordedKind, user);
    expect([...done.keys()].sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
    expect([...done.values()].every((n) => n === 1)).toBe(true);
    if (kind === 'mute')
      expect(actionsOf('mute', user)[0]!.details).toMatchObject({ duration: 86_400, notifications: false });
    const list = await q.list();
    expect(list[0]).toMatchObject({ state: 'done', done: 4, failed: 0, undoable: true });
    const u = await q.undo(r.ok ? r.batchId : '');
    expect(u.ok).toBe(true);
    await q.settled();
    expect(recorded(sim, MA, kind === 'block' ? 'unblock' : 'unmute', user).size).toBe(4);
    const after = await q.list();
    expect(after.find((p) => p.batchId === (r.ok ? r.batchId : ''))).toMatchObject({ undoable: false });
    expect(after[0]).toMatchObject({ undoOf: r.ok ? r.batchId : null, done: 4 });
    expect((await q.undo(r.ok ? r.batchId : '')).ok).toBe(false);
    q.close();
  });

  test('domain block and its undo', async () => {
    const { q } = await setup('kaori');
    const r = await q.enqueue({
      instance: MA,
      kind: 'domain_block',
      targets: [{ accountId: null, acct: 'x@spam-a.example', postIds: [], postUrls: [], domain: 'spam-a.example' }],
      options: {},
    });
    expect(r.ok).toBe(true);
    await q.settled();
    expect(actionsOf('domain_block', 'kaori').map((a) => a.target)).toEqual(['spam-a.example']);
    await q.undo(r.ok ? r.batchId : '');
    await q.settled();
    expect(actionsOf('domain_unblock', 'kaori').map((a) => a.target)).toEqual(['spam-a.example']);
    q.close();
  });

  test('an account the server does not know fails alone with the reason; the rest go on', async () => {
    const { q } = await setup('hiro');
    const targets = [
      ...knownTargets(sim, MA, 2, false),
      { accountId: null, acct: 'nobody@nowhere.example', postIds: [], postUrls: [] },
    ];
    await q.enqueue({ instance: MA, kind: 'block', targets, options: {} });
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'done', done: 2, failed: 1 });
    expect(p!.failures[0]).toMatchObject({ acct: 'nobody@nowhere.example' });
    expect(p!.failures[0]!.message).toMatch(/not found/);
    q.close();
  });

  test('blocking yourself is skipped in the plan', async () => {
    const { q } = await setup('alice');
    const plan = await q.plan({
      instance: MA,
      kind: 'block',
      targets: [{ accountId: null, acct: 'alice@mastodon-a.test', postIds: [], postUrls: [] }],
      options: {},
    });
    expect(plan.actions).toEqual([]);
    expect(plan.skipped[0]!.reason).toMatch(/your own account/);
    q.close();
  });
});

describe('admin actions need a moderator sign-in', () => {
  test.each(['suspend', 'limit', 'resolve_report', 'approve'] as ActionKind[])(
    '%s with the web token only: the plan says so, enqueue refuses',
    async (kind) => {
      const { q } = await setup('mod');
      const req = { instance: MA, kind, targets: knownTargets(sim, MA, 1), options: {} };
      const plan = await q.plan(req);
      expect(plan.needsModeratorToken).toBe(true);
      expect(plan.warnings.join(' ')).toMatch(/moderator/);
      const r = await q.enqueue(req);
      expect(r).toMatchObject({ ok: false });
      expect(!r.ok && r.message).toMatch(/Sign in as moderator/);
      q.close();
    },
  );

  test('limit and suspend with a report id, then their undo (unsilence, unsuspend)', async () => {
    const { q } = await setup('mod', true);
    const open = (ms().reports as { id: string; targetId: string; resolved: boolean }[]).filter((r) => !r.resolved);
    const accounts = [...new Set(open.map((r) => r.targetId))].slice(0, 4);
    const target = (id: string) => {
      const rep = open.find((r) => r.targetId === id)!;
      const acct = (ms().reports as { targetId: string; target: string }[]).find((r) => r.targetId === id)!.target;
      return { accountId: id, acct, postIds: [], postUrls: [], reportId: rep.id };
    };
    const limit = await q.enqueue({
      instance: MA,
      kind: 'limit',
      targets: accounts.slice(0, 2).map(target),
      options: { note: 'spam wave' },
    });
    const suspend = await q.enqueue({
      instance: MA,
      kind: 'suspend',
      targets: accounts.slice(2).map(target),
      options: {},
    });
    expect(limit.ok && suspend.ok).toBe(true);
    await q.settled();
    const silenced = actionsOf('silence', 'mod');
    expect(silenced.map((a) => a.target).sort()).toEqual(accounts.slice(0, 2).sort());
    expect(silenced[0]!.details).toMatchObject({ text: 'spam wave' });
    expect(silenced.every((a) => typeof a.details.reportId === 'string')).toBe(true);
    expect(
      actionsOf('suspend', 'mod')
        .map((a) => a.target)
        .sort(),
    ).toEqual(accounts.slice(2).sort());
    await q.undo(limit.ok ? limit.batchId : '');
    await q.undo(suspend.ok ? suspend.batchId : '');
    await q.settled();
    expect(actionsOf('unsilence', 'mod')).toHaveLength(2);
    expect(actionsOf('unsuspend', 'mod')).toHaveLength(2);
    q.close();
  });

  test('resolve reports, approve and reject sign-ups, block e-mail domains', async () => {
    const { q } = await setup('admin', true);
    const open = (ms().reports as { id: string; target: string; resolved: boolean }[])
      .filter((r) => !r.resolved)
      .slice(0, 3);
    const pending = (ms().pendingSignups as { id: string; username: string; approved: boolean }[])
      .filter((p) => !p.approved)
      .slice(0, 4);
    const reqs = [
      {
        kind: 'resolve_report' as const,
        targets: open.map((r) => ({ accountId: null, acct: r.target, postIds: [], postUrls: [], reportId: r.id })),
      },
      {
        kind: 'approve' as const,
        targets: pending
          .slice(0, 2)
          .map((p) => ({ accountId: p.id, acct: `${p.username}@${MA}`, postIds: [], postUrls: [] })),
      },
      {
        kind: 'reject' as const,
        targets: pending
          .slice(2)
          .map((p) => ({ accountId: p.id, acct: `${p.username}@${MA}`, postIds: [], postUrls: [] })),
      },
      {
        kind: 'email_domain_block' as const,
        targets: [{ accountId: null, acct: `x@${MA}`, postIds: [], postUrls: [], domain: 'tempbox.example' }],
      },
    ];
    for (const r of reqs) expect((await q.enqueue({ instance: MA, options: {}, ...r })).ok).toBe(true);
    await q.settled();
    expect(
      actionsOf('resolve_report', 'admin')
        .map((a) => a.target)
        .sort(),
    ).toEqual(open.map((r) => r.id).sort());
    expect(actionsOf('approve', 'admin')).toHaveLength(2);
    expect(actionsOf('reject', 'admin')).toHaveLength(2);
    expect(ms().emailDomainBlocks).toContain('tempbox.example');
    q.close();
  });

  test('deleting a post is not in Mastodon’s API: refused with the reason', async () => {
    const { q } = await setup('admin', true);
    const r = await q.enqueue({ instance: MA, kind: 'delete_note', targets: knownTargets(sim, MA, 1), options: {} });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/cannot delete/);
    q.close();
  });
});

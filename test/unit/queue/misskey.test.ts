/**
 * The queue against a simulated Misskey 2025.7.0 (test/sim/misskey): every kind Misskey's API has,
 * its errors (ALREADY_BLOCKING is done, NO_SUCH_USER fails with the reason, ROLE_PERMISSION_DENIED
 * pauses), long reports split in parts, and what the server recorded.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ActionKind } from '../../../src/core/queue/types';
import { startSim, type Sim } from '../../sim';
import { nativeToken, type MisskeySimInstance } from '../../sim/misskey';
import { useFreshDb } from '../storage/helpers';
import { addSimInstance, KA, knownTargets, loginPage, makeQueue, recorded } from './helpers';

let sim: Sim;
let inst: MisskeySimInstance;
beforeAll(async () => {
  sim = await startSim({ scale: 0.01, roster: [{ domain: KA, platform: 'misskey', version: '2025.7.0' }] });
  inst = sim.instances.get(KA) as MisskeySimInstance;
});
afterAll(() => sim.close());
const freshDb = useFreshDb();

async function setup(user: string) {
  const d = freshDb();
  await addSimInstance(d, KA);
  await loginPage(d, KA, user);
  const { q } = makeQueue(d, sim);
  return { d, q };
}
const actionsOf = (kind: string, by: string) => sim.state(KA).actions.filter((a) => a.kind === kind && a.by === by);

describe('user actions with the web UI token', () => {
  test('a long report is split over several reports, each with its share of the links and the marker', async () => {
    const { q } = await setup('alice');
    const [t] = knownTargets(sim, KA, 1);
    const urls = Array.from({ length: 60 }, (_, i) => `http://${KA}/notes/${'x'.repeat(30)}${i}`);
    const r = await q.enqueue({
      instance: KA,
      kind: 'report',
      targets: [{ ...t!, postUrls: urls }],
      options: { comment: 'Spam wave' },
    });
    expect(r.ok).toBe(true);
    await q.settled();
    const reports = actionsOf('report', 'alice');
    expect(reports.length).toBeGreaterThan(1);
    const comments = reports.map((a) => String(a.details.comment));
    for (const [i, c] of comments.entries()) {
      expect([...c].length).toBeLessThanOrEqual(2048);
      expect(c.startsWith('Spam wave\nNote: ')).toBe(true);
      expect(c).toMatch(new RegExp(`\\[Breakwater bw-[0-9a-f]{8} ${i + 1}/${comments.length}\\]$`));
    }
    for (const u of urls) expect(comments.filter((c) => c.includes(`${u}\n`) || c.includes(`${u}\n[`)).length).toBe(1);
    const [p] = await q.list();
    expect(p).toMatchObject({ state: 'done', done: 1, total: 1 });
    q.close();
  });

  test('block: ALREADY_BLOCKING counts as done and is left alone by the undo; NO_SUCH_USER fails with the reason', async () => {
    const { q, d } = await setup('bob');
    const targets = knownTargets(sim, KA, 3);
    // bob blocked the first one himself, in the web UI, before.
    expect(inst.call('blocking/create', { i: nativeToken(KA, 'bob'), userId: targets[0]!.accountId }).status).toBe(200);
    const bogus = { accountId: '9zzzzzzzzz', acct: 'ghost@nowhere.example', postIds: [], postUrls: [] };
    const r = await q.enqueue({ instance: KA, kind: 'block', targets: [...targets, bogus], options: {} });
    await q.settled();
    const [p] = await q.list();
    expect(p).toMatchObject({ done: 3, failed: 1, state: 'done', undoable: true });
    expect(p!.failures).toEqual([{ acct: 'ghost@nowhere.example', message: 'NO_SUCH_USER: No such user.' }]);
    expect(recorded(sim, KA, 'block', 'bob').size).toBe(3);
    const audit = await d.audit.toArray();
    expect(audit.find((a) => a.target === targets[0]!.acct)?.detail).toMatch(/ALREADY_BLOCKING/);
    await q.undo(r.ok ? r.batchId : '');
    await q.settled();
    // Only the two Breakwater blocked are unblocked: the one bob blocked himself stays.
    expect([...recorded(sim, KA, 'unblock', 'bob').keys()].sort()).toEqual(
      [targets[1]!.scenarioAcct, targets[2]!.scenarioAcct].sort(),
    );
    q.close();
  });

  test('mute with a duration sends expiresAt; resolving from acct when the id is unknown', async () => {
    const { q } = await setup('carol');
    const targets = knownTargets(sim, KA, 2, false);
    const before = Date.now();
    await q.enqueue({ instance: KA, kind: 'mute', targets, options: { durationSeconds: 3600 } });
    await q.settled();
    const mutes = actionsOf('mute', 'carol');
    expect(mutes.map((m) => m.targetAcct).sort()).toEqual(targets.map((t) => t.scenarioAcct).sort());
    for (const m of mutes) {
      expect(m.details.expiresAt as number).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(m.details.expiresAt as number).toBeLessThan(Date.now() + 3_600_000);
    }
    q.close();
  });

  test.each(['limit', 'domain_block', 'approve', 'email_domain_block'] as ActionKind[])(
    '%s is not in Misskey’s API: refused',
    async (kind) => {
      const { q } = await setup('alice');
      const r = await q.enqueue({ instance: KA, kind, targets: knownTargets(sim, KA, 1), options: {} });
      expect(r.ok).toBe(false);
      q.close();
    },
  );
});

describe('moderator actions', () => {
  test('a user is not a moderator: suspend is refused at once', async () => {
    const { q } = await setup('dave');
    const plan = await q.plan({ instance: KA, kind: 'suspend', targets: knownTargets(sim, KA, 1), options: {} });
    expect(plan.needsModeratorToken).toBe(true);
    const r = await q.enqueue({ instance: KA, kind: 'suspend', targets: knownTargets(sim, KA, 1), options: {} });
    expect(!r.ok && r.message).toMatch(/not a moderator/);
    q.close();
  });

  test("suspend and unsuspend, delete notes, resolve reports with a moderator's web token", async () => {
    const { q } = await setup('mod');
    const targets = knownTargets(sim, KA, 12)
      .filter((t) => t.postIds.length)
      .slice(0, 4);
    const s = await q.enqueue({ instance: KA, kind: 'suspend', targets: targets.slice(0, 2), options: {} });
    const del = await q.enqueue({ instance: KA, kind: 'delete_note', targets: targets.slice(2), options: {} });
    const seeded = inst.seededReports().slice(0, 3);
    const res = await q.enqueue({
      instance: KA,
      kind: 'resolve_report',
      targets: seeded.map((r) => ({ accountId: null, acct: r.targetAcct, postIds: [], postUrls: [], reportId: r.id })),
      options: {},
    });
    expect([s.ok, del.ok, res.ok]).toEqual([true, true, true]);
    await q.settled();
    expect(
      actionsOf('suspend', 'mod')
        .map((a) => a.target)
        .sort(),
    ).toEqual(
      targets
        .slice(0, 2)
        .map((t) => t.accountId)
        .sort(),
    );
    expect(
      actionsOf('delete_note', 'mod')
        .map((a) => a.target)
        .sort(),
    ).toEqual(
      targets
        .slice(2)
        .map((t) => t.postIds[0])
        .sort(),
    );
    expect(
      actionsOf('resolve_report', 'mod')
        .map((a) => a.target)
        .sort(),
    ).toEqual(seeded.map((r) => r.id).sort());
    await q.undo(s.ok ? s.batchId : '');
    await q.settled();
    expect(actionsOf('unsuspend', 'mod')).toHaveLength(2);
    q.close();
  });
});

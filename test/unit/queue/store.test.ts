/** The queue's tables: the audit log's search and exports, and finished batches forgotten after a month. */
import { expect, test } from 'vitest';
import { appendAudit, auditToCsv, auditToJson, searchAudit } from '../../../src/storage/audit';
import { pruneFinishedBatches } from '../../../src/storage/batches';
import type { AuditRow, BatchRow } from '../../../src/storage/schema';
import { enqueueActions, updateAction } from '../../../src/storage/actions';
import { useFreshDb } from '../storage/helpers';

const freshDb = useFreshDb();
const T = 1_800_000_000_000;
const row = (over: Partial<AuditRow>): Omit<AuditRow, 'id'> => ({
  at: T,
  instance: 'mastodon-a.test',
  actor: 'alice@mastodon-a.test',
  kind: 'block',
  target: 'spam@evil.example',
  result: 'ok',
  detail: 'blocked',
  response: { step: 'perform', status: 200 },
  batchId: 'b1',
  actionId: 'a1',
  ...over,
});

test('search: every word, any field; by result; newest first', async () => {
  const d = freshDb();
  await appendAudit(row({ at: T }), d);
  await appendAudit(
    row({ at: T + 1, target: 'other@evil.example', result: 'failed', detail: 'NO_SUCH_USER: No such user.' }),
    d,
  );
  await appendAudit(row({ at: T + 2, instance: 'misskey-a.test', kind: 'mute' }), d);
  expect((await searchAudit({}, d)).map((r) => r.at)).toEqual([T + 2, T + 1, T]);
  expect((await searchAudit({ text: 'EVIL no_such_user' }, d)).map((r) => r.target)).toEqual(['other@evil.example']);
  expect((await searchAudit({ result: 'ok' }, d)).length).toBe(2);
  expect((await searchAudit({ instance: 'misskey-a.test' }, d)).map((r) => r.kind)).toEqual(['mute']);
});

test('CSV: quoted where needed, formulas defused; JSON with its format', () => {
  const rows = [
    { ...row({ detail: 'said "no", then\nleft', target: '=HYPERLINK("http://evil.example")' }), id: 'x1' },
  ] as AuditRow[];
  const csv = auditToCsv(rows);
  const [header, line] = csv.split('\r\n');
  expect(header).toBe('at,time,instance,actor,kind,target,result,detail,response,batchId,actionId');
  expect(line).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
  expect(csv).toContain('"said ""no"", then\nleft"');
  expect(csv).toContain('"{""step"":""perform"",""status"":200}"');
  const json = JSON.parse(auditToJson(rows, T)) as { format: string; count: number; rows: AuditRow[] };
  expect(json).toMatchObject({ format: 'breakwater-audit', version: 1, count: 1 });
  expect(json.rows[0]!.target).toBe(rows[0]!.target);
});

test('finished batches older than the cut are forgotten with their actions; unfinished ones stay', async () => {
  const d = freshDb();
  const batch = (id: string, createdAt: number, state: BatchRow['state'] = 'active'): BatchRow => ({
    id,
    instance: 'm.test',
    kind: 'block',
    tokenSource: 'page',
    actor: null,
    state,
    pausedReason: null,
    total: 1,
    options: {},
    undoOf: null,
    undoneBy: null,
    createdAt,
    updatedAt: createdAt,
  });
  await d.batches.bulkAdd([
    batch('old-done', T - 40 * 86_400_000),
    batch('old-open', T - 40 * 86_400_000),
    batch('new', T),
  ]);
  for (const b of ['old-done', 'old-open', 'new'])
    await enqueueActions(
      [{ id: `${b}-a`, batchId: b, instance: 'm.test', kind: 'block', target: 'acct:x@y', payload: {}, dedupeKey: b }],
      T,
      d,
    );
  await updateAction('old-done-a', { state: 'done', doneAt: T }, T, d);
  await updateAction('new-a', { state: 'done', doneAt: T }, T, d);
  expect(await pruneFinishedBatches(T - 30 * 86_400_000, d)).toBe(1);
  expect((await d.batches.toArray()).map((b) => b.id).sort()).toEqual(['new', 'old-open']);
  expect((await d.actions.toArray()).map((a) => a.id).sort()).toEqual(['new-a', 'old-open-a']);
});
